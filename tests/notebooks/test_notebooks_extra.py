"""The ``notebooks`` extra installs what notebooks/README.md tells an analyst to run and what the
notebooks import (the README said ``jupyter lab`` while the extra lacked JupyterLab)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import nbformat
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "notebooks" / "README.md"
# import name -> distribution, for the imports the notebooks make
DISTRIBUTIONS = {"matplotlib": "matplotlib", "pandas": "pandas", "networkx": "networkx", "IPython": "ipykernel"}
# commands the README runs -> the distribution that provides them
COMMANDS = {"jupyter lab": "jupyterlab", "jupyter notebook": "notebook"}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


def notebook_imports() -> set[str]:
    found = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"mandate_lineage"}


def test_the_extra_installs_what_the_readme_runs() -> None:
    extra = names(project()["optional-dependencies"]["notebooks"])
    text = README.read_text(encoding="utf-8")
    assert 'pip install -e ".[notebooks]"' in text
    for command, distribution in COMMANDS.items():
        if re.search(rf"^\s*{command}\b", text, re.M):
            assert distribution in extra, f"the README runs `{command}`: the extra needs {distribution}"
    for line in re.findall(r"pip install (?!-e)([^\n#]+)", text):  # any plain `pip install a b c` offered
        assert {name.lower() for name in line.split()} <= extra, line


def test_the_extra_and_the_core_cover_every_notebook_import() -> None:
    available = names(project()["optional-dependencies"]["notebooks"]) | names(project()["dependencies"])
    imports = notebook_imports()
    unknown = imports - set(DISTRIBUTIONS)
    assert not unknown, f"map these imports to their distribution: {unknown}"
    missing = {DISTRIBUTIONS[name] for name in imports} - available
    assert not missing, missing
    assert "ipykernel" in available  # a kernel for JupyterLab to run them in
