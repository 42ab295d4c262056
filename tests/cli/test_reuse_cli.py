"""``mandates reuse``: freezing the text-reuse weights, as a user runs it (a real CLI process and
embedded server, stopped by the test)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import run_cli

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _echoes(data_dir: Path) -> list:
    out = run_cli("cypher", "MATCH (a)-[r:ECHOES]->(b) RETURN a.key, b.key, r.confidence ORDER BY a.key, b.key",
                  "--format", "json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_freeze_show_and_unfreeze(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    try:
        empty = run_cli("reuse", "freeze", data_dir=data_dir)
        assert empty.returncode == 1
        assert empty.stderr.strip().splitlines()[-1] == (
            "Error: no stored paragraph to freeze text-reuse weights from; ingest documents first")

        assert run_cli("ingest", str(CORPUS), data_dir=data_dir).returncode == 0
        assert run_cli("reuse", "show", data_dir=data_dir).stdout.startswith("store-wide")
        before = _echoes(data_dir)
        assert before, "the bundled corpus has text-reuse links (activity 28 -> Santiago among them)"

        frozen = run_cli("reuse", "freeze", "--json", data_dir=data_dir)
        assert frozen.returncode == 0, frozen.stderr
        summary = json.loads(frozen.stdout)
        assert summary["documents"] == len(list(CORPUS.glob("*.txt")))
        # weights frozen from the stored documents are the store's own: no link changes
        assert (summary["linksWritten"], summary["linksDeleted"]) == (0, 0)
        assert _echoes(data_dir) == before
        status = json.loads(run_cli("status", "--json", data_dir=data_dir).stdout)
        assert status["reuseWeights"]["documents"] == summary["documents"]
        assert "ReuseBasis" not in status["nodesByLabel"] or status["nodesByLabel"]["ReuseBasis"] == 1

        # a changed document is compared with the frozen weights
        changed = tmp_path / "corpus"
        shutil.copytree(CORPUS, changed)
        target = sorted(changed.glob("*.txt"))[-1]
        text = target.read_text()
        target.write_text(text.replace("States", "Member States", 3))
        assert target.read_text() != text
        again = run_cli("ingest", str(changed), "--json", data_dir=data_dir)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["ingested"] == 1

        # unfrozen, the links are the store-wide ones: those of a fresh store of the same files
        thawed = run_cli("reuse", "unfreeze", data_dir=data_dir)
        assert thawed.returncode == 0 and "unfrozen" in thawed.stdout, thawed.stderr
        assert run_cli("reuse", "show", data_dir=data_dir).stdout.startswith("store-wide")
        fresh = tmp_path / "fresh"
        try:
            assert run_cli("ingest", str(changed), data_dir=fresh).returncode == 0
            assert _echoes(data_dir) == _echoes(fresh)
        finally:
            run_cli("stop", data_dir=fresh)
    finally:
        run_cli("stop", data_dir=data_dir)
