"""store/jsontext.dumps writes exactly what json.dumps would, for the data writes record."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from teamspace.store.core.jsontext import dumps

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
plain = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(plain)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    assert json.loads(dumps(value)) == value


def test_tuples_and_other_objects() -> None:
    assert dumps({"a": (1, None)}) == '{"a":[1,null]}'
    assert dumps({1: "x", None: 2}) == json.dumps({1: "x", None: 2}, separators=(",", ":"))
    assert json.loads(dumps({"when": object.__new__(type("X", (), {"__str__": lambda s: "x"}))
                             })) == {"when": "x"}
