"""Identity read from an official header, with no manifest (excerpts of real headers, hand-copied)."""

from __future__ import annotations

import pytest

from mandate_lineage.ingest.cleaning.clean import clean_text
from mandate_lineage.ingest.identity.genre import detect_genre
from mandate_lineage.ingest.identity.metadata import document_meta
from mandate_lineage.ingest.identity.official import ordinal_number, read_identity

# A/RES/79/217 as a text layer reads in order (banner lines first, the title after its number).
UN_217 = """A/RES/79/217

United Nations

General Assembly

Distr.: General
23 December 2024

Seventy-ninth session
Agenda item 20 (b)
Globalization and interdependence: international
migration and development

Resolution adopted by the General Assembly
on 19 December 2024
[on the report of the Second Committee (A/79/439/Add.2, para. 6)]

79/217.

International migration and development
The General Assembly,
Recalling its resolutions 58/208 of 23 December 2003,
1. Takes note of the report of the Secretary-General;
49th plenary meeting
19 December 2024
"""

# The same header as a layout-keeping extraction prints it (banner on one line, title on the number's line).
UN_217_LAYOUT = """United Nations                                 A/RES/79/217
General Assembly                        Distr.: General
                                        23 December 2024
Seventy-ninth session
Agenda item 20 (b)
Globalization and interdependence: international
migration and development
      Resolution adopted by the General Assembly
      on 19 December 2024
      [on the report of the Second Committee (A/79/439/Add.2, para. 6)]
79/217.       International migration and development
           The General Assembly,
             Recalling its resolutions 58/208 of 23 December 2003,
                                                           49th plenary meeting
                                                             19 December 2024
"""

# A/RES/79/5: adopted in plenary on a draft, the date on the line of "on", the title not numbered
# in this extraction order, and a plenary date with no space before the year (as in A/RES/79/85).
UN_5 = """A/RES/79/5
United Nations
General Assembly
Distr.: General
28 October 2024
Seventy-ninth session
Agenda item 64
Zone of peace, trust and cooperation of Central Asia
Resolution adopted by the General Assembly on
24 October 2024
[without reference to a Main Committee (A/79/L.1)]
Zone of peace, trust and cooperation of Central Asia
The General Assembly,
Recalling its declaration,
1. Welcomes the efforts;
31st plenary meeting
24 October2024
"""

# A/RES/80/100: a committee with a parenthesised second name.
UN_80_100_HEAD = """Eightieth session
Agenda item 58
Resolution adopted by the General Assembly
on 5 December 2025
[on the report of the Special Political and Decolonization Committee
(Fourth Committee) (A/80/537, para. 15)]
80/100.
Question of Saint Helena
The General Assembly,
"""

HRC_HEAD = """United Nations A/HRC/RES/55/1
General Assembly Distr.: General
8 April 2024
Human Rights Council
Fifty-fifth session
Agenda item 3
Resolution adopted by the Human Rights Council on 3 April 2024
55/1. Human rights and the environment
The Human Rights Council,
Recalling
"""

OAS_HEAD = """AG/RES. 2141 (XXXV-O/05)
INTER-AMERICAN PROGRAM FOR THE PROMOTION AND PROTECTION OF THE HUMAN RIGHTS OF MIGRANTS
(Adopted at the fourth plenary session, held on June 7, 2005)
THE GENERAL ASSEMBLY,
"""

SUMMIT_MD = """---
date: '2022-06-10'
title: "Los Angeles Declaration on Migration and\\_Protection"
---

We, the Heads of State and Government of the Argentine Republic,
"""


def _identity(text: str):
    ident = read_identity(clean_text(text).text)
    assert ident is not None
    return ident


@pytest.mark.parametrize("text", [UN_217, UN_217_LAYOUT], ids=["reading-order", "layout"])
def test_un_ga_header_gives_every_field(text: str) -> None:
    ident = _identity(text)
    assert ident.symbol == "A/RES/79/217"
    assert ident.title == "International migration and development"
    assert ident.body == "un:general-assembly"
    assert ident.session == "79"
    assert ident.agenda_item == "20 (b)"
    assert ident.date == "2024-12-19"
    assert ident.meeting == "49th plenary meeting"
    assert ident.adopted_on == ("A/79/439/Add.2",)
    assert ident.committee == "Second Committee"
    assert not ident.date_inferred


def test_draft_adopted_without_committee_and_unnumbered_title() -> None:
    ident = _identity(UN_5)
    assert ident.title == "Zone of peace, trust and cooperation of Central Asia"
    assert ident.adopted_on == ("A/79/L.1",)
    assert ident.committee == "plenary"
    assert ident.date == "2024-10-24"  # from "31st plenary meeting / 24 October2024"


def test_committee_with_second_name_and_session_from_words() -> None:
    ident = _identity(UN_80_100_HEAD)
    assert ident.symbol == "A/RES/80/100"  # no banner: from the title line "80/100."
    assert ident.session == "80"
    assert ident.committee == "Special Political and Decolonization Committee (Fourth Committee)"
    assert ident.adopted_on == ("A/80/537",)
    assert ident.title == "Question of Saint Helena"
    assert ident.date == "2025-12-05"  # no plenary line: "Resolution adopted ... on 5 December 2025"


def test_date_only_from_the_distribution_line_is_marked_inferred() -> None:
    head = UN_217.split("Resolution adopted")[0] + "79/217.\nInternational migration and development\nThe General Assembly,\n"
    ident = _identity(head)
    assert ident.date == "2024-12-23" and ident.date_inferred
    assert "inferred" in ident.how["date"]


def test_human_rights_council() -> None:
    ident = _identity(HRC_HEAD)
    assert (ident.family, ident.symbol, ident.body) == ("un-hrc-res", "A/HRC/RES/55/1", "un:human-rights-council")
    assert ident.title == "Human rights and the environment"
    assert ident.date == "2024-04-03"


def test_oas_resolution() -> None:
    ident = _identity(OAS_HEAD)
    assert ident.symbol == "AG/RES. 2141 (XXXV-O/05)"
    assert ident.title.startswith("INTER-AMERICAN PROGRAM FOR THE PROMOTION")
    assert (ident.date, ident.session, ident.body) == ("2005-06-07", "35", "oas:general-assembly")


def test_summit_declaration_front_matter() -> None:
    ident = _identity(SUMMIT_MD)
    assert ident.title == "Los Angeles Declaration on Migration and Protection"
    assert ident.date == "2022-06-10"


def test_banner_is_never_the_title_and_manifest_overrides() -> None:
    text = clean_text(UN_217).text
    meta = document_meta("x.txt", text, detect_genre(text), None)
    assert (meta.key, meta.title, meta.date, meta.genre) == (
        "un:a-res-79-217", "International migration and development", "2024-12-19", "un-resolution")
    assert meta.agenda_item == "20 (b)" and meta.adopted_on == ("A/79/439/Add.2",)
    assert {"title", "date", "symbol", "agenda_item"} <= set(meta.inferred)
    given = document_meta("x.txt", text, detect_genre(text), {"file": "x.txt", "title": "Given", "date": "2024-12-20"})
    assert (given.title, given.date) == ("Given", "2024-12-20")
    assert "title" not in given.inferred and "date" not in given.inferred


@pytest.mark.parametrize("words,number", [("Seventy-ninth", 79), ("Eightieth", 80), ("Tenth", 10), ("First", 1),
                                          ("Fifty-fifth", 55), ("Twenty-first", 21), ("Hundredth", None)])
def test_ordinal_words(words: str, number: int | None) -> None:
    assert ordinal_number(words) == number


def test_no_header_no_identity() -> None:
    assert read_identity("Minutes of a meeting\nheld somewhere\n") is None


def test_summit_declaration_yaml_escapes() -> None:
    text = ('---\ndate: \'2022-06-10\'\ntitle: "Declaraci\\xF3n sobre Migraci\\xF3n y Protecci\\xF3n de Los\\_\\xC1ngeles"\n'
            "---\n \nNosotros, los Jefes de Estado y de Gobierno\n")
    ident = _identity(text)
    assert ident.title == "Declaración sobre Migración y Protección de Los Ángeles" and ident.date == "2022-06-10"


def test_a_symbol_in_prose_is_no_header() -> None:
    readme = "# Real documents\n\n| un-ga-79 | A/RES/79/217, title line `79/217. International migration` |\n"
    assert read_identity(clean_text(readme).text) is None


def test_symbol_from_the_title_line_when_the_banner_is_gone() -> None:
    head = UN_217.split("Distr.: General")[1]  # no "A/RES/79/217" line left
    ident = _identity("General Assembly Distr.: General" + head)
    assert ident.symbol == "A/RES/79/217" and "title line" in ident.how["symbol"]
    assert ident.title == "International migration and development"
