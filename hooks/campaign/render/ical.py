"""iCalendar (RFC 5545) output through the icalendar library, which also escapes text as the RFC says.

One VTIMEZONE helper serves both the events calendar and `make schedule FORMAT=ics`: times are written
as local wall-clock times with TZID=<plan timezone>, so Outlook shows 10:00 on both sides of a clock
change. DTSTAMP comes from the last change instant (SOURCE_DATE_EPOCH), never the build machine's clock.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from icalendar.parser import Contentline

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


def _description(event, page_url: str) -> str:
    lines = [event.summary] if event.summary else []
    lines.append(f"Who it is for: {event.audience}")
    if event.joining:
        lines.append(f"How to join: {event.joining}")
    lines.append(f"How to book: {event.booking}")
    lines.append(f"Details: {page_url}#{event.id}")
    return "\n".join(lines)


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
    ev.add("description", _description(event, page_url))
    ev.add("url", f"{page_url}#{event.id}")
    ev.add("last-modified", (event.updated or event.release).astimezone(timezone.utc))
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    return ev


# A VEVENT written directly, line by line: the bytes `_to_ical(event_component(...))` gives (icalendar spends
# about 0.2 ms on each event, most of it building property and parameter objects). tests/test_events_signs.py
# compares the two on random texts, times and timezones; a zone icalendar writes otherwise goes through it.

def _text(value: str) -> str:
    """An iCalendar TEXT value as icalendar escapes it (RFC 5545 3.3.11; the order matters)."""
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _time(when: datetime) -> str:
    return f"{when.year:04}{when.month:02}{when.day:02}T{when.hour:02}{when.minute:02}{when.second:02}"


_PROBE = datetime(2001, 2, 3, 4, 5, 6)


@lru_cache(maxsize=8)
def _tz_param(tz) -> str | None:
    """What icalendar writes between DTSTART and the local time of a datetime in `tz` (";TZID=Europe/London"),
    asked of icalendar once: the same for every time of a zoneinfo zone. None where it writes such times
    another way (UTC: a Z suffix, no TZID)."""
    if not isinstance(tz, ZoneInfo):
        return None
    ev = Event()
    ev.add("dtstart", _PROBE.replace(tzinfo=tz))
    lines = [str(line) for line in ev.content_lines() if line.startswith("DTSTART")]
    value = ":" + _time(_PROBE)
    if len(lines) != 1 or not lines[0].startswith("DTSTART;") or not lines[0].endswith(value):
        return None
    return lines[0][len("DTSTART"):-len(value)]


def _line(line: str) -> bytes:
    """One content line as `_to_ical` writes it (folded when over 74 octets)."""
    data = line.encode("utf-8")
    if len(data) < 75:
        return data
    return fold_ascii(line).encode("ascii") if len(data) == len(line) else Contentline(line).to_ical()


def _vevent(snap: Snapshot, event, page_url: str, tzparam: str, stamped: str) -> bytes:
    tz = snap.plan.tz
    url = f"{page_url}#{event.id}"
    modified = (event.updated or event.release).astimezone(timezone.utc)
    lines = (
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(event.title)}",
        f"DTSTART{tzparam}:{_time(event.starts.astimezone(tz))}",
        f"DTEND{tzparam}:{_time(event.ends.astimezone(tz))}",
        f"DTSTAMP:{stamped}",
        f"UID:{_text(uid_of(snap.plan, event))}",
        f"DESCRIPTION:{_text(_description(event, page_url))}",
        f"LAST-MODIFIED:{_time(modified)}Z",
        f"LOCATION:{_text(event.place or 'Online')}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        f"URL:{url}",
        "END:VEVENT",
    )
    return b"\r\n".join(map(_line, lines)) + b"\r\n"


def vevent_writer(snap: Snapshot, page_url: str):
    """A function giving each event's VEVENT bytes as icalendar writes them (`_to_ical(event_component(...))`):
    written directly, or through icalendar for a zone it writes another way (or an address with a line break,
    which icalendar refuses)."""
    tzparam = _tz_param(snap.plan.tz)
    if tzparam is None or "\r" in page_url or "\n" in page_url:
        return lambda event: _to_ical(event_component(snap, event, page_url))
    stamped = _time(stamp(snap)) + "Z"
    return lambda event: _vevent(snap, event, page_url, tzparam, stamped)


_END = b"END:VCALENDAR\r\n"


def _to_ical(component) -> bytes:
    """component.to_ical(), but only lines over 74 octets are folded, and an ASCII line by `fold_ascii`
    (icalendar's folding walks every character): a line that fits is its own UTF-8 bytes."""
    return b"\r\n".join(_line(line) for line in component.content_lines() if line) + b"\r\n"


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
    write = vevent_writer(snap, page_url)

    def vevent(e) -> bytes:
        if e.id not in done:
            done[e.id] = write(e)
        return done[e.id]

    out = []
    for events in calendars:
        events = list(events)
        vtz = _vtimezone_bytes(plan, [t for e in events for t in (e.starts, e.ends)])
        out.append(b"".join([head, vtz, *(vevent(e) for e in sorted(events, key=lambda e: (e.starts, e.id))), _END]))
    return out
