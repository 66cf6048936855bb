"""The benchmark tools: the synthetic generator writes a valid plan of every kind that builds and passes
the audit; bench/run.py's arithmetic and rendering work end to end on a tiny campaign. No timed assertions."""
from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
import run as bench  # noqa: E402

from campaign.source.models import KINDS  # noqa: E402

N = 30
REACH_N = 3_000


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """One real bench run on 30 releases: 1 run, the peer, the profile, the plan load, make reach, make serve."""
    out = tmp_path_factory.mktemp("bench")
    with pytest.MonkeyPatch.context() as mp:
        # As `make bench` runs it: the Makefile exports SOURCE_DATE_EPOCH, empty unless set (plain `mkdocs
        # serve` died on it at its first rebuild; an in-process build earlier in the session hid that).
        mp.setenv("SOURCE_DATE_EPOCH", "")
        mp.setattr(bench, "FIRST_PAIRS", {N: 2})  # a first build on one core and with the worker, twice
        r = bench.run([N], [1], out, out / "results.md", peer_sizes=[N], profile=True, default_site=False,
                      load_repeat=1, profile_size=N, reach_lines=[REACH_N], serve_sizes=[N], serve_edits=1)
    return out, r


def test_generator_writes_every_kind_and_a_valid_plan(tiny):
    out, _ = tiny
    snap = bench.snapshot_of(out / f"n{N}" / "hooks")  # raises CampaignError if the plan were invalid
    assert len(snap.plan.releases) == N
    assert {r.kind for r in snap.plan.releases} == set(KINDS)
    # At the bench instant some items are live, some embargoed and some taken down again.
    statuses = {s.value for s in snap.statuses.values()}
    assert {"live", "embargoed", "expired"} <= statuses


def test_generator_is_deterministic(tmp_path):
    a = generate.generate(tmp_path / "a", 12)
    b = generate.generate(tmp_path / "b", 12)
    assert (a / "campaign_plan.yaml").read_text() == (b / "campaign_plan.yaml").read_text()


def test_hooked_build_passes_the_audit_and_hides_what_is_not_live(tiny):
    out, r = tiny
    run = r["sizes"][N]["hooks"][0]
    assert run["audit_cpu"] > 0 and run["live"] > 0 and run["hidden"] > 0
    snap = bench.snapshot_of(out / f"n{N}" / "hooks")
    site = out / f"n{N}" / "site-hooks"
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".xml", ".json", ".ics", ".rss"))
    assert any(r.title in text for r in snap.live)
    for item in snap.hidden:
        assert item.title not in text, item.id


def test_plain_project_publishes_exactly_the_same_pages(tiny):
    out, _ = tiny
    pages = {}
    for name in ("site-hooks", "site-plain"):
        site = out / f"n{N}" / name
        pages[name] = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages["site-hooks"] == pages["site-plain"]
    assert not (out / f"n{N}" / "plain" / "mkdocs.yml").read_text().count("hooks:")


def test_peer_hides_future_posts_from_its_build(tiny):
    _, r = tiny
    peer = r["peer"][N]
    assert peer["posts"] > 0 and peer["leaks"]["future_posts"] > 0
    assert peer["leaks"]["files"] >= 0 and peer["build"]["cpu"] > 0


def test_peer_leak_scan_finds_a_future_title(tmp_path):
    site = tmp_path / "site"
    (site / "blog").mkdir(parents=True)
    (site / "blog/index.html").write_text('<a href="2027/01/02/a-future-post/">Next</a>')
    (site / "other.html").write_text("<p>nothing here</p>")
    posts = [{"id": "x", "title": "A future post", "slug": "a-future-post", "future": True},
             {"id": "y", "title": "A past post", "slug": "a-past-post", "future": False}]
    found = bench.peer_leaks(site, posts)
    assert (found["future_posts"], found["files"], found["items"]) == (1, 1, 1)
    assert found["examples"][0]["file"] == "blog/index.html"


def test_results_and_summary_are_rendered(tiny):
    out, r = tiny
    md = (out / "results.md").read_text()
    for heading in ("## Machine", "## Builds", "## Budgets", "## Peer", "## cProfile"):
        assert heading in md
    assert f"hook overhead without audit, {N:,} releases" in md
    assert "plan load + validation" in md
    # the timer's build: after a build a minute before the last change, the same site at NOW
    rel = r["sizes"][N]["release"]
    assert rel["before"] < rel["at"] <= bench.NOW and 0 < rel["audit_cpu"] < rel["cpu"]
    assert f"audit share of build (CPU), {N:,} releases: the timer's build when an item goes live" in md
    assert f"audit share of build (CPU), {N:,} releases: first build" in md
    # the time the audit adds (wall clock), for the same builds; the first build's worker read ahead here
    assert f"time the audit adds to the build (wall clock), {N:,} releases: first build" in md
    first, one = r["sizes"][N]["hooks"][0], r["sizes"][N]["first_one_core"]
    assert first["audit_parallel"] == (len(os.sched_getaffinity(0)) >= 2) and 0 < first["audit_wall"] < first["wall"]
    # the same first build on one core: its audit in the build's own process (nothing was kept for either)
    assert not one["audit_parallel"] and 0 < one["audit_wall"] < one["wall"]
    assert len(r["sizes"][N]["first_pairs"]) == 1
    if first["audit_parallel"]:
        assert md.count("one-core first build") == 1 and r["ratios"][N]["first_pairs"] == 2
    assert r["machine"]["cores"] >= 1 and r["machine"]["python"]
    assert r["plan_load"]["releases"] == N
    lines = bench.summary_lines(r)
    assert any("overhead w/o audit" in line for line in lines)
    # the profile lists functions, own time first
    assert "tottime" in r["profile"] and len(r["profile"].splitlines()) > 10
    # every hooked run timed its events; the import and the three busiest events are in the table, and
    # together they cannot exceed the run's CPU time
    assert "## Where the hooks' time goes" in md
    for run in r["sizes"][N]["hooks"]:
        ev = run["events"]
        assert {"import", "on_config", "on_files", "on_post_page"} <= set(ev) and all(v >= 0 for v in ev.values())
        assert 0 < sum(ev.values()) + run["audit_cpu"] <= run["cpu"]
    assert all("events" not in run for run in r["sizes"][N]["plain"])
    assert "| `on_config` |" in md and "| **hooks, all events** |" in md


def test_ratio_and_median_arithmetic():
    def runs(*cpus, audit=None):
        return [{"cpu": c, "wall": c * 2, **({"audit_cpu": a} if audit else {})}
                for c, a in zip(cpus, audit or [0] * len(cpus))]

    sizes = {1000: {"hooks": runs(10.0, 12.0, 11.0, audit=[1.0, 3.0, 1.0]), "plain": runs(9.0, 10.0, 20.0)},
             10000: {"hooks": runs(99.0, audit=[9.0]), "plain": runs(90.0)}}
    x = bench.ratios(sizes)
    assert x[1000]["hooks_cpu"] == 11.0 and x[1000]["plain_cpu"] == 10.0 and x[1000]["audit_cpu"] == 1.0
    assert x[1000]["overhead"] == pytest.approx(1.0)  # (11 - 1) / 10
    assert x[1000]["overhead_pairs"] == pytest.approx(0.7)  # pairs after the first: 9/10 and 10/20
    assert "overhead_pairs" not in x[10000]  # one run: no pair after the first
    assert x[1000]["audit_share"] == pytest.approx(1 / 11)
    assert x[1000]["hooks_wall"] == 22.0
    assert x[10000]["growth"] == pytest.approx(9.0) and x[10000]["growth_from"] == 1000
    assert x[10000]["growth_plain"] == pytest.approx(9.0)
    assert math.isnan(bench.median_of([{"cpu": 1.0}], "audit_cpu"))
    # The time the audit adds: its wall-clock wait over the build's wall clock, the first run apart.
    for run, wait in zip(sizes[1000]["hooks"], (0.5, 3.0, 2.2)):
        run["audit_wall"] = wait
    sizes[1000]["hooks"][0]["audit_parallel"] = True
    x = bench.ratios(sizes)
    assert x[1000]["audit_added_first"] == pytest.approx(0.5 / 20) and x[1000]["audit_parallel_first"]
    assert x[1000]["audit_added_unchanged"] == pytest.approx((3.0 / 24 + 2.2 / 22) / 2)
    assert "audit_added_first" not in x[10000]
    # With a one-core first build, what the first build took beyond its time before the audit; with more pairs,
    # the medians of the pairs' walls.
    one = lambda wall, audit: {"wall": wall, "audit_wall": audit, "audit_parallel": False}  # noqa: E731
    sizes[1000]["first_one_core"] = one(20.0, 4.0)  # 16 s before its audit; the first build took 20 s
    x = bench.ratios(sizes)
    assert x[1000]["audit_added_first"] == pytest.approx((20 - 16) / 20) and x[1000]["first_pairs"] == 1
    worker = lambda wall: {"wall": wall, "audit_wall": 0.5, "audit_parallel": True}  # noqa: E731
    sizes[1000]["first_pairs"] = [(one(19.0, 4.0), worker(17.0)), (one(30.0, 4.0), worker(40.0))]
    x = bench.ratios(sizes)  # walls 17, 40, 20: median 20; before 15, 26, 16: median 16
    assert x[1000]["audit_added_first"] == pytest.approx((20 - 16) / 20) and x[1000]["first_pairs"] == 3
    sizes[1000]["first_pairs"] = [(one(19.0, 4.0), worker(17.0)), (one(17.0, 4.0), worker(18.0))]
    x = bench.ratios(sizes)  # walls 17, 18, 20: median 18; before 15, 13, 16: median 15
    assert x[1000]["audit_added_first"] == pytest.approx((18 - 15) / 18)


def test_page_size_report_names_the_biggest_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_bytes(b"x" * 50_000)
    (tmp_path / "index.html").write_bytes(b"x" * 100)
    (tmp_path / "b.html").write_bytes(b"x" * 300)
    (tmp_path / "ep.mp3").write_bytes(b"x" * 1000)
    h = bench.html_sizes(tmp_path)
    assert (h["pages"], h["median"], h["max"], h["biggest"]) == (3, 300, 50_000, "a/index.html")
    assert h["over_budget"] == ["a/index.html"]
    assert bench.site_bytes(tmp_path) == {"total": 51_400, "audio": 1000, "without_audio": 50_400}


# --- the fast plan reader gives what the line-tracking reader gives --------------------------------------

from campaign.source import plan as plan_mod  # noqa: E402
from campaign.source import yamlsrc


def _same(a, b):
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    else:
        assert a == b


TRICKY = """\
campaign:
  title: 'Quoted ''single'''
  n: 12
  f: 1.5
  yes_word: yes
  on: true
  nothing: ~
  empty:
  date: 2026-09-07
  stamp: 2026-09-07 08:00
  tagged: !!str 2026-09-07
  block: |
    two
    lines
  folded: >
    one line
  flow: {a: [1, "2", three], b: {}}
releases: []
"""


@pytest.mark.parametrize("text", [TRICKY, (ROOT / "campaign_plan.yaml").read_text(), "", "just text\n", "- 1\n- [2]\n"])
def test_fast_reader_values_and_kept_lines_match(text):
    slow, problems = yamlsrc.load(text, "p.yaml")
    fast = yamlsrc.load_fast(text, "p.yaml")
    assert not problems and fast is not None
    _same(fast.value, slow.value)
    for path, line in fast.lines.items():
        assert slow.lines[path] == line
    assert {p for p in slow.lines if len(p) <= 2} <= set(fast.lines)


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "x: &a {b: 1}\ny: *a\n", "a: 1\n---\nb: 2\n",
                                  "? [a, b]\n: 1\n", "a: [1\n", "a: !custom 1\n"])
def test_fast_reader_leaves_problems_to_the_full_reader(text):
    assert yamlsrc.load_fast(text, "p.yaml") is None


def test_fast_and_full_plan_loads_agree(tiny, monkeypatch):
    project = tiny[0] / f"n{N}" / "hooks"
    fast = plan_mod.load(project)
    monkeypatch.setattr(yamlsrc, "load_fast", lambda text, file: None)
    full = plan_mod.load(project)
    assert fast.releases == full.releases and fast.campaign == full.campaign and fast.themes == full.themes
    assert dict(fast.lines) == dict(full.lines)


# --- "What's new" is paged so each page stays small -----------------------------------------------------

def test_whats_new_pages_hold_every_live_item_once_and_nothing_else(tmp_path):
    from campaign.render import common, listings

    project = generate.generate(tmp_path / "p", 200)
    snap = bench.snapshot_of(project)
    listed = common.listed(snap)
    got = listings.whats_new_pages(snap)
    assert len(listed) > 2 * listings.WHATS_NEW_PAGE
    assert len(got) == -(-len(listed) // listings.WHATS_NEW_PAGE)
    assert [p.url for p in got] == ["whats-new/"] + [f"whats-new/page/{n}/" for n in range(2, len(got) + 1)]
    assert got[0].src_uri == "whats-new.md" and got[1].src_uri == "whats-new/page/2.md"
    seen = []
    for n, page in enumerate(got, 1):
        titles = [r.title for r in listed if f">{r.title}</a>" in page.markdown]
        assert 0 < len(titles) <= listings.WHATS_NEW_PAGE
        seen += titles
        assert ('rel="next"' in page.markdown) == (n < len(got))
        assert ('rel="prev"' in page.markdown) == (n > 1)
        for item in snap.hidden:
            assert item.title not in page.markdown and item.id not in page.markdown
    assert seen == [r.title for r in listed]
    assert 'href="../3/" rel="next"' in got[1].markdown and 'href="../../" rel="prev"' in got[1].markdown


def test_every_listing_is_paged_and_together_lists_exactly_its_live_items(tmp_path):
    from campaign.render import common, listings

    snap = bench.snapshot_of(generate.generate(tmp_path / "p", 600))
    roles = [r.id for r in snap.plan.roles]  # the default plan's roles (bench/generate.py copies its head)
    assert roles
    listed = common.listed(snap)
    got = listings.generated_pages(snap, "Site")
    assert len({p.src_uri for p in got}) == len(got) and len({p.url for p in got}) == len(got)
    families = {"whats-new/": listed,
                **{common.theme_url(t.id): [r for r in listed if r.theme == t.id] for t in snap.plan.themes},
                listings.LIBRARY_URL: [r for r in listed if r.kind == "resource"],
                **{listings.role_url(x): [r for r in listed if r.kind == "resource" and x in r.roles] for x in roles}}
    for first, expected in families.items():
        family = [p for p in got if p.url == first or p.url.startswith(first + "page/")]
        assert len(family) == len(common.chunks(expected)) and len(family) >= 2, first
        titles = []
        for n, page in enumerate(sorted(family, key=lambda p: (p.url != first, len(p.url), p.url)), 1):
            assert page.url == common.listing_url(first, n)
            on_page = [r.title for r in expected if f">{r.title}</a>" in page.markdown]
            assert 0 < len(on_page) <= common.PAGE_SIZE
            titles += on_page
            for item in snap.hidden:
                assert item.title not in page.markdown, (page.url, item.id)
        assert sorted(titles) == sorted(r.title for r in expected), first


def test_a_peer_build_that_runs_too_long_is_stopped_and_reported(tiny):
    out, r = tiny
    project = out / f"n{N}" / "peer"
    stopped = bench.build(project, out / "site-stopped", out / "stop.log", timeout=0.01)
    assert stopped == {"timeout": 0.01}
    r2 = dict(r, peer={**r["peer"], 10_000: {"posts": 7_000, "build": stopped, "leaks": None}})
    md = bench.render(dict(r2, notes=bench.notes(r2)))
    assert "| 10,000 | 7,000 | - | not finished | stopped after 0.01 |" in md
    assert any("not finished" in line for line in bench.summary_lines(r2))


def test_make_reach_row_reads_the_whole_log_and_is_rendered(tiny):
    """The make reach row: the synthetic log really has the lines it claims, the report read them all, and the
    section is in results.md and can be rewritten alone (make bench --reach-only)."""
    out, r = tiny
    x = r["reach"][REACH_N]
    assert x["wall"] > 0 and x["gzip_wall"] > 0 and x["ratio"] == x["wall"] / x["gzip_wall"] and x["maxrss_mb"] > 0
    report = json.loads((out / "reach-out" / "reach.json").read_text())
    assert report["lines"]["read"] == REACH_N and report["lines"]["parsed"] > 0.99 * REACH_N
    assert report["lines"]["bots"] > 0 and report["feeds"]["podcast"]["fetches"] > 0
    text = (out / "results.md").read_text()
    assert f"| make reach, {REACH_N:,} lines (wall;" in text and bench.REACH_START in text
    results = out / "copy.md"
    results.write_text(text)
    bench.splice(results, bench.REACH_START, bench.REACH_END, bench.render_reach({REACH_N: dict(x, wall=123.0, ratio=99.0)}))
    again = results.read_text()
    assert again.count(bench.REACH_START) == 1 and "| 123.00 s | 10 s | **OVER budget** |" in again
    assert again.split(bench.REACH_START)[0] == text.split(bench.REACH_START)[0]


def test_editors_wait_rows_measure_real_rebuilds_and_put_every_file_back(tiny):
    """The make serve rows: both servers really rebuilt (each wait ended on the marker), the plan restart and
    the page edit are timed apart, every edited file is as it was, and the section can be rewritten alone."""
    out, r = tiny
    x = r["serve"][N]
    assert set(x["runs"]) == {"hooks_page", "hooks_plan", "plain_page"}
    assert all(t > 0 for runs in x["runs"].values() for t in runs)
    assert x["page_ratio"] == x["median"]["hooks_page"] / x["median"]["plain_page"]
    assert x["plan_ratio"] == x["median"]["hooks_plan"] / x["median"]["plain_page"]
    # Page edits timed from the start of a look at the docs folder (Linux: inotify), at the planned moments.
    assert x["aligned"] is (sys.platform == "linux")
    assert {k: len(v) for k, v in x["phases"].items()} == {k: len(v) for k, v in x["runs"].items()}
    import serve

    for k in ("hooks_page", "plain_page"):  # the middle of the poll's wait, not the median of the waits
        assert x["median"][k] == serve.middle_wait(x["runs"][k], x["phases"][k], x["period"])
    assert x["median"]["hooks_plan"] == x["median_raw"]["hooks_plan"]
    proj, plain = out / f"n{N}" / "hooks", out / f"n{N}" / "plain"
    assert "Bench edit" not in "".join(p.read_text() for p in (*proj.rglob("*.md"), *plain.rglob("*.md")))
    assert " rev0" not in (proj / "campaign_plan.yaml").read_text()
    text = (out / "results.md").read_text()
    assert bench.SERVE_START in text and f"| page edit, {N} releases |" in text
    results = out / "copy-serve.md"
    results.write_text(text)
    bench.splice(results, bench.SERVE_START, bench.SERVE_END, bench.render_serve({N: dict(x, page_ratio=9.0)}))
    again = results.read_text()
    assert again.count(bench.SERVE_START) == 1 and f"| page edit, {N} releases | 9.00x | 1.2x | **OVER budget** |" in again
    assert again.split(bench.SERVE_START)[0] == text.split(bench.SERVE_START)[0]


def test_edits_are_spread_evenly_over_the_servers_poll():
    """Each server's edits land at evenly spread moments of MkDocs' look at the files (bench/serve.py), the
    same moments for every server, in an order fixed by the seed; the period is MkDocs' own."""
    import serve

    period = serve.watch_period()
    assert 0 < period <= 2
    got = serve.phases(9, period, "hooks_page")
    assert sorted(got) == pytest.approx([(k + 0.5) * period / 9 for k in range(9)])
    assert sorted(serve.phases(9, period, "plain_page")) == pytest.approx(sorted(got))
    assert got == serve.phases(9, period, "hooks_page") and got != sorted(got)
    assert serve.phases(1, period, "x") == [period / 2]


def test_written_notes_survive_a_full_run(tmp_path):
    """results.md's notes between kept markers (what each change bought) are carried over by a full run."""
    results = tmp_path / "results.md"
    note = "<!-- kept: issue 27 -->\n## What each change bought\n\n| change | cut |\n<!-- /kept -->"
    results.write_text("# Benchmark results\n\nold figures\n\n" + note + "\n\nmore old figures\n")
    kept = bench.kept_sections(results)
    assert kept.strip() == note and "old figures" not in kept
    assert bench.kept_sections(tmp_path / "none.md") == ""


@pytest.mark.skipif(sys.platform != "linux", reason="inotify")
def test_poll_clock_sees_the_moment_a_folder_is_listed(tmp_path):
    """PollClock.after_next_poll returns when the folder is next listed (as MkDocs' PollingObserver lists its docs
    folder), not before; openings before the call are not taken for a look; and None when nothing lists it."""
    import threading

    import serve

    (tmp_path / "a.md").write_text("x")
    clock = serve.PollClock(tmp_path)
    try:
        list(os.scandir(tmp_path))  # before the call: drained, not a look
        seen = []

        def look():
            time.sleep(0.4)
            seen.append(time.perf_counter())
            list(os.scandir(tmp_path))
            seen.append(time.perf_counter())

        t = threading.Thread(target=look)
        t.start()
        got = clock.after_next_poll(timeout=10)
        t.join()
        assert got is not None and got >= seen[0]
        assert clock.after_next_poll(timeout=0.3) is None
    finally:
        clock.close()
    assert serve.PollClock(tmp_path / "missing").after_next_poll() is None


def test_middle_wait_takes_out_where_in_the_poll_each_edit_fell():
    """Edits written at known moments after a look: the wait at the middle of the poll is the rest of the wait
    (the same at every moment) plus half a poll, whichever moment a slow rebuild fell at; the plain median of
    the waits moves with that."""
    import serve

    period, moments = 0.5, serve.phases(9, 0.5, "x")
    rests = [0.6] * 9
    rests[moments.index(max(moments))] = rests[moments.index(sorted(moments)[5])] = 0.9  # two slow rebuilds
    waits = [period - m + r for m, r in zip(moments, rests)]
    assert serve.middle_wait(waits, moments, period) == pytest.approx(0.6 + period / 2)
    assert statistics.median(waits) != pytest.approx(0.6 + period / 2)
