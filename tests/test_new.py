"""make new: the page and the plan entry, both or neither, with the plan's comments and layout kept."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess

import pytest

from campaign.source import plan as plan_mod
from campaign.commands import scaffold
from conftest import ROOT

PLAN = """\
# yaml-language-server: $schema=./campaign_plan.schema.json
# The plan: comments and blank lines must survive make new.
campaign:
  title: "Spot It to Stop It"
  starts: "2026-09-07 00:00"
  ends: "2027-09-07 00:00"
  max_releases_per_week: 3

themes:
  - id: child-abuse   # the first theme is the placeholder
    title: "Child abuse"
    summary: "Abuse and neglect."
  - id: missing-children
    title: "Missing children"
    summary: "Children who go missing."
  - id: criminal-exploitation
    title: "Gangs and criminal exploitation"
    summary: "County lines."

releases:
  - id: launch
    kind: article
    title: "Spot It to Stop It starts today"
    source: docs/articles/launch.md
    release: "2026-09-07 08:00"

  # A comment between entries
  - id: later
    kind: article
    title: "A later article for the autumn"
    summary: "A very long summary line that must never be re-wrapped by the YAML writer, however long it grows over the width."
    source: docs/articles/later.md
    release: "2026-11-02 08:00"
"""


def tree(path):
    return sorted((p.relative_to(path).as_posix(), p.read_bytes() if p.is_file() else b"")
                  for p in path.rglob("*") if "__pycache__" not in p.parts)


@pytest.fixture
def proj(project):
    project.write("campaign_plan.yaml", PLAN)
    project.write("docs/articles/launch.md", "Launch.\n")
    project.write("docs/articles/later.md", "Later.\n")
    return project


def new(project, kind="article", title="A new article", date="2026-10-01 08:00") -> tuple[int, str]:
    err = io.StringIO()
    env = {k: v for k, v in {"NEW_KIND": kind, "NEW_TITLE": title, "NEW_DATE": date}.items() if v is not None}
    with contextlib.redirect_stderr(err):
        code = scaffold.main(project.path, env)
    return code, err.getvalue()


def test_make_new_through_the_makefile_with_shell_characters(proj):
    """The real `make new`: quotes, $ and # reach the plan unchanged, and make check still passes."""
    shutil.copy2(ROOT / "Makefile", proj.path / "Makefile")
    shutil.copy2(ROOT / "requirements.lock", proj.path / "requirements.lock")
    os.symlink(ROOT / ".venv", proj.path / ".venv")
    title = 'He said "spot it" & it cost $5 #1 \'ok\''
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEW_", "CAMPAIGN_NOW"))}
    done = subprocess.run(["make", "-s", "new", "KIND=blog", f"TITLE={title}", "DATE=2026-10-01 08:00"],
                          cwd=proj.path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    slug = "he-said-spot-it-it-cost-5-1-ok"
    assert f"Created docs/blog/{slug}.md" in done.stderr
    text = (proj.path / "campaign_plan.yaml").read_text()
    # Every original line is still there, in order, and the new entry sits between the two releases.
    new_lines = text.splitlines()
    it = iter(new_lines)
    assert all(any(line == got for got in it) for line in PLAN.splitlines())
    added = [line for line in new_lines if line not in PLAN.splitlines() or not line]
    assert text.index(f"id: {slug}") > text.index("id: launch") and text.index(f"id: {slug}") < text.index("# A comment")
    assert f'    title: "He said \\"spot it\\" & it cost $5 #1 \'ok\'"' in added
    plan = plan_mod.load(proj.path)
    assert plan.by_id[slug].title == title and plan.by_id[slug].kind == "blog"
    assert plan.by_id[slug].theme == "child-abuse"
    assert (proj.path / f"docs/blog/{slug}.md").read_text() == scaffold.BODY
    # make check passes (placeholders are warnings) and does not write site/.
    os.environ["CAMPAIGN_NOW"] = "2026-10-02"
    try:
        from campaign.commands import check
        report = check.run(proj.path)
    finally:
        os.environ.pop("CAMPAIGN_NOW")
    assert report.code == 0, report.text()
    assert any("placeholder text from make new" in str(w) for w in report.warnings)
    assert not proj.site.exists()


@pytest.mark.parametrize("kind, title, date, message", [
    ("episode", "An episode", "2026-10-01", "make new: KIND=episode: unknown kind for make new"),
    ("article", None, "2026-10-01", "make new: make new needs TITLE"),
    ("article", "Spot It to Stop It starts today", "2026-10-01",
     "make new: the title 'Spot It to Stop It starts today' already exists (release 'launch')"),
    ("article", "Launch!", "2026-10-01", "make new: the id 'launch' already exists (campaign_plan.yaml line 21)"),
    ("article", "A fine article", "2026-10-01 25:00", "make new: DATE: '2026-10-01 25:00' is not a real date or time"),
    ("article", "A fine article", "2028-01-01",
     "campaign_plan.yaml:41: releases[2].release: the release is outside the campaign"),
    ("article", "???", "2026-10-01", "make new: TITLE '???' cannot be used"),
])
def test_bad_requests_write_nothing(proj, kind, title, date, message):
    before = tree(proj.path)
    code, err = new(proj, kind, title, date)
    assert code == 1
    assert message in err, err
    assert tree(proj.path) == before


def test_plan_write_failure_removes_the_page(proj):
    (proj.path / scaffold.PLAN_TMP).mkdir()  # the temporary plan cannot be created: a real write failure
    before = tree(proj.path)
    code, err = new(proj)
    assert code == 1
    assert "could not write" in err and "nothing was changed" in err, err
    assert tree(proj.path) == before
    assert not (proj.path / "docs/articles/a-new-article.md").exists()


def test_appending_after_the_last_entry_keeps_blank_lines(proj):
    code, err = new(proj, "resource", "Last word on it", "2027-01-04")
    assert code == 0, err
    text = (proj.path / "campaign_plan.yaml").read_text()
    assert text.startswith(PLAN.rstrip("\n") + "\n\n  - id: last-word-on-it\n    kind: resource\n")
    assert plan_mod.load(proj.path).by_id["last-word-on-it"].source == "docs/resources/last-word-on-it.md"
