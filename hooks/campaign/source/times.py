"""Reading and writing instants. Every time the project reads (plan, CAMPAIGN_NOW, DATE=) goes through here.

Accepted: YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], YYYY-MM-DDTHH:MM[:SS], each optionally followed by Z or
+HH:MM/-HH:MM. Without an offset the time is wall-clock time in the plan's timezone; a local time that
does not exist (clocks go forward) or happens twice (clocks go back) is refused, naming both candidates.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .messages import CATALOGUE

FORMS = "a quoted time such as \"2027-01-11 08:00\", \"2027-01-11\" or \"2027-01-11T08:00+01:00\""

_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?"
    r"(Z|[+-]\d{2}:\d{2})?$"
)


class TimeFormatError(ValueError):
    """A time string that cannot be read as one instant: a message of the catalogue (messages.py), whose
    advice is also the printed `fix`, so the terminal and EDITORS.md's table never differ."""

    def __init__(self, code: str, **values):
        m = CATALOGUE[code]
        self.code = code
        self.message = m(**values)
        self.fix = m.fix(**values)
        super().__init__(self.message)

    def about(self, code: str) -> "TimeFormatError":
        """This problem, reported for an environment variable (`env-now`, `env-date`). A time the clocks skip
        or repeat keeps its own fix, which names both instants to copy (as the plan's message does)."""
        err = TimeFormatError(code, problem=self.message)
        if self.code in ("time-gap", "time-twice"):
            err.fix = self.fix
        return err


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimeFormatError("timezone-unknown", name=repr(name)) from exc


def parse_instant(text: str, tz: tzinfo) -> datetime:
    """Parse one accepted form into an aware datetime (in `tz` when no offset was given)."""
    m = _RE.match(text.strip())
    if not m:
        raise TimeFormatError("time-bad-form", text=repr(text))
    y, mo, d, hh, mm, ss, off = m.groups()
    try:
        naive = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError as exc:
        raise TimeFormatError("time-not-real", text=repr(text), reason=exc) from exc
    if off:
        if off == "Z":
            return naive.replace(tzinfo=timezone.utc)
        sign = 1 if off[0] == "+" else -1
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            raise TimeFormatError("time-bad-offset", offset=repr(off))
        return naive.replace(tzinfo=timezone(sign * timedelta(hours=oh, minutes=om)))
    return localize(naive, tz, text)


def localize(naive: datetime, tz: tzinfo, shown: str | None = None) -> datetime:
    """Attach `tz` to a wall-clock time, refusing times that do not exist or happen twice."""
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    shown = shown or naive.isoformat(sep=" ")
    # A time in the spring-forward gap does not survive a round trip through UTC.
    if first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) != naive:
        raise TimeFormatError("time-gap", text=repr(shown), tz=tz, choices=cands_offsets(first, second))
    raise TimeFormatError("time-twice", text=repr(shown), tz=tz, choices=cands_offsets(first, second))


def cands_offsets(first: datetime, second: datetime) -> str:
    """Both readings of an ambiguous or missing local time, each written with its own offset."""
    naive = first.replace(tzinfo=None)
    out = []
    for cand in (first, second):
        off = cand.utcoffset()
        out.append(f"\"{naive.strftime('%Y-%m-%d %H:%M')}{_offset(off)}\"")
    return " or ".join(out)


def _offset(off: timedelta | None) -> str:
    total = int((off or timedelta()).total_seconds())
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}"


def fmt(instant: datetime, tz: tzinfo | None = None) -> str:
    """`YYYY-MM-DDTHH:MM:SS+HH:MM` in `tz` (never Z): the form of the schedule JSON."""
    local = instant.astimezone(tz) if tz is not None else instant
    return local.strftime("%Y-%m-%dT%H:%M:%S") + _offset(local.utcoffset())


def human(instant: datetime, tz: tzinfo) -> str:
    """For editors and staff: 'Monday 7 September 2026, 08:00'."""
    local = instant.astimezone(tz)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def human_date(instant: datetime | date, tz: tzinfo | None = None) -> str:
    local = instant.astimezone(tz) if isinstance(instant, datetime) and tz else instant
    return f"{local.day} {local:%B %Y}"


def month_starts(first: datetime, last: datetime, tz: tzinfo) -> list[datetime]:
    """Local midnight on the 1st of every month after `first`, up to and including `last`."""
    local = first.astimezone(tz)
    y, m = local.year, local.month
    out = []
    while True:
        m += 1
        if m == 13:
            y, m = y + 1, 1
        start = localize(datetime(y, m, 1), tz)
        if start > last:
            return out
        out.append(start)
