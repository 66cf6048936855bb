"""Listing pages build themselves from the plan and are right on every date."""
from __future__ import annotations

import re
import statistics
import sys

import pytest

from campaign.source import plan as plan_mod
from campaign.release.snapshot import Snapshot
from campaign.source.times import parse_instant
from conftest import ROOT
from test_podcast import build_default

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

PLAN = plan_mod.load(ROOT)


def live_at(now: str):
    return Snapshot(PLAN, parse_instant(now, PLAN.tz)).live


def titles_in(html: str) -> list[str]:
    import html as h
    return [h.unescape(t) for t in re.findall(r'class="campaign-item__title" href="[^"]*">([^<]*)</a>', html)]


@pytest.fixture(scope="module", params=["2026-09-01 12:00", "2026-10-15 12:00", "2027-03-10 09:00", "2027-09-06 12:00"])
def built(request, tmp_path_factory):
    site = tmp_path_factory.mktemp("gen") / "site"
    build_default(site, request.param)
    return request.param, site


def test_whats_new_lists_every_live_release_newest_first(built):
    now, site = built
    live = [r for r in live_at(now) if r.kind in ("article", "blog", "resource", "episode")]
    expected = [r.title for r in sorted(live, key=lambda r: (r.release, r.id), reverse=True)]
    got, page = [], site / "whats-new/index.html"
    while True:  # "What's new" is paged (pages.WHATS_NEW_PAGE items each): follow the "Older releases" links
        html = page.read_text()
        got += [t.removeprefix("Episode ") for t in titles_in(html)]
        months = re.findall(r'<h2 id="m-(\d{4}-\d{2})"', html)
        assert months == sorted(months, reverse=True) and len(months) == len(set(months))
        older = re.search(r'<a href="([^"]+)" rel="next">Older releases</a>', html)
        if not older:
            break
        page = (page.parent / older.group(1) / "index.html").resolve()
    assert got == expected


def test_home_shows_latest_focus_and_what_to_do(built):
    now, site = built
    html = (site / "index.html").read_text()
    assert "Think Child. Think Safeguarding." in html
    assert "What to do if you spot a sign" in html
    live = sorted((r for r in live_at(now) if r.kind in ("article", "blog", "resource", "episode")),
                  key=lambda r: (r.release, r.id), reverse=True)
    assert titles_in(html)[:6] == [r.title for r in live[:6]] if live else "has not started yet" in html
    month = parse_instant(now, PLAN.tz).strftime("%Y-%m")
    focus = [t for t in PLAN.themes if month in t.focus_months]
    if focus:
        assert f"This month&#39;s focus: {focus[0].title}" in html or f"This month's focus: {focus[0].title}" in html
    else:
        assert "There is no single theme this month" in html


def test_theme_hubs_list_only_their_live_items(built):
    now, site = built
    for theme in PLAN.themes:
        html = (site / f"themes/{theme.id}/index.html").read_text()
        expected = {r.title for r in live_at(now) if r.theme == theme.id and r.kind in ("article", "blog", "resource", "episode")}
        assert set(titles_in(html)) == expected


def test_resource_library_and_role_filters_work_without_javascript(built):
    now, site = built
    resources = [r for r in live_at(now) if r.kind == "resource"]
    html = (site / "resources/index.html").read_text()
    assert set(titles_in(html)) == {r.title for r in resources}
    for role in ("first-responders", "detectives", "neighbourhood-officers", "police-staff"):
        page = (site / f"resources/for/{role}/index.html").read_text()
        assert set(titles_in(page)) == {r.title for r in resources if role in r.roles}
        assert f'href="../for/{role}/"' in html or f'href="for/{role}/"' in html


def test_blog_and_article_pages_show_byline(built):
    now, site = built
    for r in live_at(now):
        if r.kind == "blog":
            html = (site / f"blog/{r.id}/index.html").read_text()
            byline = re.search(r'<p class="campaign-byline">(.*?)</p>', html, re.S).group(1)
            assert f"By {r.author}" in re.sub(r"<[^>]+>", "", byline) and "Published <time" in byline and "Theme: <a" in byline
        elif r.kind == "article":
            html = (site / f"articles/{r.id}/index.html").read_text()
            assert '<p class="campaign-byline">Published <time' in html


def test_updated_date_is_shown(project):
    project.plan(project.article("launch", "The campaign launches today", "2026-09-07 08:00",
                                 extra='updated: "2026-09-20 10:00"\ntheme: child-abuse'))
    code, err = project.build("2026-10-01")
    assert code == 0, err
    html = (project.site / "articles/launch/index.html").read_text()
    assert 'Updated <time datetime="2026-09-20">20 September 2026</time>' in html
    assert 'Theme: <a href="../../themes/child-abuse/">Child abuse</a>' in html


@pytest.mark.build
def test_typical_page_stays_small_with_1000_releases(tmp_path):
    from conftest import Project
    dest = generate.generate(tmp_path / "syn", 1000)
    project = Project.__new__(Project)
    project.path = dest
    code, err = project.build("2027-09-01")
    assert code == 0, err
    pages = sorted((dest / "site").glob("*/*/index.html"))
    release_pages = [p for p in pages if p.parent.parent.name in ("articles", "blog", "resources")]
    assert len(release_pages) > 500
    sizes = [p.stat().st_size for p in release_pages]
    assert statistics.median(sizes) < 40_000, statistics.median(sizes)
    assert max(sizes) < 40_000
    for evergreen in ("about", "help", "what-to-do"):
        assert (dest / "site" / evergreen / "index.html").stat().st_size < 40_000
    whats_new = sorted((dest / "site/whats-new").rglob("index.html"))
    assert len(whats_new) > 10  # paged: hundreds of live releases
    assert all(p.stat().st_size < 40_000 for p in whats_new), [(p, p.stat().st_size) for p in whats_new]
    # Every other listing is paged too: no HTML page of the site reaches the budget.
    assert len(list((dest / "site/signs/page").iterdir())) > 1 and len(list((dest / "site/events/page").iterdir())) > 1
    big = {p.relative_to(dest / "site").as_posix(): p.stat().st_size for p in (dest / "site").rglob("*.html")
           if p.stat().st_size >= 40_000}
    assert big == {}
    # Paging loses nothing: every announced event and live sign is on exactly one page, upcoming first.
    plan = plan_mod.load(dest)
    snap = Snapshot(plan, parse_instant("2027-09-01", plan.tz))
    for folder, kind in (("events", "event"), ("signs", "sign")):
        ids = [m for p in sorted((dest / "site" / folder).rglob("index.html"), key=lambda p: len(p.parts))
               for m in re.findall(r'<section class="campaign-(?:event|sign)" id="([^"]+)"', p.read_text())]
        assert sorted(ids) == sorted(r.id for r in snap.live if r.kind == kind), folder
