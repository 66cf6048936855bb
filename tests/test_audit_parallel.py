"""The audit's worker (audit/parallel.py): it reads files as the build writes them, and at the end audits the
whole site as ever. Its answer must be the audit's, whatever it read ahead and whatever changed since.

The oracle is the audit of the instant alone, without memo or worker (as in test_audit_memo.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from test_audit_memo import INSTANTS, PIECES, SHARED, _audit, _files, _write, project  # noqa: F401 (fixture)

from campaign.audit import memo as memo_mod
from campaign.audit.parallel import Worker
from campaign.release.snapshot import Snapshot
from campaign.source.times import parse_instant

content = st.lists(st.sampled_from(PIECES), max_size=3)
site_text = st.fixed_dictionaries({
    "pages": st.lists(content, min_size=3, max_size=3),
    "index": st.lists(st.sampled_from(PIECES), min_size=1, max_size=4),
    "download": st.sampled_from(PIECES),
})


def _worker(plan, when: str, shared: str, slot: str) -> tuple[Worker, Snapshot, frozenset]:
    snap = Snapshot(plan, parse_instant(when, plan.tz))
    allowed = frozenset({shared} if shared else ())
    return Worker(snap, allowed, slot, frozenset()), snap, allowed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(when=st.sampled_from(INSTANTS), shared=st.sampled_from(SHARED), before=site_text, after=site_text,
       changed=st.sets(st.sampled_from(["pages", "index", "download"])), ahead=st.lists(content, max_size=3))
def test_the_worker_finds_what_a_fresh_audit_finds(project, when, shared, before, after, changed, ahead):
    """The worker reads the site as first written, and search index sections that may never be published
    (`ahead`); then some files change (rewritten after it read them, or before: either way); its findings
    at the end are the fresh audit's."""
    site, slot = Path(tempfile.mkdtemp()), tempfile.mkdtemp()
    memo_mod.forget(slot)
    files = _files(before["pages"], before["index"], before["download"])
    _write(site, files)
    worker, _, _ = _worker(project, when, shared, slot)
    try:
        for rel in files:
            worker.page(str(site), rel)
        worker.index([{"location": "x/", "title": "", "text": " ".join(c)} for c in ahead])
        time.sleep(0.05)  # (more often read before the change below; the answer must not depend on it)
        new = _files(after["pages"], after["index"], after["download"])
        _write(site, {rel: text for rel, text in new.items()
                      if ("pages" if rel.endswith(".html") else "index" if rel.endswith(".json") else "download") in changed})
        found = worker.finish(str(site), frozenset())
        assert found is not None
        assert sorted((f.file, f.item, f.kind) for f in found) == _audit(project, when, shared, site, None)[0]
    finally:
        worker.close()
        memo_mod.forget(slot)


def test_what_the_worker_kept_serves_the_next_build(project, tmp_path):
    """A build whose worker kept the memo: the next audit (in another process) reads nothing unchanged again,
    and finds a title pasted into a page since."""
    site, slot = tmp_path / "site", str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(site, _files([["plain words of a live page"], ["Northern Lighthouse"], []], ["plain words"], "nothing"))
    worker, _, _ = _worker(project, INSTANTS[0], "", slot)
    for rel in ("articles/p0/index.html", "articles/p1/index.html"):
        worker.page(str(site), rel)
    assert worker.finish(str(site), frozenset()) == []
    assert worker.keep() and worker.cpu > 0
    assert (Path(slot) / memo_mod.CACHE_DIR / memo_mod.FILE_NAME).is_file()
    memo_mod.forget(slot)
    found, again = _audit(project, INSTANTS[0], "", site, slot)
    assert found == [] and again.memo.skipped == 5
    _write(site, {"articles/p2/index.html": "<p>Southerly Wind Warning Signs</p>"})
    found, third = _audit(project, INSTANTS[0], "", site, slot)
    assert found == [("articles/p2/index.html", "south-wind", "title")]


def test_a_worker_that_dies_gives_no_answer(project, tmp_path):
    """Nothing is trusted that the worker did not finish: killed, it answers None (the build then audits the
    site itself: mkdocs_adapter.on_post_build)."""
    site, slot = tmp_path / "site", str(tmp_path / "slot")
    _write(site, _files([["Southerly Wind Warning Signs"], [], []], ["x"], "x"))
    worker, _, _ = _worker(project, INSTANTS[0], "", slot)
    worker._proc.kill()
    worker._proc.join()
    assert worker.finish(str(site), frozenset()) is None
    worker.close()


def test_a_first_build_reads_as_it_writes_and_still_refuses_a_leak(tmp_path):
    """`make build` with nothing kept (a fresh copy: no .cache/) on this machine's cores: the audit runs beside
    MkDocs (the build's line says so), finds an embargoed title on an evergreen page, and leaves no site.
    Built again without the leak, it passes and keeps its caches; the next build reads them in-process."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: the audit runs in the build's own process")
    from conftest import Project

    p = Project(tmp_path / "proj")
    p.plan(p.article("launch", "The campaign launches today", "2026-09-07 08:00")
           + p.article("later", "Harbour Lantern Briefing Notes", "2027-03-01 08:00"))
    (p.path / "docs" / "about.md").write_text("# About\n\nComing soon: Harbour Lantern Briefing Notes.\n")
    env = {k: v for k, v in os.environ.items() if k not in ("CAMPAIGN_NOW", "PYTHONPATH")}
    env.update(PYTHONPATH=str(p.path / "hooks"), CAMPAIGN_NOW="2026-10-01 12:00")

    def build():
        return subprocess.run([sys.executable, "-m", "campaign", "--root", ".", "build"], cwd=p.path, env=env,
                              capture_output=True, text=True, timeout=300)

    leak = build()
    assert leak.returncode != 0 and "docs/about.md" in leak.stderr and "later" in leak.stderr, leak.stderr[-3000:]
    assert not (p.path / "site").exists() and not (p.path / ".cache" / "campaign" / memo_mod.FILE_NAME).exists()
    (p.path / "docs" / "about.md").write_text("# About\n\nMore soon.\n")
    clean = build()
    assert clean.returncode == 0 and "files read as MkDocs wrote them" in clean.stderr, clean.stderr[-3000:]
    assert (p.path / ".cache" / "campaign" / memo_mod.FILE_NAME).is_file()
    again = build()
    assert again.returncode == 0 and "files read as MkDocs wrote them" not in again.stderr, again.stderr[-3000:]


def test_the_worker_dies_with_its_build(tmp_path):
    """A build killed outright (SIGKILL, the OOM killer) takes its worker with it: a worker left waiting would
    hold what the build held (a publish's lock on DEST, the build's output pipe) and hang the next one."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: no worker")
    import signal

    from conftest import Project

    p = Project(tmp_path / "proj")
    p.plan("".join(p.article(f"a{i}", f"Article number {i} of the test", "2026-09-07 08:00") for i in range(40)))
    env = {k: v for k, v in os.environ.items() if k not in ("CAMPAIGN_NOW", "PYTHONPATH")}
    env.update(PYTHONPATH=str(p.path / "hooks"), CAMPAIGN_NOW="2026-10-01 12:00")
    build = subprocess.Popen([sys.executable, "-m", "campaign", "--root", ".", "build"], cwd=p.path, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = Path(f"/proc/{build.pid}/task/{build.pid}/children")
    worker = None
    deadline = time.monotonic() + 120
    while worker is None and build.poll() is None and time.monotonic() < deadline:
        try:
            worker = int(children.read_text().split()[0])
        except (OSError, IndexError, ValueError):
            time.sleep(0.005)
    if worker is None:
        build.wait()
        pytest.fail("the build ended before its worker was seen")
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 30
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        state = Path(f"/proc/{worker}/stat").read_text().split(") ")[-1][:1] if Path(f"/proc/{worker}/stat").exists() else "X"
        if state == "Z":  # dead, not yet reaped by its new parent
            break
        time.sleep(0.05)
    alive = Path(f"/proc/{worker}/stat").exists() and Path(f"/proc/{worker}/stat").read_text().split(") ")[-1][:1] != "Z"
    assert not alive, "the worker outlived its build"
