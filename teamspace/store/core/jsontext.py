"""JSON text for the plain data a write records (activity changes, operation results).

Every write stores a little JSON, but ``import json`` costs ~1.5 ms per CLI call (it
compiles several regular expressions).  Writes only ever encode plain data — None,
bools, numbers, strings, lists and string-keyed dicts — so this encoder uses CPython's
own C string escaper (``_json``, what ``json.dumps`` uses) and formats the rest itself.
The output is what ``json.dumps(value, separators=(",", ":"), ensure_ascii=False)``
produces (checked by a property test); anything else is written as its ``str()``, as
``json.dumps(..., default=str)`` would.  Reading JSON back still uses ``json``.
"""

from __future__ import annotations

import math
from typing import Any

try:
    from _json import encode_basestring as _quote
except ImportError:  # pragma: no cover - every CPython has _json
    from json.encoder import py_encode_basestring as _quote


def dumps(value: Any) -> str:
    """Compact JSON for plain data (non-ASCII text kept as is, like ensure_ascii=False)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str(_quote(value))
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        return float.__repr__(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_quote(_key(key))}:{dumps(item)}"
                              for key, item in value.items()) + "}"
    return str(_quote(str(value)))


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return dumps(key)
    return str(key)
