"""The embedded store writes query parameters itself (one pass that checks and stringifies):
what it sends must be exactly what the falkordb client would have sent, and what it refuses
must be refused as the project's QueryError."""

from __future__ import annotations

import math

import pytest
from falkordb.helpers import stringify_param_value
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate_lineage.errors import QueryError
from mandate_lineage.graph.falkordb_store import _params_header

names = st.text(st.characters(blacklist_characters="`\x00"), min_size=1, max_size=8)
scalars = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(st.characters(blacklist_characters="\x00"), max_size=20))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(names, inner, max_size=4), max_leaves=20)


def client_header(params: dict) -> str:
    return "CYPHER " + "".join(f"`{k}`={stringify_param_value(v)} " for k, v in params.items()) if params else ""


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(names, values, max_size=4))
def test_the_header_is_the_clients_own(params: dict) -> None:
    assert _params_header(params) == client_header(params)


@pytest.mark.parametrize("params", [
    {"x": "a\x00b"}, {"x": ["ok", {"k": "a\x00"}]}, {"x": math.inf}, {"x": [math.nan]}, {"x": b"bytes"},
    {"x": {"a`b": 1}}, {"x": {"": 1}}, {"": 1}, {"a`": 1}, {"x": {1, 2}},
    {"x": 2**63}, {"x": [-(2**63) - 1]}, {"x": {"k": 2**70}},  # FalkorDB would clamp these silently
])
def test_values_the_server_cannot_take_are_a_query_error(params: dict) -> None:
    with pytest.raises(QueryError):
        _params_header(params)
