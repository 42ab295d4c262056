"""The lineage page served at `/`: its files over HTTP, then the page itself in headless Chromium.

A real API server process runs on a free loopback port over a fresh data directory holding the
bundled corpus. The browser is Debian's Chromium (`/usr/bin/chromium`), started here with the
flags that work on a closed network and driven by Playwright over the DevTools protocol
(`connect_over_cdp`), so Playwright never downloads a browser. The server and the browser are
each stopped by their own pid.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from mandate_lineage.config import open_store
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests.api.test_server import free_port, start_server, stop_server, wait_for_health
from tests.conftest import embedded_server, settings_for

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which this
# closed network refuses; --remote-debugging-port=0 picks a free port, written to DevToolsActivePort.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1440,1200"]
BROWSER_START_SECONDS = 20
SCREENSHOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "lineage-page.png"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"  # a name inside lineage.js, never fetched
NEW_RESOLUTION = Path(__file__).resolve().parents[1] / "queries" / "data" / "ag-res-2999-follow-up.txt"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mandate_lineage.serve` (what `mandates serve` runs) over a fresh data dir with the corpus."""
    data_dir = tmp_path_factory.mktemp("web-data")
    embedded_server(data_dir)  # its database server is stopped by pid at the end of the session
    settings = settings_for("embedded", data_dir, graph="web")
    with open_store(settings) as store:
        report = ingest_paths([bundled_corpus(), NEW_RESOLUTION], store)  # and a resolution added after it
    assert not report.failed, [o.error for o in report.failed]
    port = free_port()
    process = start_server(settings, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(process, url)
        yield url
    finally:
        stop_server(process)


class _Assets(HTMLParser):
    """The addresses a page loads: script src, link href, img src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value]


def test_page_and_its_files_are_served_locally(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        page = http.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert not re.search(r"https?://", page.text), "the page must not load anything from another host"
        parser = _Assets()
        parser.feed(page.text)
        assert {"/static/lineage.js", "/static/lineage.css"} <= set(parser.urls)
        for url in parser.urls:
            if url.startswith("data:"):  # inline (the empty favicon), nothing to fetch
                continue
            assert not urlsplit(url).scheme and not urlsplit(url).netloc, url
            asset = http.get(url)
            assert asset.status_code == 200, url
            assert asset.headers["content-type"].split(";")[0] in {"text/javascript", "application/javascript",
                                                                   "text/css"}, url
            assert set(re.findall(r"https?://[^\s\"'`)]+", asset.text)) <= {SVG_NAMESPACE}, url
        assert "/" not in http.get("/openapi.json").json()["paths"]  # the page is not part of the API


def test_paragraph_endpoint_places_every_quote_of_activity_28(base_url: str) -> None:
    """What the page highlights: evidence offsets minus the paragraph's start, in its verbatim text."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        lineage = http.get("/activities/28/lineage").json()
        checked = 0
        for edge in lineage["edges"]:
            evidence = edge["evidence"]
            if not evidence["paragraph"]:
                continue
            paragraph = http.get(f"/page/paragraphs/{evidence['paragraph'].replace('#', '%23')}",
                                 params={"start": evidence["start"], "end": evidence["end"]}).json()
            start, end = evidence["start"] - paragraph["start"], evidence["end"] - paragraph["start"]
            assert paragraph["verbatim"][start:end] == evidence["quote"], edge
            checked += 1
        assert checked == len(lineage["edges"])
        assert http.get("/page/paragraphs/summit:2").status_code == 404  # a summit, not a paragraph
        assert http.get("/page/paragraphs/oas:nothing%23here").status_code == 404


@pytest.fixture
def chromium_cdp(tmp_path: Path) -> Iterator[str]:
    """Debian's Chromium, headless, with its DevTools endpoint on a free loopback port."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed: apt-get install chromium")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    log = (tmp_path / "chromium.log").open("w")
    # its own session: if it leaves children behind, they are stopped by this group id (its pid)
    process = subprocess.Popen([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + BROWSER_START_SECONDS
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chromium did not start (exit {process.poll()}):\n"
                            f"{(tmp_path / 'chromium.log').read_text()[-3000:]}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # any helper process still in the browser's group
        except ProcessLookupError:
            pass
        log.close()


def test_lineage_page_in_chromium(base_url: str, chromium_cdp: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
    expect = sync_api.expect
    with httpx.Client(base_url=base_url, timeout=30) as http:
        answer = http.get("/activities/28/lineage").json()
    origin = answer["origins"][0]
    assert origin["date"].startswith("1998")
    # the link from activity 28 to its origin in the Second Summit's Plan of Action
    edge = next(e for e in answer["edges"] if e["source"] == answer["subject"]["id"] and e["target"] == origin["id"])

    requests: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(chromium_cdp)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1200})
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.goto(f"{base_url}/")
            expect(page.locator("html")).to_have_attribute("data-ready", "true")

            search = page.get_by_label("Activity, symbol, summit or body")
            search.fill("activity 28")
            search.press("Enter")  # the form submits from the keyboard

            expect(page.locator("#subject-heading")).to_contain_text("activity 28", timeout=15_000)
            summit = page.locator('#graph .node[data-id="summit:2"]')
            expect(summit).to_be_visible()
            expect(summit).to_contain_text("Second Summit of the Americas")
            expect(summit).to_contain_text("Santiago")
            expect(summit).to_contain_text("1998")
            kinds = set(page.locator("#graph .edge").evaluate_all("edges => edges.map(e => e.dataset.kind)"))
            assert kinds == {"institutional", "textual", "structural"}

            # click the link's label (it sits on the curve), then read the quote in its paragraph
            link = page.locator(f'#graph .edge[data-source="{edge["source"]}"][data-target="{edge["target"]}"]'
                                f'[data-type="{edge["type"]}"]')
            index = link.get_attribute("data-index")
            page.locator(f'#graph .edge-label[data-index="{index}"]').click()
            details = page.locator("#details")
            expect(details.locator("h3")).to_contain_text(edge["type"])
            expect(details.locator("mark")).to_have_text(edge["evidence"]["quote"])
            paragraph = details.locator(".paragraph").first
            expect(paragraph).to_contain_text("Promote consular assistance")  # the text around the quote
            text = paragraph.inner_text()
            assert edge["evidence"]["quote"] in text and len(text) > len(edge["evidence"]["quote"]) + 50
            expect(page.locator(f'#graph .edge[data-index="{index}"]')).to_have_class(re.compile(r"\bselected\b"))

            page.get_by_role("button", name="Fit").click()  # the whole lineage in view for the picture
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))

            # links are reachable from the keyboard too
            assigns = page.locator('#graph .edge[data-type="ASSIGNS"]').first
            assigns.focus()
            page.keyboard.press("Enter")
            expect(details.locator("h3")).to_contain_text("ASSIGNS")
            expect(details.locator("mark")).not_to_have_count(0)
            context.close()
        finally:
            browser.close()

    assert not problems, problems
    foreign = [url for url in requests if not url.startswith(base_url)]
    assert not foreign, f"the page fetched from elsewhere: {foreign}"


# --- issue 10: names, candidates, the whole answer in view, labels that do not overprint ------------------
GEOMETRY = """() => {
  const pane = document.querySelector('#graph').getBoundingClientRect();
  const boxes = [...document.querySelectorAll('#graph .node')].map(n => n.getBoundingClientRect());
  const labels = [...document.querySelectorAll('#graph .edge-label')]
    .filter(l => getComputedStyle(l).display !== 'none').map(l => l.getBoundingClientRect());
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const outside = boxes.filter(b => b.left < pane.left - 1 || b.right > pane.right + 1 || b.top < pane.top - 1
    || b.bottom > pane.bottom + 1 || b.bottom > window.innerHeight + 1).length;
  let labelPairs = 0, labelOnBox = 0;
  labels.forEach((a, i) => { labels.slice(i + 1).forEach(b => { if (overlap(a, b)) labelPairs++; });
                             boxes.forEach(b => { if (overlap(a, b)) labelOnBox++; }); });
  return {nodes: boxes.length, labels: labels.length, outside, labelPairs, labelOnBox};
}"""


def _trace(page, sync_api, query: str, heading: str) -> dict:  # noqa: ANN001 - playwright objects
    search = page.get_by_label("Activity, symbol, summit or body")
    search.fill(query)
    search.press("Enter")
    sync_api.expect(page.locator("#subject-heading")).to_contain_text(heading, timeout=15_000)
    sync_api.expect(page.locator("#status")).to_have_text("")
    return page.evaluate(GEOMETRY)


@pytest.mark.parametrize("query, heading, node, text, shot", [
    # the body: 002 activity 10 sits under "Inter-American Commission on Human Rights (IACHR):"
    ("IACHR", "Inter-American Commission on Human Rights", "oas:program-migrants-2016#act-10",
     "Inter-American Commission on Human Rights (IACHR), OAS commission", "body"),
    # the resolution, typed loosely: it adopted the 2005 program (002, 003)
    ("ag/res 2141", "AG/RES. 2141 (XXXV-O/05)", "oas:program-migrants-2005", "its own text is not in the graph",
     "resolution"),
    ("Santiago", "Second Summit of the Americas", "summit:2:plan-of-action", "Second Summit of the Americas, Santiago",
     "summit"),
    ("Second Summit", "Second Summit of the Americas", "summit:2:declaration", "Second Summit of the Americas, Santiago",
     "second-summit"),
    ("AG/RES. 2141", "AG/RES. 2141 (XXXV-O/05)", "oas:program-migrants-2005", "resolution of the OAS General Assembly",
     "ag-res-2141"),
    # the page's own example; 002 activities 12-14 sit under "Inter-American Commission of Women (CIM):"
    ("Inter-American Commission of Women", "Inter-American Commission of Women", "oas:program-migrants-2016#act-12",
     "Inter-American Commission of Women (CIM)", "cim"),
    # the resolution ingested after the corpus: "RECALLING resolution AG/RES. 2141 (XXXV-O/05)"
    ("AG/RES. 2999", "AG/RES. 2999 (XLVI-O/16)", "oas:ag-res-2141-xxxv-o-05", "CITES", "new-resolution"),
    ("activity 28", "activity 28", "summit:2", "Second Summit of the Americas, Santiago, 18 April 1998", "activity-28"),
])
def test_the_page_answers_names_with_the_whole_answer_in_view(base_url: str, chromium_cdp: str, query: str,
                                                               heading: str, node: str, text: str, shot: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(chromium_cdp)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(f"{base_url}/")
            sync_api.expect(page.locator("html")).to_have_attribute("data-ready", "true")
            geometry = _trace(page, sync_api, query, heading)
            sync_api.expect(page.locator(f'#graph .node[data-id="{node}"]')).to_be_visible()
            sync_api.expect(page.locator("#result")).to_contain_text(text)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT.with_name(f"lineage-page-{shot}.png")))
            context.close()
        finally:
            browser.close()
    assert not problems, problems
    assert geometry["nodes"] > 1
    assert geometry["outside"] == 0, f"{geometry['outside']} boxes out of view on load: {geometry}"
    assert geometry["labelPairs"] == 0 and geometry["labelOnBox"] == 0, geometry


@pytest.mark.parametrize("query, count", [("activity 4", 5), ("activity 4 of the 2005 program", 4)])
def test_the_page_lists_the_candidates_of_activity_4(base_url: str, chromium_cdp: str, query: str, count: int) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(chromium_cdp)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            page.goto(f"{base_url}/")
            sync_api.expect(page.locator("html")).to_have_attribute("data-ready", "true")
            search = page.get_by_label("Activity, symbol, summit or body")
            search.fill(query)
            search.press("Enter")
            # 002 has one activity 4 (the CAM's); 003 one for each of four areas of the 2005 program
            choices = page.locator("#candidates button")
            sync_api.expect(choices).to_have_count(count, timeout=15_000)
            sync_api.expect(page.locator("#status")).to_contain_text(f"names {count} nodes")
            assert page.locator("#result").is_hidden()
            women = page.locator('#candidates button[data-id$="wp-inter-american-commission-of-women.4"]')
            sync_api.expect(women).to_contain_text("assigned to the Inter-American Commission of Women")
            women.click()
            sync_api.expect(page.locator("#subject-label")).to_contain_text(
                "assigned to the Inter-American Commission of Women", timeout=15_000)
            assert page.locator("#candidates").is_hidden()
        finally:
            browser.close()
