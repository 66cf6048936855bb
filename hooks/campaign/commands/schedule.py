"""`make schedule`: the release table, the next change instants (with cron and systemd-timer lines),
and the same data as JSON (design.md section 6, exact) or as an iCalendar file for Outlook."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

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


DEST_PLACEHOLDER = "/path/to/the/served/folder"
CATCH_ALL = "*:0/5"  # systemd's every five minutes; cron's is */5


def _sh(word: str) -> str:
    return shlex.quote(word)


def _unit(word: str) -> str:
    """A word for a systemd unit file: '%' starts a specifier, spaces need quotes."""
    word = word.replace("%", "%%")
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"' if re.search(r'[\s"\\;]', word) else word


def publish_command(root: Path, dest: str | None, engine: Path | None = None, make: str | None = None) -> list[str]:
    """`make -C <engine> publish [ROOT=<campaign>] DEST=<folder>` with absolute paths: a timer runs it from
    anywhere. ROOT= only when the campaign is not the engine's own folder."""
    make = make or shutil.which("make") or "/usr/bin/make"
    root = Path(root).resolve()
    engine = (engine or root).resolve()
    folder = os.path.abspath(root / dest) if dest else DEST_PLACEHOLDER
    return [make, "-C", str(engine), "publish", *([f"ROOT={root}"] if root != engine else []), f"DEST={folder}"]


def on_calendar(instant: datetime, tz) -> str:
    """A systemd calendar time for one instant: wall-clock time in the plan's timezone, or in UTC when that
    local time happens twice (the night the clocks go back: systemd takes the first, maybe an hour early)."""
    local = instant.astimezone(tz)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return f"{instant.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC"
    return f"{local:%Y-%m-%d %H:%M:%S} {tz}"


def as_table(snap: Snapshot, limit: int = 10, dest: str | None = None, engine: Path | None = None) -> str:
    """The release table, the next change instants and timer lines that run make publish for this
    campaign (DEST as given, else a placeholder to replace)."""
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
    out += ["", f"Next change instants ({len(upcoming)} shown): publish just after each"]
    out += [f"  {fmt(t, snap.plan.tz)}" for t in upcoming] or ["  (none: nothing more changes)"]
    cmd = publish_command(snap.plan.root, dest, engine)
    # Lines that work as printed: absolute paths, and forms that never repeat a past instant. cron cannot
    # name a year, so it runs often instead: a publish with nothing new leaves DEST as it is.
    out += ["", "cron (crontab -e): every 5 minutes; a run with nothing new leaves DEST untouched",
            *([f"# make schedule DEST=... fills in DEST (now {DEST_PLACEHOLDER})"] if not dest else []),
            "*/5 * * * * " + " ".join(_sh(w) for w in cmd).replace("%", "\\%")]
    out += ["", "systemd (a oneshot .service with this ExecStart=, and a .timer with these lines under [Timer]; "
            "each dated line fires once, the last catches every later instant; run make schedule again after "
            "changing the plan):",
            "ExecStart=" + " ".join(_unit(w) for w in cmd),
            *(f"OnCalendar={on_calendar(t + REBUILD_DELAY, snap.plan.tz)}" for t in upcoming),
            f"OnCalendar={CATCH_ALL}", "Persistent=true", "AccuracySec=1s"]
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
        # A length, not an end: local time plus 30 minutes is an hour off across a clock change, and an end in
        # the hour the clocks repeat would name the first of the two.
        ev.add("duration", timedelta(minutes=30))
        ev.add("summary", f"[{r.kind}] {r.title}")
        ev.add("description", f"Status: {d['status']}. Source: {d['source'] or '-'}. Page: {d['url'] or '-'}")
        cal.add_component(ev)
    return cal.to_ical()


def ics_notice(snap: Snapshot) -> str:
    """For stderr: the calendar names every item, live or not, so it must not travel."""
    hidden = sum(1 for d in rows(snap) if d["status"] in ("embargoed", "held"))
    return (f"make schedule FORMAT=ics: this calendar lists every release by title, {hidden} not live yet "
            "(embargoed or held): it is for your own calendar; never share or publish it")
