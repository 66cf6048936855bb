"""The podcast as staff and podcast apps see it: episode pages, media, and the private feed."""
from __future__ import annotations

import contextlib
import io
import os
import shutil

import feedparser
import pytest
from lxml import etree

from campaign.commands import cli
from campaign.source import plan as plan_mod
from campaign.source.errors import CampaignError
from conftest import ROOT, HEADER, find_anywhere

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}
SITE_URL = "https://intranet.example/campaigns/spot-it/"


def build_default(site, now: str) -> None:
    os.environ["CAMPAIGN_NOW"] = now
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            code = cli.main(["--root", str(ROOT), "build", "--site-dir", str(site)])
    finally:
        os.environ.pop("CAMPAIGN_NOW", None)
    assert code == 0, err.getvalue()


@pytest.fixture(scope="module")
def nov_site(tmp_path_factory):
    """The default campaign on 1 December 2026: episodes 1 and 2 live, 3 to 6 embargoed."""
    site = tmp_path_factory.mktemp("pod") / "site"
    build_default(site, "2026-12-01 12:00")
    return site


def episodes():
    return [r for r in plan_mod.load(ROOT).releases if r.kind == "episode"]


def test_feed_has_the_privacy_tags_and_only_live_episodes(nov_site):
    raw = (nov_site / "podcast/feed.xml").read_bytes()
    doc = etree.fromstring(raw)
    ch = doc.find("channel")
    assert ch.xpath("itunes:block/text()", namespaces=NS) == ["Yes"]
    assert ch.xpath("podcast:block/text()", namespaces=NS) == ["yes"]
    assert ch.xpath("podcast:locked/text()", namespaces=NS) == ["yes"]
    assert ch.xpath("podcast:locked/@owner", namespaces=NS) == ["spotit@example.org"]
    assert len(ch.xpath("podcast:guid/text()", namespaces=NS)[0]) == 36
    assert ch.xpath("itunes:explicit/text()", namespaces=NS) == ["false"]
    assert ch.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [SITE_URL + "podcast/feed.xml"]
    art = ch.xpath("itunes:image/@href", namespaces=NS)[0]
    png = (nov_site / art.removeprefix(SITE_URL)).read_bytes()
    w, h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert png.startswith(b"\x89PNG") and w == h and 1400 <= w <= 3000
    items = ch.findall("item")
    eps = episodes()
    assert [i.findtext("guid") for i in items] == [f"spot-it-to-stop-it:{e.id}" for e in eps[:2]]
    for item, ep in zip(items, eps):
        enc = item.find("enclosure")
        path = nov_site / enc.get("url").removeprefix(SITE_URL)
        assert path.stat().st_size == int(enc.get("length")) == (ROOT / ep.audio).stat().st_size
        assert enc.get("type") == "audio/mpeg"
        assert item.xpath("itunes:episode/text()", namespaces=NS) == [str(ep.number)]
        assert item.xpath("itunes:season/text()", namespaces=NS) == [str(ep.season)]
        assert 50 <= int(item.xpath("itunes:duration/text()", namespaces=NS)[0]) <= 90
        tr = item.xpath("podcast:transcript/@url", namespaces=NS)[0]
        assert (nov_site / tr.removeprefix(SITE_URL)).exists()
        assert item.findtext("pubDate").endswith(("+0100", "+0000"))
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.title for e in parsed.entries] == [e.title for e in eps[:2]]


def test_embargoed_episodes_leave_no_trace(nov_site):
    for ep in episodes()[2:]:
        assert find_anywhere(nov_site, ep.title) == []
        assert find_anywhere(nov_site, f"spot-it-to-stop-it:{ep.id}") == []
        assert find_anywhere(nov_site, os.path.basename(ep.audio)) == []
        assert find_anywhere(nov_site, os.path.basename(ep.transcript)) == []


def test_episode_page_has_player_transcript_and_download(nov_site):
    ep = episodes()[0]
    page = (nov_site / f"podcast/{ep.id}/index.html").read_text()
    assert "<audio controls" in page and 'type="audio/mpeg"' in page and "<track kind=\"captions\"" in page
    assert 'href="../ep01.mp3" download' in page
    assert "Length: <span>1 minute" in page
    assert "<strong>Host:</strong> Welcome to Spot It to Stop It" in page  # the transcript, as HTML
    index = (nov_site / "podcast/index.html").read_text()
    assert ep.title in index and episodes()[1].title in index


def test_feed_is_byte_identical_across_builds(tmp_path, nov_site):
    build_default(tmp_path / "again", "2026-12-01 12:00")
    for rel in ("podcast/feed.xml", "feeds/news.xml", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"):
        assert (tmp_path / "again" / rel).read_bytes() == (nov_site / rel).read_bytes(), rel


def test_news_feed_lists_live_articles_and_blogs(nov_site):
    parsed = feedparser.parse((nov_site / "feeds/news.xml").read_bytes())
    assert not parsed.bozo
    assert parsed.entries, "articles are live by December"
    for e in parsed.entries:
        assert e.link.startswith(SITE_URL)
        assert (nov_site / e.link.removeprefix(SITE_URL) / "index.html").exists()
    head = (nov_site / "index.html").read_text()
    assert 'rel="alternate" type="application/rss+xml"' in head and "podcast/feed.xml" in head


@pytest.mark.parametrize("content, message", [
    (b"this is not audio at all", "episode 'ep': the file is not readable audio"),
    (None, "the file does not exist"),
])
def test_bad_audio_is_a_plan_error_naming_episode_and_path(project, content, message):
    if content is not None:
        project.write("podcast/ep.mp3", content)
    shutil.copy(ROOT / "podcast/ep01.vtt", project.path / "podcast/ep.vtt") if (project.path / "podcast").exists() \
        else project.write("podcast/ep.vtt", (ROOT / "podcast/ep01.vtt").read_text())
    project.plan("""\
        - id: ep
          kind: episode
          number: 1
          title: "An episode"
          notes: "Notes"
          audio: podcast/ep.mp3
          transcript: podcast/ep.vtt
          release: "2026-09-18 10:00"
        """)
    with pytest.raises(CampaignError) as exc:
        plan_mod.load(project.path)
    assert len(exc.value.problems) == 1, exc.value.report()
    [p] = exc.value.problems
    assert p.path == "releases[0].audio" and message in str(p) and "found 'podcast/ep.mp3'" in str(p)


@pytest.mark.parametrize("ep", episodes(), ids=lambda e: e.id)
def test_demo_transcripts_match_their_audio(ep):
    from campaign.source.audio import audio_info, parse_vtt

    info = audio_info(ROOT / ep.audio)
    cues = parse_vtt((ROOT / ep.transcript).read_text(encoding="utf-8"))
    assert abs(cues[-1].end - info.seconds) < 1.0
    assert all(a.end <= b.start + 0.001 for a, b in zip(cues, cues[1:]))
    assert info.size < 400_000


def test_audio_is_read_as_its_named_format_and_otherwise_as_what_it_is(tmp_path):
    # An MP3 is read as MP3 directly; an MP3 saved as .m4a is not an MP4, so mutagen works out what it is.
    from campaign.source.audio import audio_info

    mp3 = tmp_path / "ep.mp3"
    shutil.copy(ROOT / "podcast/ep01.mp3", mp3)
    misnamed = tmp_path / "ep.m4a"
    shutil.copy(mp3, misnamed)
    direct, found = audio_info(mp3), audio_info(misnamed)
    assert direct.seconds > 1 and found.seconds == direct.seconds
    assert (direct.mime, found.mime) == ("audio/mpeg", "audio/mp4")
