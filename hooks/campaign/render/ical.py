"""iCalendar (RFC 5545) output, as the icalendar library writes it (which also escapes text as the RFC says).

One VTIMEZONE helper serves both the events calendar and `make schedule FORMAT=ics`: times are written
as local wall-clock times with TZID=<plan timezone>, so Outlook shows 10:00 on both sides of a clock
change. DTSTAMP comes from the last change instant (SOURCE_DATE_EPOCH), never the build machine's clock.

A build writes the events calendars line by line (`events_calendars`): the calendar's head and each VEVENT
are the bytes icalendar gives for them (tests/test_events_signs.py compares the two on random texts, times
and timezones), and the VTIMEZONE (with the TZID parameter icalendar writes for the zone) comes from icalendar,
kept between builds under a digest of everything it is made from (`zone`): a build whose zone and range were
written before neither imports icalendar nor walks the tz database. `make schedule` builds icalendar objects.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from ..release.snapshot import Snapshot
from ..source import plancache
from ..source.ids import prodid, uid_of
from ..source.plan import Plan


@lru_cache(maxsize=8)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    # Building the observances walks the tz database: cache the bytes (schedule.as_ics parses a copy).
    from icalendar import Timezone

    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


def _range(plan: Plan, times=()) -> tuple[date, date]:
    """The dates a VTIMEZONE covers: the campaign and `times`, a year either side. Callers pass only the times
    they publish, so the covered range never hints at an event not yet announced."""
    times = [plan.campaign.starts, plan.last_instant, *times]
    local = [t.astimezone(plan.tz).date() for t in times]
    return min(local) - timedelta(days=366), max(local) + timedelta(days=366)


def _vtimezone_bytes(plan: Plan, times=()) -> bytes:
    """The plan timezone's VTIMEZONE, covering the campaign and `times` a year either side."""
    return _vtimezone(str(plan.tz), *_range(plan, times))


def vtimezone(plan: Plan, times=()):
    from icalendar import Timezone

    return Timezone.from_ical(_vtimezone_bytes(plan, times))


def stamp(snap: Snapshot) -> datetime:
    return datetime.fromtimestamp(snap.source_date_epoch, timezone.utc)


def _head(plan: Plan, prodid: str, name: str):
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(plan.tz))
    return cal


def new_calendar(plan: Plan, prodid: str, name: str, times=()):
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


def event_component(snap: Snapshot, event, page_url: str):
    from icalendar import Event

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


# The head and each VEVENT written directly, line by line: the bytes `_to_ical` gives for icalendar's objects
# (icalendar spends about 0.2 ms on each event, most of it building property and parameter objects).

def _text(value: str) -> str:
    """An iCalendar TEXT value as icalendar escapes it (RFC 5545 3.3.11; the order matters)."""
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _time(when: datetime) -> str:
    return f"{when.year:04}{when.month:02}{when.day:02}T{when.hour:02}{when.minute:02}{when.second:02}"


_PROBE = datetime(2001, 2, 3, 4, 5, 6)


def _ask_tz_param(tzid: str) -> str | None:
    """What icalendar writes between DTSTART and the local time of a datetime in the zone (";TZID=Europe/London"):
    the same for every time of a zoneinfo zone. None where it writes such times another way (UTC: a Z suffix)."""
    from icalendar import Event

    ev = Event()
    ev.add("dtstart", _PROBE.replace(tzinfo=ZoneInfo(tzid)))
    lines = [str(line) for line in ev.content_lines() if line.startswith("DTSTART")]
    value = ":" + _time(_PROBE)
    if len(lines) != 1 or not lines[0].startswith("DTSTART;") or not lines[0].endswith(value):
        return None
    return lines[0][len("DTSTART"):-len(value)]


def fold_line(line: str) -> str:
    """icalendar's folding (RFC 5545 3.1: under 75 octets a line, continued after CRLF and a space, never
    inside a character's UTF-8 bytes, and a backslash or caret that would end a line starts the next)."""
    folded, current, octets = [], [], 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and octets + size >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                folded.append("".join(current))
                current, octets = [carried], len(carried.encode("utf-8"))
            else:
                folded.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


def _line(line: str) -> bytes:
    """One content line as icalendar writes it: its UTF-8 bytes, folded when over 74 octets."""
    data = line.encode("utf-8")
    if len(data) < 75:
        return data
    return fold_ascii(line).encode("ascii") if len(data) == len(line) else fold_line(line).encode("utf-8")


def _lines(lines) -> bytes:
    return b"\r\n".join(map(_line, lines)) + b"\r\n"


def _head_bytes(plan: Plan, prodid: str, name: str) -> bytes:
    """The VCALENDAR's first lines as icalendar writes `_head(...)`: its own order (VERSION, PRODID, CALSCALE,
    METHOD), then the other properties by name; X- properties verbatim (icalendar's UNKNOWN type). Texts with a
    line break go through icalendar (which refuses a line break in an X- property)."""
    if any(c in text for text in (prodid, name, str(plan.tz)) for c in "\r\n"):
        return _to_ical(_head(plan, prodid, name)).removesuffix(_END)
    return _lines(("BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_text(prodid)}", "CALSCALE:GREGORIAN",
                   "METHOD:PUBLISH", f"X-WR-CALNAME:{name}", f"X-WR-TIMEZONE:{plan.tz}"))


def _vevent(snap: Snapshot, event, page_url: str, tzparam: str, stamped: str) -> bytes:
    tz = snap.plan.tz
    modified = (event.updated or event.release).astimezone(timezone.utc)
    return _lines((
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
        f"URL:{page_url}#{event.id}",
        "END:VEVENT",
    ))


def vevent_writer(snap: Snapshot, page_url: str, tzparam: str | None):
    """A function giving each event's VEVENT as icalendar writes it (`_to_ical(event_component(...))`): line by
    line with the zone's TZID parameter (`zone`), or through icalendar for a zone it writes another way (no
    `tzparam`) or an address with a line break (which icalendar refuses)."""
    if tzparam is None or "\r" in page_url or "\n" in page_url:
        return lambda event: _to_ical(event_component(snap, event, page_url))
    stamped = _time(stamp(snap)) + "Z"
    return lambda event: _vevent(snap, event, page_url, tzparam, stamped)


_END = b"END:VCALENDAR\r\n"


def _to_ical(component) -> bytes:
    """component.to_ical(), but only lines over 74 octets are folded, and an ASCII line by `fold_ascii`
    (icalendar's folding walks every character): a line that fits is its own UTF-8 bytes."""
    return _lines(line for line in component.content_lines() if line)


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


# --- zones kept between builds ---------------------------------------------------------------------------
# A zone's VTIMEZONE over a range, and its TZID parameter, are what icalendar makes of the tz database's file
# for that zone: kept in memory and, once a build that used them has succeeded (`keep`), in the project's
# .cache/campaign/calendar-zones.json, under a digest of every input: the zone's name and the range, the bytes
# of the tz file zoneinfo reads for it, icalendar's installed files (the bytes of its RECORD, which lists each
# file with its hash), this module's code and the Python version (zoneinfo). Never a time.

ZONES_FILE = "calendar-zones.json"
_ZONES_FORMAT = 1
_zones: dict[str, str | None] = {}  # digest -> VTIMEZONE text, or TZID parameter (None: icalendar writes Z)
_read: set[str] = set()  # projects whose zones file was read
_used: dict[str, dict] = {}  # project -> the entries its builds used since the last `keep`
_library: list = []  # [digest of icalendar's RECORD, or None when it cannot be found]


def _icalendar_files() -> bytes | None:
    """The bytes of icalendar's RECORD (every installed file with its sha256), found without importing it."""
    if not _library:
        record = None
        try:
            spec = importlib.util.find_spec("icalendar")
            if spec is not None and spec.origin:
                site = Path(spec.origin).parent.parent
                found = sorted(site.glob("icalendar-*.dist-info/RECORD"))
                record = found[0].read_bytes() if len(found) == 1 else None
        except (ImportError, OSError, ValueError):
            record = None
        _library.append(record)
    return _library[0]


@lru_cache(maxsize=1)
def _code() -> bytes:
    return Path(__file__).read_bytes()


def _zone_key(what: str, tzid: str, first: date | None = None, last: date | None = None) -> str | None:
    """The digest an entry is kept under, or None when an input cannot be read (then nothing is kept)."""
    library = _icalendar_files()
    path = plancache.tz_file(tzid)
    tzbytes = plancache.file_bytes(path) if path else None
    if library is None or tzbytes is None:
        return None
    h = hashlib.blake2b(digest_size=20)
    h.update(json.dumps([_ZONES_FORMAT, what, tzid, str(first), str(last), sys.version]).encode())
    for part in (tzbytes, library, _code()):
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


def _zones_path(root: Path) -> Path:
    return root / plancache.CACHE_DIR / ZONES_FILE


def _load(root: Path) -> None:
    where = str(root.resolve())
    if where in _read:
        return
    _read.add(where)
    try:
        data = json.loads(_zones_path(root).read_bytes())
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("format") == _ZONES_FORMAT and isinstance(data.get("entries"), dict):
        for k, v in data["entries"].items():
            if isinstance(k, str) and (v is None or isinstance(v, str)):
                _zones.setdefault(k, v)


def _kept(root: Path, key: str | None, make):
    """The entry under `key` (from memory or the project's file), else `make()`, kept for `keep`."""
    if key is None:
        return make()
    _load(root)
    if key not in _zones:
        _zones[key] = make()
    _used.setdefault(str(root.resolve()), {})[key] = _zones[key]
    return _zones[key]


def zone(plan: Plan, times=()) -> tuple[bytes, str | None]:
    """The plan timezone's VTIMEZONE (covering the campaign and `times` a year either side) and the TZID
    parameter icalendar writes for it (None: it writes such times another way, or the zone is not zoneinfo's)."""
    tzid = str(plan.tz)
    first, last = _range(plan, times)
    vtz = _kept(plan.root, _zone_key("vtimezone", tzid, first, last),
                lambda: _vtimezone(tzid, first, last).decode("utf-8"))
    param = (_kept(plan.root, _zone_key("tzparam", tzid), lambda: _ask_tz_param(tzid))
             if isinstance(plan.tz, ZoneInfo) else None)
    return vtz.encode("utf-8"), param


def keep(root: Path) -> None:
    """Write the zones the builds since the last `keep` used to the project's cache folder: called once a
    build has succeeded (not a preview), with the other caches."""
    used = _used.pop(str(Path(root).resolve()), None)
    if not used:
        return
    try:
        old = json.loads(_zones_path(root).read_bytes())
    except (OSError, ValueError):
        old = None
    data = {"format": _ZONES_FORMAT, "entries": dict(sorted(used.items()))}
    if old == data:
        return
    try:
        plancache.write_file(_zones_path(root), json.dumps(data, indent=0).encode("utf-8"))
    except OSError:
        pass  # a read-only project: the next build asks icalendar again


def forget() -> None:
    """Drop the zones kept in memory (the files stay): tests."""
    _zones.clear()
    _read.clear()
    _used.clear()


def events_calendars(snap: Snapshot, calendars: list, page_url: str) -> list[bytes]:
    """A VCALENDAR of each given list of (announced) events, soonest first.

    The bytes are what Calendar.to_ical() writes for the calendar with its VTIMEZONE and VEVENTs
    (a component's lines are its own lines, then each subcomponent's, then END), but each part is
    written once, line by line (see above), and the zone comes from `zone`."""
    plan = snap.plan
    what = plan.texts.events_title.lower()
    head = _head_bytes(plan, prodid(plan, what), f"{plan.campaign.title}: {what}")
    done: dict = {}
    write = None

    def vevent(e) -> bytes:
        if e.id not in done:
            done[e.id] = write(e)
        return done[e.id]

    out = []
    for events in calendars:
        events = list(events)
        vtz, tzparam = zone(plan, [t for e in events for t in (e.starts, e.ends)])
        if write is None:
            write = vevent_writer(snap, page_url, tzparam)
        out.append(b"".join([head, vtz, *(vevent(e) for e in sorted(events, key=lambda e: (e.starts, e.id))), _END]))
    return out
