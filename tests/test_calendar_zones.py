"""The events calendars are written line by line as icalendar writes them (render/ical.py), and the zone
(VTIMEZONE and TZID parameter) is kept between builds under a digest of every input icalendar makes it from:
the zone's tz file bytes, icalendar's installed files, the module's code, the range. Never a time."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.render import ical
from campaign.source import plancache
from conftest import ROOT, Project

_VTIMEZONE = ical._vtimezone.__wrapped__  # icalendar's VTIMEZONE of a zone over a range, not kept anywhere
_TEXT = st.lists(st.sampled_from(list("ab Zé€😀,;:\\^\"=-.\r\n\t") + ["\\N", "\\n", "\r\n", "ab" * 30]),
                 max_size=40).map("".join)


@settings(max_examples=200)
@given(prodid=_TEXT, name=_TEXT, zone=st.sampled_from(["Europe/London", "America/New_York", "UTC", "Etc/GMT+5"]))
def test_the_head_is_what_icalendar_writes(prodid, name, zone):
    plan = SimpleNamespace(tz=ZoneInfo(zone))
    try:
        expected = ical._to_ical(ical._head(plan, prodid, name)).removesuffix(ical._END)
    except AssertionError:  # icalendar refuses a line break in an X- property: so does the head
        with pytest.raises(AssertionError):
            ical._head_bytes(plan, prodid, name)
        return
    assert ical._head_bytes(plan, prodid, name) == expected


@settings(max_examples=400)
@given(st.lists(st.sampled_from(list("ab ,;\\^é€😀") + ["\\n", "ab" * 20, "é" * 30]), min_size=1, max_size=60)
       .map(lambda parts: "DESCRIPTION:" + "".join(parts)))
def test_lines_fold_as_icalendar_folds_them(line):
    """Any line, non-ASCII ones too (never inside a character's bytes; an escape is not split)."""
    from icalendar.parser import Contentline

    assert ical._line(line) == Contentline(line).to_ical()


def _plan(root: Path, zone: str = "Europe/London"):
    tz = ZoneInfo(zone)
    start = datetime(2026, 9, 7, 8, 0, tzinfo=tz)
    return SimpleNamespace(root=root, tz=tz, campaign=SimpleNamespace(starts=start), last_instant=start + timedelta(days=360))


@pytest.fixture
def asked(monkeypatch):
    """Counts what is asked of icalendar: VTIMEZONEs and TZID parameters."""
    calls = []
    param = ical._ask_tz_param
    monkeypatch.setattr(ical, "_vtimezone", lambda *a: calls.append("vtimezone") or _VTIMEZONE(*a))
    monkeypatch.setattr(ical, "_ask_tz_param", lambda *a: calls.append("tzparam") or param(*a))
    ical.forget()
    yield calls
    ical.forget()


def test_a_zone_is_kept_under_a_digest_of_everything_it_is_made_from(tmp_path, monkeypatch, asked):
    plan = _plan(tmp_path)
    later = [datetime(2028, 3, 1, 10, 0, tzinfo=timezone.utc)]
    first = ical.zone(plan)
    assert first == (_VTIMEZONE("Europe/London", *ical._range(plan)), ";TZID=Europe/London")
    assert asked == ["vtimezone", "tzparam"]
    ical.keep(tmp_path)
    assert (tmp_path / ".cache" / "campaign" / ical.ZONES_FILE).is_file()
    ical.forget()
    asked.clear()
    assert ical.zone(plan) == first and asked == []  # from the project's file: icalendar not asked
    assert ical.zone(plan, later) != first and asked == ["vtimezone"]  # another range
    # Each input the zone is made from, changed: asked again.
    tzcopy = tmp_path / "London"
    tzcopy.write_bytes(plancache.tz_file("Europe/London").read_bytes())
    monkeypatch.setattr(plancache, "tz_file", lambda name: tzcopy)
    asked.clear()
    assert ical.zone(plan) == first and asked == []  # the same bytes under another path: the same digest
    tzcopy.write_bytes(tzcopy.read_bytes() + b"\n")
    assert ical.zone(plan) == first and asked == ["vtimezone", "tzparam"]
    asked.clear()
    monkeypatch.setattr(ical, "_library", [b"icalendar-9.9.9.dist-info/RECORD"])
    assert ical.zone(plan) == first and asked == ["vtimezone", "tzparam"]
    asked.clear()
    monkeypatch.setattr(ical, "_code", lambda: b"other code")
    assert ical.zone(plan) == first and asked == ["vtimezone", "tzparam"]
    # An input that cannot be read: nothing kept, icalendar asked every time.
    monkeypatch.setattr(ical, "_library", [None])
    asked.clear()
    ical.zone(plan)
    ical.zone(plan)
    assert asked == ["vtimezone", "tzparam"] * 2


def test_the_zones_file_holds_what_the_last_build_used_and_a_damaged_one_is_ignored(tmp_path, asked):
    plan = _plan(tmp_path)
    path = tmp_path / ".cache" / "campaign" / ical.ZONES_FILE
    ical.zone(plan, [datetime(2028, 3, 1, 10, 0, tzinfo=timezone.utc)])
    ical.keep(tmp_path)
    one = path.read_bytes()
    ical.zone(plan)
    ical.keep(tmp_path)
    assert path.read_bytes() != one  # only the zone this build used
    for damage in (b"", b"{", b'{"format": 1, "entries": []}', one[: len(one) // 2]):
        path.write_bytes(damage)
        ical.forget()
        asked.clear()
        assert ical.zone(plan)[1] == ";TZID=Europe/London" and asked == ["vtimezone", "tzparam"]


EVENT_PLAN = """\
- id: training-day
  kind: event
  title: "Training day: spotting the signs, together"
  summary: "A day of practice; bring a colleague."
  release: "2026-09-08 08:00"
  starts: "2026-10-29 10:00"
  ends: "2026-10-29 16:00"
  audience: "All officers and staff"
  booking: "Book on the learning portal (sample)"
"""


def _build(project: Project, site: str, *extra: str) -> str:
    env = dict(os.environ, CAMPAIGN_NOW="2026-09-20 09:00", PYTHONPATH=str(project.path / "hooks"),
               NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    code = ("import sys\nfrom campaign.commands import cli\n"
            f"code = cli.main(['--root', {str(project.path)!r}, *{list(extra)!r}, 'build', '--site-dir', {site!r}])\n"
            "print('icalendar' in sys.modules)\nsys.exit(code)\n")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1]


def test_a_build_after_one_that_kept_the_zone_writes_the_same_calendars_without_icalendar(project):
    project.plan(EVENT_PLAN)
    zones = project.path / ".cache" / "campaign" / ical.ZONES_FILE
    assert _build(project, str(project.path / "first")) == "True"  # icalendar made the zone
    assert zones.is_file()
    assert _build(project, str(project.path / "second")) == "False"  # kept: icalendar never imported
    for name in ("events/events.ics", "events/add/training-day.ics"):
        assert (project.path / "first" / name).read_bytes() == (project.path / "second" / name).read_bytes()
    assert not list((project.path / "second").rglob(ical.ZONES_FILE))  # never published


def test_the_default_campaigns_calendars_need_no_icalendar_once_the_zone_is_kept(tmp_path):
    """Every zone and range the default campaign's calendars use is kept by the build before."""
    camp = tmp_path / "camp"
    camp.mkdir()
    for name in ("campaign_plan.yaml", "mkdocs.yml"):
        (camp / name).write_bytes((ROOT / name).read_bytes())
    for folder in ("docs", "podcast", "data", "hooks", "overrides"):
        subprocess.run(["cp", "-r", str(ROOT / folder), str(camp / folder)], check=True)
    project = SimpleNamespace(path=camp)
    assert _build(project, str(camp / "first")) == "True"
    assert _build(project, str(camp / "second")) == "False"
    first = sorted((camp / "first").rglob("*.ics"))
    assert first and all(p.read_bytes() == (camp / "second" / p.relative_to(camp / "first")).read_bytes() for p in first)
