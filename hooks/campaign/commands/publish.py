"""Publishing on a timer: build beside DEST, audit, link-check, then swap a symlink atomically.

Everything publishing keeps lives in one folder beside DEST, named after it (DEPLOY.md documents it), on
DEST's file system so every rename is atomic. For DEST=/srv/www/site:

    site                          -> .site.versions/v000007-3f2a…   (the symlink the web server serves)
    .site.versions/v000007-3f2a…/            one complete, audited site per publish
    .site.versions/v000007-3f2a….json        its manifest (digest, instant, what the audit needs)
    .site.versions/publish.lock              serialises runs
    .site.versions/publish.log               one line per run
    .site.versions/hold.json                 after make rollback: publishes keep that version until make resume

A reader never sees a half-written site: the new tree is complete before a single rename(2) replaces the
symlink. Any failure (bad plan, audit, broken link, full disk, SIGKILL) happens before that rename, so DEST
keeps serving the previous version; leftovers are removed by the next run.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import sys
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..audit.auditor import Auditor
from ..mkdocs_adapter import BuildFailed, build_into
from ..release.changes import next_changes
from ..release.snapshot import Snapshot
from ..render.status import PREVIEW_MARKER, STATUS_FILE, status_json
from ..source import clock
from ..source import plan as plan_mod
from ..source.errors import CampaignError
from ..source.links import broken_links
from ..source.times import fmt, parse_instant
from .prebuild import refusals

KEEP_VERSIONS = 5
_VERSION = re.compile(r"^v(\d{6})-[0-9a-f]{12}$")


class PublishError(Exception):
    """A refusal or failure; DEST was not touched."""


ENGINE = Path(__file__).resolve().parents[3]  # the folder with the Makefile, hooks/ and overrides/


@dataclass(frozen=True)
class Dest:
    link: Path
    root: Path | None = None  # the campaign's folder these commands run for

    @classmethod
    def of(cls, dest: str | Path, root: Path) -> "Dest":
        p = Path(dest)
        p = p if p.is_absolute() else root / p
        return cls(Path(os.path.abspath(p)), Path(os.path.abspath(root)))

    def make(self, command: str) -> str:
        """The make command an operator types next for this DEST and campaign, as a copyable line: ROOT= names
        the campaign unless it is the engine's own (a bare `make resume DEST=...` runs the default campaign)."""
        words = ["make", command]
        if self.root is not None and self.root.resolve() != ENGINE:
            words.append(f"ROOT={self.root}")
        return " ".join([*words, shlex.quote(f"DEST={self.link}")])

    @property
    def versions(self) -> Path:
        return self.link.parent / f".{self.link.name}.versions"

    @property
    def lock(self) -> Path:
        return self.versions / "publish.lock"

    @property
    def log(self) -> Path:
        return self.versions / "publish.log"

    @property
    def hold(self) -> Path:
        return self.versions / "hold.json"

    def held(self) -> dict | None:
        """What `make rollback` holds DEST at ({"version", "from", "since"}), or None when publishing freely."""
        try:
            hold = json.loads(self.hold.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise PublishError(f"cannot read {self.hold} ({exc}); fix: {self.make('resume')}") from None
        if not isinstance(hold, dict) or not _VERSION.match(str(hold.get("version"))):
            raise PublishError(f"{self.hold} does not name a version; fix: {self.make('resume')}")
        return hold

    def current(self) -> Path | None:
        """The version DEST points to, or None when DEST is absent or an empty folder."""
        if self.link.is_symlink():
            target = Path(os.path.abspath(self.link.parent / os.readlink(self.link)))
            if target.parent != self.versions or not _VERSION.match(target.name):
                raise PublishError(f"{self.link} is a symlink to {target}, which make publish did not create; "
                                   "fix: remove it or choose another DEST")
            return target
        if self.link.is_dir():
            preview = preview_inside(self.link)
            if preview:
                raise PublishError(f"{self.link} holds a preview ({preview}), which is never published; fix: "
                                   "choose the folder the web server serves as DEST")
            if any(self.link.iterdir()):
                raise PublishError(f"{self.link} is a folder with files in it; make publish only replaces its own "
                                   "symlink or an empty folder; fix: move the folder away or choose another DEST")
            return None
        if self.link.exists():
            raise PublishError(f"{self.link} is a file; fix: remove it or choose another DEST")
        return None

    def all_versions(self) -> list[Path]:
        if not self.versions.is_dir():
            return []
        return sorted((p for p in self.versions.iterdir() if p.is_dir() and _VERSION.match(p.name)),
                      key=lambda p: int(_VERSION.match(p.name).group(1)))


def preview_inside(folder: Path) -> str | None:
    """Where a folder carries a preview: the marker at any depth (an unpacked preview pack), or a zip that
    holds it (a preview pack itself). None when it carries none."""
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(folder).as_posix()
        if p.name == PREVIEW_MARKER:
            return rel
        if zipfile.is_zipfile(p):
            try:
                with zipfile.ZipFile(p) as z:
                    if any(n.rsplit("/", 1)[-1] == PREVIEW_MARKER for n in z.namelist()):
                        return f"{rel}, a preview pack"
            except (zipfile.BadZipFile, OSError):
                continue  # not ours to judge: the leak audit reads containers
    return None


def _fault(stage: str) -> None:
    """Fault injection for the publish tests: CAMPAIGN_FAULT=<stage> SIGKILLs this process right there;
    CAMPAIGN_FAULT=<stage>:SIGTERM (or another signal's name) sends it that signal instead."""
    at, _, name = os.environ.get("CAMPAIGN_FAULT", "").partition(":")
    if at == stage:
        sys.stderr.flush()
        os.kill(os.getpid(), signal.Signals[name] if name else signal.SIGKILL)


@contextmanager
def _locked(dest: Dest):
    try:
        dest.versions.mkdir(parents=True, exist_ok=True)
        fh = open(dest.lock, "a+")
    except OSError as exc:
        raise PublishError(f"cannot write beside {dest.link} ({exc.strerror}: {exc.filename}); DEST untouched; "
                           "fix: make the folder writable for this user, or free some space") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another publish of {dest.link} to finish...", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _refuse_future(now: datetime) -> None:
    real = clock.real_now()
    if now > real:
        raise PublishError(f"CAMPAIGN_NOW is {now.isoformat()}, later than the real clock ({real.isoformat()}): "
                           "the future can be previewed, never published; fix: unset CAMPAIGN_NOW")


def _swap(dest: Dest, version: Path) -> None:
    tmp = dest.link.parent / f".{dest.link.name}.link-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(version, dest.link.parent), tmp)
    _fault("before-swap")
    if dest.link.is_dir() and not dest.link.is_symlink():
        dest.link.rmdir()  # an empty folder (checked by current()): rename cannot replace a folder
    os.replace(tmp, dest.link)
    fd = os.open(dest.link.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _log(dest: Dest, line: str) -> None:
    print(line, file=sys.stderr)
    try:
        with open(dest.log, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError:
        pass  # the line is on stderr; a full or read-only disk must not turn a refusal into a crash


def _stamp(now: datetime, tz) -> str:
    """The log line's time: the real clock (when it ran), plus the campaign instant it built for."""
    return f"{fmt(clock.real_now(), tz)} [as of {fmt(now, tz)}]"


def _cleanup(dest: Dest) -> None:
    """Remove what a killed run left (we hold the lock, so no other run is using it)."""
    if dest.versions.is_dir():
        for p in dest.versions.iterdir():
            if p.name.startswith(".building-"):
                shutil.rmtree(p, ignore_errors=True)
    for p in dest.link.parent.glob(f".{dest.link.name}.link-*"):
        p.unlink(missing_ok=True)


def _prune(dest: Dest, keep: tuple[Path, ...]) -> None:
    versions = dest.all_versions()
    for old in versions[:-KEEP_VERSIONS]:
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)
            old.with_suffix(".json").unlink(missing_ok=True)
            status_path(old).unlink(missing_ok=True)


def _refusing(func):
    """Refusals raised before a run can log (no lock, no folder) still end as one line and exit 1."""
    def wrapper(root: Path, dest_arg: str) -> int:
        try:
            return func(root, dest_arg)
        except PublishError as exc:
            print(f"{func.__name__} {dest_arg}: FAILED: {exc}", file=sys.stderr)
            return 1
    wrapper.__name__ = func.__name__
    return wrapper


@_refusing
def publish(root: Path, dest_arg: str) -> int:

    dest = Dest.of(dest_arg, root)
    with _locked(dest):
        try:
            plan = plan_mod.load(root)
            now = clock.campaign_now(plan.tz)
            # The same checks as make build, before building: pages MkDocs would mangle, and a project tree
            # that could publish a gated file behind the plan's back (links, copies, includes, shared titles).
            problems = refusals(Snapshot(plan, now))  # and, when they refuse, what the audit finds besides
            if problems:
                raise CampaignError(problems)
        except CampaignError as exc:
            print(exc.report(), file=sys.stderr)
            _log(dest, f"publish {dest.link}: FAILED, DEST untouched: the plan, pages, project tree or leak audit "
                       f"have {len(exc.problems)} problem(s) (listed above)")
            return 1
        tz = plan.tz
        serving = None  # what DEST serves, for the line a stop signal leaves in the log
        try:
            if os.environ.get("CAMPAIGN_PREVIEW"):
                raise PublishError("CAMPAIGN_PREVIEW is set: preview output is never published; fix: unset it")
            _refuse_future(now)
            current = serving = dest.current()
            _same_campaign(dest, plan, current)
            _cleanup(dest)
            hold = dest.held()
            if hold is not None:
                return _keep_held(dest, plan, now, current, hold)
            dest.versions.mkdir(parents=True, exist_ok=True)
            building = dest.versions / f".building-{os.getpid()}"
            try:
                st = build_into(root, plan, now, building)
                _fault("built")
                preview = preview_inside(building)
                if preview:
                    raise PublishError(f"the build carries a preview ({preview}); preview output is never "
                                       "published; fix: remove it from docs/ (or unset CAMPAIGN_PREVIEW)")
                broken = broken_links(building, st.site_url)
                if broken:
                    shown = "\n".join(f"  {page}: {ref}" for page, ref in broken[:30])
                    raise PublishError(f"{len(broken)} broken internal link(s):\n{shown}")
                digest = tree_digest(building)
                if current is not None and _manifest(current).get("digest") == digest:
                    shutil.rmtree(building, ignore_errors=True)
                    status_path(current).write_text(status_json(st.snapshot), encoding="utf-8")
                    _log(dest, f"{_stamp(now, tz)} publish {dest.link}: unchanged ({current.name}); "
                               f"{len(st.snapshot.live)} live")
                    return 0
                seq = max((int(_VERSION.match(p.name).group(1)) for p in dest.all_versions()), default=0) + 1
                version = dest.versions / f"v{seq:06d}-{digest[:12]}"
                version.with_suffix(".json").write_text(json.dumps({
                    "digest": digest, "campaign_now": fmt(now, tz), "campaign": plan.key, "root": str(root.resolve()),
                    "allowed": sorted(st.allowed), "verbatim": sorted(st.verbatim)}, indent=1), encoding="utf-8")
                status_path(version).write_text(status_json(st.snapshot), encoding="utf-8")
                building.rename(version)
                _fault("renamed")
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            _swap(dest, version)
            serving = version
            _fault("swapped")
            _prune(dest, keep=tuple(p for p in (version, current) if p))
            _log(dest, f"{_stamp(now, tz)} publish {dest.link}: published {version.name}; "
                       f"{len(st.snapshot.live)} live, {len(st.snapshot.hidden)} not live")
            return 0
        except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM/SIGHUP (cli.Stopped): the build folder is gone
            name = signal.Signals(exc.args[0] if exc.args else signal.SIGINT).name
            _log(dest, f"{_stamp(now, tz)} publish {dest.link}: STOPPED by {name}, serving "
                       f"{serving.name if serving else 'nothing'}")
            raise
        except BuildFailed as exc:
            _log(dest, f"{_stamp(now, tz)} publish {dest.link}: FAILED, still serving "
                       f"{current.name if current else 'nothing'}: build failed")
            print(str(exc), file=sys.stderr)
            return 1
        except (PublishError, OSError) as exc:
            what = exc.strerror if isinstance(exc, OSError) and exc.errno == errno.ENOSPC else exc
            _log(dest, f"{_stamp(now, tz)} publish {dest.link}: FAILED, DEST untouched: {what}")
            return 1


def status_path(version: Path) -> Path:
    """The status file (latest and next change instants) of a published version: beside it, never served."""
    return version.parent / f"{version.name}.{STATUS_FILE}"


def _keep_held(dest: Dest, plan, now: datetime, current: Path | None, hold: dict) -> int:
    """A publish while a rollback holds DEST: nothing newer goes out, but the held version is audited
    against now on every run, so a take-down since the rollback is noticed by the next timer."""
    tz = plan.tz
    held = dest.versions / hold["version"]
    if current != held:
        raise PublishError(f"{hold['version']} is held (make rollback) but DEST serves "
                           f"{current.name if current else 'nothing'}; fix: {dest.make('resume')}")
    items = _traces(plan, now, held)
    if items:
        _log(dest, f"{_stamp(now, tz)} publish {dest.link}: FAILED, held at {held.name} by make rollback, which "
                   f"now shows releases that must be gone ({', '.join(items)}); nothing newer is published while "
                   f"held; fix: {dest.make('resume')} publishes the current content")
        return 1
    _log(dest, f"{_stamp(now, tz)} publish {dest.link}: held at {held.name} by make rollback since "
               f"{hold.get('since')}; passes the audit now; newer content waits for {dest.make('resume')}")
    return 0


def _traces(plan, now: datetime, version: Path) -> list[str]:
    """Ids of releases that are not live at `now` but leave traces in a published version (its manifest
    says which shared wording its build accepted and which files are the theme's own)."""
    snap = Snapshot(plan, now)
    man = _manifest(version)
    allowed = set(man.get("allowed", ())) | set(plan.shared_wording)  # declared, never guessed (as a build)
    findings = Auditor(snap, allowed).scan_site(version, skip=frozenset(man.get("verbatim", ())))
    return sorted({f.item for f in findings})


def _same_campaign(dest: Dest, plan, current: Path | None) -> None:
    """Refuse a DEST that another campaign published: `make resume DEST=...` or `make publish DEST=...` without
    the ROOT= of the campaign there would put this folder's campaign (often the engine's own) on its site.
    A version's manifest names its campaign (plan key) and folder; a different key from a different folder is
    another campaign (one of the two alone: the same campaign renamed, or its checkout moved). Versions
    published before manifests named their campaign are taken as this one's."""
    man = _manifest(current) if current is not None else {}
    key, folder = man.get("campaign"), man.get("root")
    if key is None or key == plan.key or folder == str(plan.root.resolve()):
        return
    raise PublishError(f"{dest.link} serves another campaign ('{key}', from {folder}), not '{plan.key}' "
                       f"({plan.root.resolve()}); fix: name that campaign's folder with ROOT= "
                       f"(make ... ROOT={folder} DEST=...), or choose another DEST for this one")


def _manifest(version: Path) -> dict:
    try:
        return json.loads(version.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@_refusing
def rollback(root: Path, dest_arg: str) -> int:
    """Point DEST back at the version before the current one, if that version passes the audit now."""
    dest = Dest.of(dest_arg, root)
    with _locked(dest):
        plan = plan_mod.load(root)
        tz = plan.tz
        now = clock.campaign_now(tz)
        try:
            _refuse_future(now)
            current = dest.current()
            if current is None:
                raise PublishError(f"{dest.link} is not a published site; nothing to roll back")
            _same_campaign(dest, plan, current)
            older = [v for v in dest.all_versions() if v.name < current.name]
            if not older:
                raise PublishError(f"{current.name} is the oldest version kept; nothing to roll back to")
            previous = older[-1]
            items = _traces(plan, now, previous)
            if items:
                raise PublishError(f"{previous.name} holds traces of releases that are not live now "
                                   f"({', '.join(items)}); rolling back would publish them")
            _write_hold(dest, {"version": previous.name, "from": current.name, "since": fmt(clock.real_now(), tz)})
            _swap(dest, previous)
            _log(dest, f"{_stamp(now, tz)} rollback {dest.link}: {current.name} -> {previous.name}; publishes keep "
                       f"{previous.name} (re-audited on every run) until {dest.make('resume')}")
            return 0
        except (PublishError, OSError) as exc:
            _log(dest, f"{_stamp(now, tz)} rollback {dest.link}: REFUSED, DEST untouched: {exc}")
            return 1


def _write_hold(dest: Dest, hold: dict) -> None:
    tmp = dest.hold.with_name(f".hold-{os.getpid()}.json")
    tmp.write_text(json.dumps(hold, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, dest.hold)  # written before the swap: a rollback that swapped is always held


@_refusing
def resume(root: Path, dest_arg: str) -> int:
    """End a rollback's hold, then publish the current content at once."""
    dest = Dest.of(dest_arg, root)
    with _locked(dest):
        try:
            plan = plan_mod.load(root)
        except CampaignError:
            plan = None  # the publish below reports it, and publishes nothing
        if plan is not None:
            _same_campaign(dest, plan, dest.current())  # before the hold is lifted
        try:
            version = (dest.held() or {}).get("version")
        except PublishError:
            version = "an unreadable hold.json"  # resume is the documented fix for that too
        if dest.hold.exists():
            dest.hold.unlink()
            _log(dest, f"{fmt(clock.real_now())} resume {dest.link}: the hold at {version} (make rollback) is over; "
                       "publishing follows the plan again")
    return publish(root, dest_arg)


def health(root: Path, dest_arg: str, grace_seconds: int = 0) -> int:
    """Exit 0 when the live site is current; 1 when it has missed a change instant (or cannot be read)."""
    dest = Dest.of(dest_arg, root)
    try:
        hold = dest.held()
    except PublishError as exc:
        print(f"UNHEALTHY: {exc}", file=sys.stderr)
        return 1
    if hold is not None:
        return _held_health(root, dest, hold)
    try:
        current = dest.current()
    except PublishError:
        current = None
    where = status_path(current) if current is not None else dest.link / STATUS_FILE
    if current is not None and not where.exists():
        where = dest.link / STATUS_FILE  # a version published before the status file moved out of the site
    try:
        status = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"UNHEALTHY: cannot read {where}: {exc}", file=sys.stderr)
        return 1
    plan = None
    try:
        plan = plan_mod.load(root)
    except Exception as exc:  # the live site can still be judged by its own status file
        print(f"warning: the plan does not load ({str(exc).splitlines()[0]}); judging by {STATUS_FILE} only",
              file=sys.stderr)
    if plan is not None and not _judged_by(dest, plan, current):
        return 1
    tz = plan.tz if plan else None
    now = clock.campaign_now(tz) if tz else clock.real_now()
    late = now - timedelta(seconds=grace_seconds)
    missed = []
    nxt = status.get("next_change")
    if nxt and parse_instant(nxt, tz or now.tzinfo) <= late:
        missed.append(nxt)
    if plan is not None:
        latest = status.get("latest_change")
        since = parse_instant(latest, tz) if latest else None
        missed += [fmt(t, tz) for t in next_changes(plan, since or datetime.min.replace(tzinfo=now.tzinfo))
                   if t <= late and fmt(t, tz) not in missed]
    if missed:
        print(f"UNHEALTHY: {dest.link} has missed {len(missed)} change instant(s), first {missed[0]} "
              f"(site built {'as of ' + status['latest_change'] if status.get('latest_change') else 'before the first'}); "
              f"run {dest.make('publish')}", file=sys.stderr)
        return 1
    print(f"healthy: {dest.link} is current (latest change {status.get('latest_change') or 'none yet'}, "
          f"next {status.get('next_change') or 'none: nothing more changes'})", file=sys.stderr)
    return 0


def _judged_by(dest: Dest, plan, current: Path | None) -> bool:
    """Whether this campaign's plan may judge DEST's health (another campaign's site never is: its change
    instants are not this plan's). Prints why not."""
    try:
        _same_campaign(dest, plan, current)
    except PublishError as exc:
        print(f"UNHEALTHY: {exc}", file=sys.stderr)
        return False
    return True


def _held_health(root: Path, dest: Dest, hold: dict) -> int:
    """A held site misses change instants on purpose; it is unhealthy when it now shows what must be gone."""
    try:
        plan = plan_mod.load(root)
    except CampaignError as exc:
        print(exc.report(), file=sys.stderr)
        print(f"UNHEALTHY: {dest.link} is held at {hold['version']} (make rollback) and cannot be re-audited: "
              "the plan does not load", file=sys.stderr)
        return 1
    if not _judged_by(dest, plan, dest.versions / hold["version"]):
        return 1
    now = clock.campaign_now(plan.tz)
    version = dest.versions / hold["version"]
    items = _traces(plan, now, version) if version.is_dir() else ["(the held version is missing)"]
    if items:
        print(f"UNHEALTHY: {dest.link} is held at {hold['version']} (make rollback), which now shows releases that "
              f"must be gone ({', '.join(items)}); fix: {dest.make('resume')}", file=sys.stderr)
        return 1
    print(f"healthy: {dest.link} is held at {hold['version']} by make rollback since {hold.get('since')} and passes "
          f"the audit now; it does not follow the schedule until {dest.make('resume')}", file=sys.stderr)
    return 0
