"""The ``mandates`` command as a user runs it: separate processes, real embedded server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mandate_lineage.cli import cli
from tests.conftest import embedded_server, run_cli


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli")
    embedded_server(path)
    return path


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "-h"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and command in result.output


def test_group_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["-h"])
    assert result.exit_code == 0
    for command in _commands():
        assert command in result.output


def test_status_on_a_fresh_directory(cli_dir: Path) -> None:
    result = run_cli("status", data_dir=cli_dir)
    assert result.returncode == 0, result.stderr
    assert "embedded" in result.stdout and str(cli_dir) in result.stdout


def test_cypher_write_is_refused_with_one_line_and_writes_nothing(cli_dir: Path) -> None:
    before = json.loads(run_cli("status", "--json", data_dir=cli_dir).stdout)
    result = run_cli("cypher", "CREATE (n) RETURN n", data_dir=cli_dir)
    assert result.returncode != 0
    assert result.stderr.startswith("Error: ") and "read-only" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    after = json.loads(run_cli("status", "--json", data_dir=cli_dir).stdout)
    assert after["nodes"] == before["nodes"] == 0


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: json.loads(out) == [{"answer": 42, "word": "mandate"}]),
    ("csv", lambda out: out.splitlines() == ["answer,word", "42,mandate"]),
    ("table", lambda out: "answer" in out and "mandate" in out and "(1 row)" in out),
])
def test_cypher_formats_and_parameters(cli_dir: Path, fmt: str, check) -> None:
    result = run_cli("cypher", "RETURN $n AS answer, $w AS word", "-p", "n=42", "-p", "w=mandate",
                     "--format", fmt, data_dir=cli_dir)
    assert result.returncode == 0, result.stderr
    assert check(result.stdout), result.stdout


@pytest.mark.parametrize("args, message", [
    (["cypher", "MATCH (n RETURN n"], "Invalid input"),
    (["cypher", "RETURN 1", "-p", "novalue"], "--param needs NAME=VALUE"),
    (["--store", "neo4j", "status"], "needs NEO4J_URI"),
    (["export"], "Missing option '--format'"),
    (["ingest", "no-such-file.txt"], "no-such-file.txt: no such file"),
])
def test_errors_are_one_clear_line(cli_dir: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, data_dir=cli_dir)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_stop_stops_the_server_and_the_next_command_restarts_it(tmp_path: Path) -> None:
    embedded_server(tmp_path)
    first = json.loads(run_cli("status", "--json", data_dir=tmp_path).stdout)["serverPid"]
    stopped = run_cli("stop", data_dir=tmp_path)
    assert stopped.returncode == 0 and f"pid {first}" in stopped.stdout
    assert "No embedded server" in run_cli("stop", data_dir=tmp_path).stdout
    again = json.loads(run_cli("status", "--json", data_dir=tmp_path).stdout)["serverPid"]
    assert again != first


def test_ingest_prints_a_summary_and_is_idempotent(tmp_path: Path) -> None:
    embedded_server(tmp_path)
    first = run_cli("ingest", "--json", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["files"], summary["ingested"], summary["failed"]) == (5, 5, 0)
    assert summary["paragraphs"] > 500 and summary["edgesWritten"]["MANDATES"] > 0
    table = run_cli("ingest", data_dir=tmp_path)
    assert table.returncode == 0
    assert "5 unchanged" in table.stdout and "paragraphs" in table.stdout


def test_ingest_exits_non_zero_naming_the_bad_file(tmp_path: Path) -> None:
    embedded_server(tmp_path / "data")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    good = tmp_path / "good.txt"
    good.write_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To instruct the Permanent Council to act.\n", encoding="utf-8")
    result = run_cli("ingest", str(bad), str(good), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: ") and "broken.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "1 ingested" in result.stdout and "1 failed" in result.stdout


def test_export_writes_a_file_networkx_reads(tmp_path: Path) -> None:
    import networkx as nx

    embedded_server(tmp_path / "data")
    assert run_cli("ingest", "-q", data_dir=tmp_path / "data").returncode == 0
    status = json.loads(run_cli("status", "--json", data_dir=tmp_path / "data").stdout)
    out = tmp_path / "graph.json"
    result = run_cli("export", "--format", "json", "--out", str(out), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert f"Wrote {status['nodes']} nodes and {status['relationships']} relationships" in result.stdout
    graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")))  # networkx's default call
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (status["nodes"], status["relationships"])
