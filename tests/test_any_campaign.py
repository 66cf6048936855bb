"""Issue 24: any campaign, no code change. The second campaign in examples/ (another organisation, roles,
themes, timezone and colours, no data files) builds strictly at several instants, and no output file of it
carries a word of the default campaign; its own words are there. The default campaign's feed GUIDs,
calendar UIDs and PRODIDs, now derived from the plan, are exactly what they always were."""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.commands import cli
from campaign.source import plan as plan_mod
from conftest import ROOT, site_texts

EXAMPLE = ROOT / "examples" / "pause-before-you-click"
DEFAULT = plan_mod.load(ROOT)
EXAMPLE_PLAN = plan_mod.load(EXAMPLE)
# Before launch, the first day, mid-campaign (a take-down in force), after the end, after evaluation.
INSTANTS = ("2027-02-01", "2027-03-01 09:00", "2027-04-13 12:00", "2027-07-15", "2027-09-01")


def _default_words() -> set[str]:
    """What would show the default campaign leaking into another: its name, strapline, id, roles, theme
    titles, the organisation, and the distinctive wording of its texts."""
    t = DEFAULT.texts
    words = {DEFAULT.campaign.title, DEFAULT.campaign.strapline, DEFAULT.key, "spot-it", "Think Child",
             "Metropolitan Police", "Met's", "policing", "police", "safeguarding", "force device",
             *(r.label for r in DEFAULT.roles), *(r.id for r in DEFAULT.roles),
             *(th.title for th in DEFAULT.themes), *(th.id for th in DEFAULT.themes),
             t.action.title, t.action.link_text, t.signs_title, t.events_title, t.resources_title, t.podcast_title,
             t.partners_title, t.champions_title, t.evaluation_title, t.subscribe_link_text, t.roles_heading}
    assert len(words) > 30
    return {w for w in words if w}


def _run(argv: list[str], now: str, root: Path = EXAMPLE) -> tuple[int, str]:
    old = os.environ.get("CAMPAIGN_NOW")
    os.environ["CAMPAIGN_NOW"] = now
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["--root", str(root), *argv])
    finally:
        if old is None:
            os.environ.pop("CAMPAIGN_NOW", None)
        else:
            os.environ["CAMPAIGN_NOW"] = old
    return code, err.getvalue()


@pytest.fixture(scope="module")
def example_sites(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for now in INSTANTS:
        site = tmp_path_factory.mktemp("example") / "site"
        code, err = _run(["build", "--strict", "--site-dir", str(site)], now)
        assert code == 0, err
        out[now] = site
    return out


def test_the_example_is_another_campaign():
    c = EXAMPLE_PLAN.campaign
    assert c.title != DEFAULT.campaign.title and c.strapline != DEFAULT.campaign.strapline
    assert str(EXAMPLE_PLAN.tz) == "America/Toronto" != str(DEFAULT.tz)
    assert {r.id for r in EXAMPLE_PLAN.roles}.isdisjoint(r.id for r in DEFAULT.roles)
    assert {t.id for t in EXAMPLE_PLAN.themes}.isdisjoint(t.id for t in DEFAULT.themes)
    assert not (EXAMPLE / "data").exists()  # no partners, champions or survey files
    assert {r.kind for r in EXAMPLE_PLAN.releases} >= {"article", "blog", "resource", "episode", "event", "sign"}


@pytest.mark.parametrize("now", ["2027-02-01", "2027-04-13 12:00", "2027-09-01"])
def test_make_check_passes_for_the_example(now):
    """Plan, pages, links and a strict build (the example's own mkdocs.yml), as `make check` runs them."""
    code, err = _run(["check"], now)
    assert code == 0, err


def test_no_output_file_of_the_example_carries_a_default_campaign_word(example_sites):
    words = _default_words()
    pattern = re.compile("|".join(rf"(?<![a-z]){re.escape(w.casefold())}(?![a-z])" for w in sorted(words, key=len, reverse=True)))
    found = {}
    for now, site in example_sites.items():
        files = 0
        for rel, text in site_texts(site):
            files += 1
            hits = sorted({m.group(0) for m in pattern.finditer(text.casefold())} | {
                w for w in words if w.casefold() in rel.casefold()})
            if hits:
                found[f"{now}: {rel}"] = hits
        assert files > 40, (now, files)
    assert not found, found
    # The scan is not blind: the default campaign's own site is full of these words.
    probe = "<p>Spot It to Stop It: guides for first responders</p>"
    assert pattern.search(probe.casefold())


def test_the_example_shows_its_own_words(example_sites):
    after = example_sites["2027-09-01"]
    home = (after / "index.html").read_text(encoding="utf-8")
    footer = home.split("<footer")[1]
    assert "Pause Before You Click" in footer and "If in doubt, report it." in footer
    assert "Lakeview Regional Council, Information Security Office" in footer  # mkdocs.yml copyright:
    assert 'href="report/">Report a suspicious message</a>' in footer  # extra.footer_links, nav title
    body = home[home.index("<article"):home.index("</article>")]
    for words in ("Not sure about a message?", "Examples of suspicious messages", "Sessions",
                  "Suspicious emails and texts"):
        assert words in body, words
    # Roles from the plan: a guides page each, named by the plan's label and description.
    for role in EXAMPLE_PLAN.roles:
        page = (after / "resources" / "for" / role.id / "index.html").read_text(encoding="utf-8")
        assert f"Guides for {role.label.lower()}" in page and role.description in page
    assert not (after / "resources" / "for" / "detectives").exists()
    # No data files: no partners, champions or evaluation page, and no link to one.
    for missing in ("partners", "champions", "evaluation"):
        assert not (after / missing).exists()
    assert not [rel for rel, text in site_texts(after) if re.search(r'href="[^"]*(partners|champions|evaluation)/', text)]
    # Feeds and calendars carry the example's own ids and Toronto times.
    feed = (after / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert "<guid isPermaLink=\"false\">pause-before-you-click:episode-01-what-happens-when-you-report</guid>" in feed
    assert "Lakeview Regional Council staff only" in feed
    # The feeds' language is the campaign's (extra.feed_language), not the default campaign's en-gb.
    assert "<language>en-ca</language>" in feed and "en-gb" not in feed
    assert "<language>en-ca</language>" in (after / "feeds" / "news.xml").read_text(encoding="utf-8")
    ics = (after / "events" / "events.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "UID:lunch-and-learn-phishing-up-close@events.pause-before-you-click.invalid" in ics
    assert "PRODID:-//Pause Before You Click//sessions//EN" in ics and "TZID=America/Toronto" in ics


def test_nothing_of_the_example_leaks_before_launch(example_sites):
    before = example_sites["2027-02-01"]
    for r in EXAMPLE_PLAN.releases:
        assert not [rel for rel, text in site_texts(before) if r.title.casefold() in text.casefold()], r.id


def test_the_default_campaign_keeps_its_ids(full_site):
    """Podcast apps re-download every episode whose GUID changes: the default campaign's feed GUIDs,
    calendar UIDs and PRODIDs, now derived from its plan, are exactly the ones it always published."""
    feed = (full_site / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert re.findall(r"<guid[^>]*>([^<]+)</guid>", feed)[:2] == [
        "spot-it-to-stop-it:episode-01-a-sign-at-a-domestic-call", "spot-it-to-stop-it:episode-02-missing-from-home"]
    assert "Internal to the Metropolitan Police Service." in feed
    news = (full_site / "feeds" / "news.xml").read_text(encoding="utf-8")
    assert "<guid isPermaLink=\"false\">spot-it-to-stop-it:launch</guid>" in news
    ics = (full_site / "events" / "events.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "PRODID:-//Spot It to Stop It//training and events//EN" in ics
    assert "X-WR-CALNAME:Spot It to Stop It: training and events" in ics
    assert re.search(r"^UID:[a-z0-9-]+@events\.spot-it-to-stop-it\.invalid\r?$", ics, re.M)
    schedule = subprocess.run(["make", "-s", "schedule", "FORMAT=ics"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "CAMPAIGN_NOW": "2027-10-01"}, timeout=300)
    assert schedule.returncode == 0, schedule.stderr
    assert "PRODID:-//Spot It to Stop It//release schedule//EN" in schedule.stdout
    assert "\nUID:spot-it-to-stop-it:launch\n" in schedule.stdout


def test_timer_lines_name_the_campaign_folder_and_its_dest():
    run = subprocess.run(["make", "-s", "schedule", f"ROOT={EXAMPLE.relative_to(ROOT)}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300,
                         env={**{k: v for k, v in os.environ.items() if k != "DEST"}, "CAMPAIGN_NOW": "2027-03-20"})
    assert run.returncode == 0, run.stderr
    cron = [line for line in run.stdout.splitlines() if "make -C " in line]
    # DEST is the operator's choice: a placeholder until `make schedule DEST=...` names it (issue 25).
    assert cron and all(line.endswith(f"make -C {ROOT} publish ROOT={EXAMPLE} DEST=/path/to/the/served/folder")
                        for line in cron), cron
    assert "America/Toronto" in run.stdout


def test_includes_are_read_from_the_campaign_folder_whatever_the_working_folder(tmp_path):
    """pymdownx.snippets reads a relative base_path from the working folder, and `make build ROOT=...` runs in
    the engine's folder: the build included the engine folder's files (its docs/articles/, another campaign's
    gated pages, which no check of this campaign looks at) where the tree check judged the campaign's own.
    Both read the campaign's folder now: its own note is included, the working folder's files never are, and
    an include of one of its own hidden pages is refused by make check and make build, site/ untouched; so is
    an include of the working folder's file, which the campaign's folder does not have."""
    work = tmp_path / "engine"
    shutil.copytree(ROOT / "hooks", work / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", work / "overrides")
    campaign = work / "examples" / "pause"
    shutil.copytree(EXAMPLE, campaign, ignore=shutil.ignore_patterns("site", ".cache"))
    (work / "docs/articles").mkdir(parents=True)
    (work / "docs/articles/secret.md").write_text("The engine folder's words about a rehearsal on the moon.\n")
    (work / "includes").mkdir()
    (work / "includes/note.md").write_text("The engine folder's note about carrots.\n")
    (campaign / "includes").mkdir()
    (campaign / "includes/note.md").write_text("The campaign's note about phishing drills.\n")
    yml = campaign / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                           "      base_path: [\".\"]\n", 1))
    help_md = campaign / "docs/help.md"
    help_md.write_text(help_md.read_text() + '\n--8<-- "docs/articles/secret.md"\n\n--8<-- "includes/note.md"\n')

    def make(target: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "PYTHONPATH", "DEST")}
        env.update(NO_MKDOCS_2_WARNING="1", CAMPAIGN_NOW="2027-04-13 12:00")
        return subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-C", str(work), target, "ROOT=examples/pause",
                               f"PY={sys.executable}", "READY="], env=env, capture_output=True, text=True, timeout=600)

    # The engine folder's docs/articles/secret.md is no file of the campaign's: an include of a file missing
    # from where includes are read from is an error (the build would leave it out silently), named at its line.
    secret = len(help_md.read_text().splitlines()) - 2
    for target in ("check", "build"):
        done = make(target)
        assert done.returncode != 0 and (f"docs/help.md:{secret}: this includes 'docs/articles/secret.md', but "
                                         "there is no such file in the campaign folder") in done.stderr, \
            done.stderr[-3000:]
    assert not (campaign / "site").exists()
    help_md.write_text(help_md.read_text().replace('\n--8<-- "docs/articles/secret.md"\n', ""))
    assert make("check").returncode == 0
    done = make("build")
    assert done.returncode == 0, done.stderr[-3000:]
    page = (campaign / "site/help/index.html").read_text(encoding="utf-8")
    assert "phishing drills" in page and "carrots" not in page
    assert not [rel for rel, text in site_texts(campaign / "site") if "moon" in text], "the engine folder's page"
    before = sorted(p.relative_to(campaign).as_posix() for p in (campaign / "site").rglob("*"))
    hidden = next(r for r in EXAMPLE_PLAN.releases if r.kind == "article" and str(r.release) > "2027-04-14")
    help_md.write_text(help_md.read_text() + f'\n--8<-- "{hidden.source}"\n')
    line = len(help_md.read_text().splitlines())
    for target in ("check", "build"):
        done = make(target)
        assert done.returncode != 0 and f"docs/help.md:{line}: this includes {hidden.source}" in done.stderr, \
            done.stderr[-3000:]
    assert sorted(p.relative_to(campaign).as_posix() for p in (campaign / "site").rglob("*")) == before


HOSPITAL_PLAN = """\
campaign:
  title: "Clean Hands, Safer Care"
  strapline: "Every contact counts."
  timezone: Europe/Dublin
  starts: "2027-03-01"
  ends: "2027-10-31 23:59"
  evaluation_until: "2027-12-31 23:59"
  max_releases_per_week: 3
  min_words: 0
themes:
  - id: five-moments
    title: "The five moments"
    summary: "When to clean your hands."
releases:
  - id: launch
    kind: article
    title: "Clean Hands, Safer Care begins"
    summary: "Eight months on hand hygiene across every ward."
    theme: five-moments
    source: docs/articles/launch.md
    release: "2027-03-01 08:00"
  - id: ward-audit-training
    kind: event
    title: "Hand hygiene audit training for link nurses"
    summary: "How to run the monthly observation audit on your ward."
    theme: five-moments
    audience: "Ward link nurses"
    place: "Education Centre, Room 2"
    booking: "Book with the practice education team"
    starts: "2027-04-14 14:00"
    ends: "2027-04-14 15:30"
    release: "2027-03-29 09:00"
"""

# The nav a team writes by copying the example's: it names a podcast, signs and guides this campaign lacks.
HOSPITAL_NAV = """\
nav:
  - Home: index.md
  - "What's new": whats-new.md
  - Topics: [themes/five-moments.md]
  - Guides: resources/index.md
  - Signs: signs/index.md
  - Training: events/index.md
  - Podcast: podcast/index.md
  - Help: help.md
"""


def _hospital(folder: Path, nav: str) -> Path:
    """A second organisation's campaign written from scratch: articles and events only (no podcast, signs
    or guides), Dublin time, its own site_url under a sub-path, the engine by absolute paths."""
    (folder / "docs" / "articles").mkdir(parents=True)
    (folder / "campaign_plan.yaml").write_text(HOSPITAL_PLAN, encoding="utf-8")
    (folder / "docs" / "articles" / "launch.md").write_text(
        "Today the trust starts eight months of work on hand hygiene on every ward.\n", encoding="utf-8")
    (folder / "docs" / "help.md").write_text("# Help\n\nWrite to the infection control team.\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Clean Hands, Safer Care\nsite_url: https://hub.stbrigids.example/teams/ipc/clean-hands/\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  font: false\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'campaign_hooks.py'}\n" + nav, encoding="utf-8")
    return folder


@pytest.mark.parametrize("nav", [HOSPITAL_NAV, ""], ids=["copied-nav", "no-nav"])
def test_a_campaign_without_a_podcast_signs_or_guides_has_no_page_feed_or_link_for_them(tmp_path, nav):
    """The generated pages of a kind the plan has none of (a podcast, signs, guides) were built anyway: a
    hospital's site had a "Podcast" page promising a first episode, a podcast feed advertised in every page's
    head (its artwork a broken link, its owner podcast@example.org), "Signs" and "Guides" pages, all in the
    sitemap, search and an automatic nav. Now a page family exists only when the plan has an item of its kind
    (in any status), and the nav drops the entries of those it does not have, as for a missing data file."""
    folder = _hospital(tmp_path / "clean-hands", nav)
    site = tmp_path / "site"
    code, err = _run(["build", "--strict", "--site-dir", str(site)], "2027-04-06 09:00", folder)
    assert code == 0, err
    assert (site / "events" / "index.html").is_file() and (site / "events" / "events.ics").is_file()
    for absent in ("podcast", "signs", "resources"):
        assert not (site / absent).exists(), absent
    pattern = re.compile(r"podcast|signs/|resources/|Guides", re.I)
    found = {rel: sorted(set(pattern.findall(text))) for rel, text in site_texts(site)
             if not rel.startswith("assets/") and pattern.search(text)}
    assert not found, found
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<link rel="alternate"[^>]*>', home) == [
        '<link rel="alternate" type="application/rss+xml" title="Clean Hands, Safer Care: articles and blogs" '
        'href="feeds/news.xml">']
    assert 'href="events/"' in home


def test_no_message_of_another_campaign_carries_a_word_of_the_default_one(tmp_path):
    """Mistakes in the hospital's plan were answered with the default campaign's words: "write it like
    'county-lines-guide'", "e.g. \\"Safeguarding week\\"", "a name like county-lines-guide.md". Every message
    in the catalogue (EDITORS.md's table) and what make check prints for this campaign now use neutral examples."""
    from campaign.source.messages import CATALOGUE

    words = _default_words() | {"county lines", "county-lines"}
    pattern = re.compile("|".join(rf"(?<![a-z]){re.escape(w.casefold())}(?![a-z])" for w in sorted(words, key=len, reverse=True)))
    catalogue = {m.code: hits for m in CATALOGUE.values() if (hits := pattern.findall(f"{m.text} {m.todo}".casefold()))}
    assert not catalogue, catalogue
    folder = _hospital(tmp_path / "clean-hands", "")
    (folder / "docs" / "articles" / "Audit Results.md").write_text("Our first audit results.\n", encoding="utf-8")
    plan = folder / "campaign_plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  - id: launch\n", "  - id: Launch Day\n").replace(
        '    title: "Hand hygiene audit training for link nurses"\n', '    title: "Audit"\n') + (
        '  - id: audit-results\n    kind: article\n    title: "Our first audit results"\n'
        '    source: "docs/articles/Audit Results.md"\n    release: "2027-05-01 08:00"\n'), encoding="utf-8")
    code, printed = _run(["check", "--no-build"], "2027-04-06 09:00", folder)
    assert code != 0 and "releases[0].id: not a valid id" in printed and "one short word" in printed \
        and "a page's file name must be lower-case words" in printed, printed
    assert not pattern.findall(printed.casefold()), printed


def test_with_root_every_file_is_named_from_where_the_command_was_typed(tmp_path):
    """README: `make check ROOT=campaigns/<name>`, from the engine's folder. Its messages named
    'campaign_plan.yaml:54' and 'docs/articles/launch.md', paths from the campaign's folder: from where the
    editor typed the command (and where VS Code's terminal opens a clicked file:line) they are the engine's
    own campaign's plan and page. Now they are named as typed (campaigns/clean-hands/campaign_plan.yaml:54),
    and make new says which files it wrote and which make check to run next the same way."""
    work = tmp_path / "engine"
    shutil.copytree(ROOT / "hooks", work / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", work / "overrides")
    shutil.copy(ROOT / "campaign_plan.yaml", work / "campaign_plan.yaml")  # the engine's own campaign's plan
    folder = _hospital(work / "campaigns" / "clean-hands", "")
    plan = folder / "campaign_plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  - id: launch\n", "  - id: Launch Day\n"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "PYTHONPATH", "DEST")}
    env.update(NO_MKDOCS_2_WARNING="1", CAMPAIGN_NOW="2027-04-06 09:00", KIND="article",
               TITLE="Glove myths on the ward", DATE="2027-06-01 08:00")

    def make(target: str) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-C", str(work), target,
                               "ROOT=campaigns/clean-hands", f"PY={sys.executable}", "READY="],
                              env=env, capture_output=True, text=True, timeout=600)

    done = make("check")
    assert done.returncode != 0
    [line] = [x for x in done.stderr.splitlines() if "not a valid id" in x]
    where = re.match(r"^(campaigns/clean-hands/campaign_plan\.yaml):(\d+): releases\[0\]\.id:", line)
    assert where, line
    assert "Launch Day" in (work / where.group(1)).read_text(encoding="utf-8").splitlines()[int(where.group(2)) - 1]
    plan.write_text(plan.read_text(encoding="utf-8").replace("  - id: Launch Day\n", "  - id: launch\n"), encoding="utf-8")
    done = make("new")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("Created campaigns/clean-hands/docs/articles/glove-myths-on-the-ward.md and added "
                                  "release 'glove-myths-on-the-ward' to campaigns/clean-hands/campaign_plan.yaml (line "), done.stderr
    assert "then run make check ROOT=campaigns/clean-hands." in done.stderr, done.stderr
    assert (work / "campaigns/clean-hands/docs/articles/glove-myths-on-the-ward.md").is_file()
    assert not (work / "docs").exists()


def test_the_editors_guide_serves_any_campaign():
    """EDITORS.md is the guide for every campaign's editors: its examples were the default campaign's (roles
    'detectives, police-staff', a 'county lines briefing', a detective as guest, 'Missing children'), and it
    never said that a campaign in its own folder adds ROOT= to every command (without it, `make new`
    writes into the engine's own campaign). Only its opening line names the default campaign now."""
    guide = (ROOT / "EDITORS.md").read_text(encoding="utf-8")
    opening, rest = guide.split("\n", 3)[2], guide.split("\n", 3)[3]
    assert DEFAULT.campaign.title in opening
    words = _default_words() | {"county lines", "county-lines", "detective"}
    pattern = re.compile("|".join(rf"(?<![a-z]){re.escape(w.casefold())}(?![a-z])" for w in sorted(words, key=len, reverse=True)))
    assert not sorted(set(pattern.findall(rest.casefold()))), sorted(set(pattern.findall(rest.casefold())))
    assert "make check ROOT=campaigns/<name>" in guide and "make new ROOT=campaigns/<name>" in guide


def _print_rules(css: str) -> str:
    """The text of every @media print block of a stylesheet (one level of nested braces)."""
    return "\n".join(m.group(1) for m in re.finditer(r"@media print\s*\{((?:[^{}]|\{[^{}]*\})*)\}", css))


def test_the_engines_feedback_line_is_styled_for_every_campaign(example_sites):
    """The "Tell us" line every page ends with comes from the engine (overrides/partials/feedback.html), but its
    style (a rule above it, hidden when printed) was in the default campaign's colours file: another campaign,
    whose docs/stylesheets/campaign.css holds its colours as README says, printed it on every page. The
    stylesheets a page of the example links style it and leave it out of print."""
    site = example_sites["2027-04-13 12:00"]
    page = (site / "articles" / "campaign-launch" / "index.html").read_text(encoding="utf-8")
    assert 'class="campaign-feedback"' in page
    css = "\n".join((site / "articles" / "campaign-launch" / href).read_text(encoding="utf-8")
                    for href in re.findall(r'<link rel="stylesheet" href="([^"]+\.css)"', page))
    printed = _print_rules(css)
    assert re.search(r"\.campaign-feedback[^{]*\{[^}]*display:\s*none", printed), printed[:2000]
    assert re.search(r"\.campaign-feedback\s*\{[^}]*border-top", css)


def test_the_feeds_language_is_the_campaigns_or_its_themes(project):
    """A campaign that does not say its feeds' language (extra.feed_language) gets its theme's language in the
    feeds' <language>, never the default campaign's en-gb."""
    yml = project.path / "mkdocs.yml"
    text = re.sub(r"\n  feed_language:[^\n]*", "", yml.read_text(encoding="utf-8"))
    assert "\n  language: en\n" in text
    yml.write_text(text.replace("\n  language: en\n", "\n  language: fr\n", 1), encoding="utf-8")
    project.plan(project.article("launch", "The campaign launches today", "2026-09-07 08:00"))
    code, err = project.build("2026-11-23 12:00")
    assert code == 0, err
    news = (project.site / "feeds" / "news.xml").read_text(encoding="utf-8")
    assert "<language>fr</language>" in news and "en-gb" not in news
