"""make publish / rollback / health, driven as an operator's timer would: real subprocesses, real files.

Campaign instants here lie in October 2026, before any run of this suite, so they are never "later than the
real clock"; the refusal of a future CAMPAIGN_NOW uses the year 2999.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, Project

A = ("a-first", "Alpha first release", "2026-10-01 09:00")
B = ("b-second", "Bravo second release", "2026-10-10 09:00")
DEST = "www/spot-it"


def make_project(tmp_path: Path, until_b: str | None = None) -> Project:
    p = Project(tmp_path / "proj")
    extra = f'until: "{until_b}"' if until_b else ""
    p.plan(p.article(*A) + p.article(*B, extra=extra))
    return p


def run(p: Project, cmd: str, now: str, *, env: dict | None = None, dest: str = DEST,
        extra: list[str] = ()) -> subprocess.CompletedProcess:
    e = dict(os.environ, CAMPAIGN_NOW=now, PYTHONPATH=str(p.path / "hooks"), NO_MKDOCS_2_WARNING="1")
    e.pop("CAMPAIGN_FAULT", None)
    e.pop("CAMPAIGN_PREVIEW", None)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), cmd, "--dest", dest, *extra],
                          env=e, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, str]:
    """Every file a web server would serve from `folder` (following the DEST symlink), by content hash."""
    return {q.relative_to(folder).as_posix(): hashlib.sha256(q.read_bytes()).hexdigest()
            for q in sorted(folder.rglob("*")) if q.is_file()}


def served(p: Project) -> dict[str, str]:
    return tree((p.path / DEST).resolve())


def test_publish_swaps_a_symlink_skips_when_unchanged_and_keeps_versions(tmp_path):
    p = make_project(tmp_path)
    dest = p.path / DEST
    r = run(p, "publish", "2026-10-05")  # DEST relative to the repository root, absent at first
    assert r.returncode == 0, r.stderr
    assert dest.is_symlink() and not os.path.isabs(os.readlink(dest))
    first = served(p)
    assert "articles/a-first/index.html" in first and "articles/b-second/index.html" not in first
    assert not (dest / "campaign-status.json").exists()  # never served: it tells the next change instant
    version = dest.resolve()
    status = json.loads((version.parent / f"{version.name}.campaign-status.json").read_text())
    assert status == {"campaign": "Spot It to Stop It", "latest_change": "2026-10-01T09:00:00+01:00",
                      "next_change": "2026-10-10T09:00:00+01:00"}

    target = os.readlink(dest)
    r = run(p, "publish", "2026-10-06")  # nothing changes between change instants
    assert r.returncode == 0 and "unchanged" in r.stderr
    assert os.readlink(dest) == target

    r = run(p, "publish", "2026-10-11")
    assert r.returncode == 0, r.stderr
    assert os.readlink(dest) != target and "articles/b-second/index.html" in served(p)
    log = (p.path / "www/.spot-it.versions/publish.log").read_text().splitlines()
    assert len(log) == 3 and [("published" in l, "unchanged" in l) for l in log] == \
        [(True, False), (False, True), (True, False)]

    # Later change instants (month starts) make new versions; only the newest few are kept.
    for now in ("2026-11-02", "2026-12-02", "2027-01-02", "2027-02-02", "2027-03-02"):
        if now > time.strftime("%Y-%m-%d"):
            break
        assert run(p, "publish", now).returncode == 0
    versions = [v for v in (p.path / "www/.spot-it.versions").iterdir() if v.is_dir()]
    assert 2 <= len(versions) <= 5
    assert not list((p.path / "www").glob(".spot-it.link-*"))


def test_empty_folder_is_replaced_but_a_folder_with_files_is_refused(tmp_path):
    p = make_project(tmp_path)
    (p.path / DEST).mkdir(parents=True)
    assert run(p, "publish", "2026-10-05").returncode == 0
    assert (p.path / DEST).is_symlink()

    other = p.path / "www/other"
    other.mkdir()
    (other / "index.html").write_text("someone else's site")
    r = run(p, "publish", "2026-10-05", dest="www/other")
    assert r.returncode == 1 and "folder with files in it" in r.stderr
    assert (other / "index.html").read_text() == "someone else's site" and not other.is_symlink()


def test_refuses_the_future_and_preview_output(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    before = served(p)
    r = run(p, "publish", "2999-01-01")
    assert r.returncode == 1 and "later than the real clock" in r.stderr and "never published" in r.stderr
    r = run(p, "publish", "2026-10-11", env={"CAMPAIGN_PREVIEW": "11 October 2026"})
    assert r.returncode == 1 and "preview" in r.stderr
    assert served(p) == before
    r = run(p, "rollback", "2999-01-01")
    assert r.returncode == 1 and "later than the real clock" in r.stderr


def test_plan_made_invalid_between_publishes_leaves_the_site_intact(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-11").returncode == 0
    before = served(p)
    plan = (p.path / "campaign_plan.yaml").read_text()
    (p.path / "campaign_plan.yaml").write_text(plan.replace('release: "2026-10-10 09:00"', "release: tomorrow"))
    r = run(p, "publish", "2026-10-11")
    assert r.returncode == 1
    assert "campaign_plan.yaml:" in r.stderr and "releases[1].release" in r.stderr
    assert "FAILED, DEST untouched" in r.stderr
    assert served(p) == before


def test_broken_front_matter_stops_publish_as_it_stops_build(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-11").returncode == 0
    before = served(p)
    p.write("docs/about.md", "---\ntitle: [unclosed\n---\nAbout.\n")  # MkDocs would show it as text
    r = run(p, "publish", "2026-10-11")
    assert r.returncode == 1 and "docs/about.md:2: front matter:" in r.stderr, r.stderr
    assert "FAILED, DEST untouched" in r.stderr and served(p) == before


def test_the_project_tree_is_checked_before_publish_builds(tmp_path):
    """make publish runs the tree checks make build and make check run, before building: a link under
    docs/ is refused even where it points at a live page (no build, no audit would see anything wrong)."""
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-11").returncode == 0
    before, versions = served(p), sorted((p.path / "www").glob(".spot-it.versions/*"))
    (p.path / "docs/alias.md").symlink_to("articles/a-first.md")
    r = run(p, "publish", "2026-10-11")
    assert r.returncode == 1 and "docs/alias.md:1" in r.stderr and "this is a link" in r.stderr, r.stderr
    assert "FAILED, DEST untouched" in r.stderr and "project tree" in r.stderr
    assert served(p) == before and sorted((p.path / "www").glob(".spot-it.versions/*")) == versions


def test_a_refused_publish_names_what_the_audit_finds_too(tmp_path):
    """As make build: when the tree check refuses, the site is still built into a throwaway folder and audited,
    so one run names a heading the tree check refuses and a hidden sentence only the audit finds; DEST, its
    versions and the project (no cache) are left as they were."""
    sentence = "A quiet harbour story about the river and the old boats."
    p = Project(tmp_path / "proj")
    p.plan(p.article(*A) + p.article(*B, body=f"# {B[1]}\n\n{sentence}\n"))
    assert run(p, "publish", "2026-10-05").returncode == 0
    before, versions = served(p), sorted((p.path / "www").glob(".spot-it.versions/*"))
    cache = sorted(x.relative_to(p.path).as_posix() for x in (p.path / ".cache").rglob("*"))
    p.write("docs/help.md", f"Evergreen help.\n\n## {B[1]}\n")
    p.write("docs/about.md", f"About.\n\n{sentence}\n")
    r = run(p, "publish", "2026-10-05")
    assert r.returncode == 1 and "FAILED, DEST untouched" in r.stderr, r.stderr
    where = sorted(line.split(": ", 1)[0] for line in r.stderr.splitlines() if line.startswith("docs/"))
    assert where == ["docs/about.md:3", "docs/help.md:3"], r.stderr
    assert "Traceback" not in r.stderr
    assert served(p) == before and sorted((p.path / "www").glob(".spot-it.versions/*")) == versions
    assert sorted(x.relative_to(p.path).as_posix() for x in (p.path / ".cache").rglob("*")) == cache


def test_failing_build_and_broken_link_leave_the_site_intact(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    before = served(p)
    # A live page whose link text reveals a future title: the audit fails the build.
    p.write("docs/about.md", "Coming soon: [Bravo second release](articles/b-second.md).\n")
    r = run(p, "publish", "2026-10-05")
    assert r.returncode == 1 and "leak audit found" in r.stderr and served(p) == before
    assert "docs/about.md:1: the title 'Bravo second release'" in r.stderr
    # A link to a page that does not exist.
    p.write("docs/about.md", "See [the missing page](/campaigns/spot-it/nowhere/).\n")
    r = run(p, "publish", "2026-10-05")
    assert r.returncode == 1 and "broken internal link" in r.stderr and "/campaigns/spot-it/nowhere/" in r.stderr
    assert served(p) == before
    assert not [x for x in (p.path / "www/.spot-it.versions").iterdir() if x.name.startswith(".building")]


@pytest.mark.parametrize("stage", ["built", "renamed", "before-swap", "swapped"])
def test_sigkill_mid_publish_never_leaves_a_half_site(tmp_path, stage):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    old = served(p)
    r = run(p, "publish", "2026-10-11", env={"CAMPAIGN_FAULT": stage})
    assert r.returncode == -9  # really killed
    now_served = served(p)
    if stage == "swapped":
        assert "articles/b-second/index.html" in now_served  # the swap had happened: the new, complete site
        assert set(old) - {"campaign-status.json"} <= set(now_served)
    else:
        assert now_served == old
    # The next run clears what the killed one left and publishes normally.
    r = run(p, "publish", "2026-10-11")
    assert r.returncode == 0, r.stderr
    assert "articles/b-second/index.html" in served(p)
    leftovers = [x.name for x in (p.path / "www").rglob(".*") if ".building-" in x.name or ".link-" in x.name]
    assert leftovers == []


def test_publishes_are_serialised_by_a_lock(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    before = served(p)
    lock = p.path / "www/.spot-it.versions/publish.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        e = dict(os.environ, CAMPAIGN_NOW="2026-10-11", PYTHONPATH=str(p.path / "hooks"))
        proc = subprocess.Popen([sys.executable, "-m", "campaign", "--root", str(p.path), "publish", "--dest", DEST],
                                env=e, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None and served(p) == before  # waiting, not building over us
    err = proc.communicate(timeout=300)[1]
    assert proc.returncode == 0 and "waiting for another publish" in err
    assert "articles/b-second/index.html" in served(p)


def test_rollback_goes_back_only_to_a_version_that_passes_the_audit_now(tmp_path):
    p = make_project(tmp_path, until_b="2026-10-20 09:00")
    dest = p.path / DEST
    assert run(p, "publish", "2026-10-05").returncode == 0
    v1 = os.readlink(dest)
    assert run(p, "publish", "2026-10-11").returncode == 0
    v2 = os.readlink(dest)
    assert run(p, "publish", "2026-10-21").returncode == 0  # b-second taken down
    v3 = os.readlink(dest)
    assert len({v1, v2, v3}) == 3
    # v2 still holds b-second, which is no longer live: refused, naming it.
    r = run(p, "rollback", "2026-10-21")
    assert r.returncode == 1 and "b-second" in r.stderr and os.readlink(dest) == v3
    # At 2026-10-11 (b-second live) the same rollback is fine.
    r = run(p, "rollback", "2026-10-11")
    assert r.returncode == 0, r.stderr
    assert os.readlink(dest) == v2 and "rollback" in r.stderr
    r = run(p, "rollback", "2026-10-11")
    assert r.returncode == 0 and os.readlink(dest) == v1
    r = run(p, "rollback", "2026-10-11")
    assert r.returncode == 1 and "nothing to roll back" in r.stderr and os.readlink(dest) == v1


def test_health_fails_once_a_change_instant_is_missed(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    ok = run(p, "health", "2026-10-10 08:59:59")
    assert ok.returncode == 0 and "healthy" in ok.stderr
    late = run(p, "health", "2026-10-10 09:00")
    assert late.returncode == 1 and "2026-10-10T09:00:00+01:00" in late.stderr
    assert run(p, "health", "2026-10-10 09:05", extra=["--grace", "600"]).returncode == 0
    # An item added to the plan before the site's next change is also a missed instant.
    plan = (p.path / "campaign_plan.yaml").read_text()
    p.write("docs/articles/c-third.md", "Body.\n")
    (p.path / "campaign_plan.yaml").write_text(plan + "  " + p.article("c-third", "Charlie third", "2026-10-07 09:00")
                                               .replace("\n", "\n  ").rstrip() + "\n")
    r = run(p, "health", "2026-10-08")
    assert r.returncode == 1 and "2026-10-07T09:00:00+01:00" in r.stderr
    missing = run(p, "health", "2026-10-08", dest="www/nothing-here")
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    mounted = []

    def make(size: str) -> Path:
        where = tmp_path / f"fs{len(mounted)}"
        if not _mount_tmpfs(where, size):
            pytest.skip("this machine does not let the tests mount a small file system (needs root)")
        mounted.append(where)
        return where

    yield make
    for m in mounted:
        subprocess.run(["umount", "-l", str(m)], capture_output=True)


def test_read_only_and_full_disk_leave_the_site_intact(tmp_path, tmpfs):
    p = make_project(tmp_path)
    ro = tmpfs("64m")
    dest = str(ro / "spot-it")
    assert run(p, "publish", "2026-10-05", dest=dest).returncode == 0
    before = tree(Path(dest).resolve())
    assert subprocess.run(["mount", "-o", "remount,ro", str(ro)]).returncode == 0
    r = run(p, "publish", "2026-10-11", dest=dest)
    assert r.returncode == 1 and "DEST untouched" in r.stderr
    assert tree(Path(dest).resolve()) == before

    # A disk with room for one site but not two: the second build runs out of space half-way.
    size_kb = sum(q.stat().st_size for q in Path(dest).resolve().rglob("*") if q.is_file()) // 1024
    # MkDocs copies Material's source maps before the build drops them: a build briefly needs that room too.
    import material
    maps_kb = sum(q.stat().st_size for q in Path(material.__file__).parent.rglob("*.map")) // 1024
    full = tmpfs(f"{int(size_kb * 1.5) + maps_kb + 64}k")
    dest2 = str(full / "spot-it")
    assert run(p, "publish", "2026-10-05", dest=dest2).returncode == 0
    before = tree(Path(dest2).resolve())
    r = run(p, "publish", "2026-10-11", dest=dest2)
    assert r.returncode == 1 and "No space left on device" in r.stderr, r.stderr
    assert tree(Path(dest2).resolve()) == before


def test_everything_publish_keeps_is_in_the_one_folder_deploy_md_names(tmp_path):
    """Lock, log, versions (and a rollback's hold) live in `.<DEST's name>.versions/` beside DEST, whatever
    DEST is called, and DEPLOY.md says exactly that."""
    p = make_project(tmp_path)
    r = run(p, "publish", "2026-10-05", dest="www/intranet-site")
    assert r.returncode == 0, r.stderr
    www = p.path / "www"
    assert sorted(x.name for x in www.iterdir()) == [".intranet-site.versions", "intranet-site"]
    state = www / ".intranet-site.versions"
    assert (state / "publish.lock").is_file() and (state / "publish.log").read_text().count("\n") == 1
    deploy = (ROOT / "DEPLOY.md").read_text()
    assert "`.<name>.versions/`" in deploy and "`publish.lock`" in deploy and "`publish.log`" in deploy
    assert ".spot-it.lock" not in deploy and ".spot-it.log" not in deploy


def _make(p: Project, target: str, now: str, dest: str = DEST) -> subprocess.CompletedProcess:
    """The documented command itself: `make <target> DEST=...` through the real Makefile."""
    e = dict(os.environ, CAMPAIGN_NOW=now, NO_MKDOCS_2_WARNING="1")
    for k in ("CAMPAIGN_FAULT", "CAMPAIGN_PREVIEW", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL", "DEST"):
        e.pop(k, None)
    return subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-C", str(p.path), target, f"DEST={dest}",
                           f"PY={sys.executable}", "READY="], env=e, capture_output=True, text=True, timeout=300)


def test_a_rollback_holds_until_resume_and_is_re_audited_on_every_run(tmp_path):
    p = Project(tmp_path / "proj")
    p.plan(p.article(*A, extra='until: "2026-10-15 09:00"') + p.article(*B))
    dest = p.path / DEST
    assert run(p, "publish", "2026-10-05").returncode == 0
    v1 = os.readlink(dest)
    assert run(p, "publish", "2026-10-11").returncode == 0
    r = run(p, "rollback", "2026-10-11")
    assert r.returncode == 0 and os.readlink(dest) == v1, r.stderr
    assert "make resume" in r.stderr
    # The next timed publishes keep the rolled-back version (b-second stays off the site)...
    r = run(p, "publish", "2026-10-12")
    assert r.returncode == 0 and os.readlink(dest) == v1, r.stderr
    assert "held" in r.stderr and "make resume" in r.stderr
    assert "articles/b-second/index.html" not in served(p)
    h = _make(p, "health", "2026-10-12")
    assert h.returncode == 0 and "held" in h.stderr, h.stderr
    # ...re-audited against now: once a-first is taken down, the held version would show it: publish fails,
    # DEST is untouched (nothing newer may be published while held), and health reports it.
    r = run(p, "publish", "2026-10-16")
    assert r.returncode == 1 and os.readlink(dest) == v1
    assert "a-first" in r.stderr and "make resume" in r.stderr, r.stderr
    h = _make(p, "health", "2026-10-16")
    assert h.returncode != 0 and "UNHEALTHY" in h.stderr and "a-first" in h.stderr, h.stderr
    # The documented resume command publishes the current content and ends the hold.
    r = _make(p, "resume", "2026-10-16")
    assert r.returncode == 0, r.stderr
    now_served = served(p)
    assert "articles/b-second/index.html" in now_served and "articles/a-first/index.html" not in now_served
    r = run(p, "publish", "2026-10-17")
    assert r.returncode == 0 and "unchanged" in r.stderr and "held" not in r.stderr
    deploy = (ROOT / "DEPLOY.md").read_text()
    assert "make resume DEST=" in deploy and "hold.json" in deploy


def test_make_health_exit_status_is_what_readme_says(tmp_path):
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    ok, late = _make(p, "health", "2026-10-06"), _make(p, "health", "2026-10-10 09:00")
    assert ok.returncode == 0
    assert late.returncode != 0 and "UNHEALTHY" in late.stderr
    row = next(line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `make health"))
    assert "non-zero" in row and "exit 1" not in row, row
    assert f"exits {late.returncode}" in row or f"({late.returncode}" in row, row  # what make itself returns


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stop_signal_mid_publish_leaves_dest_and_no_build_folder(tmp_path, sig):
    """A timer stopped (SIGTERM), a closed terminal (SIGHUP) or Ctrl+C (SIGINT) while the new version was
    being checked: SIGTERM and SIGHUP killed the process and left the whole build (.building-<pid>) beside
    DEST until the next run, with no line in the log; SIGINT cleaned up but printed a traceback. Now each
    ends the run as Ctrl+C does: DEST as it was, the build folder removed, one line on stderr and in
    publish.log, exit 128 + the signal's number."""
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-10-05").returncode == 0
    before = served(p)
    r = run(p, "publish", "2026-10-11", env={"CAMPAIGN_FAULT": f"built:{sig}"})
    import signal
    assert r.returncode == 128 + signal.Signals[sig], r.stderr[-2000:]
    assert "Traceback" not in r.stderr and f"stopped by {sig}" in r.stderr, r.stderr[-2000:]
    assert served(p) == before
    versions = p.path / "www/.spot-it.versions"
    assert not [x.name for x in versions.iterdir() if x.name.startswith(".building")]
    assert f"STOPPED by {sig}, serving v000001-" in (versions / "publish.log").read_text(encoding="utf-8")


def test_sigterm_mid_build_leaves_site_and_no_build_folder(tmp_path):
    """make build stopped by SIGTERM left its whole build (.site.building-<pid>) in the campaign's folder for
    good: a later build only clears the folder of its own pid. It is removed now, site/ as it was. The signal
    is sent from outside once the build folder exists (a run that finishes first is tried again)."""
    import signal
    p = make_project(tmp_path)
    e = dict(os.environ, CAMPAIGN_NOW="2026-10-05", PYTHONPATH=str(p.path / "hooks"), NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "campaign", "--root", str(p.path), "build"]
    assert subprocess.run(cmd, env=e, capture_output=True, timeout=300).returncode == 0
    before = tree(p.site)
    e["CAMPAIGN_NOW"] = "2026-10-11"
    for _ in range(5):
        proc = subprocess.Popen(cmd, env=e, stderr=subprocess.PIPE, text=True)
        while proc.poll() is None and not list(p.path.glob(".site.building-*/*")):
            time.sleep(0.005)
        proc.send_signal(signal.SIGTERM)
        err = proc.communicate(timeout=300)[1]
        if proc.returncode != 0:
            break
        before = tree(p.site)  # it finished first: the next run has nothing new to build, so change a page
        (p.path / "docs" / "help.md").write_text(f"Evergreen page, edited {_} times.\n", encoding="utf-8")
    assert proc.returncode == 128 + signal.SIGTERM, err[-2000:]
    assert "Traceback" not in err and "stopped by SIGTERM" in err, err[-2000:]
    assert tree(p.site) == before
    assert not [x.name for x in p.path.iterdir() if x.name.startswith(".site.")]


def test_a_read_only_campaign_folder_is_one_line_naming_the_file_never_a_traceback(tmp_path, tmpfs):
    """The campaign checked out read-only (or another user's, or a full disk): make build, make preview-pack
    and make reach, which write beside the campaign by default, ended in a Python traceback. Now one line
    names the file and what to do, exit 1; site/ is as it was; make check and make publish to a DEST
    elsewhere still work, since they write nothing there."""
    fs = tmpfs("64m")
    p = Project(fs / "proj")
    p.plan(p.article(*A) + p.article(*B))
    e = dict(os.environ, CAMPAIGN_NOW="2026-10-05", PYTHONPATH=str(p.path / "hooks"), NO_MKDOCS_2_WARNING="1")
    e.pop("CAMPAIGN_FAULT", None)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), *args], cwd=p.path, env=e,
                              capture_output=True, text=True, timeout=300)

    assert cli("build").returncode == 0
    before = tree(p.site)
    log = tmp_path / "access.log"
    log.write_text('10.0.0.1 - - [05/Oct/2026:10:00:00 +0100] "GET /campaigns/spot-it/ HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n')
    assert subprocess.run(["mount", "-o", "remount,ro", str(fs)]).returncode == 0
    e["CAMPAIGN_NOW"] = "2026-10-11"
    for args in (["build"], ["preview-pack", "--date", "2026-10-12"], ["reach", "--log", str(log), "--out", "reach"]):
        r = cli(*args)
        assert r.returncode == 1, (args, r.stderr[-2000:])
        assert "Traceback" not in r.stderr, r.stderr[-3000:]
        [line] = r.stderr.strip().splitlines()
        assert line.startswith(f"make {args[0]}: Read-only file system ({p.path}/") and "fix: " in line, line
    assert tree(p.site) == before
    assert cli("check").returncode == 0
    r = cli("publish", "--dest", str(tmp_path / "www" / "spot-it"))
    assert r.returncode == 0, r.stderr[-2000:]


def test_a_dest_of_another_campaign_is_refused_and_the_printed_commands_name_the_campaign(tmp_path):
    """A second campaign (ROOT=...) published to its DEST and rolled back: the log said 'until make resume
    DEST=...', and typing that line as printed, in the engine's folder, published the engine's own campaign
    (the default one) onto the second campaign's site; so did make publish DEST=... without ROOT=. Now every
    command a message tells an operator to type names the campaign (ROOT=) unless it is the engine's own, and
    publish, rollback, resume and health refuse a DEST another campaign published (its manifest says whose):
    DEST, its versions and its hold as they were."""
    import shlex
    from conftest import HEADER

    theirs = Project(tmp_path / "campaigns" / "clean-hands")
    theirs.plan(theirs.article(*A) + theirs.article(*B),
                header=HEADER.replace('"Spot It to Stop It"', '"Clean Hands, Safer Care"'))
    ours = make_project(tmp_path / "engine-own")  # the campaign of the folder the engine runs in
    dest = tmp_path / "www" / "clean hands"
    versions = tmp_path / "www" / ".clean hands.versions"

    def cli(p: Project, cmd: str, now: str) -> subprocess.CompletedProcess:
        e = dict(os.environ, CAMPAIGN_NOW=now, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1")
        e.pop("CAMPAIGN_FAULT", None)
        return subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), cmd, "--dest", str(dest)],
                              cwd=ROOT, env=e, capture_output=True, text=True, timeout=300)

    assert cli(theirs, "publish", "2026-10-05").returncode == 0
    v1 = os.readlink(dest)
    assert cli(theirs, "publish", "2026-10-11").returncode == 0
    r = cli(theirs, "rollback", "2026-10-11")
    assert r.returncode == 0 and os.readlink(dest) == v1, r.stderr
    printed = r.stderr.strip().splitlines()[-1].split("until ", 1)[1]
    assert printed == f"make resume ROOT={theirs.path} 'DEST={dest}'", printed
    before, hold = tree(dest.resolve()), (versions / "hold.json").read_bytes()
    for cmd in ("publish", "rollback", "resume", "health"):
        r = cli(ours, cmd, "2026-10-12")
        assert r.returncode == 1, (cmd, r.stderr[-2000:])
        assert f"serves another campaign ('clean-hands-safer-care', from {theirs.path})" in r.stderr, r.stderr[-2000:]
        assert tree(dest.resolve()) == before and (versions / "hold.json").read_bytes() == hold, cmd
    # The printed line, typed in the engine's folder, resumes that campaign.
    e = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "DEST", "PYTHONPATH", "CAMPAIGN_FAULT")}
    done = subprocess.run([*shlex.split(printed), f"PY={sys.executable}", "READY="], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**e, "CAMPAIGN_NOW": "2026-10-12", "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (versions / "hold.json").exists() and "articles/b-second/index.html" in tree(dest.resolve())
    assert "Clean Hands, Safer Care" in (dest / "index.html").read_text(encoding="utf-8")


def test_health_before_the_first_change_instant_says_so_in_words(tmp_path):
    """A site published before the campaign's first change instant was reported 'healthy: ... (latest change
    None, next ...)': Python's None, in an operator's monitoring mail. It says 'none yet' now."""
    p = make_project(tmp_path)
    assert run(p, "publish", "2026-09-01").returncode == 0
    h = run(p, "health", "2026-09-02", extra=["--grace", "0"])
    assert h.returncode == 0 and "latest change none yet, next 2026-09-07T00:00:00+01:00" in h.stderr, h.stderr
    assert "None" not in h.stderr
    h = run(p, "health", "2026-09-08", extra=["--grace", "0"])
    assert h.returncode == 1 and "None" not in h.stderr and "(site built before the first); run make publish" in h.stderr, h.stderr


def test_a_full_disk_under_make_build_names_the_file_it_was_writing(tmp_path, tmpfs):
    """make build into a folder on a full disk said 'No space left on device (podcast/ep02.mp3)': the audio it
    was copying from, on a disk with room, as if that file were the problem. It names the file it was writing
    (on the full disk) now, leaves no build folder there and no site/ half-made."""
    full = tmpfs("1m")
    p = make_project(tmp_path)
    e = dict(os.environ, CAMPAIGN_NOW="2026-10-05", PYTHONPATH=str(p.path / "hooks"), NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "build", "--site-dir",
                        str(full / "site")], env=e, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr[-3000:]
    [line] = r.stderr.strip().splitlines()
    assert line.startswith(f"make build: No space left on device ({full}/.site.building-"), line
    assert list(full.iterdir()) == []
