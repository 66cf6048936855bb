"""The champions directory: every champion with how to reach them, a "become a champion" section, and
links between champions and the blogs they wrote, only while those blogs are live."""
from __future__ import annotations

import html
from datetime import timedelta
import re

import pytest

from campaign.render import champions
from campaign.source import plan as plan_mod
from campaign.release.snapshot import Snapshot
from campaign.source.times import parse_instant
from conftest import ROOT, find_anywhere
from test_podcast import build_default

PLAN = plan_mod.load(ROOT)
NOW = "2026-12-01 12:00"  # Priya Shah's blog (11 November) is out; Hannah Brooks's (17 March) is not


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("champions") / "site"
    build_default(site, NOW)
    return site


def entry(text: str, champion_id: str) -> str:
    m = re.search(rf'<li id="champion-{champion_id}">(.*?)</li>', text, re.S)
    assert m, champion_id
    return html.unescape(m.group(1))


def test_every_champion_is_listed_with_how_to_reach_them(site):
    text = (site / "champions/index.html").read_text()
    data = PLAN.data.champions
    units = {u.id: u.name for u in PLAN.data.partners.units}
    themes = {t.id: t.title for t in PLAN.themes}
    assert data.sample and "Sample data." in text
    for c in data.champions:
        e = entry(text, c.id)
        assert c.name in e and c.role in e and c.contact.email in e
        assert f'href="../partners/units/{c.unit}/">{units[c.unit]}</a>' in e
        assert all(themes[t] in e for t in c.themes)
        if c.contact.phone:
            assert c.contact.phone in e


def test_become_a_champion_section(site):
    text = html.unescape((site / "champions/index.html").read_text())
    section = text[text.index('id="become-a-champion"'):]
    assert PLAN.data.champions.join.text in section
    assert f'href="mailto:{PLAN.data.champions.join.email}"' in section


def test_live_blog_and_champion_link_both_ways(site):
    text = (site / "champions/index.html").read_text()
    assert '<a href="../blog/the-quiet-child-at-a-domestic-call/">The quiet child at a domestic call</a>' in entry(text, "priya-shah")
    blog = (site / "blog/the-quiet-child-at-a-domestic-call/index.html").read_text()
    assert "By Sergeant Priya Shah" in blog
    assert '<a href="../../champions/#champion-priya-shah">The author&#39;s champion profile</a>' in blog \
        or '<a href="../../champions/#champion-priya-shah">The author\'s champion profile</a>' in blog
    # a blog whose author is not a champion has a plain byline
    other = (site / "blog/the-girl-who-kept-going-missing/index.html").read_text()
    assert "champions/#" not in other and "By PC Marcus Bell" in other


def test_nothing_about_a_future_blog_appears(site):
    future = next(r for r in PLAN.releases if r.kind == "blog" and r.champion == "hannah-brooks")
    assert future.release > parse_instant(NOW, PLAN.tz)
    e = entry((site / "champions/index.html").read_text(), "hannah-brooks")
    assert "Blogs:" not in e and "PC Hannah Brooks" in e
    assert find_anywhere(site, future.title) == []
    assert find_anywhere(site, "blog/the-shoplifting-arrest") == []


def test_entry_gains_the_blog_when_it_goes_live():
    blog = next(r for r in PLAN.releases if r.kind == "blog" and r.champion == "hannah-brooks")
    before = champions.page(Snapshot(PLAN, blog.release - timedelta(minutes=1)), PLAN.data).markdown
    at = champions.page(Snapshot(PLAN, blog.release), PLAN.data).markdown
    assert html.escape(blog.title) not in before
    assert f'<a href="../blog/{blog.source.removeprefix("docs/blog/").removesuffix(".md")}/">{html.escape(blog.title)}</a>' \
        in entry(at, "hannah-brooks")


def test_every_champion_named_by_a_blog_wrote_it():
    by_author = {c.id: c.name for c in PLAN.data.champions.champions}
    linked = [r for r in PLAN.releases if r.kind == "blog" and r.champion]
    assert len(linked) >= 2
    assert all(by_author[r.champion] == r.author for r in linked)
