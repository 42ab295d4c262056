"""``/docs`` and ``/redoc`` work without internet access: every script, style and icon they load
is served by the API itself (FastAPI's defaults load Swagger UI from a CDN: a blank page offline).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from mandate_lineage.api.app import create_app
from tests.conftest import settings_for
from tests.web.test_page import _Assets, base_url, chromium_cdp  # noqa: F401 - fixtures

CONTENT_TYPES = {".js": {"text/javascript", "application/javascript"}, ".css": {"text/css"}, ".png": {"image/png"}}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_only_files_the_api_serves(path: str, embedded_dir: Path) -> None:
    with TestClient(create_app(settings_for("embedded", embedded_dir, graph="docs-offline"))) as client:
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        parser = _Assets()
        parser.feed(page.text)
        assets = parser.urls + re.findall(r"""(?:url|spec-url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
        assert any(url.endswith(".js") for url in assets), page.text
        remote = [url for url in assets if urlsplit(url).scheme or urlsplit(url).netloc]
        assert remote == [], f"{path} loads from another host"
        assert not re.search(r"""(src|href)\s*=\s*["']https?://""", page.text)
        for url in assets:
            response = client.get(url)
            assert response.status_code == 200, url
            suffix = Path(urlsplit(url).path).suffix
            if suffix in CONTENT_TYPES:
                assert response.headers["content-type"].split(";")[0] in CONTENT_TYPES[suffix], url
                assert len(response.content) > 1000, url
        assert client.get("/openapi.json").json()["info"]["title"] == "mandate-lineage"


def test_swagger_ui_renders_with_the_network_cut_off(base_url: str, chromium_cdp: str) -> None:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
    blocked: list[str] = []
    problems: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(chromium_cdp)
        try:
            context = browser.new_context()
            context.route("**/*", only_local)
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(f"{base_url}/docs")
            sync_api.expect(page.locator(".swagger-ui .info .title")).to_contain_text("mandate-lineage", timeout=15_000)
            sync_api.expect(page.locator(".opblock-summary-path[data-path='/search']")).to_be_visible()
            context.close()
        finally:
            browser.close()
    assert blocked == [] and problems == []
    with httpx.Client(base_url=base_url) as http:
        assert http.get("/docs-static/swagger-ui-bundle.js").status_code == 200
