"""make preview / make serve: the site as it will be on a date, agreeing with a real build and the schedule."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, Project, site_texts

A = ("a-first", "Alpha first release", "2026-10-01 09:00")
B = ("b-second", "Bravo second release", "2026-10-10 09:00")
EVENT = """\
- id: briefing-one
  kind: event
  title: "Launch briefing for leaders"
  release: "2026-09-20 09:00"
  until: "2026-12-31 00:00"
  starts: "2026-10-20 10:00"
  ends: "2026-10-20 11:30"
  audience: "Leaders"
  place: "Online (sample)"
  booking: "Book through the learning portal (sample)"
"""
BANNER = "Preview as of"


def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "proj")
    p.plan(p.article(*A) + p.article(*B, extra='until: "2026-11-02 09:00"') + EVENT)
    return p


def env_for(p: Project, **kw) -> dict:
    e = dict(os.environ, PYTHONPATH=str(p.path / "hooks"), NO_MKDOCS_2_WARNING="1", **kw)
    e.pop("CAMPAIGN_PREVIEW", None)
    return e


def preview_to(p: Project, date: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "preview", "--date", date,
                           "--output", str(out)], env=env_for(p), capture_output=True, text=True, timeout=300)


def schedule(p: Project, now: str) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "schedule", "--format", "json"],
                       env=env_for(p, CAMPAIGN_NOW=now), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def without_banner(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r'<aside class="md-banner">.*?</aside>', "", text, flags=re.S))


# Change instants that are releases, a take-down, an event's end and month boundaries (2026-11-01 changes the
# focus theme; nothing is released then).
INSTANTS = ["2026-09-30 23:59", "2026-10-01 09:00", "2026-10-20 11:30", "2026-11-01 00:00", "2026-11-02 09:00"]


@pytest.mark.parametrize("now", INSTANTS)
def test_preview_build_and_schedule_agree(tmp_path, now):
    p = project(tmp_path)
    code, err = p.build(now)
    assert code == 0, err
    r = preview_to(p, now, tmp_path / "preview")
    assert r.returncode == 0, r.stderr
    built = {rel: t for rel, t in site_texts(p.site)}
    shown = {rel: t for rel, t in site_texts(tmp_path / "preview")}
    assert set(shown) - set(built) == {"PREVIEW-NOT-FOR-PUBLICATION.txt"}
    assert set(built) <= set(shown)
    for rel, text in built.items():
        if rel.endswith(".html"):
            assert BANNER in shown[rel], rel  # every page, 404 included, says it is a preview
            assert BANNER not in text
            assert without_banner(shown[rel]) == without_banner(text), rel
        else:
            assert shown[rel] == text, rel  # search index, sitemap, feeds, status file: identical
    # The schedule's statuses at the same instant name exactly the pages both builds contain.
    for row in schedule(p, now):
        if row["url"] and row["kind"] in ("article", "blog", "resource"):
            assert (row["url"] + "index.html" in built) == (row["status"] == "live"), row


def test_preview_refuses_site_and_bad_dates(tmp_path):
    p = project(tmp_path)
    r = preview_to(p, "2027-02-01", p.path / "site")
    assert r.returncode == 2 and "preview never writes into site/" in r.stderr and not p.site.exists()
    r = preview_to(p, "2027-02-01", p.path / "site" / "preview")  # inside site/ too
    assert r.returncode == 2 and "preview never writes into site/" in r.stderr and not p.site.exists()
    dest = tmp_path / "www" / "spot-it"  # a published DEST: the folder of versions beside it marks it
    (tmp_path / "www" / ".spot-it.versions" / "v000001-000000000000").mkdir(parents=True)
    dest.symlink_to(".spot-it.versions/v000001-000000000000")
    for out in (dest / "preview", tmp_path / "www" / ".spot-it.versions" / "preview"):
        r = preview_to(p, "2027-02-01", out)
        assert r.returncode == 2 and "published DEST" in r.stderr and not out.exists(), r.stderr
    r = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "preview", "--date", "1 Feb 2027",
                        "--output", str(tmp_path / "x")], env=env_for(p), capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("DATE:") and "fix:" in r.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, want: str | None = None, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                last = resp.read().decode()
                if want is None or want in last:
                    return last
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never served {want!r}; last page:\n{last[:500]}")


def _start(p: Project, target: str, **env) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    e = env_for(p, **env)
    e["DATE"] = env.pop("DATE", "")
    proc = subprocess.Popen(["make", "-f", str(ROOT / "Makefile"), "-C", str(p.path), target, f"ADDR=127.0.0.1:{port}",
                             f"PY={sys.executable}", "READY="],
                            env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}/campaigns/spot-it/"


def _stop(proc: subprocess.Popen) -> str:
    os.killpg(proc.pid, signal.SIGINT)
    try:
        out = proc.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out = proc.communicate()[0]
    return out


def test_make_preview_serves_the_future_with_a_banner_and_restarts_on_plan_change(tmp_path):
    p = project(tmp_path)
    proc, base = _start(p, "preview", DATE="2026-10-12 12:00")
    try:
        home = _get(base, "Bravo second release")
        assert f"{BANNER} Monday 12 October 2026, 12:00" in home and "not for publication" in home
        page = _get(base + "articles/b-second/", BANNER)
        assert "Bravo second release" in page
        # A plan edit (hooks and plan are loaded once per process) is picked up by a restart.
        plan = p.path / "campaign_plan.yaml"
        plan.write_text(plan.read_text().replace("Bravo second release", "Bravo renamed release"))
        _get(base, "Bravo renamed release")
    finally:
        out = _stop(proc)
    assert "restarting the server" in out
    assert not p.site.exists()


def test_make_serve_restarts_when_hooks_change(tmp_path):
    p = project(tmp_path)
    proc, base = _start(p, "serve", CAMPAIGN_NOW="2026-10-05")
    try:
        home = _get(base, "Alpha first release")
        assert BANNER not in home and "Bravo second release" not in home
        hook = p.path / "hooks/campaign/render/common.py"
        hook.write_text(hook.read_text().replace('"article": "Article"', '"article": "Feature article"', 1))
        _get(base, "Feature article")
    finally:
        out = _stop(proc)
    assert "restarting the server" in out and not p.site.exists()


# A slip an editor makes in the tree (B is embargoed on 2026-10-05): preview --output and make preview-pack
# run the checks make build runs, and stop before building, naming the file and line.
TREE_SLIPS = [
    pytest.param({"docs/drafts/b.md": ("symlink", "../articles/b-second.md")}, "docs/drafts/b.md:1: this is a link", id="symlink"),
    pytest.param({"docs/mirror": ("symlink", "articles")}, "docs/mirror:1: this is a link", id="symlink-to-folder"),
    pytest.param({"docs/drafts/b.md": ("copy", "docs/articles/b-second.md")}, "docs/drafts/b.md:1: this file is a copy",
                 id="copy"),
    pytest.param({"@snippets": True, "docs/teaser.md": '# Teaser\n\n--8<-- "docs/articles/b-second.md"\n'},
                 "docs/teaser.md:3: this includes docs/articles/b-second.md", id="include"),
]


def slip(p: Project, files: dict) -> None:
    for rel, value in files.items():
        if rel == "@snippets":
            yml = p.path / "mkdocs.yml"
            yml.write_text(yml.read_text().replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                                   "      base_path: [\".\"]\n"), encoding="utf-8")
        elif isinstance(value, str):
            p.write(rel, value)
        elif value[0] == "symlink":
            (p.path / rel).parent.mkdir(parents=True, exist_ok=True)
            (p.path / rel).symlink_to(value[1])
        else:
            p.write(rel, (p.path / value[1]).read_bytes())


@pytest.mark.parametrize("files, message", TREE_SLIPS)
def test_preview_output_runs_the_tree_checks_of_a_build(tmp_path, files, message):
    p = project(tmp_path)
    slip(p, files)
    r = preview_to(p, "2026-10-05", tmp_path / "preview")
    assert r.returncode == 1 and message in r.stderr, r.stderr
    assert not (tmp_path / "preview").exists()
