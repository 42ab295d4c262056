"""Where the real documents are: ``../shared/realworld`` beside the repository (CI has it there)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
REALWORLD = REPO.parent / "shared" / "realworld"


def realworld(*parts: str) -> Path:
    """A path under the real corpus; skipped locally when it is missing, a failure in CI."""
    path = REALWORLD.joinpath(*parts)
    if not path.exists():
        message = f"real corpus missing: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
