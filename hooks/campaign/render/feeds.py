"""Feeds: the private podcast RSS (feedgen + its podcast extension + a small extension of ours) and
the news RSS of articles and blogs. Feed vocabulary lives only here.

Our extension adds what feedgen 1.0 cannot write: itunes:explicit as true/false (feedgen only accepts
yes/no/clean), itunes:block as "Yes" (feedgen writes "yes"), and the podcast: namespace (block,
locked with owner, guid, transcript) that keeps the feed out of public directories.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..release.snapshot import Snapshot
from ..source.ids import guid_of
from ..source.plan import url_of
from .podcast import FEED_URL, media_url

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# The podcast namespace's fixed UUIDv5 namespace for podcast:guid (podcastindex.org spec).
PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
NEWS_URL = "feeds/news.xml"
ARTWORK = "images/podcast-artwork.png"


def podcast_guid(feed_url: str) -> str:
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NS, bare))


class _PrivacyExtension(BaseExtension):
    def __init__(self):
        self.owner_email = ""
        self.guid = ""

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        etree.SubElement(channel, f"{{{ITUNES_NS}}}explicit").text = "false"
        etree.SubElement(channel, f"{{{ITUNES_NS}}}block").text = "Yes"
        etree.SubElement(channel, f"{{{PODCAST_NS}}}block").text = "yes"
        etree.SubElement(channel, f"{{{PODCAST_NS}}}locked", owner=self.owner_email).text = "yes"
        etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        return rss_feed


class _PrivacyEntryExtension(BaseEntryExtension):
    def __init__(self):
        self.transcript: tuple[str, str] | None = None

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, entry):
        etree.SubElement(entry, f"{{{ITUNES_NS}}}explicit").text = "false"
        if self.transcript:
            url, mime = self.transcript
            etree.SubElement(entry, f"{{{PODCAST_NS}}}transcript", url=url, type=mime, language="en")
        return entry


def _abs(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def _build_date(snap: Snapshot) -> datetime:
    return datetime.fromtimestamp(snap.source_date_epoch, timezone.utc)


def _entry(fg: FeedGenerator, plan, item, site_url: str):
    """One item: GUID from the plan id, the page link, and the release instant as pubDate."""
    fe = fg.add_entry(order="append")
    fe.guid(guid_of(plan, item), permalink=False)
    fe.title(item.title)
    fe.link(href=_abs(site_url, url_of(item)))
    fe.description(item.summary or item.title)
    fe.pubDate(item.release)
    return fe


def podcast_feed(snap: Snapshot, site_url: str, owner_name: str, owner_email: str, language: str = "en") -> bytes:
    feed_url = _abs(site_url, FEED_URL)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("privacy", _PrivacyExtension, _PrivacyEntryExtension, atom=False, rss=True)
    fg.title(f"{snap.plan.campaign.title}: the podcast")
    fg.link(href=feed_url, rel="self")  # feedgen writes the last link given as the channel <link>
    fg.link(href=_abs(site_url, "podcast/"), rel="alternate")
    texts = snap.plan.texts
    fg.description(" ".join((texts.feed_description or texts.podcast_intro or snap.plan.campaign.title).split()))
    fg.language(language)
    fg.lastBuildDate(_build_date(snap))
    fg.image(_abs(site_url, ARTWORK), title=snap.plan.campaign.title, link=_abs(site_url, "podcast/"))
    fg.podcast.itunes_author(owner_name)
    fg.podcast.itunes_owner(name=owner_name, email=owner_email)
    fg.podcast.itunes_image(_abs(site_url, ARTWORK))
    fg.podcast.itunes_category("Government")
    fg.podcast.itunes_type("episodic")
    fg.privacy.owner_email = owner_email
    fg.privacy.guid = podcast_guid(feed_url)
    episodes = sorted((r for r in snap.live if r.kind == "episode"), key=lambda r: (r.release, r.id))
    for ep in episodes:
        info = snap.audio_info(ep.audio)
        fe = _entry(fg, snap.plan, ep, site_url)
        fe.enclosure(_abs(site_url, media_url(ep.audio)), str(info.size), info.mime)
        fe.podcast.itunes_duration(round(info.seconds))
        fe.podcast.itunes_episode(ep.number)
        fe.podcast.itunes_season(ep.season)
        fe.podcast.itunes_episode_type("full")
        fe.privacy.transcript = (_abs(site_url, media_url(ep.transcript)), "text/vtt")
    return fg.rss_str(pretty=True)


def news_feed(snap: Snapshot, site_url: str, language: str = "en") -> bytes:
    fg = FeedGenerator()
    fg.title(f"{snap.plan.campaign.title}: articles and blogs")
    fg.link(href=_abs(site_url, NEWS_URL), rel="self")
    fg.link(href=site_url, rel="alternate")
    fg.description(f"New articles and blogs from the {snap.plan.campaign.title} campaign.")
    fg.language(language)
    fg.lastBuildDate(_build_date(snap))
    items = sorted((r for r in snap.live if r.kind in ("article", "blog")), key=lambda r: (r.release, r.id))
    for r in items:
        fe = _entry(fg, snap.plan, r, site_url)
        if r.kind == "blog":
            fe.author(name=r.author, email="noreply@example.org")
    return fg.rss_str(pretty=True)
