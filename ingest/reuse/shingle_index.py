"""The shingle index of a store with a reuse basis: which paragraphs hold each shingle, on disk.

A local pass (:mod:`.local`) needs, for the shingles of the paragraphs that came or went, every
paragraph holding them and its place in time; reading those from the graph would mean scanning
it. This index keeps them per graph: the paragraphs compared for reuse (key, the document whose
file holds the text, date, owner, commitment flag, shingle codes) and the postings (shingle code ->
paragraph), for the set of documents it was brought up to date with. It is derived data, trusted
only when the pass that last brought the store's links in line wrote it (the basis's ``state``,
see :mod:`.basis`), for the same basis and tokeniser; otherwise the pass recomputes every link and
writes the index anew. It lives beside the embedded store's data
(``reuse-shingles-<digest>.sqlite``, private like it), or for another backend in the user's cache
directory, one file per graph or database address. SQLite (the standard library's) holds it,
updated in one transaction per pass.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "reuse-shingles/2"
CHUNK = 900  # bound parameters per statement (under SQLite's default limit)


@dataclass(frozen=True)
class Held:
    """A paragraph as the index holds it."""

    key: str
    writer: str  # the document whose file holds the text (``sourceDocument``, else ``document``)
    date: str | None
    owner: str
    commitment: bool
    codes: np.ndarray  # sorted distinct shingle codes


def index_path(store: Any) -> Path | None:
    """Where the index of ``store`` lives (see the module docstring), or None: one file per graph."""
    where = store.describe()
    name = repr([where.get(k) for k in ("backend", "graph", "uri", "database")])
    file_name = f"reuse-shingles-{hashlib.sha256(name.encode()).hexdigest()[:16]}.sqlite"
    data_dir = getattr(getattr(store, "server", None), "data_dir", None)
    if data_dir is not None:
        return Path(data_dir) / file_name
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("mandate-lineage")) / file_name
    except Exception:  # noqa: BLE001 - no cache directory: every pass is a whole pass
        return None


class ShingleIndex:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # private, like the data it is cut from
        os.close(fd)
        self._db = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" in tables and self._db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() != (FORMAT,):
            self._db.executescript("DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS documents; "
                                   "DROP TABLE IF EXISTS paragraphs; DROP TABLE IF EXISTS postings;")
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, sha TEXT, version TEXT);"
            "CREATE TABLE IF NOT EXISTS paragraphs (id INTEGER PRIMARY KEY, key TEXT UNIQUE, writer TEXT, "
            "date TEXT, owner TEXT, commitment INTEGER, codes BLOB);"
            "CREATE INDEX IF NOT EXISTS paragraphs_writer ON paragraphs (writer);"
            "CREATE TABLE IF NOT EXISTS postings (code INTEGER, paragraph INTEGER, PRIMARY KEY (code, paragraph)) "
            "WITHOUT ROWID;")

    @classmethod
    def open_for(cls, store: Any) -> ShingleIndex | None:
        path = index_path(store)
        if path is None:
            return None
        try:
            return cls(path)
        except (OSError, sqlite3.Error):
            return None

    def close(self) -> None:
        self._db.close()

    # --- reading -------------------------------------------------------------------------------
    def stamp(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT name, value FROM meta").fetchall())

    def valid_for(self, stamp: dict[str, str]) -> bool:
        """Written for this basis, tokeniser and state of the links."""
        try:
            return self.stamp() == {"format": FORMAT, **stamp}
        except sqlite3.Error:
            return False

    def documents(self) -> dict[str, tuple[str, str]]:
        return {key: (sha, version) for key, sha, version in self._db.execute("SELECT key, sha, version FROM documents")}

    def paragraphs_of(self, documents: Iterable[str]) -> list[Held]:
        """The paragraphs whose text the files of ``documents`` hold."""
        out = []
        for part in _chunks(sorted(documents)):
            rows = self._db.execute("SELECT key, writer, date, owner, commitment, codes FROM paragraphs "
                                    f"WHERE writer IN ({_marks(part)})", part).fetchall()
            out += [_held(row) for row in rows]
        return out

    def held(self, keys: Iterable[str]) -> dict[str, Held]:
        out = {}
        for part in _chunks(sorted(keys)):
            for row in self._db.execute("SELECT key, writer, date, owner, commitment, codes FROM paragraphs "
                                        f"WHERE key IN ({_marks(part)})", part):
                out[row[0]] = _held(row)
        return out

    def counts(self, codes: Iterable[int]) -> dict[int, int]:
        """Holders of each shingle (shingles held by none are left out)."""
        out = {}
        for part in _chunks(sorted(codes)):
            out.update(self._db.execute(f"SELECT code, count(*) FROM postings WHERE code IN ({_marks(part)}) "
                                        "GROUP BY code", part).fetchall())
        return out

    def holders(self, codes: Iterable[int]) -> dict[int, list[Held]]:
        """The paragraphs holding each shingle (their codes left empty: not needed here)."""
        out: dict[int, list[Held]] = {}
        empty = np.zeros(0, np.int64)
        for part in _chunks(sorted(codes)):
            rows = self._db.execute(
                "SELECT s.code, p.key, p.writer, p.date, p.owner, p.commitment FROM postings s "
                f"JOIN paragraphs p ON p.id = s.paragraph WHERE s.code IN ({_marks(part)})", part).fetchall()
            for code, key, writer, date, owner, commitment in rows:
                out.setdefault(code, []).append(Held(key, writer, date, owner, bool(commitment), empty))
        return out

    # --- writing -------------------------------------------------------------------------------
    def apply(self, removed: Iterable[str], documents: dict[str, tuple[str, str]], gone: Iterable[str],
              paragraphs: Sequence[Held], stamp: dict[str, str]) -> None:
        """In one transaction: drop the documents ``removed`` and the paragraphs keyed ``gone``,
        put ``documents`` (key -> sha, version) and ``paragraphs``, set the stamp."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for part in _chunks(sorted(set(gone) | {p.key for p in paragraphs})):
                ids = [row[0] for row in db.execute(f"SELECT id FROM paragraphs WHERE key IN ({_marks(part)})", part)]
                for ids_part in _chunks(ids):
                    db.execute(f"DELETE FROM postings WHERE paragraph IN ({_marks(ids_part)})", ids_part)
                    db.execute(f"DELETE FROM paragraphs WHERE id IN ({_marks(ids_part)})", ids_part)
            for part in _chunks(sorted(set(removed) | set(documents))):
                db.execute(f"DELETE FROM documents WHERE key IN ({_marks(part)})", part)
            self._insert(documents, paragraphs)
            db.execute("DELETE FROM meta")
            db.executemany("INSERT INTO meta VALUES (?, ?)", sorted({"format": FORMAT, **stamp}.items()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def rebuild(self, documents: dict[str, tuple[str, str]], paragraphs: Sequence[Held], stamp: dict[str, str]) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for table in ("meta", "documents", "paragraphs", "postings"):
                db.execute(f"DELETE FROM {table}")
            self._insert(documents, paragraphs)
            db.executemany("INSERT INTO meta VALUES (?, ?)", sorted({"format": FORMAT, **stamp}.items()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def forget(self) -> None:
        """Empty the index (its store dropped the basis)."""
        self.rebuild({}, [], {"state": ""})

    def _insert(self, documents: dict[str, tuple[str, str]], paragraphs: Sequence[Held]) -> None:
        db = self._db
        db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)",
                       [(key, sha, version) for key, (sha, version) in documents.items()])
        for p in paragraphs:
            cursor = db.execute("INSERT INTO paragraphs (key, writer, date, owner, commitment, codes) "
                                "VALUES (?, ?, ?, ?, ?, ?)", (p.key, p.writer, p.date, p.owner, int(p.commitment),
                                                              np.asarray(p.codes, np.int64).tobytes()))
            pid = cursor.lastrowid
            db.executemany("INSERT INTO postings VALUES (?, ?)", ((int(c), pid) for c in p.codes))


def _held(row: tuple) -> Held:
    key, writer, date, owner, commitment, codes = row
    return Held(key, writer, date, owner, bool(commitment), np.frombuffer(codes, np.int64))


def _chunks(values: Sequence[Any]) -> Iterable[list[Any]]:
    values = list(values)
    for lo in range(0, len(values), CHUNK):
        yield values[lo:lo + CHUNK]


def _marks(part: Sequence[Any]) -> str:
    return ",".join("?" * len(part))
