"""Command line behind the Makefile: build, schedule, audit. Errors go to stderr with file:line, exit 1.

Each command imports what it needs when it runs (not a cycle: commands is the top stage), so
`make schedule FORMAT=json` does not pay for importing MkDocs, the theme and the feed libraries."""
from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from ..release.snapshot import Snapshot
from ..source import clock
from ..source import plan as plan_mod
from ..source.errors import CampaignError, show_files_under
from ..source.times import TimeFormatError, fmt


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a timer stopped, a terminal closed), raised where the command is, as Ctrl+C's
    KeyboardInterrupt is: every clean-up on the way out runs (temporary folders beside site/, DEST or the
    report, partial zips), where the signal's default action would kill the process and leave them."""


def _stop_on_signals() -> None:
    main = os.getpid()

    def stop(signum, frame):
        if os.getpid() != main:  # a forked worker (make reach): end as the signal says, its parent cleans up
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Stopped(signum)

    for s in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(s) is not signal.SIG_IGN:  # nohup and the like: still ignored
            signal.signal(s, stop)


def _snapshot(root: Path) -> Snapshot:
    plan = plan_mod.load(root)
    return Snapshot(plan, clock.campaign_now(plan.tz))


def cmd_build(args) -> int:
    from ..mkdocs_adapter import BuildFailed, LeakFound, publish_dir

    root = Path(args.root)
    snap = _snapshot(root)
    _content_ok(snap)
    started = time.perf_counter()
    try:
        st = publish_dir(root, snap.plan, snap.now, Path(args.site_dir), strict=args.strict)
    except LeakFound as exc:
        raise CampaignError(exc.problems) from None
    except BuildFailed as exc:
        if exc.problem is not None:
            raise CampaignError([exc.problem]) from None
        print(f"build failed; {args.site_dir}/ was left as it was: {exc}", file=sys.stderr)
        return 1
    live = len(snap.live)
    print(f"Built {args.site_dir}/ as of {fmt(snap.now, snap.plan.tz)}: {live} release{'' if live == 1 else 's'} live, "
          f"{len(snap.hidden)} not live; leak audit clean ({st.audit_seconds:.2f} s of "
          f"{time.perf_counter() - started:.2f} s{'; files read as MkDocs wrote them' if st.audit_parallel else ''})",
          file=sys.stderr)
    return 0


def _content_ok(snap, extra: dict | None = None) -> None:
    """Stop the build before it starts on what the pre-build checks find, with every other mistake the leak
    audit finds in the same run (prebuild.refusals)."""
    from .prebuild import refusals

    problems = refusals(snap, extra)
    if problems:
        raise CampaignError(problems)


def cmd_check(args) -> int:
    from . import check

    return check.main(Path(args.root), build=not args.no_build)


def cmd_new(args) -> int:
    from . import scaffold

    return scaffold.main(Path(args.root))


def cmd_schema(args) -> int:
    from . import planschema

    return planschema.main(Path(args.root))


ENGINE = Path(__file__).resolve().parents[3]  # the folder with the Makefile, hooks/ and overrides/


def cmd_schedule(args) -> int:
    from . import schedule

    snap = _snapshot(Path(args.root))
    fmt_ = (args.format or "table").lower()
    if fmt_ == "json":
        sys.stdout.write(schedule.as_json(snap))
    elif fmt_ == "ics":
        sys.stdout.buffer.write(schedule.as_ics(snap))
        print(schedule.ics_notice(snap), file=sys.stderr)
    elif fmt_ == "table":
        sys.stdout.write(schedule.as_table(snap, dest=os.environ.get("DEST") or None, engine=ENGINE))
    else:
        print(f"FORMAT={args.format}: unknown format; expected table, json or ics", file=sys.stderr)
        return 2
    return 0


def _preview_instant(plan, date: str):
    from ..source.times import parse_instant

    try:
        return parse_instant(date, plan.tz)
    except TimeFormatError as exc:
        raise exc.about("env-date") from exc


def cmd_preview(args) -> int:
    """The site as it will be at DATE: served with live reload, or written to --output for review."""
    from ..source.times import human

    root = Path(args.root).resolve()
    plan = plan_mod.load(root)
    now = _preview_instant(plan, args.date)
    label = human(now, plan.tz)
    if args.output:
        from ..mkdocs_adapter import BuildFailed, build_into

        out = Path(args.output).resolve()
        refused = _published_place(root, out)
        if refused:
            from ..source.messages import CATALOGUE as M

            print(f"--output {args.output}: {M['preview-output'](path=refused)}; fix: {M['preview-output'].todo}",
                  file=sys.stderr)
            return 2
        _content_ok(Snapshot(plan, now), {"campaign_preview": label})  # make build's checks, as of the preview
        if out.exists():
            shutil.rmtree(out)
        try:
            build_into(root, plan, now, out, extra={"campaign_preview": label})
        except BuildFailed as exc:
            shutil.rmtree(out, ignore_errors=True)
            print(f"preview failed: {exc}", file=sys.stderr)
            return 1
        print(f"Preview as of {label} written to {out}", file=sys.stderr)
        return 0
    from . import devserver

    return devserver.run(root, args.addr, {"CAMPAIGN_NOW": fmt(now, plan.tz), "CAMPAIGN_PREVIEW": label},
                         f"Previewing the site as of {label} (not for publication): open {{url}}", name="preview")


def cmd_preview_pack(args) -> int:
    from . import previewpack

    root = Path(args.root).resolve()
    plan = plan_mod.load(root)
    return previewpack.main(root, plan, _preview_instant(plan, args.date), args.output)


def _published_place(root: Path, out: Path) -> str | None:
    """Why `out` may not hold a preview: it is site/ or inside it, or inside a published DEST (a folder of
    versions that make publish made, or the folder a DEST symlink points into)."""
    site = (root / "site").resolve()
    if out == site or site in out.parents:
        return f"{out} is inside {site}"
    for p in (out, *out.parents):
        if p.name.startswith(".") and p.name.endswith(".versions"):
            return f"{out} is inside {p}, the versions of a published DEST"
        if p.is_symlink():
            return f"{out} is inside {p}, a link"
        if p.parent.is_dir() and (p.parent / f".{p.name}.versions").is_dir():
            return f"{out} is inside {p}, a published DEST"
    import os

    dest = os.environ.get("DEST")
    if dest:
        d = Path(dest) if Path(dest).is_absolute() else root / dest
        d = Path(os.path.abspath(d))
        if out == d or d in out.parents or (out.parent == d.parent and out.name.startswith(f".{d.name}.")):
            return f"{out} is inside DEST {d}"
    return None


def cmd_serve(args) -> int:
    from ..source.times import human
    from . import devserver

    root = Path(args.root).resolve()
    snap = _snapshot(root)  # report plan problems before starting the server
    return devserver.run(root, args.addr, {}, f"Serving the site as of {human(snap.now, snap.plan.tz)}: open {{url}} "
                         "(it restarts when the plan, hooks or data change; Ctrl+C stops it)")


def cmd_publish(args) -> int:
    from . import publish

    return publish.publish(Path(args.root).resolve(), args.dest)


def cmd_rollback(args) -> int:
    from . import publish

    return publish.rollback(Path(args.root).resolve(), args.dest)


def cmd_resume(args) -> int:
    from . import publish

    return publish.resume(Path(args.root).resolve(), args.dest)


def cmd_health(args) -> int:
    from . import publish

    return publish.health(Path(args.root).resolve(), args.dest, args.grace)


def cmd_reach(args) -> int:
    from .. import reach

    return reach.run(Path(args.root), args.log, args.from_date, args.to_date, args.out or "reach",
                     args.prefix or None, args.dest or None, args.jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="campaign", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (holding campaign_plan.yaml, mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site as of CAMPAIGN_NOW (or now), audit it, then replace site/")
    b.add_argument("--site-dir", default="site")
    b.add_argument("--strict", action="store_true")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate plan, data and pages, strict build to a temp folder, link and cadence checks")
    c.add_argument("--no-build", action="store_true", help="skip the strict build (plan and page checks only)")
    c.set_defaults(func=cmd_check)
    n = sub.add_parser("new", help="new page and plan entry from NEW_KIND, NEW_TITLE, NEW_DATE in the environment")
    n.set_defaults(func=cmd_new)
    sub.add_parser("schema", help="regenerate campaign_plan.schema.json and the error table in EDITORS.md"
                   ).set_defaults(func=cmd_schema)
    s = sub.add_parser("schedule", help="release table and change instants")
    s.add_argument("--format", default="table")
    s.set_defaults(func=cmd_schedule)
    p = sub.add_parser("preview", help="the site as of DATE, with a preview banner; never writes site/")
    p.add_argument("--date", required=True)
    p.add_argument("--addr", default="127.0.0.1:8000")
    p.add_argument("--output", help="write the preview to this folder instead of serving it")
    p.set_defaults(func=cmd_preview)
    k = sub.add_parser("preview-pack", help="one zip of the bannered site as of DATE that browses offline from disk")
    k.add_argument("--date", required=True)
    k.add_argument("--output", help="the zip to write (default: preview-<date>.zip in the project folder)")
    k.set_defaults(func=cmd_preview_pack)
    v = sub.add_parser("serve", help="live-reload editing server; restarts when the plan or hooks change")
    v.add_argument("--addr", default="127.0.0.1:8000")
    v.set_defaults(func=cmd_serve)
    for name, func, text in (("publish", cmd_publish, "build beside DEST, audit, swap DEST atomically"),
                             ("rollback", cmd_rollback, "point DEST at the previous version if it passes the audit "
                              "now, and hold it there (re-audited on every publish) until resume"),
                             ("resume", cmd_resume, "end a rollback's hold and publish the current content"),
                             ("health", cmd_health, "exit 1 if the site at DEST has missed a change instant, or is held "
                              "at a version that now shows what must be gone")):
        q = sub.add_parser(name, help=text)
        q.add_argument("--dest", required=True)
        if name == "health":
            q.add_argument("--grace", type=int, default=0, help="seconds of lateness to tolerate")
        q.set_defaults(func=func)
    r = sub.add_parser("reach", help="private reach and listening report from access logs into reach/ (or --out)")
    r.add_argument("--log", required=True, help="access logs: paths or globs, several separated by spaces")
    r.add_argument("--from", dest="from_date", default="", help="first day counted (YYYY-MM-DD)")
    r.add_argument("--to", dest="to_date", default="", help="last day counted (YYYY-MM-DD)")
    r.add_argument("--out", default="reach", help="report folder (never inside site/, docs/ or a DEST)")
    r.add_argument("--prefix", default="", help="path the site is served under (default: site_url's path)")
    r.add_argument("--dest", default="", help="the publish DEST, which the report must stay out of")
    r.add_argument("--jobs", type=int, default=0, help="processes counting (default: one per core)")
    r.set_defaults(func=cmd_reach)
    args = parser.parse_args(argv)
    if argv is None:  # the command line (make), not a test calling main() in its own process
        _stop_on_signals()
        if not os.path.isabs(args.root) and os.path.realpath(args.root) != os.path.realpath("."):
            # make ... ROOT=campaigns/x, typed from the engine's folder: campaigns/x/docs/a.md:3. An absolute
            # ROOT (a timer's line) keeps the names from the campaign's folder, as the log has always had them.
            show_files_under(os.path.normpath(args.root))
    try:
        return args.func(args)
    except KeyboardInterrupt as exc:
        signum = exc.args[0] if isinstance(exc, Stopped) else signal.SIGINT
        print(f"make {args.command}: stopped by {signal.Signals(signum).name}; its temporary files were removed",
              file=sys.stderr)
        return 128 + signum
    except CampaignError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except TimeFormatError as exc:
        print(f"{exc.message}; fix: {exc.fix}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder it cannot write (read-only, another user's), a full disk
        print(f"make {args.command}: {_os_problem(exc)}", file=sys.stderr)
        return 1


def _os_problem(exc: OSError) -> str:
    """One line for a file system refusal, naming the file and what to do: never a traceback."""
    target = exc.filename2 or exc.filename  # a copy that failed names its source first, the file written second
    where = f" ({target})" if target else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some space there"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        fix = "run it as a user who may write there, or write elsewhere (OUT= for make reach and make preview-pack)"
    else:
        fix = "check the path and try again"
    return f"{exc.strerror or exc}{where}; fix: {fix}"
