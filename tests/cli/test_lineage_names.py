"""Issue 10 done-when, as a user runs it: `mandates lineage NAME` in its own process over a data directory
holding the bundled corpus and a resolution ingested after it. One match answers with words; several
are listed (key and description) with a non-zero exit, never picked silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import embedded_server, run_cli

NEW = Path(__file__).resolve().parents[1] / "queries" / "data" / "ag-res-2999-follow-up.txt"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-names")
    embedded_server(path)
    for args in (("ingest", "-q"), ("ingest", "-q", str(NEW))):
        result = run_cli(*args, data_dir=path)
        assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("target, first_line, expected", [
    ("AG/RES. 2141", "AG/RES. 2141 (XXXV-O/05), resolution of the OAS General Assembly, 2005",
     "note: its own text is not in the graph"),
    ("ag/res 2141", "AG/RES. 2141 (XXXV-O/05)", "[oas:ag-res-2141-xxxv-o-05]"),
    ("Second Summit", "Second Summit of the Americas, Santiago, 18 April 1998", "followed (upstream)"),
    ("Santiago", "Second Summit of the Americas, Santiago, 18 April 1998", "[summit:2]"),
    # 000 op. 18 and AG/RES. 2027 op. 10 (quoted in 001): "To entrust the Inter-American Commission on Human Rights"
    ("IACHR", "Inter-American Commission on Human Rights (IACHR), OAS commission",
     "institutional MANDATES: 2004  op. 10 of AG/RES. 2027"),
    ("Inter-American Commission of Women", "Inter-American Commission of Women (CIM)", "[oas:cim]"),
    # the resolution ingested after the corpus: "RECALLING resolution AG/RES. 2141 (XXXV-O/05)"
    ("AG/RES. 2999", "AG/RES. 2999 (XLVI-O/16)", "institutional CITES: 2005  AG/RES. 2141 (XXXV-O/05)"),
])
def test_one_match_answers_in_words(data_dir: Path, target: str, first_line: str, expected: str) -> None:
    result = run_cli("lineage", target, "--no-quotes", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert first_line in result.stdout.splitlines()[0]
    assert expected in result.stdout


def test_downstream_of_a_body_lists_its_assignments(data_dir: Path) -> None:
    result = run_cli("lineage", "IACHR", "--direction", "downstream", "--no-quotes", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    # 002 activity 10, under "Inter-American Commission on Human Rights (IACHR):"
    assert "institutional ASSIGNS: 2016-04-19  activity 10 of the Inter-American Program" in result.stdout
    assert result.stdout.splitlines()[1].startswith("led to, by kind of link: ")


@pytest.mark.parametrize("target, count", [("activity 4", 5), ("activity 4 of the 2005 program", 4)])
def test_several_matches_are_listed_and_exit_non_zero(data_dir: Path, target: str, count: int) -> None:
    result = run_cli("lineage", target, data_dir=data_dir)
    assert result.returncode == 1 and not result.stdout
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: '{target}' matches {count} candidates; name one of them:"
    keys = [line.strip() for line in lines[1:] if line.startswith("  oas:")]
    assert len(keys) == count
    assert "oas:program-migrants-2005-work-plan#wp-inter-american-commission-of-women.4" in keys
    assert "assigned to the Inter-American Commission of Women" in result.stderr
    chosen = run_cli("lineage", keys[-1], "--no-quotes", data_dir=data_dir)  # a listed key answers
    assert chosen.returncode == 0 and chosen.stdout.startswith("2005-06-07  activity 4 of")
