"""Input a hostile or unlucky user gives (issue 13, items 7, 8 and 11): keys another node holds,
unreadable paths, control characters in a manifest, an empty or read-only data directory.

Permissions are tested in a child process: as root (these tests run as root here) the child
drops every capability (``setpriv``), so the kernel checks file modes for it as for any user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import IngestError
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.identity.metadata import load_manifest
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests.conftest import embedded_server

ACTIVITY = "oas:program-migrants-2016#act-28"
TEXT = "THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To instruct the Permanent Council to report on migrant workers.\n"


def key_count(store: GraphStore, key: str) -> int:
    return store.read("MATCH (n {key: $k}) RETURN count(n)", {"k": key}).rows[0][0]


def folder_with(tmp_path: Path, name: str, keys: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    entries = []
    for file, key in keys.items():
        (folder / file).write_text(TEXT.replace("migrant workers", f"{file} matters"))
        entries.append(f'[[document]]\nfile = "{file}"\nkey = "{key}"\nkind = "resolution"\ndate = "2010-06-08"\n')
    (folder / "manifest.toml").write_text("\n".join(entries))
    return folder


def test_a_manifest_key_another_node_or_file_holds_is_refused(store: GraphStore, tmp_path: Path) -> None:
    assert not ingest_paths([bundled_corpus()], store).failed
    before = store.read("MATCH (d:Document {key: 'un:a-res-68-179'}) RETURN d.source, d.sha256").rows
    folder = folder_with(tmp_path, "impostors", {
        "summit.txt": "summit:3", "activity.txt": ACTIVITY, "other-file.txt": "un:a-res-68-179",
        "fine.txt": "oas:fine-2010",
    })
    report = ingest_paths([folder], store)
    failed = {o.path.name: o.error for o in report.failed}
    assert set(failed) == {"summit.txt", "activity.txt", "other-file.txt"}, failed
    for name, error in failed.items():
        assert error.startswith(str(folder / name)) and "\n" not in error and ("already held" in error or "reserved for a" in error), error
    assert "Summit" in failed["summit.txt"] and "Paragraph" in failed["activity.txt"]
    assert "004_32ce6b0b3a7314ed.txt" in failed["other-file.txt"]
    assert key_count(store, "summit:3") == 1 and key_count(store, ACTIVITY) == 1
    assert store.read("MATCH (d:Document {key: 'un:a-res-68-179'}) RETURN d.source, d.sha256").rows == before
    assert key_count(store, "oas:fine-2010") == 1  # the others still load


def test_a_control_character_in_a_manifest_is_refused_and_never_printed_raw(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "manifest.toml").write_text('[[document]]\nfile = "a.txt"\nkey = "oas:a\\u0000b\\u001b[31m"\n')
    with pytest.raises(IngestError) as caught:
        load_manifest(tmp_path)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "manifest.toml")) and "control character" in message
    assert "\x00" not in message and "\x1b" not in message and "\\x00" in message


def unprivileged(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mandates ARGS`` in a child the kernel checks file permissions for (no capabilities if root)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    command = [sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root without setpriv: permissions cannot be tested")
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def data_dir(tmp_path: Path):
    path = tmp_path / "data"
    embedded_server(path)
    with open_store(Settings.from_env(env={}, data_dir=path)):
        pass  # started (and its schema set up) by this process, used by the child
    yield path


def test_every_unreadable_path_is_reported_on_one_line_while_the_rest_loads(tmp_path: Path, data_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(TEXT)
    (corpus / "manifest.toml").write_text('[[document]]\nfile = "good.txt"\nkey = "oas:good"\n')
    locked = corpus / "locked"  # a subfolder that cannot be listed
    locked.mkdir()
    (locked / "inside.txt").write_text(TEXT)
    closed = tmp_path / "closed"  # a folder that can be listed but not entered
    closed.mkdir()
    (closed / "given.txt").write_text(TEXT)
    (closed / "listed.txt").write_text(TEXT)
    try:
        (corpus / "manifest.toml").chmod(0o000)
        locked.chmod(0o000)
        closed.chmod(0o600)
        result = unprivileged(["ingest", str(corpus), str(closed / "given.txt"), str(closed / "listed.txt"), "--json"], data_dir)
    finally:
        for path in (corpus / "manifest.toml", locked, closed):
            path.chmod(0o755)
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["ingested"] == 1 and summary["failed"] == 4, summary
    lines = result.stderr.splitlines()
    for where in (corpus / "manifest.toml", locked, closed / "given.txt", closed / "listed.txt"):
        mine = [line for line in lines if line.startswith(f"Error: {where}: ")]
        assert len(mine) == 1 and "ermission denied" in mine[0], (where, lines)
    assert not any("unexpected" in line for line in lines)


def test_an_empty_data_dir_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    result = subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", "", "ingest"],
                            capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.startswith("Error: --data-dir is empty"), result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written in the current folder


def test_a_read_only_data_dir_is_one_line_naming_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    try:
        result = unprivileged(["ingest", "--json"], data)
    finally:
        data.chmod(0o755)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(data) in lines[0] and "unexpected" not in lines[0], lines
