"""`make schedule`: the release table, the next change instants (with cron and systemd-timer lines),
and the same data as JSON (design.md section 6, exact) or as an iCalendar file for Outlook."""
from __future__ import annotations

import json
import shlex
from datetime import datetime, timedelta, timezone

from ..release.changes import next_changes
from ..release.snapshot import Snapshot
from ..source.ids import guid_of, prodid
from ..source.plan import Plan, schedule_source, url_of
from ..source.times import fmt

REBUILD_DELAY = timedelta(minutes=1)


def rows(snap: Snapshot) -> list[dict]:
    tz = snap.plan.tz
    return [{
        "id": r.id,
        "kind": r.kind,
        "title": r.title,
        "url": url_of(r),
        "source": schedule_source(r),
        "release": fmt(r.release, tz),
        "until": fmt(r.until, tz) if r.until else None,
        "status": snap.statuses[r.id].value,
    } for r in snap.plan.releases]


def as_json(snap: Snapshot) -> str:
    return json.dumps(rows(snap), ensure_ascii=False, indent=2) + "\n"


def as_table(snap: Snapshot, limit: int = 10, command: str | None = None) -> str:
    """The release table, the next change instants and timer lines that run `command` (default: make
    publish in the campaign's folder)."""
    data = rows(snap)
    cols = ("id", "kind", "title", "release", "until", "status")
    widths = {c: min(max([len(c)] + [len(str(d[c] or "-")) for d in data]), 48) for c in cols}

    def line(values):
        return "  ".join(str(v or "-")[: widths[c]].ljust(widths[c]) for c, v in zip(cols, values)).rstrip()

    out = [f"Campaign schedule as of {fmt(snap.now, snap.plan.tz)} ({snap.plan.tz})", "",
           line(cols), line(["-" * widths[c] for c in cols])]
    out += [line([d[c] for c in cols]) for d in data]
    held = [d["id"] for d in data if d["status"] == "held"]
    if held:
        out += ["", f"Held (waiting for approved_by, never published): {', '.join(held)}"]
    upcoming = next_changes(snap.plan, snap.now, limit)
    out += ["", f"Next change instants ({len(upcoming)} shown): rebuild just after each"]
    cmd = command or f"make -C {shlex.quote(str(snap.plan.root))} publish DEST=/srv/www/site"
    tzname = str(snap.plan.tz)
    cron, timers = [], []
    for t in upcoming:
        local = (t + REBUILD_DELAY).astimezone(snap.plan.tz)
        out.append(f"  {fmt(t, snap.plan.tz)}")
        cron.append(f"{local.minute} {local.hour} {local.day} {local.month} * {cmd}")
        timers.append(f"OnCalendar={local:%Y-%m-%d %H:%M:%S} {tzname}")
    if upcoming:
        out += ["", "cron (crontab -e):", f"CRON_TZ={tzname}", *cron,
                "", "systemd timer ([Timer] section; add Persistent=true):", *timers]
    else:
        out += ["  (none: nothing more changes)"]
    return "\n".join(out) + "\n"


def as_ics(snap: Snapshot) -> bytes:
    from icalendar import Event

    from ..render.ical import new_calendar

    tz = snap.plan.tz
    cal = new_calendar(snap.plan, prodid(snap.plan, "release schedule"),
                       f"{snap.plan.campaign.title}: release schedule",
                       [r.release + timedelta(minutes=30) for r in snap.plan.releases])
    stamp = datetime.fromtimestamp(snap.source_date_epoch, timezone.utc)
    for r, d in zip(snap.plan.releases, rows(snap)):
        ev = Event()
        ev.add("uid", guid_of(snap.plan, r))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", r.release.astimezone(tz))
        ev.add("dtend", r.release.astimezone(tz) + timedelta(minutes=30))
        ev.add("summary", f"[{r.kind}] {r.title}")
        ev.add("description", f"Status: {d['status']}. Source: {d['source'] or '-'}. Page: {d['url'] or '-'}")
        cal.add_component(ev)
    return cal.to_ical()
