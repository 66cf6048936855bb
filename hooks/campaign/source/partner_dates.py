"""When a partners entry (data/partners.yaml, checked by partners.py) goes stale: 6 months after it was last
verified it shows a warning, from an instant that is a change instant (release/changes.py), so the schedule and
the build agree. Works on the checked records (records.py) as on the models."""
from __future__ import annotations

from datetime import datetime

from .times import TimeFormatError, localize

STALE_MONTHS = 6


def boroughs(partners) -> list[tuple]:
    """(unit, borough) for every borough of every command unit, in the file's order."""
    return [(u, b) for u in partners.units for b in u.boroughs]


def add_months(when: datetime, months: int, tz) -> datetime:
    """The same local wall-clock time `months` calendar months later (day clamped to the month's end)."""
    local = when.astimezone(tz).replace(tzinfo=None)
    y, m = divmod(local.month - 1 + months, 12)
    year, month = local.year + y, m + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    naive = local.replace(year=year, month=month, day=min(local.day, days[month - 1]))
    try:
        return localize(naive, tz)
    except TimeFormatError:  # a wall-clock time the clocks skip or repeat that day: take the first
        return naive.replace(tzinfo=tz)


def stale_from(borough, tz) -> datetime:
    """From this instant the entry has not been verified for 6 months and shows a warning."""
    return add_months(borough.last_verified, STALE_MONTHS, tz)


def change_instants(partners, tz) -> set[datetime]:
    return {stale_from(b, tz) for _, b in boroughs(partners)} if partners else set()
