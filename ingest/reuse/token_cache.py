"""The content tokens of every text the reuse stage has seen, kept on disk by the text's digest.

Tokenising a paragraph for reuse (:func:`.text.content_of`: words, terms, stock phrases and the
names found by the reference, summit and body finders) is a pure function of its text, and it was
the largest cost of the stage, which recomputes the links of the whole store on every ingest
(see :mod:`.echoes`): each pass re-tokenised every stored paragraph, and once more the linked
ones for their quotes' spans. This cache keeps, per distinct text, the terms, stock flags and
token spans; a pass tokenises only the texts it has not seen. It is content-addressed, so it
cannot disagree with the store: a changed paragraph is a new digest, and a change of the
tokeniser's inputs (stem length, stock phrases, pipeline version, this module's format) is a new
:func:`fingerprint`, on which the file is emptied. It lives beside the embedded store's data
(``reuse-terms.sqlite`` in the data directory, private like it), or for another backend in the
user's cache directory; a cache that cannot be opened or read is left aside (the stage then
tokenises, as it would the first time). SQLite (the standard library's) holds it: rows are looked
up per batch of paragraphs, so the stage's memory does not grow with the cache.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMAT = "reuse-terms/1"  # bump when what is stored, or how it is computed, changes
FILE_NAME = "reuse-terms.sqlite"
LOOKUP_CHUNK = 900  # digests per SELECT (under SQLite's default limit of bound parameters)
SEPARATOR = "\x1f"  # between terms: a term is letters, digits and apostrophes (``text._WORD``)

# terms, stock flags (one byte each), start and end offsets of each token in the text
Tokens = tuple[tuple[str, ...], bytes, array, array]


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def fingerprint(stem_length: int) -> str:
    """What the cached tokens depend on besides the text: the tokeniser's settings, the package
    data (stock phrases, the gazetteers of bodies and summits) and the pipeline version (bumped
    when the finders of names change what they find)."""
    from importlib.resources import files

    from mandate_lineage.ingest.building.build import PIPELINE_VERSION

    basis = hashlib.sha256(f"{FORMAT}|{stem_length}|{PIPELINE_VERSION}".encode())
    data = files("mandate_lineage.ingest") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            basis.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return basis.hexdigest()


def cache_path(store: Any) -> Path | None:
    """Where the cache of ``store`` lives: its data directory (embedded), else the user's cache."""
    server = getattr(store, "server", None)
    data_dir = getattr(server, "data_dir", None)
    if data_dir is not None:
        return Path(data_dir) / FILE_NAME
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("mandate-lineage")) / FILE_NAME
    except Exception:  # noqa: BLE001 - no cache directory: no cache
        return None


class TokenCache:
    """Cached :data:`Tokens` by text digest (:func:`text_digest`); see the module docstring."""

    def __init__(self, path: Path, stem_length: int) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # private, like the data it is cut from
        os.close(fd)
        self._db = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last writes costs a re-tokenise
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS tokens (digest BLOB PRIMARY KEY, terms TEXT, stock BLOB, "
                         "starts BLOB, ends BLOB) WITHOUT ROWID")
        wanted = fingerprint(stem_length)
        found = self._db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
        if found is None or found[0] != wanted:
            with self._transaction():
                self._db.execute("DELETE FROM tokens")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (wanted,))

    @classmethod
    def open_for(cls, store: Any, stem_length: int) -> TokenCache | None:
        """The cache of ``store``, or None where it cannot be opened (the stage then tokenises)."""
        path = cache_path(store)
        if path is None:
            return None
        try:
            return cls(path, stem_length)
        except (OSError, sqlite3.Error):
            return None

    def _transaction(self) -> Any:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def get_many(self, digests: Sequence[bytes]) -> dict[bytes, Tokens]:
        """The cached tokens of those of ``digests`` the cache holds (none when it cannot be read)."""
        try:
            return {digest: (tuple(terms.split(SEPARATOR)) if terms else (), stock, _ints(starts), _ints(ends))
                    for digest, terms, stock, starts, ends in self._rows(digests, "terms, stock, starts, ends")}
        except sqlite3.Error:
            return {}

    def terms_of(self, digests: Sequence[bytes]) -> dict[bytes, tuple[tuple[str, ...], bytes]]:
        """Only the terms and stock flags of :meth:`get_many` (what the index holds)."""
        try:
            return {digest: (tuple(terms.split(SEPARATOR)) if terms else (), stock)
                    for digest, terms, stock in self._rows(digests, "terms, stock")}
        except sqlite3.Error:
            return {}

    def spans_of(self, digests: Sequence[bytes]) -> dict[bytes, tuple[array, array]]:
        """Only the token start and end offsets of :meth:`get_many` (what a quote needs)."""
        try:
            return {digest: (_ints(starts), _ints(ends)) for digest, starts, ends in self._rows(digests, "starts, ends")}
        except sqlite3.Error:
            return {}

    def _rows(self, digests: Sequence[bytes], columns: str) -> Iterable[tuple]:
        for lo in range(0, len(digests), LOOKUP_CHUNK):
            part = list(digests[lo:lo + LOOKUP_CHUNK])
            marks = ",".join("?" * len(part))
            yield from self._db.execute(f"SELECT digest, {columns} FROM tokens WHERE digest IN ({marks})", part).fetchall()

    def put_many(self, rows: Iterable[tuple[bytes, Tokens]]) -> None:
        encoded = [(digest, SEPARATOR.join(terms), stock, starts.tobytes(), ends.tobytes())
                   for digest, (terms, stock, starts, ends) in rows]
        if not encoded:
            return
        try:
            with self._transaction():
                self._db.executemany("INSERT OR IGNORE INTO tokens VALUES (?, ?, ?, ?, ?)", encoded)
        except sqlite3.Error:  # disk full, a locked or damaged file: the next pass tokenises again
            pass

    def close(self) -> None:
        self._db.close()


def _ints(raw: bytes) -> array:
    out = array("i")
    out.frombytes(raw)
    return out
