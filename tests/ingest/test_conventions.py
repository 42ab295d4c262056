"""Conventions gazetteer: the data (conventions.toml) and find_conventions.

Per-corpus-file expectations were written by reading the files, not from the matcher's output.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pytest

from mandate_lineage.errors import ConfigError
from mandate_lineage.ingest.gazetteers.conventions import (
    Convention,
    find_conventions,
    load_conventions,
    parse_conventions,
)
from tests.ingest.corpus import corpus_text, gazetteer_data


def raw_data() -> dict:
    return gazetteer_data('conventions.toml')



def found(text: str) -> list[tuple[str, str]]:
    return [(r.key, r.text) for r in find_conventions(text)]


# ---------------------------------------------------------------------------------------------
# the data
# ---------------------------------------------------------------------------------------------


def test_every_key_is_unique():
    all_keys = [c["key"] for c in raw_data()["conventions"]]
    assert len(all_keys) == len(set(all_keys))


def test_every_form_names_one_convention():
    seen: dict[str, set[str]] = defaultdict(set)
    for conv in load_conventions():
        for form in (*conv.all_forms(), *conv.article_aliases):
            seen[" ".join(form.lower().replace(",", " ").split())].add(conv.key)
    assert {f: k for f, k in seen.items() if len(k) > 1} == {}


def test_the_conventions_the_brief_and_corpus_name():
    by_key = {c.key: c for c in load_conventions()}
    assert by_key["conv:vienna-consular-relations"].year == 1963
    assert by_key["conv:icrmw"].year == 1990
    assert by_key["conv:untoc-trafficking-protocol"].parent == "conv:untoc"
    assert by_key["conv:untoc-smuggling-protocol"].parent == "conv:untoc"
    assert (by_key["conv:ilo-c097"].ilo_number, by_key["conv:ilo-c143"].ilo_number) == (97, 143)
    assert by_key["conv:ilo-c189"].name == "Domestic Workers Convention, 2011 (No. 189)"
    assert {"conv:udhr", "conv:american-declaration", "conv:american-convention", "conv:crc", "conv:cedaw"} <= set(by_key)


def test_load_conventions_is_cached_and_frozen():
    convs = load_conventions()
    assert convs is load_conventions()
    assert all(isinstance(c, Convention) for c in convs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        convs[0].name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["conventions"].append(dict(d["conventions"][0])), "duplicate key"),
        (lambda d: d["conventions"][0].update(kind="treaty"), "kind must be one of"),
        (lambda d: d["conventions"][0].update(parent="conv:nowhere"), "unknown convention 'conv:nowhere'"),
        (lambda d: d["conventions"][0].update(key="vienna"), "key must look like 'conv:slug'"),
        (lambda d: d["conventions"][0].update(ilo_number=97), "conv:ilo-cNNN"),
    ],
)
def test_inconsistent_data_is_refused(mutate, message):
    data = raw_data()
    mutate(data)
    with pytest.raises(ConfigError, match=message):
        parse_conventions(data)


# ---------------------------------------------------------------------------------------------
# find_conventions: tables
# ---------------------------------------------------------------------------------------------

VCCR = "conv:vienna-consular-relations"

FIND_ROWS = [
    ("the Vienna Convention on Consular Relations", [(VCCR, "Vienna Convention on Consular Relations")]),
    ("the 1963 Vienna Convention on Consular Relations, especially", [(VCCR, "1963 Vienna Convention on Consular Relations")]),
    ("under Article 36 of the Vienna Convention, the", [(VCCR, "Article 36 of the Vienna Convention")]),
    ("Article 36 of the Vienna Convention on Consular\nRelations", [(VCCR, "Article 36 of the Vienna Convention on Consular\nRelations")]),
    # a bare "Vienna Convention" is ambiguous (Law of Treaties)
    ("the Vienna Convention on the Law of Treaties", []),
    # line-broken, comma-less
    ("the International\nConvention on the Protection of the Rights of All Migrant Workers and Members of\nTheir Families",
     [("conv:icrmw", "International\nConvention on the Protection of the Rights of All Migrant Workers and Members of\nTheir Families")]),
    ("the Protocol to Prevent, Suppress and Punish Trafficking in Persons Especially Women and Children, supplementing",
     [("conv:untoc-trafficking-protocol", "Protocol to Prevent, Suppress and Punish Trafficking in Persons Especially Women and Children")]),
    ("the Protocol against the Smuggling of Migrants by Land, Sea and Air, on",
     [("conv:untoc-smuggling-protocol", "Protocol against the Smuggling of Migrants by Land, Sea and Air")]),
    ("the United Nations Convention against\nTransnational Organized Crime (Palermo Convention);",
     [("conv:untoc", "United Nations Convention against\nTransnational Organized Crime"), ("conv:untoc", "Palermo Convention")]),
    # ILO conventions
    ("the Domestic Workers Convention, 2011 (No. 189), of the International Labour Organization",
     [("conv:ilo-c189", "Domestic Workers Convention, 2011 (No. 189)")]),
    ("ILO Convention No. 97 and Convention No. 143 and C189",
     [("conv:ilo-c097", "ILO Convention No. 97"), ("conv:ilo-c143", "Convention No. 143"), ("conv:ilo-c189", "C189")]),
    ("the Migration for Employment Convention (Revised), 1949 (No. 97)",
     [("conv:ilo-c097", "Migration for Employment Convention (Revised), 1949 (No. 97)")]),
    ("the Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)",
     [("conv:ilo-c143", "Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)")]),
    # declarations, covenants, charters
    ("Reaffirms the rights set forth in the Universal Declaration of Human\nRights and the obligations of States "
     "under the International Covenants on Human Rights",
     [("conv:udhr", "Universal Declaration of Human\nRights"), ("conv:international-covenants", "International Covenants on Human Rights")]),
    ("the American Declaration of the Rights and Duties of Man proclaims", [("conv:american-declaration", "American Declaration of the Rights and Duties of Man")]),
    ("the American Convention on Human Rights recognizes", [("conv:american-convention", "American Convention on Human Rights")]),
    ("Pursuant to Article 113 of the OAS Charter, the", [("conv:oas-charter", "Article 113 of the OAS Charter")]),
    # longest first: the optional protocol, not the CRC inside it
    ("the Optional Protocol to the United Nations Convention on the Rights of the Child on the sale of children, "
     "child prostitution and child pornography",
     [("conv:crc-opsc", "Optional Protocol to the United Nations Convention on the Rights of the Child on the sale "
       "of children, child prostitution and child pornography")]),
    ("the Convention on the Rights of the Child and CEDAW", [("conv:crc", "Convention on the Rights of the Child"), ("conv:cedaw", "CEDAW")]),
    # capitals-only aliases are exact; "Inter-American Convention" is not the American Convention
    ("the udhr", []),
    ("the Inter-American Convention on Human Rights", []),
    # anaphors are not resolved
    ("to comply with that Convention; the Convention; its Protocols", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_ROWS)
def test_find_conventions(text, expected):
    assert found(text) == expected


def test_references_carry_their_attributes():
    (ref,) = find_conventions("Article 36 of the Vienna Convention on Consular Relations")
    assert ref.kind == "convention"
    assert ref.label == "Vienna Convention on Consular Relations"
    assert ref.attrs["article"] == "36"
    assert ref.attrs["year"] == "1963"
    (ref,) = find_conventions("the Domestic Workers Convention")
    assert (ref.attrs["ilo_number"], ref.attrs["organisation"]) == ("189", "ILO")
    (ref,) = find_conventions("the Protocol against the Smuggling of Migrants")
    assert ref.attrs["parent"] == "conv:untoc"


def test_offsets_point_into_the_given_text():
    text = corpus_text("004")
    refs = find_conventions(text)
    assert refs
    for r in refs:
        assert text[r.start : r.end] == r.text




# ---------------------------------------------------------------------------------------------
# the sample corpus, read by hand: conventions named (anaphors and "its Protocols" not counted)
# ---------------------------------------------------------------------------------------------

CORPUS_CONVENTIONS = {
    "000": {
        "conv:american-declaration", "conv:american-convention", "conv:icrmw",
        "conv:untoc-smuggling-protocol", "conv:untoc-trafficking-protocol", "conv:untoc", VCCR,
    },
    "001": {VCCR},  # quoted from the Santiago Plan of Action
    "002": {VCCR, "conv:untoc"},
    "003": {
        VCCR, "conv:untoc",
        "conv:crc-opsc",  # "Optional Protocol to the United Nations Convention on the Rights of the Child on the sale ..."
        "conv:oas-charter",  # "Article 113 of the OAS Charter"
    },  # "Hague Convention" (which one?) is not counted
    "004": {
        "conv:udhr", "conv:icrmw", "conv:international-covenants", VCCR, "conv:ilo-c189", "conv:untoc",
    },
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(CORPUS_CONVENTIONS))
def test_corpus_file_conventions(prefix):
    expected = CORPUS_CONVENTIONS[prefix]
    got = {r.key for r in find_conventions(corpus_text(prefix))}
    assert got == expected
    hits = len(got & expected)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(expected) if expected else 1.0
    print(f"conventions {prefix}: precision {precision:.2f} recall {recall:.2f}")
