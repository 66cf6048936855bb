"""Command line behind the Makefile: build, schedule, audit. Errors go to stderr with file:line, exit 1."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import clock
from . import plan as plan_mod
from .errors import CampaignError
from .release import Snapshot
from .times import TimeFormatError, fmt


def _snapshot(root: Path) -> Snapshot:
    plan = plan_mod.load(root)
    return Snapshot(plan, clock.campaign_now(plan.tz))


def cmd_build(args) -> int:
    from .mkdocs_adapter import BuildFailed, publish_dir

    root = Path(args.root)
    snap = _snapshot(root)
    started = time.perf_counter()
    try:
        st = publish_dir(root, snap.plan, snap.now, Path(args.site_dir), strict=args.strict)
    except BuildFailed as exc:
        print(f"build failed; {args.site_dir}/ was left as it was: {exc}", file=sys.stderr)
        return 1
    print(f"Built {args.site_dir}/ as of {fmt(snap.now, snap.plan.tz)}: {len(snap.live)} releases live, "
          f"{len(snap.hidden)} not live; leak audit clean ({st.audit_seconds:.2f} s of "
          f"{time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


def cmd_schedule(args) -> int:
    from . import schedule

    snap = _snapshot(Path(args.root))
    fmt_ = (args.format or "table").lower()
    if fmt_ == "json":
        sys.stdout.write(schedule.as_json(snap))
    elif fmt_ == "ics":
        sys.stdout.buffer.write(schedule.as_ics(snap))
    elif fmt_ == "table":
        sys.stdout.write(schedule.as_table(snap))
    else:
        print(f"FORMAT={args.format}: unknown format; expected table, json or ics", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="campaign", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (holding campaign_plan.yaml, mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site as of CAMPAIGN_NOW (or now), audit it, then replace site/")
    b.add_argument("--site-dir", default="site")
    b.add_argument("--strict", action="store_true")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("schedule", help="release table and change instants")
    s.add_argument("--format", default="table")
    s.set_defaults(func=cmd_schedule)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CampaignError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except TimeFormatError as exc:
        print(f"{exc.message}; fix: {exc.fix}", file=sys.stderr)
        return 1
