"""Bodies gazetteer: the data (bodies.toml) and find_bodies / body_names_on / load_bodies.

Tables of (text, expected) rows; per-corpus-file expectations were written by reading the files,
not from the matcher's output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict

import pytest

from mandate_lineage.errors import ConfigError, NotFound
from mandate_lineage.ingest.gazetteers.bodies import (
    Body,
    body_names_on,
    find_bodies,
    get_body,
    load_bodies,
    parse_bodies,
)
from tests.ingest.corpus import corpus_text, gazetteer_data


def raw_data() -> dict:
    return gazetteer_data('bodies.toml')



def found(text: str, **kw) -> list[tuple[str, str]]:
    """(body_key, matched text) for every mention."""
    return [(m.body_key, m.text) for m in find_bodies(text, **kw)]


def keys(text: str, **kw) -> list[str]:
    return [m.body_key for m in find_bodies(text, **kw)]


# ---------------------------------------------------------------------------------------------
# the data
# ---------------------------------------------------------------------------------------------


def test_every_key_is_unique_and_readable():
    bodies = raw_data()["bodies"]
    all_keys = [b["key"] for b in bodies]
    assert len(all_keys) == len(set(all_keys))
    for key in all_keys:
        assert re.fullmatch(r"(oas|un|collective|iasystem|regional):[a-z0-9-]+", key), key


def test_every_parent_is_a_body():
    by_key = {b.key for b in load_bodies()}
    for body in load_bodies():
        assert body.parent is None or body.parent in by_key, body.key


def test_every_date_is_a_valid_iso_date():
    for body in raw_data()["bodies"]:
        for name in body["names"]:
            for field in ("from", "to"):
                if field in name:
                    value = name[field]
                    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (body["key"], value)
                    dt.date.fromisoformat(value)  # raises ValueError if not a real day


def test_every_form_names_one_body_per_organisation():
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for body in load_bodies():
        for name in body.names:
            for form in name.all_forms():
                norm = " ".join(re.sub(r"[-,]", " ", form).lower().split())
                seen[(body.organisation, norm)].add(body.key)
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert clashes == {}


def test_renamings_do_not_overlap_and_follow_one_another():
    for body in load_bodies():
        dated = [n for n in body.names if n.valid_from or n.valid_to]
        for earlier, later in zip(dated, dated[1:]):
            assert earlier.valid_to is not None and later.valid_from is not None
            assert earlier.valid_to <= later.valid_from, body.key


EXECUTIVE_ORDER_05_13 = dt.date(2005, 12, 15)

RENAMINGS = [
    ("oas:department-promotion-democracy", "Office for the Promotion of Democracy", "Department for the Promotion of Democracy"),
    ("oas:executive-secretariat-integral-development", "Inter-American Agency for Cooperation and Development", "Executive Secretariat for Integral Development"),
    ("oas:department-education-culture-science-technology", "Office of Education, Science, and Technology", "Department of Education, Culture, Science, and Technology"),
    ("oas:department-international-legal-affairs", "Department of Legal Affairs and Services", "Department of International Legal Affairs"),
    ("oas:summits-department", "Summits of the Americas Secretariat", "Summits Department"),
]


@pytest.mark.parametrize(("key", "old", "new"), RENAMINGS)
def test_the_five_renamings_of_executive_order_05_13(key, old, new):
    body = get_body(key)
    assert [n.name for n in body.names] == [old, new]
    assert body.names[0].valid_to == body.names[1].valid_from == EXECUTIVE_ORDER_05_13
    assert body.name == new


def test_load_bodies_is_cached_and_frozen():
    bodies = load_bodies()
    assert bodies is load_bodies()
    assert all(isinstance(b, Body) for b in bodies)
    with pytest.raises(dataclasses.FrozenInstanceError):
        bodies[0].key = "x"  # type: ignore[misc]


def test_every_body_of_domain_md_is_there():
    wanted = {
        "oas:general-assembly", "oas:permanent-council", "oas:cajp", "oas:gt-tm",
        "oas:general-secretariat", "oas:secretary-general", "oas:iachr",
        "oas:iachr-rapporteurship-migrant-workers", "oas:cim", "oas:iin", "oas:paho", "oas:cidi",
        "oas:cam", "oas:iacml", "collective:oas-member-states", "un:general-assembly",
        "un:secretary-general", "un:human-rights-council", "un:special-rapporteur-migrants",
        "un:cmw", "un:ohchr", "un:iom", "un:ilo", "un:global-migration-group",
        "collective:un-member-states",
    }  # fmt: skip
    assert wanted <= {b.key for b in load_bodies()}
    assert get_body("oas:gt-tm").names[0].valid_from == dt.date(2004, 1, 15)
    assert get_body("oas:gt-tm").parent == "oas:cajp"
    assert get_body("oas:cam").parent == "oas:cidi"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["bodies"].append(dict(d["bodies"][0])), "duplicate key"),
        (lambda d: d["bodies"][0].update(parent="oas:nowhere"), "parent 'oas:nowhere' is not a body"),
        (lambda d: d["bodies"][0]["names"][0].update({"from": "2005-02-30"}), "is not an ISO date"),
        (lambda d: d["bodies"][0]["names"][0].update({"from": "2006-01-01", "to": "2005-01-01"}), "is not before"),
        (lambda d: d["bodies"][0].update(names=[]), "at least one name"),
        (
            lambda d: d["bodies"][0].update(
                names=[{"name": "A", "to": "2006-01-01"}, {"name": "B", "from": "2005-01-01"}]
            ),
            "overlap in time",
        ),
    ],
)
def test_inconsistent_data_is_refused(mutate, message):
    data = raw_data()
    mutate(data)
    with pytest.raises(ConfigError, match=message):
        parse_bodies(data)


# ---------------------------------------------------------------------------------------------
# find_bodies: tables
# ---------------------------------------------------------------------------------------------

FIND_ROWS = [
    # plain names and acronyms
    ("To instruct the Permanent Council to continue", {}, [("oas:permanent-council", "Permanent Council")]),
    ("To entrust the IACHR with:", {}, [("oas:iachr", "IACHR")]),
    ("the Committee on Juridical and Political Affairs (CAJP) of the Permanent Council", {},
     [("oas:cajp", "Committee on Juridical and Political Affairs (CAJP)"), ("oas:permanent-council", "Permanent Council")]),
    # names are case-insensitive, acronyms are not
    ("THE GENERAL ASSEMBLY,", {"organisation": "OAS"}, [("oas:general-assembly", "GENERAL ASSEMBLY")]),
    ("the iachr and the Iachr", {}, []),
    # longest match first
    ("the IACHR Special Rapporteurship on Migrant Workers and Their Families", {},
     [("oas:iachr-rapporteurship-migrant-workers", "IACHR Special Rapporteurship on Migrant Workers and Their Families")]),
    ("the Office of International Law of the Department of International Legal Affairs", {},
     [("oas:office-international-law", "Office of International Law of the Department of International Legal Affairs")]),
    ("the Office of the United Nations High Commissioner for Human Rights", {},
     [("un:ohchr", "Office of the United Nations High Commissioner for Human Rights")]),
    ("especially the United Nations High Commissioner for Human Rights", {},
     [("un:high-commissioner-human-rights", "United Nations High Commissioner for Human Rights")]),
    # hard-wrapped names
    ("issued by the Inter-\nAmerican Court of Human Rights,", {}, [("oas:iacthr", "Inter-\nAmerican Court of Human Rights")]),
    ("the Special Rapporteur of\nthe Human Rights Council on the human rights of migrants and the Global\nMigration Group", {},
     [("un:special-rapporteur-migrants", "Special Rapporteur of\nthe Human Rights Council on the human rights of migrants"),
      ("un:global-migration-group", "Global\nMigration Group")]),
    ("the Working Group to Prepare an Inter-American Program for the Promotion and\n  Protection of the Human Rights of Migrants", {},
     [("oas:gt-tm", "Working Group to Prepare an Inter-American Program for the Promotion and\n  Protection of the Human Rights of Migrants")]),
    # "Inter American" without the hyphen, curly apostrophe
    ("the Inter American Children\u2019s Institute", {}, [("oas:iin", "Inter American Children\u2019s Institute")]),
    # acronyms inside document symbols are not bodies; a slash list of areas is
    ("document CP/CAJP-2038/03 and CAJP/GT/TM-24/05 rev.7 and CIDI/CAM/doc.1/12", {}, []),
    ("GT/TM/IACHR/\n\nGeneral Secretariat", {},
     [("oas:gt-tm", "GT/TM"), ("oas:iachr", "IACHR"), ("oas:general-secretariat", "General Secretariat")]),
    ("Committee on Migration Issues (CIDI-CAM)", {}, [("oas:cam", "Committee on Migration Issues (CIDI-CAM)")]),
    # not inside a longer word
    ("the PIINFA program and FEMCIDI funds", {}, []),
    # the OAS itself is not a body; UN Commission on Human Rights only with its prefix
    ("the Organization of American States (OAS)", {}, []),
    ("the Special Rapporteur on the Human Rights of Migrants of the United Nations Commission on Human Rights", {},
     [("un:special-rapporteur-migrants", "Special Rapporteur on the Human Rights of Migrants"),
      ("un:commission-on-human-rights", "United Nations Commission on Human Rights")]),
]


@pytest.mark.parametrize(("text", "kw", "expected"), FIND_ROWS)
def test_find_bodies(text, kw, expected):
    assert found(text, **kw) == expected


COLLECTIVE_ROWS = [
    # matched: "member states" in any case, capitalised "States"/"Governments", addressee positions
    ("4. To urge member states to consider programs", "OAS", ["collective:oas-member-states"]),
    ("B. OAS MEMBER STATES", "OAS", ["collective:oas-member-states"]),
    ("3. To urge states that have not already done so", "OAS", ["collective:oas-member-states"]),
    ("13. To encourage states to consider", "OAS", ["collective:oas-member-states"]),
    ("and call upon the states to develop policies", "OAS", ["collective:oas-member-states"]),
    ("they established that governments would:", "OAS", ["collective:oas-member-states"]),
    ("1. Callsupon States to promote and protect", "UN", ["collective:un-member-states"]),
    ("(c) Requests States to adopt concrete measures", "UN", ["collective:un-member-states"]),
    ("(b) Urges all States to adopt effective measures", "UN", ["collective:un-member-states"]),
    ("Further encourages Member States that have not", "UN", ["collective:un-member-states"]),
    ("urges Governments to combat unfair treatment", "UN", ["collective:un-member-states"]),
    # not matched
    ("Presented by the Delegation of the United States of America", "OAS", []),
    ("the Permanent Council of the Organization of American\nStates", "OAS", ["oas:permanent-council"]),
    ("the duty of States parties to ensure full respect", "UN", []),
    ("Urges States Parties to the Convention", "UN", []),
    ("opportunities for a member States' poor, young and vulnerable residents", "OAS", []),
    ("the states' authority to regulate the entry", "OAS", []),
    ("proposals for new optional activities by the states", "OAS", []),
    ("cooperation among states concerning trafficking", "OAS", []),
    ("involves governments, international organizations", "OAS", []),
]


@pytest.mark.parametrize(("text", "organisation", "expected"), COLLECTIVE_ROWS)
def test_collective_addressees(text, organisation, expected):
    assert keys(text, organisation=organisation) == expected


DISAMBIGUATION_ROWS = [
    # explicit organisation
    ("The General Assembly,", "OAS", ["oas:general-assembly"]),
    ("The General Assembly,", "UN", ["un:general-assembly"]),
    ("requests the Secretary-General to continue", "UN", ["un:secretary-general"]),
    ("To request that the Secretary General prepare", "OAS", ["oas:secretary-general"]),
    ("To request that the Secretary General prepare", "UN", ["un:secretary-general"]),
    ("Calls upon States", "OAS", ["collective:oas-member-states"]),
    # unambiguous forms ignore the organisation argument
    ("the OAS General Assembly", "UN", ["oas:general-assembly"]),
    ("the United Nations General Assembly", "OAS", ["un:general-assembly"]),
    # inferred from the other mentions of the text
    ("The General Assembly, recalling Human Rights Council resolution 23/20", None,
     ["un:general-assembly", "un:human-rights-council"]),
    ("THE GENERAL ASSEMBLY, HAVING SEEN the report of the Permanent Council and the IACHR", None,
     ["oas:general-assembly", "oas:permanent-council", "oas:iachr"]),
    # nothing to infer from: the OAS body (listed first)
    ("The General Assembly,", None, ["oas:general-assembly"]),
]


@pytest.mark.parametrize(("text", "organisation", "expected"), DISAMBIGUATION_ROWS)
def test_organisation_disambiguates(text, organisation, expected):
    assert keys(text, organisation=organisation) == expected


NAME_ON_DATE_ROWS = [
    # (text, on_date, key, name_used)
    ("the Office for the Promotion of Democracy (OPD)", "2007-03-01",
     "oas:department-promotion-democracy", "Department for the Promotion of Democracy"),
    ("the Office for the Promotion of Democracy (OPD)", "2005-06-07",
     "oas:department-promotion-democracy", "Office for the Promotion of Democracy"),
    ("the Office for the Promotion of Democracy", None,
     "oas:department-promotion-democracy", "Office for the Promotion of Democracy"),
    ("the DPD", "2005-12-14", "oas:department-promotion-democracy", "Office for the Promotion of Democracy"),
    ("the DPD", "2005-12-15", "oas:department-promotion-democracy", "Department for the Promotion of Democracy"),
    ("the Inter-American Agency for Cooperation and Development (IACD)", "2007",
     "oas:executive-secretariat-integral-development", "Executive Secretariat for Integral Development"),
    ("the Inter-American Agency for Cooperation and Development (IACD)", "2004",
     "oas:executive-secretariat-integral-development", "Inter-American Agency for Cooperation and Development"),
    ("the Office of Education, Science, and Technology", "2016-04-19",
     "oas:department-education-culture-science-technology", "Department of Education, Culture, Science, and Technology"),
    ("the Department of Education and Culture (DEC)", "2006-06",
     "oas:department-education-culture-science-technology", "Department of Education, Culture, Science, and Technology"),
    ("the Department of Legal Affairs and Services", "2007-01-01",
     "oas:department-international-legal-affairs", "Department of International Legal Affairs"),
    ("the Summits of the Americas Secretariat", "2007-01-01", "oas:summits-department", "Summits Department"),
    ("the Summits Department", "2004-09-30", "oas:summits-department", "Summits of the Americas Secretariat"),
    # a date before the body existed keeps the name that matched
    ("the GT/TM", "2003-06-10", "oas:gt-tm",
     "Working Group to Prepare an Inter-American Program for the Promotion and Protection of the Human Rights of Migrants, Including Migrant Workers and Their Families"),
    # an alias reports the official name
    ("the IACHR", None, "oas:iachr", "Inter-American Commission on Human Rights"),
    ("Calls upon States", "2013-12-18", "collective:un-member-states", "Member States of the United Nations"),
]


@pytest.mark.parametrize(("text", "on_date", "key", "name_used"), NAME_ON_DATE_ROWS)
def test_name_used_is_the_name_on_the_documents_date(text, on_date, key, name_used):
    (mention,) = find_bodies(text, on_date=on_date, organisation="UN" if "States" in text else None)
    assert (mention.body_key, mention.name_used) == (key, name_used)


def test_offsets_point_into_the_given_text():
    text = corpus_text("003")
    mentions = find_bodies(text)
    assert mentions
    last_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # in order, no overlaps
        last_end = m.end


def test_body_names_on():
    assert [n.name for n in body_names_on("oas:summits-department", "2005-12-14")] == ["Summits of the Americas Secretariat"]
    assert [n.name for n in body_names_on("oas:summits-department", dt.date(2005, 12, 15))] == ["Summits Department"]
    assert [n.name for n in body_names_on("oas:permanent-council", "1990")] == ["Permanent Council"]
    assert body_names_on("oas:gt-tm", "2003-12-31") == ()


def test_bad_arguments_are_refused():
    with pytest.raises(NotFound, match="no body 'oas:nowhere'"):
        body_names_on("oas:nowhere", "2007-01-01")
    with pytest.raises(ValueError, match="not an ISO date"):
        find_bodies("the IACHR", on_date="March 2007")
    with pytest.raises(ValueError, match="unknown organisation 'EU'"):
        find_bodies("the IACHR", organisation="EU")




# ---------------------------------------------------------------------------------------------
# the sample corpus, read by hand
# ---------------------------------------------------------------------------------------------

# (file, organisation of the issuer, date, bodies mentioned, known misses)
CORPUS_BODIES = {
    "000": ("OAS", "2007-06-01", {
        "oas:general-assembly", "oas:permanent-council", "oas:cajp", "oas:iachr",
        "oas:iachr-rapporteurship-migrant-workers", "oas:cidi", "oas:secretary-general",
        "oas:executive-secretariat-integral-development",  # "Inter-American Agency for Cooperation and Development (IACD)"
        "un:cmw", "un:special-rapporteur-migrants", "un:commission-on-human-rights", "un:iom",
        "collective:oas-member-states", "collective:oas-organs-agencies-entities",
        "regional:rcm", "regional:caricom", "regional:sacm",
    }, {
        "regional:sacm",  # misspelt in the file: "South American Confeerence on Migration"
    }),
    "001": ("OAS", "2004-09-16", {
        "oas:gt-tm", "oas:cajp", "oas:iachr", "oas:iachr-executive-secretariat",
        "oas:iachr-rapporteurship-migrant-workers", "oas:general-assembly", "oas:permanent-council",
        "oas:general-secretariat", "oas:executive-secretariat-integral-development",
        "oas:secretariat-legal-affairs", "un:special-rapporteur-migrants", "un:iom",
        "regional:rcm", "regional:sacm",
        "collective:oas-member-states",  # "member states", "governments would:"
        "collective:oas-organs-agencies-entities",
    }, set()),
    "002": ("OAS", "2016-04-19", {
        "oas:general-assembly", "oas:permanent-council", "oas:gt-tm", "oas:cajp", "oas:iachr",
        "oas:cam", "oas:cidi", "oas:general-secretariat", "oas:cim", "oas:iin", "oas:paho",
        "iasystem:iihr", "collective:oas-member-states", "collective:oas-organs-agencies-entities",
    }, set()),
    "003": ("OAS", "2007-02-01", {
        "oas:secretary-general", "oas:general-secretariat", "oas:general-assembly",
        "oas:permanent-council", "oas:iachr", "oas:iachr-rapporteurship-migrant-workers",
        "oas:cajp", "oas:gt-tm", "oas:iacml", "oas:cim", "oas:cim-assembly-of-delegates",
        "oas:cim-executive-secretariat", "oas:iin", "oas:paho",
        "oas:executive-secretariat-integral-development",
        "oas:department-education-culture-science-technology",
        "oas:department-social-development-employment", "oas:summits-department",
        "oas:secretariat-political-affairs", "oas:department-promotion-democracy",
        "oas:department-international-legal-affairs", "oas:office-international-law",
        "oas:secretariat-multidimensional-security", "oas:trafficking-in-persons-section",
        "oas:inter-american-committee-education", "un:ilo", "un:eclac", "un:instraw", "un:csw",
        "collective:oas-member-states", "collective:oas-organs-agencies-entities",
    }, set()),
    "004": ("UN", "2013-12-18", {
        "un:general-assembly", "un:human-rights-council", "un:commission-population-development",
        "oas:iacthr", "un:icj", "un:cmw", "un:secretary-general", "un:ohchr",
        "un:high-commissioner-human-rights", "un:special-rapporteur-migrants",
        "un:global-migration-group", "un:ilo", "collective:un-member-states", "collective:un-system",
    }, set()),
}  # fmt: skip


def precision_recall(found_keys: set[str], expected: set[str]) -> tuple[float, float]:
    hits = len(found_keys & expected)
    return (hits / len(found_keys) if found_keys else 1.0, hits / len(expected) if expected else 1.0)


@pytest.mark.parametrize("prefix", sorted(CORPUS_BODIES))
@pytest.mark.parametrize("with_organisation", [True, False], ids=["given-org", "inferred-org"])
def test_corpus_file_bodies(prefix, with_organisation):
    organisation, on_date, expected, known_misses = CORPUS_BODIES[prefix]
    got = set(keys(corpus_text(prefix), on_date=on_date, organisation=organisation if with_organisation else None))
    assert got == expected - known_misses
    precision, recall = precision_recall(got, expected)
    print(f"bodies {prefix}: precision {precision:.2f} recall {recall:.2f} ({len(got)}/{len(expected)})")
