"""Finding and reading input files: the first stage, and the one that refuses bad input.

Every refusal is an ``IngestError`` whose message is one line naming the file and the reason.
"""

from __future__ import annotations

import os
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
    return discover_all(paths)[0]


def discover_all(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, IngestError]]]:
    """:func:`discover`, and one error per path that could not be looked at (an unreadable folder,
    a file under a folder that cannot be entered), each naming the path and the reason: the rest
    still loads."""
    found: list[Path] = []
    errors: list[tuple[Path, IngestError]] = []
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            errors.append((path, IngestError(f"{path}: cannot be read ({exc.strerror or exc})")))
            continue
        if is_dir:
            found.extend(_walk(path, errors))
        else:
            found.append(path)  # read_source reports it if missing or unreadable, the others still loading
    reported: set[Path] = set()  # a path given and also found in a folder given is reported once
    unique = [(path, error) for path, error in errors if not (path in reported or reported.add(path))]
    return found, unique


def _walk(root: Path, errors: list[tuple[Path, IngestError]]) -> list[Path]:
    """The wanted files under ``root``, sorted; a folder that cannot be listed is an error."""
    files: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename or root)
        errors.append((where, IngestError(f"{where}: folder cannot be read ({exc.strerror or exc}); "
                                          "the files in it were not loaded")))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        base = Path(folder)
        for name in names:
            path = base / name
            if not _wanted(path, root):
                continue
            try:
                if path.is_file():
                    files.append(path)
            except OSError as exc:  # listed but not reachable (a folder without search permission)
                errors.append((path, IngestError(f"{path}: cannot be read ({exc.strerror or exc})")))
    return sorted(files)


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
