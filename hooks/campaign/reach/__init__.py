"""make reach: a private reach and listening report from the web server's own access logs.

A stage beside render and audit: it reads the plan and the release rules (which releases are live at the
report's `now`) and the audio facts, never the build. Modules: logs (formats, files, malformed lines),
devices (keyed hashes, never identities), bots (the crawler list), count (views, downloads, feeds, search,
landings), work (the counting spread over the cores), figures (reach.json and the tables), report (HTML,
CSV, JSON), place (where it may be written).
"""
from __future__ import annotations

import re
import shlex
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from ..release.snapshot import Snapshot
from ..source import clock
from ..source import plan as plan_mod
from ..source.audio import AudioError, audio_info
from ..source.times import human, human_date, localize
from . import figures, logs, place, report, work
from .count import EpisodeFacts, Site, Tally

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def site_prefix(root: Path) -> str:
    """The path the site is served under (site_url's path in mkdocs.yml), e.g. /campaigns/spot-it/."""
    url = plan_mod.site_url(root)
    path = urlsplit(url).path if url else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def _date(name: str, text: str | None, errors: list) -> date | None:
    if not text:
        return None
    if _DATE.match(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            pass
    errors.append(f"{name}={text}: not a date; fix: write {name}=YYYY-MM-DD, e.g. {name}=2026-09-07")
    return None


def run(root: Path, log: str, from_: str | None = None, to: str | None = None, out: str = "reach",
        prefix: str | None = None, dest: str | None = None, jobs: int = 0) -> int:
    """Read the logs, write the report folder; problems go to stderr. Returns the exit status."""
    root = Path(root).resolve()
    plan = plan_mod.load(root)  # CampaignError (with file:line) for a broken plan
    snap = Snapshot(plan, clock.campaign_now(plan.tz))
    errors: list[str] = []
    try:
        specs = shlex.split(log or "")
    except ValueError as exc:
        specs = []
        errors.append(f"LOG: cannot be read as a list of paths ({exc}); fix: quote paths that hold spaces")
    if not specs and not errors:
        errors.append('LOG is empty; fix: make reach LOG="/var/log/nginx/access.log*" (paths or globs, '
                      "several separated by spaces)")
    paths, missing = logs.expand(specs)
    errors += [f"LOG: {m} matches no file; fix: check the path (a glob such as access.log* is fine)" for m in missing]
    first, last = _date("FROM", from_, errors), _date("TO", to, errors)
    if first and last and last < first:
        errors.append(f"TO={to} is before FROM={from_}; fix: swap them")
    try:
        target = place.check(root, out or "reach", dest)
    except place.PlaceError as exc:
        errors.append(str(exc))
    if errors:
        print("make reach: nothing was written:\n" + "\n".join(errors), file=sys.stderr)
        return 2
    tz = plan.tz
    lo = int(localize(datetime.combine(first, datetime.min.time()), tz).timestamp()) if first else -(1 << 62)
    hi = int(localize(datetime.combine(last + timedelta(days=1), datetime.min.time()), tz).timestamp()) if last else 1 << 62
    facts = {}
    for ep in (r for r in plan.releases if r.kind == "episode"):
        try:
            info = audio_info(root / ep.audio)
            facts[ep.id] = EpisodeFacts(info.size, info.seconds)
        except (OSError, AudioError):
            pass  # the plan check reports unusable audio; such an episode's downloads cannot be judged
    prefix = prefix or site_prefix(root)
    tally = Tally(snap, Site(snap, prefix), tz, lo, hi, facts)
    read = logs.Report()
    work.count(paths, tally, read, jobs)
    for problem in read.file_problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not read.files:
        print("make reach: no log file could be read; nothing was written", file=sys.stderr)
        return 1
    seen = [datetime.fromtimestamp(t, tz).date() for t in (tally.first, tally.last) if t is not None]
    start = first or (seen[0] if seen else snap.now.astimezone(tz).date())
    end = last or max(seen[-1] if seen else start, start)
    fig = figures.build(snap, tally, read, (start, end), prefix)
    period = f"{human_date(start)} to {human_date(end)}"
    place.write(target, report.files(fig, human(snap.now, tz), period))
    if read.malformed:
        print(f"warning: {read.malformed:,} malformed lines were not counted; the report lists where "
              f"({', '.join(f'{n:,} {r}' for r, n in read.reasons.most_common(3))})", file=sys.stderr)
    lines = fig["json"]["lines"]
    share = f" ({fig['reached_share'] * 100:.1f}% of {fig['audience']:,})" if fig["audience"] else ""
    print(f"Reach report for {period} written to {target}/index.html: {lines['read']:,} lines read, "
          f"{lines['parsed']:,} parsed, {lines['malformed']:,} malformed, {lines['bots']:,} from bots; "
          f"{fig['reached']:,} devices reached{share}", file=sys.stderr)
    return 0
