"""The bad-input corpus (data for tests/test_corpus.py): each case is a throw-away project and the exact
problems `build` and `check` must print for it, all in one run.

A case gives the plan's `releases:` block (or a whole plan), extra files, and the expected lines.
File values: text, bytes, ("symlink", target outside the project) or ("sparse", size in bytes).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from conftest import HEADER

OK = "Body of the page.\n"
A = """\
- id: a
  kind: article
  title: "First article"
  source: docs/articles/a.md
  release: "2026-09-08 08:00"
"""
R = 22  # the line of the first release in HEADER-based plans


@dataclass
class Case:
    name: str
    releases: str = A
    files: dict = field(default_factory=lambda: {"docs/articles/a.md": OK})
    expect: list = field(default_factory=list)
    plan: str | None = None  # a whole plan instead of HEADER + releases (str or bytes)
    header: str = HEADER
    commands: tuple = ("build", "check")


def L(n: int) -> int:
    """Line n (1-based) of the releases block, as a line of the plan."""
    return R + n - 1


def entry(id, title, release="2026-09-08 08:00", source=None, extra=""):
    source = source or f"docs/articles/{id}.md"
    return (f"- id: {id}\n  kind: article\n  title: \"{title}\"\n  source: {source}\n  release: \"{release}\"\n"
            + "".join(f"  {x}\n" for x in extra.splitlines()))


P = "campaign_plan.yaml"
CASES: list[Case] = []
add = CASES.append

# --- YAML itself -------------------------------------------------------------------------------
add(Case("malformed-yaml", A.replace('"First article"', '"First article'), expect=[
    "campaign_plan.yaml:26: this is not valid YAML (did not find expected key); fix: check the indentation and that text containing ': ' or '#' is in quotes",
]))
add(Case("tab-indentation", A.replace("  kind: article", "\tkind: article"), expect=[
    "campaign_plan.yaml:23: this is not valid YAML (found a tab character that violates indentation); fix: check the indentation and that text containing ': ' or '#' is in quotes",
]))
add(Case("duplicate-key", A + '  title: "Another title"\n', expect=[
    "campaign_plan.yaml:27: releases[0].title: the key 'title' appears twice here (first on line 24); fix: keep one of them",
]))
add(Case("plan-not-utf8", plan=b"campaign:\n  title: \"Caf\xe9\"\n", expect=[
    'campaign_plan.yaml:1: the plan is not UTF-8 text (invalid continuation byte); fix: save it as UTF-8',
]))
add(Case("plan-missing", plan="", expect=[
    'campaign_plan.yaml:1: the campaign plan is missing; fix: create campaign_plan.yaml in {root}',
]))
add(Case("plan-is-a-list", plan="- campaign\n- releases\n", expect=[
    'campaign_plan.yaml:1: the plan must be a set of keys; expected campaign:, themes: and releases:; found list',
]))
# --- times -------------------------------------------------------------------------------------
add(Case("unquoted-date", A.replace('"2026-09-08 08:00"', "2026-09-08"), expect=[
    'campaign_plan.yaml:26: releases[0].release: this time is not in quotes, so YAML reads it as a date without a timezone; expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2026-09-08\'; fix: Put it in double quotes: "2026-09-08".',
]))
add(Case("unquoted-datetime", A.replace('"2026-09-08 08:00"', "2026-09-08 08:00:00"), expect=[
    'campaign_plan.yaml:26: releases[0].release: this time is not in quotes, so YAML reads it as a date without a timezone; expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2026-09-08 08:00:00\'; fix: Put it in double quotes: "2026-09-08 08:00:00".',
]))
add(Case("dst-gap", A.replace("2026-09-08 08:00", "2027-03-28 01:30"), expect=[
    'campaign_plan.yaml:26: releases[0].release: \'2027-03-28 01:30\' does not exist in Europe/London: the clocks go forward then; expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2027-03-28 01:30\'; fix: Choose another time, or copy one of these: "2027-03-28 01:30+00:00" or "2027-03-28 01:30+01:00".',
]))
add(Case("dst-ambiguous", A.replace("2026-09-08 08:00", "2026-10-25 01:30"), expect=[
    'campaign_plan.yaml:26: releases[0].release: \'2026-10-25 01:30\' happens twice in Europe/London: the clocks go back then; expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2026-10-25 01:30\'; fix: Copy the one you mean: "2026-10-25 01:30+01:00" or "2026-10-25 01:30+00:00".',
]))
add(Case("not-a-real-date", A.replace("2026-09-08 08:00", "2026-02-30"), expect=[
    'campaign_plan.yaml:26: releases[0].release: \'2026-02-30\' is not a real date or time (day is out of range for month); expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2026-02-30\'; fix: Check the month is 01-12, the day exists in that month and the time is 00:00-23:59.',
]))
add(Case("unknown-timezone", header=HEADER.replace("Europe/London", "Europe/Londn"), expect=[
    "campaign_plan.yaml:3: campaign.timezone: unknown timezone 'Europe/Londn'; found 'Europe/Londn'; fix: Use an IANA timezone name such as Europe/London.",
]))
add(Case("campaign-ends-before-it-starts", header=HEADER.replace('ends: "2027-09-07"', 'ends: "2026-09-01"')
         .replace('  evaluation_until: "2027-12-31"\n', ""), releases="[]\n", files={}, expect=[
    'campaign_plan.yaml:5: campaign.ends: the campaign ends before it starts; expected a time after campaign.starts',
]))
add(Case("until-before-release", A + '  until: "2026-09-01 08:00"\n', expect=[
    "campaign_plan.yaml:27: releases[0].until: 'until' is not after 'release'; expected a time after 2026-09-08T08:00:00+01:00; found 2026-09-01T08:00:00+01:00; fix: take it down after it goes live, or remove 'until'",
]))
add(Case("release-outside-campaign", A.replace("2026-09-08 08:00", "2028-01-01 08:00"), expect=[
    'campaign_plan.yaml:26: releases[0].release: the release is outside the campaign; expected a time from 2026-09-07T00:00:00+01:00 to 2027-12-31T00:00:00+00:00; found 2028-01-01T08:00:00+00:00; fix: move the date, or change campaign.starts/ends/evaluation_until',
]))
add(Case("event-times", """\
- id: briefing
  kind: event
  title: "County lines briefing"
  audience: "Neighbourhood officers"
  booking: "Book through the learning system"
  starts: "2026-10-01 10:00"
  ends: "2026-10-01 09:00"
  release: "2026-10-02 08:00"
""", files={}, expect=[
    "campaign_plan.yaml:28: releases[0].ends: the event ends before it starts; expected a time after 'starts'",
    "campaign_plan.yaml:29: releases[0].release: the event is announced after it starts; expected a release before 'starts'; fix: announce it earlier",
]))
# --- types and keys ----------------------------------------------------------------------------
add(Case("title-not-text", A.replace('"First article"', "12345"), expect=[
    'campaign_plan.yaml:24: releases[0].title: wrong type of value; expected text; found 12345; fix: put text in double quotes',
]))
add(Case("roles-not-a-list", A + "  roles: first-responders\n", expect=[
    "campaign_plan.yaml:27: releases[0].roles: wrong type of value; expected a list; found 'first-responders'",
]))
add(Case("theme-and-role-ids-twice", header=HEADER.replace("  - id: child-abuse", "  - id: missing-children").replace(
    "releases:\n", "roles:\n  - id: staff\n    label: Staff\n  - id: staff\n    label: All staff\nreleases:\n"),
    expect=[
    "campaign_plan.yaml:13: themes[1].id: the theme id 'missing-children' is used twice (also themes[0]); fix: Give each theme and each role its own id.",
    "campaign_plan.yaml:24: roles[1].id: the role id 'staff' is used twice (also roles[0]); fix: Give each theme and each role its own id.",
]))
add(Case("cadence-not-a-number", header=HEADER.replace("max_releases_per_week: 3", "max_releases_per_week: three"),
         expect=[
    "campaign_plan.yaml:7: campaign.max_releases_per_week: wrong type of value; expected a whole number; found 'three'",
]))
add(Case("approval-not-a-boolean", header=HEADER.replace("max_releases_per_week: 3",
                                                         "max_releases_per_week: 3\n  require_approval: maybe"),
         expect=[
    "campaign_plan.yaml:8: campaign.require_approval: wrong type of value; expected true or false; found 'maybe'",
]))
_FEEDBACK = "max_releases_per_week: 3\n  audience_size: {size}\n  feedback_email: {email}\n  feedback_form: {form}"
add(Case("feedback-keys", header=HEADER.replace("max_releases_per_week: 3", _FEEDBACK.format(
    size="-5", email='"comms team"', form='"intranet.example/feedback"')), expect=[
    "campaign_plan.yaml:8: campaign.audience_size: wrong type of value; expected a number above 0; found -5",
    "campaign_plan.yaml:9: campaign.feedback_email: not an email address; expected an address like name@example.org; found 'comms team'; fix: write the team's mailbox, e.g. \"campaign@example.org\"",
    "campaign_plan.yaml:10: campaign.feedback_form: not a web address; expected an address like https://intranet.example/feedback/; found 'intranet.example/feedback'; fix: copy the form's address from the browser's address bar",
]))
add(Case("feedback-form-on-another-host", header=HEADER.replace("max_releases_per_week: 3", _FEEDBACK.format(
    size="44000", email='"team@example.org"', form='"https://forms.example.com/f/1"')), expect=[
    "campaign_plan.yaml:10: campaign.feedback_form: the feedback form is on forms.example.com, not on the intranet's own host intranet.example; expected an address on intranet.example; found 'https://forms.example.com/f/1'; fix: link to the form on the intranet, or remove feedback_form",
]))
add(Case("unknown-key-did-you-mean", A.replace("release:", "relase:"), expect=[
    "campaign_plan.yaml:22: releases[0].release: the required key 'release' is missing; fix: add 'release:' here",
    "campaign_plan.yaml:26: releases[0].relase: unknown key 'relase'; fix: did you mean 'release'?",
]))
add(Case("unknown-top-level-key", plan=HEADER.replace("releases:\n", "release:\n") + "  " + A.replace("\n", "\n  "),
         expect=[
    "campaign_plan.yaml:21: release: unknown key 'release'; fix: did you mean 'releases'?",
]))
add(Case("unknown-kind", A.replace("kind: article", "kind: artcle"), expect=[
    "campaign_plan.yaml:23: releases[0].kind: unknown kind; expected one of article, blog, resource, episode, event, sign, survey; found 'artcle'; fix: did you mean 'article'?",
]))
add(Case("missing-title", A.replace('  title: "First article"\n', ""), expect=[
    "campaign_plan.yaml:22: releases[0].title: the required key 'title' is missing; fix: add 'title:' here",
]))
add(Case("title-too-short", A.replace('"First article"', '"Hi"'), expect=[
    "campaign_plan.yaml:24: releases[0].title: string should have at least 4 characters; found 'Hi'",
]))
add(Case("invalid-id", A.replace("id: a", "id: First Article"), expect=[
    "campaign_plan.yaml:22: releases[0].id: not a valid id; expected lower-case letters, digits and single hyphens; found 'First Article'; fix: write it like 'new-starters-guide'",
]))
add(Case("unknown-theme", A + "  theme: missing-childrn\n", expect=[
    "campaign_plan.yaml:27: releases[0].theme: unknown theme; expected one of missing-children, child-abuse, criminal-exploitation; found 'missing-childrn'; fix: did you mean 'missing-children'?",
]))
# --- across entries ----------------------------------------------------------------------------
add(Case("duplicate-ids", A + entry("a", "Second article", source="docs/articles/b.md"),
         files={"docs/articles/a.md": OK, "docs/articles/b.md": OK}, expect=[
    "campaign_plan.yaml:27: releases[1].id: the id 'a' is already used by releases[0]; expected a unique id; fix: give this release its own id",
]))
add(Case("duplicate-titles", A + entry("b", "First article"),
         files={"docs/articles/a.md": OK, "docs/articles/b.md": OK}, expect=[
    "campaign_plan.yaml:29: releases[1].title: the same title is already used by releases[0]; expected a unique title; found 'First article'; fix: titles must differ so staff (and the leak audit) can tell them apart",
]))
add(Case("same-file-twice", A + entry("b", "Second article", source="docs/articles/a.md"), expect=[
    "campaign_plan.yaml:30: releases[1].source: this file is already used by releases[0]; expected each file used by one release; found 'docs/articles/a.md'; fix: copy the file or point to another one",
    'campaign_plan.yaml:30: releases[1].source: this page would have the same address (articles/a/) as releases[0]; fix: rename one of the files',
]))
# --- files -------------------------------------------------------------------------------------
add(Case("missing-file", files={}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the file does not exist; expected an existing file; found 'docs/articles/a.md'; fix: check the spelling, or create the file",
]))
add(Case("missing-file-near-name", A.replace("docs/articles/a.md", "docs/articles/county-line-guide.md"),
         files={"docs/articles/county-lines-guide.md": OK}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the file does not exist; expected an existing file; found 'docs/articles/county-line-guide.md'; fix: did you mean 'docs/articles/county-lines-guide.md'?",
    'docs/articles/county-lines-guide.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))
add(Case("bad-release-and-missing-source", A.replace("docs/articles/a.md", "docs/articles/b.md")
         .replace('"2026-09-08 08:00"', '"2026-09-31 08:00"'), expect=[
    "campaign_plan.yaml:25: releases[0].source: the file does not exist; expected an existing file; found 'docs/articles/b.md'; fix: check the spelling, or create the file",
    'campaign_plan.yaml:26: releases[0].release: \'2026-09-31 08:00\' is not a real date or time (day is out of range for month); expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2026-09-31 08:00\'; fix: Check the month is 01-12, the day exists in that month and the time is 00:00-23:59.',
    'docs/articles/a.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))
add(Case("gated-file-without-entry", files={"docs/articles/a.md": OK, "docs/articles/draft.md": OK}, expect=[
    'docs/articles/draft.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))
add(Case("path-traversal", A.replace("docs/articles/a.md", "../../etc/passwd"), expect=[
    "campaign_plan.yaml:25: releases[0].source: not a plain path inside the project; expected a path like docs/articles/name.ext; found '../../etc/passwd'; fix: write the path from the project root",
    'docs/articles/a.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))
add(Case("absolute-path", A.replace("docs/articles/a.md", "/etc/passwd"), expect=[
    "campaign_plan.yaml:25: releases[0].source: not a plain path inside the project; expected a path like docs/articles/name.ext; found '/etc/passwd'; fix: write the path from the project root",
    'docs/articles/a.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))
add(Case("wrong-folder", A.replace("docs/articles/a.md", "docs/blog/a.md"), files={"docs/blog/a.md": OK}, expect=[
    "campaign_plan.yaml:25: releases[0].source: an article's source must be in docs/articles/; expected a path starting docs/articles/; found 'docs/blog/a.md'; fix: move the file into docs/articles/",
]))
add(Case("symlink-out-of-project", files={"docs/articles/a.md": ("symlink", "outside.md")}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the file is a link (links are not published); expected a real file in the project; found 'docs/articles/a.md'; fix: replace the link with the file itself",
]))
add(Case("source-is-a-folder", A.replace("docs/articles/a.md", "docs/articles/sub"),
         files={"docs/articles/sub/x.txt": "x"}, expect=[
    "campaign_plan.yaml:25: releases[0].source: this is a folder, not a file; expected a file; found 'docs/articles/sub'; fix: name the file inside it",
    'docs/articles/sub/x.txt:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))
add(Case("bad-page-name", A.replace("docs/articles/a.md", "docs/articles/First Article.md"),
         files={"docs/articles/First Article.md": OK}, expect=[
    "campaign_plan.yaml:25: releases[0].source: a page's file name must be lower-case words joined by hyphens, ending .md; expected a name like new-starters-guide.md; found 'docs/articles/First Article.md'; fix: rename the file",
]))
add(Case("non-utf8-markdown", files={"docs/articles/a.md": b"Caf\xe9 au lait\n"}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the page is not UTF-8 text (bad byte at position 3); expected UTF-8 text; found 'docs/articles/a.md'; fix: save the file as UTF-8",
]))
add(Case("page-50-mb", files={"docs/articles/a.md": ("sparse", 50 * 1024 * 1024)}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the page is 52,428,800 bytes, over the 1,000,000-byte limit; expected a smaller page; found 'docs/articles/a.md'; fix: split it, or move large material out of the page",
]))
add(Case("media-50-mb", A + "  media: [docs/articles/a-video.mp4]\n",
         files={"docs/articles/a.md": OK, "docs/articles/a-video.mp4": ("sparse", 50 * 1024 * 1024)}, expect=[
    "campaign_plan.yaml:27: releases[0].media[0]: the file is 52,428,800 bytes, over the 30,000,000-byte limit; expected a smaller file; found 'docs/articles/a-video.mp4'; fix: compress it",
]))
# --- pages -------------------------------------------------------------------------------------
add(Case("front-matter-not-yaml", files={"docs/articles/a.md": "---\ntitle: [unclosed\n---\nBody.\n"}, expect=[
    "docs/articles/a.md:2: front matter: the page's front matter is not valid YAML (expected ',' or ']', but got '<stream end>'); fix: Fix the lines between the two `---` lines at the top of the page, or remove them.",
]))
add(Case("front-matter-unclosed", files={"docs/articles/a.md": "---\ndescription: x\nBody.\n"}, expect=[
    "docs/articles/a.md:1: front matter: the page starts with '---' but the front matter is never closed; fix: Add a `---` line after the front matter, or remove the first `---`.",
]))
add(Case("evergreen-front-matter-list", files={"docs/articles/a.md": OK, "docs/extra.md": "---\n- a\n---\nText\n"},
         expect=[
    "docs/extra.md:2: front matter: the page's front matter must be keys and values; found list; fix: Between the `---` lines write `key: value` lines, e.g. `description: ...`.",
]))
add(Case("first-line-read-as-settings", files={"docs/articles/a.md": "Note: officers must read this first.\n\nBody.\n"},
         expect=[
    "docs/articles/a.md:1: the first line 'Note: officers must read this first.' will not show: MkDocs reads `Word: text` lines at the top of a page as page settings and removes them; fix: Start the page with a blank line or a `# Heading`, or put settings between two `---` lines.",
]))
add(Case("image-without-alt", files={"docs/articles/a.md": "Body.\n\n![](images/logo.svg)\n"}, expect=[
    'docs/articles/a.md:3: the image images/logo.svg has no alt text; fix: Describe the image in the square brackets: `![A school bag by a door](images/bag.svg)`; for a purely decorative image write `alt=""` deliberately in HTML.',
],
         commands=("check",)))
add(Case("link-text-reveals-future-title", A + entry("b", "Second article", "2026-09-20 08:00"),
         files={"docs/articles/a.md": "Coming soon: [Second article](b.md).\n", "docs/articles/b.md": OK}, expect=[
    "docs/articles/a.md:1: the link to 'Second article' (docs/articles/b.md) shows its title while that page is not live (until Sunday 20 September 2026, 08:00): make build and make publish stop on it now, and the published site stays as it was; fix: Change the link text so it does not repeat the page's title, or release this page on or after the date named.",
],
         commands=("check",)))
# --- many problems at once ---------------------------------------------------------------------
add(Case("many-problems-at-once", """\
- id: a
  kind: article
  title: "First article"
  source: docs/articles/a.md
  release: 2026-09-08
- id: a
  kind: blog
  title: "First article"
  source: ../../etc/passwd
  release: "2027-03-28 01:30"
  until: "2026-09-01"
  autor: "Someone"
""", files={"docs/articles/a.md": b"\xff\xfe", "docs/articles/stray.md": OK}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the page is not UTF-8 text (bad byte at position 0); expected UTF-8 text; found 'docs/articles/a.md'; fix: save the file as UTF-8",
    'campaign_plan.yaml:26: releases[0].release: this time is not in quotes, so YAML reads it as a date without a timezone; expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2026-09-08\'; fix: Put it in double quotes: "2026-09-08".',
    "campaign_plan.yaml:27: releases[1].author: the required key 'author' is missing; fix: add 'author:' here",
    "campaign_plan.yaml:27: releases[1].id: the id 'a' is already used by releases[0]; expected a unique id; fix: give this release its own id",
    "campaign_plan.yaml:27: releases[1].theme: the required key 'theme' is missing; fix: add 'theme:' here",
    "campaign_plan.yaml:29: releases[1].title: the same title is already used by releases[0]; expected a unique title; found 'First article'; fix: titles must differ so staff (and the leak audit) can tell them apart",
    "campaign_plan.yaml:30: releases[1].source: not a plain path inside the project; expected a path like docs/blog/name.ext; found '../../etc/passwd'; fix: write the path from the project root",
    'campaign_plan.yaml:31: releases[1].release: \'2027-03-28 01:30\' does not exist in Europe/London: the clocks go forward then; expected a quoted time such as "2027-01-11 08:00", "2027-01-11" or "2027-01-11T08:00+01:00"; found \'2027-03-28 01:30\'; fix: Choose another time, or copy one of these: "2027-03-28 01:30+00:00" or "2027-03-28 01:30+01:00".',
    "campaign_plan.yaml:33: releases[1].autor: unknown key 'autor'; fix: did you mean 'author'?",
    'docs/articles/stray.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))

add(Case("many-problems-across-entries", """\
- id: a
  kind: article
  title: "First article"
  source: docs/articles/a.md
  release: "2026-09-08 08:00"
  until: "2026-09-01 08:00"
- id: a
  kind: article
  title: "First Article"
  source: ../../etc/passwd
  release: "2028-01-01"
- id: c
  kind: article
  title: "Third article"
  source: docs/articles/c.md
  release: "2026-09-10 08:00"
""", files={"docs/articles/a.md": b"\xff\xfe", "docs/articles/stray.md": OK}, expect=[
    "campaign_plan.yaml:25: releases[0].source: the page is not UTF-8 text (bad byte at position 0); expected UTF-8 text; found 'docs/articles/a.md'; fix: save the file as UTF-8",
    "campaign_plan.yaml:27: releases[0].until: 'until' is not after 'release'; expected a time after 2026-09-08T08:00:00+01:00; found 2026-09-01T08:00:00+01:00; fix: take it down after it goes live, or remove 'until'",
    "campaign_plan.yaml:28: releases[1].id: the id 'a' is already used by releases[0]; expected a unique id; fix: give this release its own id",
    "campaign_plan.yaml:30: releases[1].title: the same title is already used by releases[0]; expected a unique title; found 'First Article'; fix: titles must differ so staff (and the leak audit) can tell them apart",
    "campaign_plan.yaml:31: releases[1].source: not a plain path inside the project; expected a path like docs/articles/name.ext; found '../../etc/passwd'; fix: write the path from the project root",
    'campaign_plan.yaml:32: releases[1].release: the release is outside the campaign; expected a time from 2026-09-07T00:00:00+01:00 to 2027-12-31T00:00:00+00:00; found 2028-01-01T00:00:00+00:00; fix: move the date, or change campaign.starts/ends/evaluation_until',
    "campaign_plan.yaml:36: releases[2].source: the file does not exist; expected an existing file; found 'docs/articles/c.md'; fix: check the spelling, or create the file",
    'docs/articles/stray.md:1: releases: this file is in the gated folder docs/articles/ but no release in campaign_plan.yaml names it, so it would never be published; fix: add a release for it to campaign_plan.yaml, or move it out of docs/articles/',
]))

# Data files (data/partners.yaml, data/champions.yaml, data/survey.yaml) are loaded by another part of
# the product; once they are, add their broken variants here as Case(files={"data/partners.yaml": ...}).
DATA_CASES: list[Case] = []
