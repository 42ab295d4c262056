"""What user Cypher may not ask for where the system cannot contain it.

The ad-hoc sandboxes run in a network namespace of their own (``unshare -rn``), so ``LOAD CSV
FROM 'https://...'`` reaches nothing. Where the system allows no such namespace (user namespaces
turned off, no ``unshare``), ``LOAD CSV`` is refused before the query reaches a database: it is
the one clause of the read-only path that opens a connection. The check reads the query as the
database's lexer would: string literals, escaped names and comments cannot hide the clause, and
a string that merely says "LOAD CSV" is not refused.
"""

from __future__ import annotations

import re

from mandate_lineage.errors import QueryError

# One token of the query at a time: a comment, a string literal, an escaped name, or anything else.
_TOKENS = re.compile(r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<name>`(?:[^`]|``)*(?:`|\Z))
  | (?P<code>[^/'"`]+|/)
""", re.VERBOSE | re.DOTALL)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)


def code_of(query: str) -> str:
    """The query with comments as spaces and every string literal and escaped name as ``_``."""
    parts = []
    for match in _TOKENS.finditer(query):
        kind = match.lastgroup
        parts.append(" " if kind == "comment" else "_" if kind in ("string", "name") else match.group())
    return "".join(parts)


def refuse_load_csv(query: str) -> None:
    """Raise ``QueryError`` when ``query`` has a ``LOAD CSV`` clause."""
    if _LOAD_CSV.search(code_of(query)):
        raise QueryError("LOAD CSV is refused here: this system gives the ad-hoc query server no network "
                         "namespace of its own (unshare -rn), so it could reach the network")
