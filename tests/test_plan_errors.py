"""Broken plans fail with exact `campaign_plan.yaml:LINE: key.path: ...` messages, all at once,
and leave the published site exactly as it was."""
from __future__ import annotations

import pytest

from campaign.source import plan as plan_mod
from campaign.source.errors import CampaignError
from conftest import HEADER, ROOT, find_anywhere

HEADER_LINES = HEADER.count("\n")  # the first release starts on the line after the header


def problems(project) -> list[str]:
    with pytest.raises(CampaignError) as exc:
        plan_mod.load(project.path)
    return [str(p) for p in exc.value.problems]


def line(n: int) -> int:
    """Line n (1-based) of the releases block, as a line of the whole plan."""
    return HEADER_LINES + n


def test_typo_key_suggests_the_right_one(project):
    project.write("docs/articles/a.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          relase: "2026-09-08 08:00"
        """)
    assert problems(project) == [
        f"campaign_plan.yaml:{line(1)}: releases[0].release: the required key 'release' is missing; fix: add 'release:' here",
        f"campaign_plan.yaml:{line(5)}: releases[0].relase: unknown key 'relase'; fix: did you mean 'release'?",
    ]


def test_unquoted_time_gets_a_hint_to_quote_it(project):
    project.write("docs/articles/a.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: 2026-09-08
        """)
    assert problems(project) == [
        f"campaign_plan.yaml:{line(5)}: releases[0].release: this time is not in quotes, so YAML reads it as a "
        "date without a timezone; expected a quoted time such as \"2027-01-11 08:00\", \"2027-01-11\" or "
        "\"2027-01-11T08:00+01:00\"; found '2026-09-08'; fix: Put it in double quotes: \"2026-09-08\".",
    ]


def test_dst_gap_names_both_candidates(project):
    project.write("docs/articles/a.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2027-03-28 01:30"
        """)
    [msg] = problems(project)
    assert msg.startswith(f"campaign_plan.yaml:{line(5)}: releases[0].release: '2027-03-28 01:30' does not exist "
                          "in Europe/London: the clocks go forward then;")
    assert msg.endswith('fix: Choose another time, or copy one of these: '
                        '"2027-03-28 01:30+00:00" or "2027-03-28 01:30+01:00".')


def test_every_problem_is_reported_in_one_run(project):
    project.write("docs/articles/a.md", "x")
    project.write("docs/articles/b.md", "x")
    project.write("docs/articles/stray.md", "not in the plan")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
        - id: a
          kind: article
          title: "Second article"
          source: docs/articles/b.md
          release: "2026-09-09 08:00"
          until: "2026-09-01 08:00"
        - id: c
          kind: article
          title: "Third article"
          source: docs/articles/missing.md
          release: "2028-01-01 08:00"
        - id: d
          kind: artcle
          title: "Fourth article"
        - id: e
          kind: article
          title: "Fifth article"
          source: ../../etc/passwd
          release: "2026-10-01"
          theme: missing-childrn
        """)
    got = problems(project)
    assert got == [
        f"campaign_plan.yaml:{line(6)}: releases[1].id: the id 'a' is already used by releases[0]; "
        "expected a unique id; fix: give this release its own id",
        f"campaign_plan.yaml:{line(11)}: releases[1].until: 'until' is not after 'release'; "
        "expected a time after 2026-09-09T08:00:00+01:00; found 2026-09-01T08:00:00+01:00; "
        "fix: take it down after it goes live, or remove 'until'",
        f"campaign_plan.yaml:{line(15)}: releases[2].source: the file does not exist; expected an existing file; "
        "found 'docs/articles/missing.md'; fix: check the spelling, or create the file",
        f"campaign_plan.yaml:{line(16)}: releases[2].release: the release is outside the campaign; "
        "expected a time from 2026-09-07T00:00:00+01:00 to 2027-12-31T00:00:00+00:00; "
        "found 2028-01-01T08:00:00+00:00; fix: move the date, or change campaign.starts/ends/evaluation_until",
        f"campaign_plan.yaml:{line(18)}: releases[3].kind: unknown kind; expected one of article, blog, resource, "
        "episode, event, sign, survey; found 'artcle'; fix: did you mean 'article'?",
        f"campaign_plan.yaml:{line(23)}: releases[4].source: not a plain path inside the project; expected a path "
        "like docs/articles/name.ext; found '../../etc/passwd'; fix: write the path from the project root",
        f"campaign_plan.yaml:{line(25)}: releases[4].theme: unknown theme; expected one of missing-children, "
        "child-abuse, criminal-exploitation; found 'missing-childrn'; fix: did you mean 'missing-children'?",
        "docs/articles/stray.md:1: releases: this file is in the gated folder docs/articles/ but no release in "
        "campaign_plan.yaml names it, so it would never be published; fix: add a release for it to "
        "campaign_plan.yaml, or move it out of docs/articles/",
    ], got


@pytest.mark.parametrize("bad, message", [
    ('title: 12345', "releases[0].title: wrong type of value; expected text; found 12345; fix: put text in double quotes"),
    ('title: "Same title"\n          source: docs/articles/a.md', "releases[0].source: the key 'source' appears twice here (first on line"),
    ('title: "[unclosed', "this is not valid YAML"),
])
def test_malformed_values(project, bad, message):
    project.write("docs/articles/a.md", "x")
    project.plan(f"""\
        - id: a
          kind: article
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
          {bad}
        """)
    got = problems(project)
    assert any(message in p for p in got), got


def test_same_file_twice_and_symlink_out(project, tmp_path):
    project.write("docs/articles/a.md", "x")
    outside = tmp_path / "outside.md"
    outside.write_text("secret")
    (project.path / "docs/articles/link.md").symlink_to(outside)
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
        - id: b
          kind: article
          title: "Second article"
          source: docs/articles/a.md
          release: "2026-09-09 08:00"
        - id: c
          kind: article
          title: "Third article"
          source: docs/articles/link.md
          release: "2026-09-10 08:00"
        """)
    got = problems(project)
    assert f"campaign_plan.yaml:{line(9)}: releases[1].source: the same file is already used by releases[0]" in got[0] or \
        any("this page would have the same address" in p for p in got), got
    assert any(p.startswith(f"campaign_plan.yaml:{line(14)}: releases[2].source: the file is a link") for p in got), got


def test_gated_folder_walk_lists_what_sorted_rglob_lists(tmp_path):
    # The fail-closed scan walks gated folders with os.scandir; it must see exactly what
    # sorted(Path.rglob("*")) sees, less real folders, in the same order.
    base = tmp_path / "docs/articles"
    for rel in ("a-c.md", "a/b.md", "a/.hidden.md", ".drafts/x.md", "B.md", "a/deep/er/z.md", "a/empty/"):
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        if not rel.endswith("/"):
            (base / rel).write_text("x")
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "inner/secret.md").write_text("x")
    (base / "linked-folder").symlink_to(outside)
    (base / "a/linked.md").symlink_to(base / "B.md")
    (base / "a/broken.md").symlink_to(tmp_path / "missing.md")
    expected = [f.relative_to(tmp_path).as_posix() for f in sorted(base.rglob("*"))
                if not (f.is_dir() and not f.is_symlink())]
    assert plan_mod._entries_under(str(tmp_path), "docs/articles") == expected
    assert "docs/articles/linked-folder" in expected and "docs/articles/a/broken.md" in expected


def test_non_utf8_and_oversized_pages(project):
    project.write("docs/articles/a.md", b"caf\xe9 au lait\n")
    project.write("docs/articles/b.md", "x" * (plan_mod.MAX_PAGE_BYTES + 1))
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
        - id: b
          kind: article
          title: "Second article"
          source: docs/articles/b.md
          release: "2026-09-09 08:00"
        """)
    got = problems(project)
    assert any("releases[0].source: the page is not UTF-8 text (bad byte at position 3)" in p for p in got), got
    assert any("releases[1].source: the page is 1,000,001 bytes, over the 1,000,000-byte limit" in p for p in got), got


def test_broken_plan_fails_the_build_and_leaves_site_as_it_was(project):
    project.write("site/index.html", "the previous published site")
    project.write("docs/articles/a.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: 2026-09-08 08:00:00
        """)
    code, err = project.build("2026-10-01")
    assert code == 1
    assert f"campaign_plan.yaml:{line(5)}: releases[0].release: this time is not in quotes" in err
    assert [p.name for p in project.site.iterdir()] == ["index.html"]
    assert (project.site / "index.html").read_text() == "the previous published site"
    assert sorted(p.name for p in project.path.iterdir()) == ["campaign_plan.yaml", "docs", "hooks", "mkdocs.yml", "overrides", "site"]


ROLES_HEADER = HEADER.replace("themes:\n", """roles:
  - id: first-responders
    label: "First responders"
  - id: police-staff
    label: "Police staff"
texts:
  podcast_titel: "Our podcast"
themes:
""", 1)


def test_roles_come_from_the_plan_and_an_unknown_one_gets_a_did_you_mean(project):
    project.write("docs/resources/r.md", "x")
    project.plan("""\
        - id: r
          kind: resource
          title: "A guide"
          theme: child-abuse
          roles: [first-responders, police-staf, detectives]
          source: docs/resources/r.md
          release: "2026-09-08 08:00"
        """, header=ROLES_HEADER)
    texts_line = ROLES_HEADER.split("\n").index("  podcast_titel: \"Our podcast\"") + 1
    roles_line = ROLES_HEADER.count("\n") + 5
    # All at once: a bad key under texts: does not hide the release's unknown roles.
    assert problems(project) == [
        f"campaign_plan.yaml:{texts_line}: texts.podcast_titel: unknown key 'podcast_titel'; fix: did you mean 'podcast_title'?",
        f"campaign_plan.yaml:{roles_line}: releases[0].roles[1]: unknown role; expected one of first-responders, "
        "police-staff; found 'police-staf'; fix: did you mean 'police-staff'?",
        f"campaign_plan.yaml:{roles_line}: releases[0].roles[2]: unknown role; expected one of first-responders, "
        "police-staff; found 'detectives'; fix: add the role under roles: (id, label, description)",
    ]
    project.plan(project.path.joinpath("campaign_plan.yaml").read_text().split("releases:\n", 1)[1],
                 header=ROLES_HEADER.replace("texts:\n  podcast_titel: \"Our podcast\"\n", ""))
    first = ROLES_HEADER.count("\n") - 1  # the header less the two texts lines, then the release's first line
    assert problems(project) == [
        f"campaign_plan.yaml:{first + 4}: releases[0].roles[1]: unknown role; expected one of first-responders, "
        "police-staff; found 'police-staf'; fix: did you mean 'police-staff'?",
        f"campaign_plan.yaml:{first + 4}: releases[0].roles[2]: unknown role; expected one of first-responders, "
        "police-staff; found 'detectives'; fix: add the role under roles: (id, label, description)",
    ]


def test_the_call_to_action_must_open_an_existing_evergreen_page(project):
    project.write("docs/articles/a.md", "x")
    header = HEADER.replace("themes:\n", """texts:
  action:
    title: "Report it"
    text: "Tell us."
    link_text: "How to report"
    page: docs/report.md
themes:
""", 1)
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
        """, header=header)
    page_line = header.split("\n").index("    page: docs/report.md") + 1
    assert problems(project) == [
        f"campaign_plan.yaml:{page_line}: texts.action.page: the page does not exist; expected an existing file in "
        "docs/; found 'docs/report.md'; fix: check the spelling, or create the page",
    ]


def test_a_bad_field_does_not_hide_the_other_problems_of_its_entry(project):
    """Cross-checks run per entry on the fields that did validate: a bad release must not hide a missing
    source on the same entry, nor a duplicate title on another."""
    project.write("docs/articles/a.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/b.md
          release: "2026-02-30"
        - id: b
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
          theme: missing-childrn
        """)
    got = problems(project)
    assert got == [
        f"campaign_plan.yaml:{line(4)}: releases[0].source: the file does not exist; expected an existing file; "
        "found 'docs/articles/b.md'; fix: check the spelling, or create the file",
        f"campaign_plan.yaml:{line(5)}: releases[0].release: '2026-02-30' is not a real date or time (day is out "
        "of range for month); expected a quoted time such as \"2027-01-11 08:00\", \"2027-01-11\" or "
        "\"2027-01-11T08:00+01:00\"; found '2026-02-30'; fix: Check the month is 01-12, the day exists in that "
        "month and the time is 00:00-23:59.",
        f"campaign_plan.yaml:{line(8)}: releases[1].title: the same title is already used by releases[0]; "
        "expected a unique title; found 'First article'; fix: titles must differ so staff (and the leak audit) "
        "can tell them apart",
        f"campaign_plan.yaml:{line(11)}: releases[1].theme: unknown theme; expected one of missing-children, "
        "child-abuse, criminal-exploitation; found 'missing-childrn'; fix: did you mean 'missing-children'?",
    ], got


def test_a_bad_campaign_field_does_not_hide_the_releases_problems(project):
    project.write("docs/articles/a.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/a.md
          release: "2026-09-08 08:00"
          until: "2026-09-01 08:00"
        - id: b
          kind: artcle
          title: "Second article"
          source: docs/articles/b.md
          release: "2026-09-08 08:00"
        """, header=HEADER.replace('starts: "2026-09-07"', 'starts: "7 Sept 2026"'))
    got = problems(project)
    assert [p.split(": ")[1] for p in got] == ["campaign.starts", "releases[0].until", "releases[1].kind"], got
    # The file of an entry whose kind is unknown is not also reported as a stray file in a gated folder.
    assert not any("docs/articles/b.md" in p and "gated folder" in p for p in got), got


def test_a_missing_file_suggests_the_nearest_existing_one(project):
    project.write("docs/articles/county-lines-guide.md", "x")
    project.write("docs/articles/other.md", "x")
    project.plan("""\
        - id: a
          kind: article
          title: "First article"
          source: docs/articles/county-line-guide.md
          release: "2026-09-08 08:00"
        - id: b
          kind: article
          title: "Second article"
          source: docs/article/other.md
          release: "2026-09-08 08:00"
        - id: c
          kind: article
          title: "Third article"
          source: docs/articles/zzzz.md
          release: "2026-09-08 08:00"
        """)
    got = problems(project)
    assert got[0].endswith("the file does not exist; expected an existing file; found "
                           "'docs/articles/county-line-guide.md'; fix: did you mean 'docs/articles/county-lines-guide.md'?"), got
    assert got[1].endswith("found 'docs/article/other.md'; fix: move the file into docs/articles/"), got
    assert got[2].endswith("found 'docs/articles/zzzz.md'; fix: check the spelling, or create the file"), got


NESTED_PLAN = """\
    - id: harbour-guide
      kind: article
      title: "Harbour safety guide"
      source: docs/articles/harbour-guide.md
      release: "{outer}"
      media: [docs/articles/harbour-guide/chart.png]
    - id: quiet-tips
      kind: article
      title: "Quiet tips for boats"
      source: docs/articles/harbour-guide/quiet-tips.md
      release: "{inner}"
      media: [docs/articles/harbour-guide/tips.png]
    """


def _refused_over_a_published_site(project, plan: str) -> tuple[list[str], str]:
    """Build `plan` between the two releases over a published site: refused with two problems, the site as it
    was. The plan's messages, and everything printed."""
    project.plan(plan)
    project.write("site/index.html", "the previous published site")
    code, err = project.build("2026-09-09")
    assert code == 1
    assert "2 problems found" in err, err
    assert [p.name for p in project.site.iterdir()] == ["index.html"]
    assert (project.site / "index.html").read_text() == "the previous published site"
    return [m for m in err.splitlines() if m.startswith("campaign_plan.yaml:")], err


def _built_without(project, plan: str, hidden: tuple[str, ...]) -> None:
    """`plan` (the files moved as the message says) builds, with the hidden item nowhere in the site."""
    project.plan(plan)
    code, err = project.build("2026-09-09")
    assert code == 0, err
    assert not [x for n in hidden for x in find_anywhere(project.site, n)], hidden


@pytest.mark.parametrize("outer, inner", [("2026-10-10 08:00", "2026-09-08 08:00"),
                                          ("2026-09-08 08:00", "2026-10-10 08:00")], ids=["inner-first", "outer-first"])
def test_a_release_page_inside_another_release_pages_folder_is_refused(project, outer, inner):
    """articles/harbour-guide/quiet-tips/ inside articles/harbour-guide/: the two go live at different instants.
    Inner first, the live page's address gives the hidden one's away (before this check the audit refused the
    build with three messages blaming mkdocs.yml and the page's own link); outer first, a take-down or a held
    approval turns it round. One message per file of the inner item, naming both items, before anything is
    built; the outer item's own media in its own folder is fine."""
    project.write("docs/articles/harbour-guide.md", "# Harbour safety guide\n\nMooring lines and tides.\n")
    project.write("docs/articles/harbour-guide/chart.png", b"\x89PNG\r\n\x1a\n chart")
    project.write("docs/articles/harbour-guide/quiet-tips.md", "# Quiet tips for boats\n\nFenders first.\n")
    project.write("docs/articles/harbour-guide/tips.png", b"\x89PNG\r\n\x1a\n tips")
    messages, err = _refused_over_a_published_site(project, NESTED_PLAN.format(outer=outer, inner=inner))
    folder = ("is inside the page folder of releases[0] ('harbour-guide', line "
              f"{line(1)}: articles/harbour-guide/), which goes live on its own")
    assert messages == [
        f"campaign_plan.yaml:{line(10)}: releases[1].source: this page's address (articles/harbour-guide/quiet-tips/) "
        f"{folder}: the live one would give the other's address away; expected a file outside "
        "docs/articles/harbour-guide/; found 'docs/articles/harbour-guide/quiet-tips.md'; fix: Move the file out of "
        "`docs/articles/harbour-guide/`, e.g. to `docs/articles/quiet-tips.md`, and change `source` in the plan to "
        "match: every release page has a folder of its own.",
        f"campaign_plan.yaml:{line(12)}: releases[1].media[0]: this file (articles/harbour-guide/tips.png) "
        f"{folder}: the live one would give the other's address away; expected a file outside "
        "docs/articles/harbour-guide/; found 'docs/articles/harbour-guide/tips.png'; fix: Move the file out of "
        "`docs/articles/harbour-guide/`, e.g. to `docs/articles/tips.png`, and change `media` in the plan to "
        "match: every release page has a folder of its own.",
    ], err
    # Moved as the message says: the build goes ahead, with the hidden item nowhere in the site.
    (project.path / "docs/articles/harbour-guide/quiet-tips.md").rename(project.path / "docs/articles/quiet-tips.md")
    (project.path / "docs/articles/harbour-guide/tips.png").rename(project.path / "docs/articles/tips.png")
    _built_without(project, NESTED_PLAN.format(outer=outer, inner=inner)
                   .replace("harbour-guide/quiet-tips.md", "quiet-tips.md").replace("harbour-guide/tips.png", "tips.png"),
                   ("quiet-tips", "Quiet tips") if inner > outer else ("harbour-guide", "Harbour safety"))


NESTED_EPISODES = """\
    - id: ep-harbour
      kind: episode
      number: 1
      title: "Harbour night episode"
      theme: child-abuse
      notes: "Notes about moorings."
      audio: podcast/ep-harbour.mp3
      transcript: podcast/ep-harbour.vtt
      release: "{outer}"
    - id: ep-lantern
      kind: episode
      number: 2
      title: "Lantern quay episode"
      theme: child-abuse
      notes: "Notes about lamps."
      audio: podcast/ep-harbour/lantern.mp3
      transcript: podcast/ep-harbour/lantern.vtt
      release: "{inner}"
    """


@pytest.mark.parametrize("outer, inner", [("2026-10-10 08:00", "2026-09-08 08:00"),
                                          ("2026-09-08 08:00", "2026-10-10 08:00")], ids=["inner-first", "outer-first"])
def test_an_episodes_files_inside_another_episodes_page_folder_are_refused(project, outer, inner):
    """podcast/ep-harbour/lantern.mp3 is published at that path, inside episode ep-harbour's page folder
    (podcast/ep-harbour/). Inner first, the live episode's audio address, feed enclosure and transcript give the
    hidden episode's id away (before this check the audit refused the build blaming the plan's audio line with
    'remove or reword it here'); outer first, a take-down turns it round. Refused as a page inside a page is,
    naming the project folder podcast/ep-harbour/ (not docs/...)."""
    for src, dst in (("ep01.mp3", "ep-harbour.mp3"), ("ep01.vtt", "ep-harbour.vtt"),
                     ("ep02.mp3", "ep-harbour/lantern.mp3"), ("ep02.vtt", "ep-harbour/lantern.vtt")):
        project.write(f"podcast/{dst}", (ROOT / "podcast" / src).read_bytes())
    messages, err = _refused_over_a_published_site(project, NESTED_EPISODES.format(outer=outer, inner=inner))
    folder = ("is inside the page folder of releases[0] ('ep-harbour', line "
              f"{line(1)}: podcast/ep-harbour/), which goes live on its own")
    fix = ("fix: Move the file out of `podcast/ep-harbour/`, e.g. to `podcast/{name}`, and change `{key}` in the "
           "plan to match: every release page has a folder of its own.")
    assert messages == [
        f"campaign_plan.yaml:{line(16)}: releases[1].audio: this file (podcast/ep-harbour/lantern.mp3) {folder}: the "
        "live one would give the other's address away; expected a file outside podcast/ep-harbour/; found "
        "'podcast/ep-harbour/lantern.mp3'; " + fix.format(name="lantern.mp3", key="audio"),
        f"campaign_plan.yaml:{line(17)}: releases[1].transcript: this file (podcast/ep-harbour/lantern.vtt) {folder}: "
        "the live one would give the other's address away; expected a file outside podcast/ep-harbour/; found "
        "'podcast/ep-harbour/lantern.vtt'; " + fix.format(name="lantern.vtt", key="transcript"),
    ], err
    # Moved as the message says: the build goes ahead, with the hidden episode nowhere in the site.
    for ext in ("mp3", "vtt"):
        (project.path / f"podcast/ep-harbour/lantern.{ext}").rename(project.path / f"podcast/lantern.{ext}")
    _built_without(project, NESTED_EPISODES.format(outer=outer, inner=inner).replace("podcast/ep-harbour/", "podcast/"),
                   ("ep-lantern", "Lantern quay", "lantern.mp3", "lantern.vtt") if inner > outer else
                   ("ep-harbour", "Harbour night"))
