"""The release gate on real builds: exactly the live items are in the output, nothing of the rest."""
from __future__ import annotations

import os
import time

import pytest

from conftest import HEADER, find_anywhere

FUTURE_TITLE = "Quietly planned future piece"


def releases(project, release: str, until: str | None = None) -> None:
    live = project.article("launch", "The campaign launches today", "2026-09-07 08:00")
    extra = f'until: "{until}"' if until else ""
    future = project.article("future-piece", FUTURE_TITLE, release, kind="blog", folder="blog", extra=extra)
    project.plan(live + future)


def present(project) -> bool:
    page = project.site / "blog/future-piece/index.html"
    hits = find_anywhere(project.site, FUTURE_TITLE)
    if page.exists():
        assert "blog/future-piece/index.html" in hits
        for expected in ("whats-new/index.html", "search/search_index.json", "themes/child-abuse/index.html"):
            assert expected in hits, hits
        assert "blog/future-piece/" in (project.site / "sitemap.xml").read_text()
        return True
    assert hits == []
    assert find_anywhere(project.site, "future-piece") == []
    return False


@pytest.mark.parametrize("now, expected", [
    ("2026-11-10 07:59:59", False),   # 1 s before
    ("2026-11-10 08:00", True),       # at the instant
    ("2026-11-20 08:00", True),       # after
    ("2026-12-01 08:00", False),      # at until: taken down
    ("2026-12-02 08:00", False),      # after until
])
def test_absent_before_present_at_and_after_gone_at_until(project, now, expected):
    releases(project, "2026-11-10 08:00", until="2026-12-01 08:00")
    code, err = project.build(now)
    assert code == 0, err
    assert present(project) is expected
    assert (project.site / "articles/launch/index.html").exists()


@pytest.mark.parametrize("now, expected", [
    ("2027-03-28T00:59:59Z", False),  # 00:59:59 GMT, one second before 02:00 BST
    ("2027-03-28T01:00:00Z", True),   # 02:00 BST is 01:00 UTC
    ("2027-03-28 02:00", True),       # local time, the first minute of BST
])
def test_release_across_the_spring_clock_change(project, now, expected):
    releases(project, "2027-03-28 02:00")
    code, err = project.build(now)
    assert code == 0, err
    assert present(project) is expected


@pytest.mark.parametrize("now, expected", [
    ("2026-10-25 01:59:59+01:00", False),  # first 01:59:59 (BST)
    ("2026-10-25 01:00:00+00:00", False),  # second 01:00 (GMT), still before 01:30 GMT
    ("2026-10-25 01:30:00+00:00", True),
])
def test_release_in_the_repeated_autumn_hour(project, now, expected):
    releases(project, "2026-10-25 01:30+00:00")
    code, err = project.build(now)
    assert code == 0, err
    assert present(project) is expected


@pytest.fixture
def foreign_tz():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Auckland"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize("now, expected", [("2026-11-10 07:59:59", False), ("2026-11-10 08:00", True)])
def test_process_timezone_does_not_matter(project, foreign_tz, now, expected):
    releases(project, "2026-11-10 08:00")
    code, err = project.build(now)
    assert code == 0, err
    assert present(project) is expected


def test_explicit_nav_entry_and_link_from_a_live_page_do_not_leak(project):
    live = project.article("launch", "The campaign launches today", "2026-09-07 08:00",
                           body="Read [our next piece](../blog/future-piece.md) when it comes.\n"
                                "![poster](../blog/future-piece.md)\n")
    future = project.article("future-piece", FUTURE_TITLE, "2026-11-10 08:00", kind="blog", folder="blog")
    project.plan(live + future)
    yml = project.path / "mkdocs.yml"
    yml.write_text(yml.read_text().replace('  - Help: help.md', '  - Help: help.md\n  - Coming up: blog/future-piece.md\n'
                                           '  - Also: https://intranet.example/campaigns/spot-it/blog/future-piece/'))
    code, err = project.build("2026-10-01")
    assert code == 0, err
    assert find_anywhere(project.site, FUTURE_TITLE) == []
    assert find_anywhere(project.site, "future-piece") == []
    launch = (project.site / "articles/launch/index.html").read_text()
    assert "Read our next piece when it comes." in launch
    assert "Coming up" not in launch
    # and once it is live, the same link and nav entry work
    code, err = project.build("2026-11-10 08:00")
    assert code == 0, err
    launch = (project.site / "articles/launch/index.html").read_text()
    assert 'href="../../blog/future-piece/"' in launch and "Coming up" in launch


def test_link_text_revealing_a_future_title_fails_the_build_and_keeps_the_old_site(project):
    live = project.article("launch", "The campaign launches today", "2026-09-07 08:00",
                           body=f"Coming soon: [{FUTURE_TITLE}](../blog/future-piece.md).\n")
    future = project.article("future-piece", FUTURE_TITLE, "2026-11-10 08:00", kind="blog", folder="blog")
    project.plan(live + future)
    project.write("site/index.html", "previous site")
    code, err = project.build("2026-10-01")
    assert code == 1
    # named where the editor wrote it, with what it reveals, until when, and where it would show
    assert f"docs/articles/launch.md:1: the title '{FUTURE_TITLE}' of blog 'future-piece' is here" in err, err
    assert "not live until Tuesday 10 November 2026, 08:00" in err and "articles/launch/index.html" in err
    assert [p.name for p in project.site.iterdir()] == ["index.html"]
    assert not [p for p in project.path.iterdir() if p.name.startswith(".site")]
    code, err = project.build("2026-11-10 08:00")  # once it is live the same text is fine
    assert code == 0, err


@pytest.mark.parametrize("body", [
    "Coming soon: Spotting the\nsigns   of *exploitation* early.\n",  # wrapped, runs of spaces, emphasis
    "- Coming soon: Spotting the\n  signs of\n  **exploitation** early\n",  # wrapped inside a list item
])
def test_a_future_title_wrapped_or_emphasised_in_a_live_page_fails_the_build(project, body):
    # A reader sees the title whole; the search index holds it with the markup gone and every line break
    # a space (runs of spaces stay). Before the audit collapsed whitespace there, this built clean.
    live = project.article("live-one", "A live article here", "2026-09-08 08:00", body=body)
    future = project.article("future-one", "Spotting the signs of exploitation early", "2027-03-08 08:00")
    project.plan(live + future)
    code, err = project.build("2026-10-01 12:00")
    assert code == 1
    # one mistake, one message (the page and the search index hold it), at the editor's line
    assert err.startswith("1 problem found") and "docs/articles/live-one.md:1: the title 'Spotting the signs of " \
        "exploitation early' of article 'future-one' is here" in err, err


def test_title_that_is_also_a_theme_name_is_declared_shared_not_guessed(project):
    live = project.article("launch", "The campaign launches today", "2026-09-07 08:00")
    future = project.article("missing-children-focus", "Missing children", "2026-11-10 08:00",
                             kind="blog", folder="blog")
    project.plan(live + future)
    code, err = project.build("2026-10-01")  # a theme called the same as a future blog: said, not guessed
    assert code == 1 and "the theme title of 'missing-children' 'Missing children' contains the title of blog " \
        "'missing-children-focus'" in err and "shared_wording:" in err, err
    project.plan(live + future, header=HEADER.replace("releases:\n", 'shared_wording:\n  - "Missing children"\nreleases:\n'))
    code, err = project.build("2026-10-01")
    assert code == 0, err
    assert not (project.site / "blog/missing-children-focus").exists()
    assert find_anywhere(project.site, "missing-children-focus") == []


def test_held_items_are_never_published(project):
    approved = project.article("launch", "The campaign launches today", "2026-09-07 08:00",
                               extra='approved_by: "Head of Internal Communications"')
    held = project.article("future-piece", FUTURE_TITLE, "2026-09-08 08:00", kind="blog", folder="blog")
    project.plan(approved + held, header=HEADER.replace("max_releases_per_week: 3", "max_releases_per_week: 3\n  require_approval: true"))
    code, err = project.build("2027-01-01")
    assert code == 0, err
    assert (project.site / "articles/launch/index.html").exists()
    assert find_anywhere(project.site, FUTURE_TITLE) == []


def test_file_in_a_gated_folder_without_a_plan_entry_fails_closed(project):
    project.plan(project.article("launch", "The campaign launches today", "2026-09-07 08:00"))
    project.write("docs/resources/draft.md", "An unplanned draft")
    code, err = project.build("2027-01-01")
    assert code == 1
    assert "docs/resources/draft.md:1: releases: this file is in the gated folder docs/resources/" in err
    assert not project.site.exists()


def test_project_overrides_are_audited_though_theme_package_files_are_not(project):
    live = project.article("launch", "The campaign launches today", "2026-09-07 08:00")
    future = project.article("future-piece", FUTURE_TITLE, "2026-11-10 08:00", kind="blog", folder="blog")
    project.plan(live + future)
    project.write("overrides/extra-note.txt", f"Coming soon: {FUTURE_TITLE}\n")
    code, err = project.build("2026-10-01")
    assert code == 1
    assert f"overrides/extra-note.txt:1: the title '{FUTURE_TITLE}' of blog 'future-piece' is here" in err, err


def test_a_page_saved_with_a_bom_and_windows_line_ends_renders_as_mkdocs_reads_it(project):
    """The build hands MkDocs each release page as the plan's check read it (plan.pages_read): as MkDocs reads a
    file (the BOM dropped, every line end a newline), so its front matter and Markdown read as they do from disk."""
    body = "\ufeff---\r\ndescription: Front matter read\r\n---\r\n\r\n## Section heading\r\n\r\nFirst line\rsecond line.\r\n"
    project.plan(project.article("launch", "The campaign launches today", "2026-09-07 08:00", body=body))
    code, err = project.build("2026-11-23 12:00")
    assert code == 0, err
    page = (project.site / "articles/launch/index.html").read_text(encoding="utf-8")
    assert 'content="Front matter read"' in page and "description: Front matter read" not in page
    assert ">Section heading</h2>" in page and "<p>First line\nsecond line.</p>" in page
    assert "\ufeff" not in page and "\r" not in page


def test_the_build_line_counts_releases_in_words_that_read_right(project):
    releases(project, "2026-12-01 08:00")
    code, err = project.build("2026-11-23 12:00")
    assert code == 0, err
    assert ": 1 release live, 1 not live; leak audit clean" in err
    code, err = project.build("2026-12-02 12:00")
    assert code == 0 and ": 2 releases live, 0 not live;" in err, err
