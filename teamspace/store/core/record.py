"""A light base for small value classes on the CLI's hot path.

``@dataclass`` generates and compiles ``__init__``/``__repr__``/``__eq__`` source for
every class when its module is imported: about 0.5 ms a class, paid by every CLI call
that imports the module (docs/performance.md).  :class:`Record` reads the field names
from the class annotations once and shares one generic ``__init__``; type checkers
still see a dataclass-like constructor through ``dataclass_transform``.
"""

from __future__ import annotations

from typing import Any, ClassVar, dataclass_transform


@dataclass_transform()
class Record:
    """Fields from annotations, defaults from class attributes; mutable defaults copied."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    # Fields holding stored UTC times: --json shows them as ISO 8601 (2026-11-30T10:55:54Z).
    TIMES: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = list(cls._fields)
        defaults = dict(cls._defaults)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if "ClassVar" in str(annotation) or name.startswith("_"):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                delattr(cls, name)  # instance values must not fall back to the class's
        cls._fields = tuple(fields)
        cls._defaults = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(self._fields):
            raise TypeError(f"{type(self).__name__} takes at most {len(self._fields)} "
                            "positional arguments")
        values = dict(zip(self._fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in self._fields or name in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated {name!r}")
            values[name] = value
        for name in self._fields:
            if name in values:
                setattr(self, name, values[name])
            elif name in self._defaults:
                default = self._defaults[name]
                setattr(self, name, type(default)(default)
                        if isinstance(default, list | dict | set) else default)
            else:
                raise TypeError(f"{type(self).__name__}: missing {name!r}")

    def to_json(self) -> dict[str, Any]:
        """The fields as a plain dict (for --json), times as ISO 8601."""
        data = {name: _plain(getattr(self, name)) for name in self._fields}
        if self.TIMES:
            from teamspace.dates import iso_utc

            for name in self.TIMES:
                if data.get(name) is not None:
                    data[name] = iso_utc(data[name])
        return data

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields[:4])
        return f"{type(self).__name__}({shown}{', …' if len(self._fields) > 4 else ''})"


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
