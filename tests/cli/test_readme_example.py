"""The README's "Where did activity 28 come from?" block is what `mandates lineage "activity 28"` prints on
the bundled corpus: the command is run in its own process and its output compared line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import embedded_server, run_cli

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r'```console\n\$ mandates lineage "activity 28"\n(?P<output>.*?)```\n', re.S)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readme")
    embedded_server(path)
    result = run_cli("ingest", "-q", data_dir=path)
    assert result.returncode == 0, result.stderr
    return path


def test_the_readme_example_is_the_commands_output(data_dir: Path) -> None:
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    assert match, "README.md lost its activity 28 example"
    result = run_cli("lineage", "activity 28", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    expected = match.group("output").splitlines()
    actual = result.stdout.splitlines()
    for number, (readme_line, printed) in enumerate(zip(expected, actual), start=1):
        assert printed == readme_line, f"README line {number} of the example differs from the command's output"
    assert len(actual) == len(expected), "the README example and the command's output differ in length"
