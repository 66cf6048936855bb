"""`make schedule` exactly as design.md section 6 says; other tools parse it."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
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
