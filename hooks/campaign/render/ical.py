"""iCalendar (RFC 5545) output through the icalendar library, which also escapes text as the RFC says.

One VTIMEZONE helper serves both the events calendar and `make schedule FORMAT=ics`: times are written
as local wall-clock times with TZID=<plan timezone>, so Outlook shows 10:00 on both sides of a clock
change. DTSTAMP comes from the last change instant (SOURCE_DATE_EPOCH), never the build machine's clock.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from icalendar import Calendar, Event, Timezone

from ..release.snapshot import Snapshot
from ..source.ids import prodid, uid_of
from ..source.plan import Plan

@lru_cache(maxsize=8)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    # Building the observances walks the tz database: cache the bytes (schedule.as_ics parses a copy).
    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


def _vtimezone_bytes(plan: Plan, times=()) -> bytes:
    """The plan timezone's VTIMEZONE, covering the campaign and `times` a year either side. Callers pass
    only the times they publish, so the covered range never hints at an event not yet announced."""
    times = [plan.campaign.starts, plan.last_instant, *times]
    local = [t.astimezone(plan.tz).date() for t in times]
    first, last = min(local) - timedelta(days=366), max(local) + timedelta(days=366)
    return _vtimezone(str(plan.tz), first, last)


def vtimezone(plan: Plan, times=()) -> Timezone:
    return Timezone.from_ical(_vtimezone_bytes(plan, times))


def stamp(snap: Snapshot) -> datetime:
    return datetime.fromtimestamp(snap.source_date_epoch, timezone.utc)


def _head(plan: Plan, prodid: str, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(plan.tz))
    return cal


def new_calendar(plan: Plan, prodid: str, name: str, times=()) -> Calendar:
    cal = _head(plan, prodid, name)
    cal.add_component(vtimezone(plan, times))
    return cal


def event_component(snap: Snapshot, event, page_url: str) -> Event:
    tz = snap.plan.tz
    ev = Event()
    ev.add("uid", uid_of(snap.plan, event))
    ev.add("dtstamp", stamp(snap))
    ev.add("dtstart", event.starts.astimezone(tz))
    ev.add("dtend", event.ends.astimezone(tz))
    ev.add("summary", event.title)
    where = event.place or "Online"
    ev.add("location", where)
    lines = [event.summary] if event.summary else []
    lines.append(f"Who it is for: {event.audience}")
    if event.joining:
        lines.append(f"How to join: {event.joining}")
    lines.append(f"How to book: {event.booking}")
    lines.append(f"Details: {page_url}#{event.id}")
    ev.add("description", "\n".join(lines))
    ev.add("url", f"{page_url}#{event.id}")
    ev.add("last-modified", (event.updated or event.release).astimezone(timezone.utc))
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    return ev


_END = b"END:VCALENDAR\r\n"


def _to_ical(component) -> bytes:
    """component.to_ical(), but only lines over 74 octets are folded, and an ASCII line by `fold_ascii`
    (icalendar's folding walks every character): a line that fits is its own UTF-8 bytes."""
    out = []
    for line in component.content_lines():
        if line:
            data = line.encode("utf-8")
            if len(data) < 75:
                out.append(data)
            else:
                out.append(fold_ascii(line).encode("ascii") if len(data) == len(line) else line.to_ical())
    return b"\r\n".join(out) + b"\r\n"


def fold_ascii(line: str) -> str:
    """icalendar's folding (RFC 5545: lines under 75 octets, continued after CRLF and a space) of an ASCII
    line, by slices: 74 characters a line, and a backslash or caret that would end one (an escape) starts
    the next instead. tests/test_events_signs.py compares it with icalendar's own on random lines."""
    parts, start, n = [], 0, len(line)
    while n - start > 74:
        end = start + 74
        if line[end - 1] in "\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


def events_calendars(snap: Snapshot, calendars: list, page_url: str) -> list[bytes]:
    """A VCALENDAR of each given list of (announced) events, soonest first.

    The bytes are what Calendar.to_ical() writes for the calendar with its VTIMEZONE and VEVENTs
    (a component's lines are its own lines, then each subcomponent's, then END), but each part is
    serialised once: icalendar spends about 1 ms on every event, and parsing a VTIMEZONE back walks
    the whole tz database."""
    plan = snap.plan
    what = plan.texts.events_title.lower()
    head = _to_ical(_head(plan, prodid(plan, what), f"{plan.campaign.title}: {what}")).removesuffix(_END)
    done: dict = {}

    def vevent(e) -> bytes:
        if e.id not in done:
            done[e.id] = _to_ical(event_component(snap, e, page_url))
        return done[e.id]

    out = []
    for events in calendars:
        events = list(events)
        vtz = _vtimezone_bytes(plan, [t for e in events for t in (e.starts, e.ends)])
        out.append(b"".join([head, vtz, *(vevent(e) for e in sorted(events, key=lambda e: (e.starts, e.id))), _END]))
    return out
