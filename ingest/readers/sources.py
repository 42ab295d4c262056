"""Finding and reading input files: the first stage, and the one that refuses bad input.

Every refusal is an ``IngestError`` whose message is one line naming the file and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from mandate_lineage.errors import IngestError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a resolution is ~50 KB; 20 MB is far past any real text
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


@dataclass(frozen=True)
class PageSpan:
    """The characters ``[start, end)`` of ``Source.text`` that came from page ``number`` (1-based)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class FootnoteMarker:
    """A footnote marker (a superscript number glued to a word or year) at ``[start, end)`` of the text."""

    number: str
    start: int
    end: int


@dataclass(frozen=True)
class Footnote:
    """The text of footnote ``number`` at ``[start, end)`` of the text (its own number excluded), on ``page``."""

    number: str
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Source:
    """What a reader produced from one file. Offsets everywhere else are indices into ``text``.

    ``text`` is the text the reader produced and the project stores per document: evidence quotes
    are verbatim in it. Readers of paged formats fill ``pages``; readers that see layout fill
    ``markers`` (footnote markers in the body) and ``footnotes`` (the notes' text), so later stages
    need not guess them from the characters. ``format`` names the reader: text, html, docx or pdf.
    """

    path: Path
    text: str
    sha256: str
    encoding: str
    format: str = "text"
    pages: tuple[PageSpan, ...] = ()
    markers: tuple[FootnoteMarker, ...] = ()
    footnotes: tuple[Footnote, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: files as given, folders walked (sorted, hidden files and the manifest skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p, path)))
        elif path.exists():
            found.append(path)
        else:
            found.append(path)  # read_source reports it as missing, with the other files still loading
    return found


def _wanted(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    if any(part.startswith((".", "__")) for part in relative.parts):
        return False
    return path.suffix.lower() not in {".toml", ".py", ".pyc"}


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one file with the reader its content calls for (PDF, DOCX, HTML, text; see ``dispatch``),
    refusing what cannot be read."""
    name = str(path)
    if not path.exists():
        raise IngestError(f"{name}: no such file")
    if not path.is_file():
        raise IngestError(f"{name}: not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"{name}: too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    from .dispatch import read_bytes  # the format readers import this module

    return read_bytes(path, data)
