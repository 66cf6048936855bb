"""Training and events: the page listing announced events, and the calendar files beside it.

An event is shown while it is live (`release <= now < until`): upcoming (or happening now) until it
ends, then under "Past events" on the same page; `until` removes it entirely. Its end is a change
instant (release/changes.py), so the site is rebuilt when it moves to the past.
"""
from __future__ import annotations

import re
from datetime import datetime
from html import escape

from ..release.snapshot import Snapshot
from ..source.links import rel_url
from ..source.plan import outputs_of
from . import ical
from .common import GeneratedPage, chunks, listing_src, listing_url, paragraphs, theme_url
from .common import pager_nav as _pager

EVENTS_URL = "events/"
CALENDAR_URL = "events/events.ics"
_URL = re.compile(r"https?://[^\s<>\"']+")


def add_url(event) -> str:
    """The event's own "add to calendar" file; plan.outputs_of names it, so the audit knows it too."""
    return outputs_of(event)[0]


def announced(snap: Snapshot) -> list:
    return [r for r in snap.live if r.kind == "event"]


def upcoming(snap: Snapshot) -> list:
    """Announced events that have not ended (including any happening now), soonest first."""
    return sorted((e for e in announced(snap) if snap.now < e.ends), key=lambda e: (e.starts, e.id))


def past(snap: Snapshot) -> list:
    """Announced events that have ended, most recent first."""
    return sorted((e for e in announced(snap) if e.ends <= snap.now), key=lambda e: (e.ends, e.id), reverse=True)


def when(snap: Snapshot, event) -> str:
    """'Thursday 29 October 2026, 10:00 to 11:30 (GMT)' in the plan's timezone, naming GMT/BST so the
    clock change is never a surprise."""
    tz = snap.plan.tz
    start, end = event.starts.astimezone(tz), event.ends.astimezone(tz)

    def day(t: datetime) -> str:
        return f"{t:%A} {t.day} {t:%B %Y}"

    def clock(t: datetime) -> str:
        return f"{t:%H:%M} ({t.tzname()})"

    if start.date() == end.date():
        if start.tzname() == end.tzname():
            return f"{day(start)}, {start:%H:%M} to {end:%H:%M} ({end.tzname()})"
        return f"{day(start)}, {clock(start)} to {clock(end)}"
    return f"{day(start)}, {clock(start)} to {day(end)}, {clock(end)}"


def _time_tag(snap: Snapshot, event) -> str:
    start = event.starts.astimezone(snap.plan.tz)
    iso = start.isoformat(timespec="minutes")
    return f'<time datetime="{iso}">{escape(when(snap, event))}</time>'


def _zone_words(snap: Snapshot) -> str:
    name = str(snap.plan.tz)
    return "UK time (GMT or BST)" if name == "Europe/London" else f"{name} time"


def linkify(text: str) -> str:
    """Escape text and turn web addresses in it into links (booking text often holds one)."""
    out, last = [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:)")
        end = m.start() + len(url)
        out += [escape(text[last:m.start()]), f'<a href="{escape(url)}">{escape(url)}</a>']
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _card(snap: Snapshot, event, base: str, is_past: bool) -> str:
    theme = snap.plan.theme_by_id.get(event.theme) if event.theme else None
    rows = [("When", _time_tag(snap, event)), ("Who it is for", escape(event.audience))]
    rows.append(("Where", escape(event.place) if event.place else "Online"))
    if not is_past:  # joining and booking details are no use once it has ended
        if event.joining:
            rows.append(("How to join online", linkify(event.joining)))
        rows.append(("How to book", linkify(event.booking)))
    if theme:
        rows.append(("Theme", f'<a href="{rel_url(theme_url(theme.id), base)}">{escape(theme.title)}</a>'))
    status = ""
    if not is_past and event.starts <= snap.now:
        status = '<p class="campaign-event__status"><strong>Happening now.</strong></p>\n'
    summary = f"<p>{escape(event.summary)}</p>\n" if event.summary else ""
    details = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    add = "" if is_past else (f'<p><a class="md-button" href="{rel_url(add_url(event), base)}" download '
                              f'aria-label="Add to calendar: {escape(event.title)}">Add to calendar</a></p>\n')
    return (f'<section class="campaign-event" id="{event.id}" aria-labelledby="{event.id}-title">\n'
            f'<h3 id="{event.id}-title">{escape(event.title)}</h3>\n{status}{summary}'
            f'<dl class="campaign-event__details">\n{details}\n</dl>\n{add}</section>')


def _rows(snap: Snapshot) -> list[tuple]:
    """(event, is_past): upcoming events soonest first, then past ones latest first."""
    return [(e, False) for e in upcoming(snap)] + [(e, True) for e in past(snap)]


def events_pages(snap: Snapshot) -> list[GeneratedPage]:
    """Upcoming events (soonest first), then past ones (latest first), 20 a page (an event's card with its
    details is about 1.1 KB): events/, then events/page/N/."""
    parts = chunks(_rows(snap), 20)
    return [events_page(snap, chunk, n, len(parts)) for n, chunk in enumerate(parts, 1)]


def events_page(snap: Snapshot, rows: list | None = None, page: int = 1, pages: int = 1) -> GeneratedPage:
    base = listing_url(EVENTS_URL, page)
    rows = _rows(snap) if rows is None else rows
    soon = [e for e, is_past in rows if not is_past]
    done = [e for e, is_past in rows if is_past]
    texts = snap.plan.texts
    title = texts.events_title if page == 1 else f"{texts.events_title}, page {page}"
    pager = _pager(page, pages, base, EVENTS_URL, texts.events_title)
    parts = [f"# {escape(title)}"]
    if page == 1:
        parts += [
            paragraphs(texts.events_intro),
            f"<p>All times are {_zone_words(snap)}, as shown beside each time.</p>",
            f'<p><a href="{rel_url(CALENDAR_URL, base)}">Add every event to your calendar</a> '
            "(an iCalendar file that Outlook and other calendar apps can open).</p>"]
    if pager:
        parts.append(pager)
    if page == 1 or soon:
        parts.append('<h2 id="upcoming">Upcoming events</h2>')
        if soon:
            parts += [_card(snap, e, base, False) for e in soon]
        else:
            parts.append("<p>No events are announced at the moment. New sessions appear here as they are "
                         "announced.</p>")
    if done:
        parts.append('<h2 id="past">Past events</h2>')
        parts += [_card(snap, e, base, True) for e in done]
    if pager:
        parts.append(pager)
    return GeneratedPage(listing_src("events/index.md", EVENTS_URL, page), base, title, "\n\n".join(p for p in parts if p) + "\n")


def calendar_files(snap: Snapshot, site_url: str) -> list[tuple[str, bytes]]:
    """(site path, bytes): the calendar of every announced event, and one file per upcoming event."""
    page = site_url.rstrip("/") + "/" + EVENTS_URL
    soon = upcoming(snap)
    cals = ical.events_calendars(snap, [announced(snap), *([e] for e in soon)], page)
    return [(CALENDAR_URL, cals[0]), *((add_url(e), cal) for e, cal in zip(soon, cals[1:]))]
