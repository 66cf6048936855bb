"""The default campaign (issue #4): a real year of content, paced as the brief says, that builds cleanly
and leaks nothing at every moment it changes.

Every change instant is covered without MkDocs (the plan, every live page's Markdown, every generated
page and both feeds are scanned for traces of items that are not live); full strict builds, scanned file
by file, run before launch, after evaluation_until and at ten change instants spread over the year."""
from __future__ import annotations

import contextlib
import io
import os
import re
from datetime import date, timedelta

import pytest

from campaign.commands import check, cli
from campaign.render import feeds, podcast
from campaign.source import plan as plan_mod
from campaign.source.links import broken_links
from campaign.render.listings import generated_pages
from campaign.source.plan import url_of
from campaign.release.snapshot import Snapshot
from campaign.release.changes import change_instants
from conftest import ROOT, site_texts

PLAN = plan_mod.load(ROOT)
TZ = PLAN.tz
PAGES = [r for r in PLAN.releases if r.kind in ("article", "blog", "resource")]
# England and Wales bank holidays (gov.uk), 2026 and 2027.
BANK_HOLIDAYS = {date.fromisoformat(d) for d in (
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
)}
INSTANTS = change_instants(PLAN)


def words(markdown: str) -> int:
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not words a reader reads
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text))


def test_counts():
    kinds = [r.kind for r in PLAN.releases]
    assert kinds.count("article") >= 13
    assert kinds.count("blog") >= 12
    assert kinds.count("resource") >= 9


def test_every_page_has_at_least_300_words():
    short = {r.id: n for r in PAGES if (n := words((ROOT / r.source).read_text(encoding="utf-8"))) < 300}
    assert short == {}


def test_cadence_weekdays_and_no_bank_holidays():
    assert PLAN.campaign.max_releases_per_week == 3
    per_week: dict = {}
    for r in PLAN.releases:
        local = r.release.astimezone(TZ)
        assert local.weekday() < 5, f"{r.id} is released on a weekend ({local:%A %d %B %Y})"
        assert local.date() not in BANK_HOLIDAYS, f"{r.id} is released on a bank holiday ({local.date()})"
        # The follow-up survey wave comes after 12 months, within evaluation_until (issue 15).
        last = PLAN.campaign.evaluation_until.astimezone(TZ).date() if r.kind == "survey" else date(2027, 9, 30)
        assert date(2026, 9, 7) <= local.date() <= last, r.id
        per_week.setdefault(local.isocalendar()[:2], []).append(r.id)
    crowded = {w: ids for w, ids in per_week.items() if len(ids) > 3}
    assert crowded == {}
    assert check.cadence(PLAN) == []


def test_no_title_is_shared_wording():
    """A title equal to a theme name or the campaign's wording would be 'leaked' by every page."""
    shared = {PLAN.campaign.title, PLAN.campaign.strapline, *(t.title for t in PLAN.themes)}
    assert not {r.title.casefold() for r in PLAN.releases} & {s.casefold() for s in shared}


def needles(snap: Snapshot) -> dict[str, str]:
    """What must not appear while an item is not live: its title, page address and (slug) id."""
    out = {}
    for r in snap.hidden:
        out[r.title.casefold()] = r.id
        if url_of(r):
            out[url_of(r)] = r.id
        if "-" in r.id:
            out[r.id] = r.id
    return out


def traces(text: str, snap: Snapshot) -> set[str]:
    folded = text.casefold()
    return {f"{item}: {needle!r}" for needle, item in needles(snap).items() if needle in folded}


@pytest.mark.parametrize("now", INSTANTS, ids=[t.strftime("%Y-%m-%dT%H%M") for t in INSTANTS])
def test_every_change_instant_without_mkdocs(now):
    """Everything that goes into the site at this instant, as text: no trace of what is not live."""
    snap = Snapshot(PLAN, now)
    found = set()
    for r in snap.live:
        if getattr(r, "source", None):
            found |= traces((ROOT / r.source).read_text(encoding="utf-8"), snap)
        found |= traces(" ".join(str(getattr(r, k, "") or "") for k in ("summary", "notes", "title")), snap)
    for page in generated_pages(snap, "Spot It to Stop It"):
        found |= {f"{page.src_uri}: {t}" for t in traces(page.markdown, snap)}
    found |= traces(podcast.index_page(snap), snap)
    site = "https://intranet.example/campaigns/spot-it/"
    found |= traces(feeds.news_feed(snap, site).decode(), snap)
    found |= traces(feeds.podcast_feed(snap, site, "Owner", "owner@example.org").decode(), snap)
    assert found == set()


def test_looking_ahead_looks_for_everything_each_instant_looks_for():
    """audit_site looks ahead for the live items to be taken down: at every change instant where there is one,
    what the instant's own audit looks for is a subset of what the wider one looks for (the memo's soundness)."""
    from campaign.audit.auditor import Auditor

    ahead = 0
    for now in INSTANTS:
        snap = Snapshot(PLAN, now)
        if snap.ending:
            ahead += 1
            allowed = frozenset(PLAN.shared_wording)
            assert Auditor(snap, allowed)._looked_for()[0] <= Auditor(snap.hiding(snap.ending), allowed)._looked_for()[0]
    assert ahead  # the shipped campaign has an event listed until a date


def test_what_the_timer_looks_for_only_shrinks_from_one_change_instant_to_the_next():
    """The audit's memo holds from one build to the next while what is looked for (looking ahead) is a subset
    of what was: true at every change instant of the shipped campaign, so each timer build reads only what
    changed (a shortened title's anchor shared by two titles once made every release a full read)."""
    from campaign.audit.auditor import Auditor

    allowed = frozenset(PLAN.shared_wording)
    before = None
    for now in INSTANTS:
        snap = Snapshot(PLAN, now)
        looked = Auditor(snap.hiding(snap.ending), allowed)._looked_for()
        if before is not None:
            assert looked[0] <= before[0] and looked[1] == before[1], now
        before = looked


def test_the_audit_accepts_what_goes_into_the_site_at_every_change_instant():
    """The shipped campaign must build at every instant, so the product's own audit (every needle kind: a
    title's part after its colon, sentences, places...) finds nothing in the plan's texts of live items,
    their pages and the evergreen pages at any change instant (a real build at each runs in make
    test-deep). An event titled with a guide's subtitle, released a week before the guide, once made every
    build of that week fail."""
    from campaign.audit.auditor import Auditor
    from campaign.source import content

    found = []
    by_source = {getattr(r, "source", None): r for r in PLAN.releases}
    for now in INSTANTS:
        snap = Snapshot(PLAN, now)
        auditor = Auditor(snap, frozenset(PLAN.shared_wording))
        texts = [(f"{PLAN_FILE_NAME}: {r.id}", "\n".join(v for v in vars(r).values() if isinstance(v, str)))
                 for r in snap.live]
        for rel in content.pages(PLAN):
            r = by_source.get(rel)
            if r is None or snap.is_live(r.id):
                texts.append((rel, (ROOT / rel).read_text(encoding="utf-8")))
        found += [f"{now:%Y-%m-%d %H:%M}: {f}" for where, text in texts for f in auditor.scan_text(text, where)]
    assert found == []


PLAN_FILE_NAME = "campaign_plan.yaml"


def test_no_link_ever_reveals_a_page_before_it_is_live():
    errors, _ = check.future_links(Snapshot(PLAN, PLAN.campaign.starts - timedelta(days=1)))
    assert errors == []


def _sample():
    """Before launch, 10 spread change instants and after the campaign; `make test-deep` builds at every
    change instant (about 5 s a build: all of them would take most of the suite's budget)."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "deep":
        return [PLAN.campaign.starts - timedelta(days=1), *INSTANTS, PLAN.last_instant + timedelta(days=1)]
    n = len(INSTANTS)
    picked = sorted({INSTANTS[round(i * (n - 1) / 9)] for i in range(10)})
    return [PLAN.campaign.starts - timedelta(days=1), *picked, PLAN.last_instant + timedelta(days=1)]


SAMPLE = _sample()


@pytest.mark.parametrize("now", SAMPLE, ids=[t.strftime("%Y-%m-%dT%H%M") for t in SAMPLE])
def test_strict_build(tmp_path, now):
    """`make build --strict` of the real project: no MkDocs warning, every internal link resolves, and
    no file of the output holds a title, address or id of an item that is not live."""
    site = tmp_path / "site"
    err = io.StringIO()
    os.environ["CAMPAIGN_NOW"] = now.isoformat()
    try:
        with contextlib.redirect_stderr(err):
            code = cli.main(["--root", str(ROOT), "build", "--strict", "--site-dir", str(site)])
    finally:
        os.environ.pop("CAMPAIGN_NOW")
    assert code == 0, err.getvalue()
    assert "WARNING" not in err.getvalue()
    assert broken_links(site, "https://intranet.example/campaigns/spot-it/") == []
    snap = Snapshot(PLAN, now)
    found = {f"{rel}: {t}" for rel, text in site_texts(site) for t in traces(text + "\n" + rel, snap)}
    assert found == set()
    live_pages = [r for r in snap.live if getattr(r, "source", None)]
    assert all((site / url_of(r) / "index.html").is_file() for r in live_pages)
