"""Running one editor slip through the command contract (design.md section 6): a copy of the project
(git ls-files), the slip applied, `make build` with CAMPAIGN_NOW, then the contract checked:

- the build fails: non-zero exit, a message naming the editor's file, site/ exactly as it was, and no
  build folder left beside it; or
- the build passes: the independent scanner (tests/slip_scanner.py) finds nothing of any item that is not
  live anywhere in the new site/.

A control must build (exit 0) and the scanner must find nothing.

The copies reuse this checkout's virtualenv (`make build VENV=...`), so no case installs anything."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from slip_scanner import Finding, Scanner, plan_needles, shared_wording

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
BUILD_TIMEOUT = 300
PREVIOUS_SITE = {"index.html": "<p>the site as published before this build</p>\n",
                 "articles/old/index.html": "<p>an older page</p>\n"}


def project_files(root: Path = ROOT) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f and (root / f).is_file()]


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """The project as a fresh clone would have it (tracked files, their times kept so the copy's
    `make build` sees the shared virtualenv as up to date)."""
    for rel in project_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest


def make_env(now: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "SOURCE_DATE_EPOCH", "PYTHONPATH",
                        "CAMPAIGN_NOW", "ROOT", "DEST", "DATE", "OUT", "SITE", "VIRTUAL_ENV")}
    env["CAMPAIGN_NOW"] = now
    return env


def make(project: Path, target: str, now: str, *args: str, timeout: int = BUILD_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", target, f"VENV={VENV}", *args], cwd=project, env=make_env(now),
                          capture_output=True, text=True, timeout=timeout)


def schedule(now: str, root: Path = ROOT) -> list[dict]:
    r = make(root, "schedule", now, "FORMAT=json", timeout=120)
    if r.returncode:
        raise RuntimeError(f"make schedule failed ({r.returncode}): {r.stderr[-2000:]}")
    return json.loads(r.stdout)


def snapshot(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"<dir>")
            for p in sorted(path.rglob("*"))} if path.exists() else {}


def top_level(path: Path) -> set[str]:
    return {p.name for p in path.iterdir()}


@dataclass
class Outcome:
    ok: bool
    verdict: str  # caught / clean / LEAK / NOT-NAMED / SITE-TOUCHED / LEFTOVER / CONTROL-FAILED / ...
    exit: int | None
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    message: str = ""

    def describe(self) -> str:
        lines = [f"{self.verdict} (exit {self.exit})"]
        lines += ["  " + f.line() for f in self.findings[:12]]
        if len(self.findings) > 12:
            lines.append(f"  ... {len(self.findings) - 12} more findings")
        if self.message:
            lines.append("  build said: " + " | ".join(self.message.strip().splitlines()[-6:])[:900])
        return "\n".join(lines)


def build_and_check(project: Path, now: str, scanner: Scanner, *, control: bool, blame: tuple[str, ...],
                    must_fail: bool, skip: set[str], cache: dict | None = None, hidden_by_slip: Scanner | None = None) -> Outcome:
    """`hidden_by_slip`: a scanner for items the slip itself takes down (live in the clean build, so every
    output file is read again for them)."""
    site = project / "site"
    for rel, text in PREVIOUS_SITE.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    before, top_before = snapshot(site), top_level(project)
    t0 = time.monotonic()
    try:
        r = make(project, "build", now)
    except subprocess.TimeoutExpired:
        return Outcome(False, "HANG", None, time.monotonic() - t0, message=f"make build ran over {BUILD_TIMEOUT} s")
    seconds = time.monotonic() - t0
    said = (r.stdout + "\n" + r.stderr).strip()
    leftover = sorted(n for n in top_level(project) - top_before if n != "site")
    if r.returncode != 0:
        if control:
            return Outcome(False, "CONTROL-FAILED", r.returncode, seconds, message=said)
        problems = []
        if not any(b in said for b in blame):
            problems.append("NOT-NAMED")
        if snapshot(site) != before:
            problems.append("SITE-TOUCHED")
        if leftover:
            problems.append("LEFTOVER")
        if "Traceback (most recent call last)" in said:
            problems.append("TRACEBACK")
        if problems:
            extra = f"expected one of {list(blame)} named; left beside site/: {leftover}" if leftover else \
                f"expected one of {list(blame)} named"
            return Outcome(False, "+".join(problems), r.returncode, seconds, message=f"{extra}\n{said}")
        return Outcome(True, "caught", r.returncode, seconds, message=said)
    findings, _ = scanner.scan_tree(site, shared_wording(project), skip=skip, cache=cache)
    if hidden_by_slip is not None:
        findings += hidden_by_slip.scan_tree(site, shared_wording(project))[0]
    if findings:
        return Outcome(False, "LEAK" if not control else "CONTROL-LEAK", 0, seconds, findings, message=said)
    if must_fail:
        return Outcome(False, "PASSED-UNREADABLE", 0, seconds, message="the build passed; it must fail and name " + ", ".join(blame))
    leftover = [n for n in leftover if n != ".cache"]  # a successful build may keep its caches (never published)
    if leftover:
        return Outcome(False, "LEFTOVER", 0, seconds, message=f"left beside site/: {leftover}")
    return Outcome(True, "clean" if not control else "control ok", 0, seconds, message=said)


@dataclass
class Baseline:
    now: str
    schedule: list[dict]
    scanner: Scanner
    dropped: list[Finding]  # needles of non-live items the clean build already contains
    digests: set[str]  # sha256 of every clean output file
    seconds: float


def baseline(now: str, workdir: Path) -> Baseline:
    """The clean project at `now`: its schedule, a clean build, and the scanner less what that build holds."""
    sched = schedule(now)
    proj = copy_project(workdir / "baseline")
    t0 = time.monotonic()
    r = make(proj, "build", now)
    seconds = time.monotonic() - t0
    if r.returncode:
        raise RuntimeError(f"the clean build fails at {now}:\n{r.stderr[-3000:]}")
    needles, files = plan_needles(proj, sched)
    scanner = Scanner(proj, needles, files)
    found, digests = scanner.scan_tree(proj / "site", shared_wording(proj))
    hard = [f for f in found if f.how in ("hash", "unreadable")]
    if hard:
        raise RuntimeError("the clean build holds gated bytes or unreadable files:\n" + "\n".join(f.line() for f in hard))
    return Baseline(now, sched, scanner.without(found), found, set(digests.values()), seconds)
