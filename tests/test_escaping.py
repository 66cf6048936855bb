"""Text from the plan is text everywhere: a title holding markup, '&', quotes or emoji is shown as written in
every page, the search index, the feeds and the calendar, and never becomes markup."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import os

import feedparser
import icalendar
from lxml import etree, html as lhtml

from conftest import Project

NASTY = """<script>alert("x")</script> & <img src=x onerror=alert(1)> 'Tom' & "Jerry" \U0001F6B8 Café"""


def test_markup_in_titles_renders_as_text_everywhere(tmp_path):
    p = Project(tmp_path / "proj")
    p.plan(p.article("nasty-article", NASTY, "2026-10-01 09:00")
           + p.article("nasty-blog", NASTY + " blog", "2026-10-02 09:00", kind="blog", folder="blog"))
    code, err = p.build("2026-10-05")
    assert code == 0, err

    for page in sorted(p.site.rglob("*.html")):
        doc = lhtml.fromstring(page.read_bytes())
        rel = page.relative_to(p.site).as_posix()
        # No element came from a title: no script holding alert(, no img with an onerror handler.
        assert not doc.xpath("//script[contains(., 'alert(')]"), rel
        assert not doc.xpath("//img[@onerror]"), rel

    article = lhtml.fromstring((p.site / "articles/nasty-article/index.html").read_bytes())
    assert article.findtext(".//title").startswith(NASTY)
    assert article.xpath("string(//article//h1)").strip() == NASTY
    home = lhtml.fromstring((p.site / "index.html").read_bytes())
    assert NASTY in [a.text_content().strip() for a in home.xpath("//a")]
    hub = lhtml.fromstring((p.site / "whats-new/index.html").read_bytes())
    assert NASTY + " blog" in [a.text_content().strip() for a in hub.xpath("//a")]

    # Material's search UI inserts titles as HTML: the index must hold them escaped, so they show as text.
    index = json.loads((p.site / "search/search_index.json").read_text())
    titles = [d["title"] for d in index["docs"] if d["location"].startswith("articles/nasty-article/")]
    assert titles and all("<script" not in t and "<img" not in t for t in titles)
    assert lhtml.fragment_fromstring(titles[0], create_parent="div").text_content() == NASTY

    news = feedparser.parse((p.site / "feeds/news.xml").read_bytes())
    assert not news.bozo
    assert sorted(e.title for e in news.entries) == sorted([NASTY, NASTY + " blog"])
    raw = etree.fromstring((p.site / "feeds/news.xml").read_bytes())
    assert sorted(raw.xpath("//item/title/text()")) == sorted([NASTY, NASTY + " blog"])

    env = dict(os.environ, CAMPAIGN_NOW="2026-10-05", PYTHONPATH=str(p.path / "hooks"))
    sched = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "schedule", "--format", "json"],
                           env=env, capture_output=True, text=True, check=True)
    assert sorted(r["title"] for r in json.loads(sched.stdout)) == sorted([NASTY, NASTY + " blog"])
    ics = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "schedule", "--format", "ics"],
                         env=env, capture_output=True, check=True).stdout
    cal = icalendar.Calendar.from_ical(ics)
    assert sorted(re.sub(r"^\[\w+\] ", "", str(e["SUMMARY"])) for e in cal.walk("VEVENT")) == \
        sorted([NASTY, NASTY + " blog"])
