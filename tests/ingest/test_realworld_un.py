"""Hand-read expectations for thirteen official UN General Assembly PDFs, ingested with no manifest.

Every value below was read by hand from the PDF (``pdftotext -layout``), never from the program:
the title line after "NN/NN.", the date of the closing "NNth plenary meeting" line, the operative
paragraphs 1..N, the footnotes under the rules, every General Assembly resolution the text or its
footnotes cite (self excluded), and the resolution of the same series in the 79th session that an
80th-session resolution renews (none for a 79th-session one: its predecessor is not in the corpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.ingest.parse import ParsedDocument, parse_document
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.ingest.readers.sources import read_source
from tests.conftest import settings_for
from tests.ingest.readers.realworld import realworld


@dataclass(frozen=True)
class Expected:
    file: str  # un-ga-79/A_RES_79_97.pdf
    title: str
    date: str
    operative: int
    footnotes: int
    cites: frozenset[str] | None  # every GA resolution cited (exact), or None when only `cites_some` is checked
    renews: str | None
    cites_some: frozenset[str] = frozenset()


def _ga(*numbers: str) -> frozenset[str]:
    return frozenset("un:a-res-" + n.replace("/", "-").replace(" (", "-").replace(")", "").lower() for n in numbers)


CONVENTIONAL_ARMS = ["48/75", "49/75", "50/70", "51/45", "52/38", "53/77", "54/54", "55/33", "56/24", "57/77",
                     "58/39", "59/88", "60/75", "61/82", "62/44", "63/44", "64/42", "65/46", "66/37", "67/62",
                     "68/56", "69/47", "70/44", "71/41", "72/35", "73/34", "74/38", "75/50", "76/42", "77/61",
                     "78/37"]
STUDY = "Offers by Member States of study and training facilities for inhabitants of Non-Self-Governing Territories"
SCALE = ("Scale of assessments for the apportionment of the expenses of the United Nations: requests under "
         "Article 19 of the Charter")
NUCLEAR_USE = ["1653 (XVI)", "33/71", "34/83", "35/152", "36/92", "S-10/2"]

SAMPLE = [
    Expected("un-ga-80/A_RES_80_88.pdf", STUDY, "2025-12-05", 6, 1, _ga("79/97", "845 (IX)"), "un:a-res-79-97"),
    Expected("un-ga-79/A_RES_79_97.pdf", STUDY, "2024-12-04", 6, 1, _ga("78/84", "845 (IX)"), None),
    Expected("un-ga-80/A_RES_80_2.pdf", SCALE, "2025-10-14", 6, 1, _ga("54/237"), "un:a-res-79-3"),
    Expected("un-ga-79/A_RES_79_3.pdf", SCALE, "2024-10-09", 6, 1, _ga("54/237"), None),
    Expected("un-ga-80/A_RES_80_14.pdf", "African Nuclear-Weapon-Free Zone Treaty", "2025-12-01", 8, 5,
             _ga("51/53", "56/17"), "un:a-res-79-15"),
    Expected("un-ga-79/A_RES_79_15.pdf", "African Nuclear-Weapon-Free Zone Treaty", "2024-12-02", 8, 5,
             _ga("51/53", "56/17"), None),
    Expected("un-ga-80/A_RES_80_59.pdf", "Convention on the Prohibition of the Use of Nuclear Weapons", "2025-12-01",
             2, 2, _ga(*NUCLEAR_USE, "79/64"), "un:a-res-79-64"),
    Expected("un-ga-79/A_RES_79_64.pdf", "Convention on the Prohibition of the Use of Nuclear Weapons", "2024-12-02",
             2, 2, _ga(*NUCLEAR_USE, "78/55"), None),
    Expected("un-ga-80/A_RES_80_29.pdf", "Conventional arms control at the regional and subregional levels",
             "2025-12-01", 4, 0, _ga(*CONVENTIONAL_ARMS, "79/26"), "un:a-res-79-26"),
    Expected("un-ga-79/A_RES_79_26.pdf", "Conventional arms control at the regional and subregional levels",
             "2024-12-02", 4, 0, _ga(*CONVENTIONAL_ARMS), None),
    Expected("un-ga-80/A_RES_80_100.pdf", "Question of Saint Helena", "2025-12-05", 13, 8,
             _ga("1514 (XV)", "1541 (XV)", "75/123", "70/1"), "un:a-res-79-109"),
    Expected("un-ga-79/A_RES_79_109.pdf", "Question of Saint Helena", "2024-12-04", 13, 8,
             _ga("1514 (XV)", "1541 (XV)", "75/123", "70/1"), None),
    Expected("un-ga-79/A_RES_79_217.pdf", "International migration and development", "2024-12-19", 21, 23, None, None,
             cites_some=_ga("58/208", "59/241", "60/227", "61/208", "63/225", "65/170", "67/219", "69/229", "71/237",
                            "73/241", "75/226", "77/176", "68/4", "60/206", "62/156", "64/166", "66/172", "68/179",
                            "69/167", "70/147", "72/179", "74/148", "76/172", "78/217", "62/270", "79/1", "70/1",
                            "69/313")),
]
IDS = [e.file.rsplit("/", 1)[-1][:-4] for e in SAMPLE]


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedDocument]:
    return {e.file: parse_document(read_source(realworld(*e.file.split("/")))) for e in SAMPLE}


@pytest.mark.parametrize("expected", SAMPLE, ids=IDS)
def test_identity(parsed: dict[str, ParsedDocument], expected: Expected) -> None:
    meta = parsed[expected.file].meta
    symbol = "A/RES/" + expected.file.rsplit("_", 2)[-2] + "/" + expected.file.rsplit("_", 1)[-1][:-4]
    assert (meta.symbol, meta.title, meta.date) == (symbol, expected.title, expected.date)
    assert meta.genre == "un-resolution" and meta.body == "un:general-assembly"


@pytest.mark.parametrize("expected", SAMPLE, ids=IDS)
def test_structure(parsed: dict[str, ParsedDocument], expected: Expected) -> None:
    doc = parsed[expected.file]
    operative = [p.number for p in doc.paragraphs if p.kind == "operative" and p.local_id.startswith("op-")]
    assert operative == [str(n) for n in range(1, expected.operative + 1)]
    assert len([p for p in doc.paragraphs if p.kind == "footnote"]) == expected.footnotes


@pytest.mark.parametrize("expected", SAMPLE, ids=IDS)
def test_cited_resolutions(parsed: dict[str, ParsedDocument], expected: Expected) -> None:
    cited = {r.key for r in parsed[expected.file].references if r.kind == "un-ga-res"}
    if expected.cites is not None:
        assert cited == expected.cites
    assert expected.cites_some <= cited


def test_renewals_in_the_graph(embedded_dir: Path) -> None:
    """Ingested together (no manifest), each 80th-session resolution RENEWS its 79th-session predecessor."""
    settings = settings_for("embedded", embedded_dir, graph="realworld-sample")
    with open_store(settings) as store:
        store.clear()
        report = ingest_paths([realworld(*e.file.split("/")) for e in SAMPLE], store)
        assert not report.failed, [o.error for o in report.failed]
        rows = store.read("MATCH (a:Document)-[r:RENEWS]->(b:Document) RETURN a.key, b.key").rows
        quotes = store.read("MATCH (a:Document)-[r:RENEWS]->(:Document) WHERE r.rule = 'series-same-title' "
                            "RETURN a.key, r.evidenceQuote, r.evidencePages").rows
    renews: dict[str, set[str]] = {}
    for source, target in rows:
        renews.setdefault(source, set()).add(target)
    for e in SAMPLE:
        key = "un:a-res-" + e.file.rsplit("_", 2)[-2] + "-" + e.file.rsplit("_", 1)[-1][:-4]
        assert renews.get(key, set()) == ({e.renews} if e.renews else set()), key
    assert quotes and all(quote and pages == [1] for _, quote, pages in quotes)  # the title line, on page 1
