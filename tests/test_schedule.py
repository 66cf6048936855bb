"""`make schedule` exactly as design.md section 6 says; other tools parse it."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from campaign.source import plan as plan_mod
from campaign.release.snapshot import Snapshot
from campaign.release.changes import change_instants
from campaign.commands import schedule
from campaign.source.times import parse_instant
from conftest import ROOT

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def _plan(project):
    a = project.article("launch", "The campaign launches today", "2026-09-07 08:00")
    b = project.article("b-blog", "A blog about the summer", "2027-03-28 09:00", kind="blog", folder="blog",
                        extra='until: "2027-04-01 09:00"')
    project.plan(a + b)
    return plan_mod.load(project.path)


def test_json_shape_and_order(project):
    plan = _plan(project)
    snap = Snapshot(plan, parse_instant("2027-03-29", plan.tz))
    data = json.loads(schedule.as_json(snap))
    assert data == [
        {"id": "launch", "kind": "article", "title": "The campaign launches today", "url": "articles/launch/",
         "source": "docs/articles/launch.md", "release": "2026-09-07T08:00:00+01:00", "until": None,
         "status": "live"},
        {"id": "b-blog", "kind": "blog", "title": "A blog about the summer", "url": "blog/b-blog/",
         "source": "docs/blog/b-blog.md", "release": "2027-03-28T09:00:00+01:00",
         "until": "2027-04-01T09:00:00+01:00", "status": "live"},
    ]


def test_change_instants_include_month_boundaries_and_takedowns(project):
    plan = _plan(project)
    got = {t.astimezone(plan.tz).strftime("%Y-%m-%d %H:%M") for t in change_instants(plan)}
    assert {"2026-09-07 08:00", "2027-03-28 09:00", "2027-04-01 09:00", "2026-10-01 00:00", "2027-12-01 00:00"} <= got


def _fresh_copy(dest: Path) -> Path:
    """The files a fresh clone would have: tracked and untracked-but-not-ignored, nothing else."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.mark.build
def test_fresh_clone_schedule_json_is_only_json(tmp_path):
    """The first `make schedule FORMAT=json` of a fresh clone creates .venv and still prints only JSON."""
    repo = _fresh_copy(tmp_path / "clone")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL")}
    env["CAMPAIGN_NOW"] = "2026-12-01 12:00"
    out = subprocess.run(["make", "schedule", "FORMAT=json"], cwd=repo, env=env, capture_output=True, timeout=900)
    assert out.returncode == 0, out.stderr.decode()[-3000:]
    data = json.loads(out.stdout)
    plan = plan_mod.load(ROOT)
    assert [d["id"] for d in data] == [r.id for r in plan.releases]
    for d in data:
        assert set(d) == {"id", "kind", "title", "url", "source", "release", "until", "status"}
        assert STAMP.match(d["release"]) and (d["until"] is None or STAMP.match(d["until"]))
        assert d["status"] in ("live", "embargoed", "expired", "held")
    keys = [(parse_instant(d["release"], plan.tz), d["id"]) for d in data]
    assert keys == sorted(keys)
    # The same clone's table and ics outputs are clean too.
    table = subprocess.run(["make", "schedule"], cwd=repo, env=env, capture_output=True, timeout=300)
    assert table.returncode == 0 and b"Next change instants" in table.stdout
    ics = subprocess.run(["make", "schedule", "FORMAT=ics"], cwd=repo, env=env, capture_output=True, timeout=300)
    assert ics.returncode == 0 and ics.stdout.startswith(b"BEGIN:VCALENDAR")
    assert ics.stdout.count(b"BEGIN:VEVENT") == len(data)
    assert not (repo / "site").exists()


# --- the printed timer lines work as printed ------------------------------------------------------------

import subprocess as sp
import sys

from crontab import CronTab


def _table(project, now: str, dest: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DEST", "CAMPAIGN_NOW")}
    env.update(PYTHONPATH=str(ROOT / "hooks"), CAMPAIGN_NOW=now, **({"DEST": dest} if dest else {}))
    done = sp.run([sys.executable, "-m", "campaign", "--root", ".", "schedule"], cwd=project.path, env=env,
                  capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _block(table: str, title: str) -> list[str]:
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title)) + 1
    out = []
    for line in lines[start:]:
        if not line.strip():
            break
        out.append(line)
    return out


def test_printed_cron_line_is_absolute_frequent_and_names_no_campaigns_folder(project):
    _plan(project)
    table = _table(project, "2026-09-01", None)
    assert "make -C ." not in table and "/srv/www/spot-it" not in table
    [line] = [l for l in _block(table, "cron") if not l.startswith("#")]
    job = next(iter(CronTab(tab=line)))
    assert job.is_valid() and str(job.slices) == "*/5 * * * *"  # no day and month fields that repeat yearly
    cmd = job.command
    # The engine's folder (the Makefile's), and this campaign's folder as ROOT=, both absolute.
    assert f"-C {ROOT} publish ROOT={project.path.resolve()} DEST=" in cmd and cmd.split()[0].startswith("/")


def test_printed_systemd_lines_fire_once_at_full_dates(project):
    _plan(project)
    table = _table(project, "2026-09-01", "www/site")
    dest = str((project.path / "www/site").resolve())
    timer = _block(table, "systemd")
    exec_start = [l for l in timer if l.startswith("ExecStart=")]
    assert exec_start == [f"ExecStart={shutil.which('make')} -C {ROOT} publish ROOT={project.path.resolve()} "
                          f"DEST={dest}"]
    once = [l.removeprefix("OnCalendar=") for l in timer if l.startswith("OnCalendar=") and "*" not in l]
    assert once and all(re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} Europe/London$", v) for v in once), once
    assert "OnCalendar=*:0/5" in timer  # the catch-all for instants past the ones listed
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here")
    for value in once:
        base = (datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S") - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
        out = sp.run(["systemd-analyze", "calendar", "--iterations=3", f"--base-time={base} UTC", value],
                     capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert f"Normalized form: {value}" in out.stdout
        assert "Next elapse:" in out.stdout and "Iter. #2" not in out.stdout, out.stdout  # fires once


def test_the_printed_cron_command_publishes_from_anywhere(project):
    """Run the cron line's command as cron would: from / with cron's PATH, nothing else set up."""
    _plan(project)
    table = _table(project, "2026-09-08", str(project.path / "www/site"))
    [line] = [l for l in _block(table, "cron") if not l.startswith("#")]
    cmd = next(iter(CronTab(tab=line))).command
    env = {"PATH": "/usr/bin:/bin", "HOME": str(project.path), "SHELL": "/bin/sh", "CAMPAIGN_NOW": "2026-09-08"}
    done = sp.run(["/bin/sh", "-c", cmd], cwd="/", env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (project.path / "www/site/articles/launch/index.html").is_file()
    again = sp.run(["/bin/sh", "-c", cmd], cwd="/", env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "unchanged" in again.stderr  # a frequent timer changes nothing in between


def test_ics_says_on_stderr_that_it_holds_embargoed_titles(project):
    _plan(project)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), CAMPAIGN_NOW="2026-09-08")
    done = sp.run([sys.executable, "-m", "campaign", "--root", str(project.path), "schedule", "--format", "ics"],
                  env=env, capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith(b"BEGIN:VCALENDAR")
    assert b"A blog about the summer" in done.stdout  # embargoed at this instant, and in the calendar
    err = done.stderr.decode()
    assert "1 not live yet" in err and "never share or publish it" in err, err
    assert "FORMAT=ics" in (ROOT / "README.md").read_text() and "never share" in (ROOT / "README.md").read_text()


def test_a_dated_systemd_line_in_the_hour_the_clocks_repeat_fires_just_after_its_instant(project):
    """A take-down at 01:30 GMT on the night the clocks go back (the second 01:30 in London) was printed as
    'OnCalendar=2026-10-25 01:31:00 Europe/London': systemd takes the first 01:31 (BST), an hour before the
    take-down, so the line meant to publish it did nothing. A local time that happens twice is printed in UTC;
    every dated line fires one minute after its instant (systemd-analyze, from the schedule's now)."""
    a = project.article("launch", "The campaign launches today", "2026-09-07 08:00")
    b = project.article("b-blog", "A blog about the clocks", "2026-10-25 01:10+01:00", kind="blog", folder="blog",
                        extra='until: "2026-10-25 01:30+00:00"')
    project.plan(a + b)
    table = _table(project, "2026-10-20", None)
    plan = plan_mod.load(project.path)
    instants = sorted(t for t in change_instants(plan) if t > parse_instant("2026-10-20", plan.tz))[:10]
    once = [l.removeprefix("OnCalendar=") for l in _block(table, "systemd")
            if l.startswith("OnCalendar=") and "*" not in l]
    assert len(once) == len(instants) and "2026-10-25 01:31:00 Europe/London" not in once, once
    assert "2026-10-25 01:31:00 UTC" in once, once
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here")
    for value, instant in zip(once, instants):
        out = sp.run(["systemd-analyze", "calendar", "--base-time=2026-10-20 00:00:00 UTC", value],
                     capture_output=True, text=True, env={**os.environ, "TZ": "UTC"})
        assert out.returncode == 0, out.stderr
        elapse = re.search(r"Next elapse: \w+ (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) UTC", out.stdout).group(1)
        expected = (instant + schedule.REBUILD_DELAY).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        assert elapse == expected, (value, out.stdout)


def test_the_schedule_calendar_s_entries_last_30_minutes_across_a_clock_change(project):
    """Each release is a 30-minute entry in `make schedule FORMAT=ics`: its end was the local time plus 30
    minutes, 90 minutes after a release at 01:45 BST on the night the clocks go back (and that end, 02:15, or
    one inside the repeated hour, is read as the first of the two)."""
    from icalendar import Calendar

    a = project.article("launch", "The campaign launches today", "2026-09-07 08:00")
    b = project.article("b-blog", "A blog about the clocks", "2026-10-25 01:45+01:00", kind="blog", folder="blog")
    c = project.article("c-blog", "A blog in spring", "2027-03-28 00:45+00:00", kind="blog", folder="blog")
    project.plan(a + b + c)
    env = {k: v for k, v in os.environ.items() if k != "CAMPAIGN_NOW"}
    env.update(PYTHONPATH=str(ROOT / "hooks"), CAMPAIGN_NOW="2026-10-20")
    done = sp.run([sys.executable, "-m", "campaign", "--root", ".", "schedule", "--format", "ics"], cwd=project.path,
                  env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    events = Calendar.from_ical(done.stdout).walk("VEVENT")
    assert len(events) == 3
    for ev in events:  # a DURATION of hours and minutes is exact time (RFC 5545 3.3.6): added in UTC
        start = ev.decoded("dtstart").astimezone(timezone.utc)
        end = ev.decoded("dtend").astimezone(timezone.utc) if "DTEND" in ev else start + ev.decoded("duration")
        assert end - start == timedelta(minutes=30), ev["summary"]
