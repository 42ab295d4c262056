"""The notebooks in ``notebooks/`` run top to bottom on a fresh ingest and are stored without outputs.

Each notebook is executed by nbclient in a real IPython kernel started from *this* interpreter:
the test writes a kernelspec into a temporary directory (argv ``sys.executable -m
ipykernel_launcher``) and hands nbclient a kernel manager that looks only there. The
``python3`` kernelspec pip installs into the venv says ``python``, found on ``PATH``, which is
another interpreter when the venv is not activated; a user's own kernelspecs are never used.

The kernel's environment points the notebooks' setup cell at a fresh embedded data directory
(``MANDATES_DATA_DIR``, ``MANDATES_GRAPH``; other ``MANDATES_*`` and ``NEO4J_*`` variables are
dropped), so the first notebook run ingests the bundled corpus. matplotlib gets the inline
backend, which is non-interactive (it renders with Agg) and turns each figure into a PNG output
the test can count; with plain ``Agg`` ``plt.show()`` would draw nothing in a kernel. The
embedded server the notebooks start is stopped by pid when the module ends (and registered with
the session, which stops it too).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterator

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from mandate_lineage.config import Settings, open_store
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests.conftest import embedded_server

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
KERNEL = "mandate-lineage-test"
CELL_TIMEOUT = 60  # seconds, per cell

# What a few tagged cells must print: (notebook, cell tag, strings expected in its outputs).
EXPECTED = {
    "01_citation_graph.ipynb": [("most-cited", ["Vienna Convention on Consular Relations", "AG/RES. 2141"]),
                                ("documents", ["oas:program-migrants-2016", "un:a-res-68-179", "doc:undated-resolution"])],
    "02_activity_28_lineage.ipynb": [("origin", ["Origin: Second Summit of the Americas (Santiago, 1998)",
                                                 "Vienna Convention on Consular Relations",
                                                 "Institutional root: Third Summit of the Americas"])],
    "03_bodies.ipynb": [("renamed-body", ["Office of Education, Science, and Technology",
                                          "Department of Education, Culture, Science, and Technology",
                                          "activity 1"])],
}
FIGURES = {"01_citation_graph.ipynb": 3, "02_activity_28_lineage.ipynb": 1, "03_bodies.ipynb": 2}


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def cell_text(cell: nbformat.NotebookNode) -> str:
    """Everything a cell printed or displayed, as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        for mime in ("text/plain", "text/html"):
            if mime in output.get("data", {}):
                parts.append(output["data"][mime])
    return "\n".join(parts)


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kernels = tmp_path_factory.mktemp("kernels")
    spec = kernels / KERNEL
    spec.mkdir()
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mandate-lineage tests",
        "language": "python",
    }))
    return kernels


# A document with no date anywhere (no manifest, no date in its text): notebooks must show it as
# undated, not crash on it (notebook 01 made a date of "nan-07-01"). It cites, and tasks a body
# with two names, so every notebook meets it.
UNDATED_NAME = "undated_resolution.txt"
UNDATED_KEY = "doc:undated-resolution"
UNDATED_TEXT = """FOLLOW-UP ON THE RIGHTS OF MIGRANT WORKERS

THE PERMANENT COUNCIL,

RECALLING resolution AG/RES. 2141 (XXXV-O/05) and the Vienna Convention on Consular Relations;

RESOLVES:

1. To request the Inter-American Commission on Human Rights to report on the situation of migrant workers and their families.

2. To instruct the Department of Education, Culture, Science, and Technology to promote human rights education for migrants and their families.
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The corpus and one undated document, ingested into the graph the notebooks open."""
    path = tmp_path_factory.mktemp("notebook-store")
    server = embedded_server(path)
    extra = tmp_path_factory.mktemp("undated") / UNDATED_NAME
    extra.write_text(UNDATED_TEXT, encoding="utf-8")
    with open_store(Settings.from_env(env={}, store="embedded", data_dir=path, graph="notebooks")) as store:
        report = ingest_paths([bundled_corpus(), extra], store)
        assert not report.failed, [o.error for o in report.failed]
        assert store.read("MATCH (d:Document {key: $k}) RETURN d.date", {"k": UNDATED_KEY}).rows == [[None]]
    yield path
    server.stop()


def execute(path: Path, kernel_dir: Path, data_dir: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    env.update(MANDATES_DATA_DIR=str(data_dir), MANDATES_GRAPH="notebooks",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute(env=env)  # raises CellExecutionError, naming the cell, if one fails
    return nb


def test_there_are_notebooks() -> None:
    assert [p.name for p in notebook_paths()] == sorted(EXPECTED)


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [c.id for c in code if c.outputs or c.execution_count is not None] == []


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_shape(path: Path) -> None:
    """A markdown introduction, a setup cell that opens the store, the store closed last."""
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    setup = [c for c in nb.cells if "setup" in c.metadata.get("tags", [])]
    assert len(setup) == 1 and "Settings.from_env()" in setup[0].source and "ingest_paths" in setup[0].source
    assert nb.cells[-1].cell_type == "code" and nb.cells[-1].source.strip() == "store.close()"


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_runs_on_a_fresh_store(path: Path, kernel_dir: Path, data_dir: Path) -> None:
    nb = execute(path, kernel_dir, data_dir)
    errors = [cell_text(c) for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert errors == []
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert figures == FIGURES[path.name]
    tagged = {tag: cell for cell in nb.cells for tag in cell.metadata.get("tags", [])}
    for tag, expected in EXPECTED[path.name]:
        text = cell_text(tagged[tag])
        missing = [s for s in expected if s not in text]
        assert not missing, f"{path.name} cell {tag!r} lacks {missing}:\n{text[:2000]}"
