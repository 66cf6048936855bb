"""Issue 26: `make reach`, the private reach and listening report from access logs.

The default campaign's plan and real episode audio, as of bench/reachlogs.NOW (episodes 1-4 live, 5-6
embargoed), read nginx (one file gzip-rotated) and IIS logs written by bench/reachlogs.py from a hand-made
scenario whose every event says what it must count for. The report must give exactly those figures, in
exactly design.md section 6's shape, name nothing that is not live, and keep no address, user agent or key.
"""
from __future__ import annotations

import base64
import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.commands import cli
from campaign.reach import bots as bots_mod
from campaign.reach import count, devices
from campaign.release.snapshot import Snapshot
from campaign.source import plan as plan_mod
from campaign.source.audio import audio_info
from campaign.source.times import parse_instant
from conftest import ROOT, Project

sys.path.insert(0, str(ROOT / "bench"))
import reachlogs as R  # noqa: E402

SIZES = {ep: audio_info(ROOT / path).size for ep, path in R.EP_FILE.items()}
CSV_FILES = ("releases.csv", "themes.csv", "episodes.csv", "weeks.csv", "feeds.csv")


def reach(monkeypatch, *args: str, root: Path = ROOT, now: str = R.NOW) -> tuple[int, str]:
    monkeypatch.setenv("CAMPAIGN_NOW", now)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "reach", *args])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logs")
    truth = R.scenario(SIZES)
    paths = R.write_scenario(folder, truth)
    return folder, paths, truth


@pytest.fixture(scope="module")
def report(scenario, tmp_path_factory):
    folder, paths, truth = scenario
    out = tmp_path_factory.mktemp("out") / "reach"
    tmp = tmp_path_factory.mktemp("tmpdir")
    keys: list[bytes] = []
    real_key = devices.new_key
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(devices, "new_key", lambda: keys.append(real_key()) or keys[-1])
        mp.setenv("TMPDIR", str(tmp))
        code, err = reach(mp, "--log", f"{folder}/access.log* {folder}/u_ex*.log", "--out", str(out))
    assert code == 0, err
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    return {"out": out, "err": err, "truth": truth, "keys": keys, "tmp": tmp, "logs_before": before,
            "logs_after": after, "json": json.loads((out / "reach.json").read_text()), "folder": folder}


def snapshot() -> Snapshot:
    plan = plan_mod.load(ROOT)
    return Snapshot(plan, parse_instant(R.NOW, plan.tz))


# --- the figures ---------------------------------------------------------------------------------------

def test_reach_json_has_exactly_the_contract_shape(report):
    j = report["json"]
    assert list(j) == ["period", "audience", "lines", "releases", "themes", "episodes", "feeds"]
    assert list(j["period"]) == ["from", "to"] and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in j["period"].values())
    assert list(j["lines"]) == ["read", "parsed", "malformed", "bots"]
    assert all(list(r) == ["id", "views", "devices"] for r in j["releases"])
    assert all(list(t) == ["id", "views", "devices", "audience_share"] for t in j["themes"])
    assert all(list(e) == ["id", "downloads"] for e in j["episodes"])
    assert list(j["feeds"]) == ["podcast", "news"] and all(list(f) == ["fetches", "devices"] for f in j["feeds"].values())
    for key in ("releases", "themes", "episodes"):
        ids = [x["id"] for x in j[key]]
        assert ids == sorted(ids), key


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_the_figures_do_not_depend_on_how_many_processes_count(report, scenario, tmp_path, monkeypatch, jobs):
    folder, _, _ = scenario
    code, err = reach(monkeypatch, "--log", f"{folder}/access.log* {folder}/u_ex*.log", "--out", str(tmp_path / "o"),
                      "--jobs", jobs)
    assert code == 0, err
    assert (tmp_path / "o" / "reach.json").read_text() == (report["out"] / "reach.json").read_text()
    for name in CSV_FILES:
        assert (tmp_path / "o" / name).read_text() == (report["out"] / name).read_text(), name
    strip = lambda t: re.sub(r"<td><code>[^<]*</code></td>", "", t)  # noqa: E731
    assert strip((tmp_path / "o" / "index.html").read_text()) == strip((report["out"] / "index.html").read_text())


def test_lines_are_all_accounted_for(report):
    truth = report["truth"]
    lines = report["json"]["lines"]
    assert lines["read"] == lines["parsed"] + lines["malformed"]
    assert lines["parsed"] == len(truth.events)
    assert lines["malformed"] == truth.malformed == 4
    assert lines["bots"] == 3  # Googlebot on a page and on the feed, bingbot on an episode


def test_period_and_audience(report):
    j = report["json"]
    assert j["period"] == {"from": "2027-01-11", "to": "2027-01-20"}
    assert j["audience"] == 44000


def test_releases_are_exactly_the_live_ones_with_a_page_and_their_views_match_the_truth(report):
    snap = snapshot()
    truth = report["truth"].figures()
    live_with_page = sorted(r.id for r in snap.live if plan_mod.url_of(r) is not None)
    got = {r["id"]: (r["views"], r["devices"]) for r in report["json"]["releases"]}
    assert sorted(got) == live_with_page
    expected = {rid: (truth["views"].get(rid, 0), truth["devices"].get(rid, 0)) for rid in live_with_page}
    assert got == expected
    assert got["launch"] == (7, 6)  # every URL form; HEAD, 404, 301 and the bot not counted


def test_themes_match_the_truth(report):
    truth = report["truth"].figures()
    for t in report["json"]["themes"]:
        assert t["views"] == truth["theme_views"].get(t["id"], 0), t
        assert t["devices"] == truth["theme_devices"].get(t["id"], 0), t
        assert t["audience_share"] == t["devices"] / 44000
    assert {t["id"] for t in report["json"]["themes"]} == {"missing-children", "child-abuse", "criminal-exploitation"}


def test_iab_downloads_per_live_episode(report):
    truth = report["truth"].figures()
    got = {e["id"]: e["downloads"] for e in report["json"]["episodes"]}
    assert got == truth["downloads"]  # episodes 1-4, live; 5 and 6 are not named
    assert got[R.EP1] == 7


def test_feeds(report):
    assert report["json"]["feeds"] == report["truth"].figures()["feeds"]
    days = {row["date"]: row for row in csv.DictReader(io.StringIO((report["out"] / "feeds.csv").read_text()))}
    for (feed, day), (fetches, devs) in report["truth"].figures()["feed_days"].items():
        assert int(days[day.isoformat()][f"{feed}_fetches"]) == fetches
        assert int(days[day.isoformat()][f"{feed}_devices"]) == devs


def test_csv_files_hold_the_same_figures(report):
    out, j = report["out"], report["json"]
    rows = {name: list(csv.DictReader(io.StringIO((out / name).read_text(encoding="utf-8")))) for name in CSV_FILES}
    assert [(r["id"], int(r["views"]), int(r["devices"])) for r in rows["releases.csv"]] == \
        [(r["id"], r["views"], r["devices"]) for r in j["releases"]]
    assert [(t["id"], int(t["views"]), int(t["devices"])) for t in rows["themes.csv"]] == \
        [(t["id"], t["views"], t["devices"]) for t in j["themes"]]
    assert [(e["id"], int(e["downloads"])) for e in rows["episodes.csv"]] == [(e["id"], e["downloads"]) for e in j["episodes"]]
    truth = report["truth"].figures()
    weeks = rows["weeks.csv"]
    assert [w["week_starting"] for w in weeks] == ["2027-01-11", "2027-01-18"]
    assert sum(int(w["views"]) for w in weeks) == truth["page_views"]
    assert int(weeks[-1]["reached_to_date"]) == truth["reached"]
    assert sum(int(w["downloads"]) for w in weeks) == sum(truth["downloads"].values()) + truth["other_downloads"]


def test_html_report_shows_search_landings_reach_and_the_estimate_caveat(report):
    text = (report["out"] / "index.html").read_text(encoding="utf-8")
    truth = report["truth"].figures()
    plain = re.sub(r"<[^>]+>", " ", text)
    assert f"{truth['reached']} devices reached" in re.sub(r"\s+", " ", plain)
    assert f"{truth['search_views']} search results opened by {truth['search_devices']} devices" in plain
    for term, n in truth["search_terms"].items():  # words of 5 devices or more only
        shown = re.search(rf"<th scope=\"row\">{term}</th><td class=\"n\">\d+</td><td class=\"n\">{n}</td>", text)
        assert bool(shown) == (n >= count.SEARCH_MIN_DEVICES), term
    assert f"on from outside the site (a link in an email or on another intranet page, a bookmark): {truth['landing_devices']} devices" in plain
    assert "shared proxies" in plain and "estimate" in plain
    assert "Pages not live now" in text  # the hidden page was viewed: counted, not named


# --- privacy -------------------------------------------------------------------------------------------

def _all_output(report) -> list[tuple[str, bytes]]:
    files = [(p.name, p.read_bytes()) for p in report["out"].rglob("*") if p.is_file()]
    files += [(p.name, p.read_bytes()) for p in report["tmp"].rglob("*") if p.is_file()]
    return files + [("stderr", report["err"].encode())]


def test_no_address_user_agent_or_key_anywhere_in_the_output_or_temporary_files(report):
    truth = report["truth"]
    needles = {e.dev.ip.encode() for e in truth.events} | {e.dev.ua.encode() for e in truth.events}
    needles |= {b"192.0.2.", b"198.51.100.", b"203.0.113.", b"Gecko/", b"Googlebot", b"bingbot",
                b"AppleCoreMedia", b"Microsoft Outlook", b"Edg/", b"Firefox"}
    assert len(report["keys"]) == 1 and len(report["keys"][0]) == devices.KEY_BYTES
    key = report["keys"][0]
    needles |= {key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key), base64.b64encode(key).rstrip(b"="),
                base64.urlsafe_b64encode(key).rstrip(b"=")}
    files = _all_output(report)
    assert {name for name, _ in files} >= {"index.html", "reach.json", *CSV_FILES}
    for name, data in files:
        for n in needles:
            assert n not in data, (name, n)
    assert not list(report["tmp"].iterdir()), "make reach wrote temporary files"
    assert not [p for p in report["out"].parent.iterdir() if p.name.startswith(".")], "leftovers beside OUT"


def test_the_report_is_private_and_the_logs_untouched(report):
    out = report["out"]
    assert out.stat().st_mode & 0o077 == 0
    assert all(p.stat().st_mode & 0o077 == 0 for p in out.iterdir())
    assert report["logs_before"] == report["logs_after"]
    assert sorted(p.name for p in report["folder"].iterdir()) == ["access.log", "access.log.1.gz", "u_ex270111.log"]


def test_nothing_that_is_not_live_is_named(report):
    snap = snapshot()
    text = "\n".join(data.decode("utf-8", "replace") for _, data in _all_output(report)).casefold()
    for item in snap.hidden:
        for needle in {item.id, item.title, plan_mod.url_of(item) or item.id,
                       *(os.path.basename(f) for f in plan_mod.files_of(item))}:
            assert needle.casefold() not in text, (item.id, needle)


def test_a_search_word_naming_a_hidden_item_is_never_shown(tmp_path, monkeypatch):
    lines = [R.nginx_line(R.Event(R._h(n), R.DAY1, "GET", R.PREFIX + "articles/launch/?h=what-a-school-visit-taught-me+launch",
                                  200, 100, referer="https://intranet.example/campaigns/spot-it/")) for n in range(1, 8)]
    (tmp_path / "a.log").write_text("\n".join(lines) + "\n")
    code, err = reach(monkeypatch, "--log", str(tmp_path / "a.log"), "--out", str(tmp_path / "out"))
    assert code == 0, err
    text = (tmp_path / "out" / "index.html").read_text()
    assert "<th scope=\"row\">launch</th>" in text
    assert "school-visit" not in text


def test_devices_are_keyed_hashes_made_afresh_each_run():
    a, b = devices.Devices(), devices.Devices()
    assert a.of(b"192.0.2.1", b"ua") == a.of(b"192.0.2.1", b"ua")
    assert len({a.of(b"192.0.2.1", b"ua"), a.of(b"192.0.2.1", b"other ua"), a.of(b"192.0.2.2", b"ua")}) == 3
    assert a._key != b._key and a.of(b"192.0.2.1", b"ua") != b.of(b"192.0.2.1", b"ua")
    # IAB v2.1: an IPv6 address counts by its first 64 bits; IPv4-mapped addresses as IPv4.
    assert a.of(b"2001:db8:1:2:aaaa::1", b"ua") == a.of(b"2001:db8:1:2:bbbb::9", b"ua")
    assert a.of(b"2001:db8:1:3::1", b"ua") != a.of(b"2001:db8:1:2::1", b"ua")
    assert a.of(b"::ffff:192.0.2.1", b"ua") == a.of(b"192.0.2.1", b"ua")


# --- bots ----------------------------------------------------------------------------------------------

def test_the_crawler_list_is_read_as_its_format_says():
    data = bots_mod.patterns()
    assert isinstance(data, list) and len(data) > 500
    assert all(isinstance(e["pattern"], str) and e["pattern"] for e in data)
    is_bot = bots_mod.Bots()
    examples = [u for e in data for u in e.get("instances", [])]
    assert len(examples) > 1000
    assert all(is_bot(u.encode()) for u in examples)
    for human in (R.FIREFOX, R.EDGE, R.IPHONE, R.OUTLOOK, *R.BULK_UAS, ""):
        assert not is_bot(human.encode()), human


# --- bad input -----------------------------------------------------------------------------------------

def test_unreadable_unknown_damaged_files_and_malformed_lines_are_counted_and_reported(tmp_path, monkeypatch):
    good = [R.nginx_line(R.Event(R._h(n), R.DAY1, "GET", R.PREFIX + "articles/launch/", 200, 100)) for n in range(1, 4)]
    (tmp_path / "access.log").write_text("\n".join([good[0], "junk", good[1]]) + "\n")
    (tmp_path / "error.log").write_text("2027/01/11 09:00:00 [error] 12#12: *1 open() failed\nsecond line\n")
    (tmp_path / "access.log.d").mkdir()  # a folder matched by the glob: cannot be read
    blob = gzip.compress(("\n".join(good * 2000) + "\n").encode())
    (tmp_path / "access.log.2.gz").write_bytes(blob[: len(blob) // 2])  # cut short, as a log rotated mid-write
    code, err = reach(monkeypatch, "--log", f"{tmp_path}/access.log* {tmp_path}/error.log", "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert f"{tmp_path}/access.log.d: cannot be read" in err
    assert f"{tmp_path}/error.log: unknown format" in err and "its 2 lines were not read" in err
    assert f"{tmp_path}/access.log.2.gz: the file ends in the middle of its compressed data" in err
    j = json.loads((tmp_path / "out" / "reach.json").read_text())
    assert j["lines"]["read"] == j["lines"]["parsed"] + j["lines"]["malformed"]
    assert j["lines"]["malformed"] in (1, 2)  # 'junk', and the last line decoded if it was cut in two
    assert j["lines"]["parsed"] > 2 + 2000  # every line decoded before the damage counts
    text = (tmp_path / "out" / "index.html").read_text()
    assert f"{tmp_path}/access.log:2</code>" in text  # file:line of the malformed line, never its text
    assert "junk" not in text


@pytest.mark.parametrize("args, message", [
    (["--log", "/no/such/access.log"], "LOG: /no/such/access.log matches no file"),
    (["--log", "/no/such/*.log"], "LOG: /no/such/*.log matches no file"),
    (["--log", "LOGDIR/a.log", "--from", "2027-13-01"], "FROM=2027-13-01: not a date"),
    (["--log", "LOGDIR/a.log", "--from", "2027-02-01", "--to", "2027-01-01"], "TO=2027-01-01 is before FROM=2027-02-01"),
    (["--log", ""], "LOG is empty"),
])
def test_bad_arguments_write_nothing(tmp_path, monkeypatch, args, message):
    (tmp_path / "a.log").write_text(R.nginx_line(R.Event(R._h(1), R.DAY1, "GET", R.PREFIX, 200, 1)) + "\n")
    args = [a.replace("LOGDIR", str(tmp_path)) for a in args]
    code, err = reach(monkeypatch, *args, "--out", str(tmp_path / "out"))
    assert code == 2 and message in err and "nothing was written" in err
    assert not (tmp_path / "out").exists()


def test_from_and_to_limit_the_period(scenario, tmp_path, monkeypatch):
    folder, _, truth = scenario
    code, err = reach(monkeypatch, "--log", f"{folder}/*", "--from", "2027-01-12", "--to", "2027-01-12",
                      "--out", str(tmp_path / "out"))
    assert code == 0, err
    j = json.loads((tmp_path / "out" / "reach.json").read_text())
    assert j["period"] == {"from": "2027-01-12", "to": "2027-01-12"}
    day2 = [e for e in truth.events if e.t.date().isoformat() == "2027-01-12"]
    assert j["feeds"]["podcast"] == {"fetches": sum(1 for e in day2 if e.feed == "podcast"),
                                     "devices": len({e.dev for e in day2 if e.feed == "podcast"})}
    assert j["lines"]["parsed"] == len(truth.events)  # lines are what was read, whatever the period
    outside = len([e for e in truth.events if e.t.date().isoformat() != "2027-01-12"
                   and e.dev.ua not in (R.GOOGLEBOT, R.BINGBOT)])
    assert re.search(rf"Outside the period \(not counted\)</th><td class=\"n\">{outside}<",
                     (tmp_path / "out" / "index.html").read_text())


# --- where the report may go -----------------------------------------------------------------------------

@pytest.fixture
def proj(tmp_path):
    project = Project(tmp_path / "proj")
    project.plan(project.article("a", "First article", "2026-09-08 08:00"))
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "a.log").write_text(
        R.nginx_line(R.Event(R._h(1), R.DAY1, "GET", R.PREFIX + "articles/a/", 200, 1)) + "\n")
    return project


@pytest.mark.parametrize("out", ["site", "site/reach", "docs/reach", "podcast", "SITELINK/reach", "DEST/reach",
                                 "VERSIONS/v000001-abc/reach", "BUILT/x", ".", "..", "NOTREPORT", "LINK"])
def test_out_inside_site_docs_or_a_dest_is_refused(proj, monkeypatch, out):
    base = proj.path.parent
    (proj.path / "site").mkdir()
    (proj.path / "site" / "index.html").write_text("the published site\n")
    (base / "sitelink").symlink_to(proj.path / "site")
    (base / "dest").mkdir()
    (base / ".www.versions" / "v000001-abc").mkdir(parents=True)
    (base / "built").mkdir()
    (base / "built" / "campaign-status.json").write_text("{}")
    (base / "notreport").mkdir()
    (base / "notreport" / "keep.txt").write_text("keep me")
    (base / "link").symlink_to(base / "notreport")
    out = (out.replace("SITELINK", str(base / "sitelink")).replace("DEST", str(base / "dest"))
           .replace("VERSIONS", str(base / ".www.versions")).replace("BUILT", str(base / "built"))
           .replace("NOTREPORT", str(base / "notreport")).replace("LINK", str(base / "link")))
    before = sorted(str(p) for p in base.rglob("*"))
    monkeypatch.chdir(proj.path)
    code, err = reach(monkeypatch, "--log", str(base / "logs" / "a.log"), "--out", out, "--dest", str(base / "dest"),
                      root=proj.path, now="2026-10-01")
    assert code == 2, err
    assert "nothing was written" in err and f"OUT={out}" in err
    assert sorted(str(p) for p in base.rglob("*")) == before
    assert (base / "notreport" / "keep.txt").read_text() == "keep me"


def test_a_report_replaces_only_an_earlier_report(proj, monkeypatch):
    base = proj.path.parent
    args = ["--log", str(base / "logs" / "a.log"), "--out", "reach"]
    assert reach(monkeypatch, *args, root=proj.path, now="2026-10-01")[0] == 0
    first = json.loads((proj.path / "reach" / "reach.json").read_text())
    assert first["releases"] == [{"id": "a", "views": 1, "devices": 1}]
    assert first["audience"] is None and first["themes"][0]["audience_share"] is None
    assert reach(monkeypatch, *args, root=proj.path, now="2026-10-01")[0] == 0  # relative to the project
    assert not [p for p in proj.path.iterdir() if p.name.startswith(".reach")]


def test_make_reach_through_the_makefile(scenario, tmp_path):
    folder, _, _ = scenario
    env = {k: v for k, v in os.environ.items() if k not in ("LOG", "FROM", "TO", "OUT", "PREFIX", "DEST")}
    env["CAMPAIGN_NOW"] = R.NOW
    done = subprocess.run(["make", "-s", "reach", f"LOG={folder}/access.log* {folder}/u_ex*.log",
                           f"OUT={tmp_path / 'r'}", "FROM=2027-01-11"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads((tmp_path / "r" / "reach.json").read_text())["period"]["from"] == "2027-01-11"
    missing = subprocess.run(["make", "-s", "reach"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "make reach needs LOG" in missing.stderr


# --- the report stays in step with the site ----------------------------------------------------------

def test_the_paths_reach_counts_are_the_ones_the_build_publishes(full_site):
    from campaign.render import feeds, podcast

    assert count.FEEDS == {"podcast": podcast.FEED_URL, "news": feeds.NEWS_URL}
    assert (full_site / podcast.FEED_URL).is_file() and (full_site / feeds.NEWS_URL).is_file()
    plan = plan_mod.load(ROOT)
    for t in plan.themes:
        assert (full_site / count.hub_url(t.id) / "index.html").is_file()
    for ep in (r for r in plan.releases if r.kind == "episode"):
        assert podcast.media_url(ep.audio) == ep.audio and (full_site / ep.audio).is_file()
    # Material opens a search result with ?h=<terms> only with the search.highlight feature.
    assert "search.highlight" in (ROOT / "mkdocs.yml").read_text()


# --- the report page in a real browser -----------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_report_page_passes_axe_and_requests_nothing(report, scheme):
    """The report page in Debian's chromium (as tests/test_browser.py drives it): no axe-core violation in
    either colour scheme, and the page asks for nothing but itself (no font, image, script or style)."""
    from test_browser import AXE, _axe

    sys.path.insert(0, str(ROOT / "scripts"))
    import browser_support

    assert AXE.is_file(), f"{AXE} missing: run `make test-deps`"
    url = (report["out"] / "index.html").as_uri()
    with browser_support.browser() as b:
        context = b.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.goto(url)
        assert requests == [url]
        assert page.evaluate("document.querySelectorAll('svg[role=img] title').length") >= 4
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        violations = _axe(page)
        assert not violations, f"axe-core on the reach report ({scheme}):\n" + "\n".join(violations)
        context.close()


def test_compression_is_read_by_content_not_by_name(report, scenario, tmp_path, monkeypatch):
    """The rotated nginx log as bzip2, as xz, and as two concatenated gzip members, under names that say
    nothing: the figures are exactly those of the original files."""
    import bz2
    import lzma

    folder, paths, _ = scenario
    rotated = gzip.decompress((folder / "access.log.1.gz").read_bytes())
    half = rotated.index(b"\n", len(rotated) // 2) + 1
    variants = {"bz": bz2.compress(rotated), "xz": lzma.compress(rotated),
                "members": gzip.compress(rotated[:half]) + gzip.compress(rotated[half:])}
    for name, data in variants.items():
        logs = tmp_path / name
        logs.mkdir()
        (logs / "old").write_bytes(data)
        for p in paths[1:]:
            (logs / p.name).write_bytes(p.read_bytes())
        code, err = reach(monkeypatch, "--log", f"{logs}/*", "--out", str(tmp_path / f"out-{name}"))
        assert code == 0, err
        assert (tmp_path / f"out-{name}" / "reach.json").read_text() == (report["out"] / "reach.json").read_text(), name
