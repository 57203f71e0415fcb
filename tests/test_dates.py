"""Reading typed dates (teamspace/dates.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamspace.dates import ago, parse_due, parse_since
from teamspace.errors import InvalidInput

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TZ)  # a Wednesday


@pytest.mark.parametrize("text, expected", [
    ("today", datetime(2026, 11, 25, tzinfo=TZ)),
    ("tomorrow", datetime(2026, 11, 26, tzinfo=TZ)),
    ("fri", datetime(2026, 11, 27, tzinfo=TZ)),
    ("Friday", datetime(2026, 11, 27, tzinfo=TZ)),
    ("wed", datetime(2026, 12, 2, tzinfo=TZ)),
    ("mon 9:15", datetime(2026, 11, 30, 9, 15, tzinfo=TZ)),
    ("+3d", datetime(2026, 11, 28, tzinfo=TZ)),
    ("+2h", datetime(2026, 11, 25, 12, 30, tzinfo=TZ)),
    ("next week", datetime(2026, 11, 30, tzinfo=TZ)),
    ("next month", datetime(2026, 12, 1, tzinfo=TZ)),
    ("2026-12-24", datetime(2026, 12, 24, tzinfo=TZ)),
    ("2026-12-24 15:00", datetime(2026, 12, 24, 15, 0, tzinfo=TZ)),
    ("tomorrow at 17:00", datetime(2026, 11, 26, 17, 0, tzinfo=TZ)),
])
def test_due_dates(text: str, expected: datetime) -> None:
    assert parse_due(text, NOW) == expected


@pytest.mark.parametrize("text, expected", [
    ("yesterday", datetime(2026, 11, 24, tzinfo=TZ)),
    ("2h", datetime(2026, 11, 25, 8, 30, tzinfo=TZ)),
    ("3d", datetime(2026, 11, 22, 10, 30, tzinfo=TZ)),
    ("mon", datetime(2026, 11, 23, tzinfo=TZ)),
    ("wed", datetime(2026, 11, 18, tzinfo=TZ)),
    ("last week", datetime(2026, 11, 16, tzinfo=TZ)),
    ("2026-11-01", datetime(2026, 11, 1, tzinfo=TZ)),
])
def test_since(text: str, expected: datetime) -> None:
    assert parse_since(text, NOW) == expected


@pytest.mark.parametrize("text", ["someday", "32:00", "+", "fri 25:00", "next decade", ""])
def test_unreadable_dates_are_clear_errors(text: str) -> None:
    with pytest.raises(InvalidInput, match="try "):
        parse_due(text, NOW)


@given(st.text(max_size=30))
def test_parsers_never_crash(text: str) -> None:
    for parse in (parse_due, parse_since):
        try:
            result = parse(text, NOW)
        except InvalidInput:
            continue
        assert result.tzinfo is not None


def test_ago() -> None:
    assert ago(NOW - timedelta(seconds=10), NOW) == "just now"
    assert ago(NOW - timedelta(minutes=5), NOW) == "5m ago"
    assert ago(NOW - timedelta(hours=3), NOW) == "3h ago"
    assert ago(NOW - timedelta(days=1), NOW) == "yesterday 10:30"
    assert ago(NOW - timedelta(days=30), NOW) == "2026-10-26"


def test_iso_utc_is_what_json_and_exports_show() -> None:
    from teamspace.dates import iso_utc

    assert iso_utc("2026-11-30 10:55:54.123456") == "2026-11-30T10:55:54Z"
    assert iso_utc(None) is None
