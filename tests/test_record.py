"""The light value-class base (store/core/record.py) behaves like a small dataclass."""

from __future__ import annotations

from typing import ClassVar

import pytest

from teamspace.store.core.record import Record


class Point(Record):
    KIND: ClassVar[str] = "point"
    x: int
    y: int = 0
    tags: list[str] = []


def test_fields_defaults_and_copies() -> None:
    a = Point(1)
    b = Point(x=1, y=2, tags=["t"])
    assert (a.x, a.y, a.tags) == (1, 0, [])
    a.tags.append("mine")
    assert Point(5).tags == []  # a mutable default is never shared
    assert b.to_json() == {"x": 1, "y": 2, "tags": ["t"]}
    assert Point(1, 2, ["t"]) == b and Point(1) != b
    assert Point.KIND == "point" and "KIND" not in Point._fields


def test_bad_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match="missing 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected"):
        Point(1, z=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="at most"):
        Point(1, 2, [], 4)  # type: ignore[call-arg]


def test_nested_records_become_plain_data() -> None:
    class Line(Record):
        start: Point
        points: list[Point]

    line = Line(Point(0), [Point(1), Point(2, 3)])
    assert line.to_json() == {"start": {"x": 0, "y": 0, "tags": []},
                              "points": [{"x": 1, "y": 0, "tags": []},
                                         {"x": 2, "y": 3, "tags": []}]}
