"""Everything the build generates from the plan, in one list, so the MkDocs adapter and the benchmark's
plain-MkDocs twin (bench/run.py) publish exactly the same pages and files."""
from __future__ import annotations

from pathlib import Path

from ..release.snapshot import Snapshot
from . import champions, evaluation, events, feeds, partners, podcast, signs
from .listings import generated_pages

# Per-item, per-role and paged listing pages (URL/page/N) are reached from listings, never from the nav.
NOT_IN_NAV_PREFIXES = ("podcast/", "resources/for/", "partners/units/", "partners/boroughs/")


# The pages (and feeds) of a kind exist only when the plan has an item of that kind, in any status (before
# the first is live, the page says it is coming): a campaign without a podcast has no podcast page, feed or
# <link> to one, one without signs no gallery; the nav drops their entries, as for a missing data file.
KIND_PAGES = {"podcast/index.md": "episode", "signs/index.md": "sign", "events/index.md": "event",
              "resources/index.md": "resource"}
NEWS_KINDS = frozenset({"article", "blog"})


def has(snap: Snapshot, src_uri: str) -> bool:
    """Whether the campaign has the page family of this generated page (KIND_PAGES). A podcast is also one
    whose editors wrote pages about it (docs/podcast/, e.g. the subscription guide, which links to it)."""
    kind = KIND_PAGES.get(src_uri)
    if kind is None or kind in snap.plan.kinds:
        return True
    return kind == "episode" and (snap.plan.root / podcast.EVERGREEN_DIR).is_dir()


def markdown_pages(snap: Snapshot, site_name: str) -> list[tuple[str, str]]:
    """(src_uri, Markdown) of every generated page as of the snapshot: live items only."""
    pages = [(p.src_uri, p.markdown) for p in generated_pages(snap, site_name, has(snap, "resources/index.md"))]
    if has(snap, "podcast/index.md"):
        pages.append(("podcast/index.md", podcast.index_page(snap)))
    data = snap.plan.data  # partners, champions, evaluation: built only when their data file exists
    pages += [(p.src_uri, p.markdown) for p in
              (*partners.pages(snap, data), champions.page(snap, data), evaluation.page(snap, data)) if p]
    pages += [(f"podcast/{ep.id}.md", podcast.episode_page(snap, ep)) for ep in snap.live if ep.kind == "episode"]
    if has(snap, "signs/index.md"):
        pages += [(p.src_uri, p.markdown) for p in signs.gallery_pages(snap)]
    if has(snap, "events/index.md"):
        pages += [(p.src_uri, p.markdown) for p in events.events_pages(snap)]
    return pages


def media_files(snap: Snapshot) -> list[tuple[str, Path]]:
    """(site path, source file) of live episodes' audio and transcripts: only these are copied."""
    root = snap.plan.root
    return [(podcast.media_url(m), root / m) for ep in snap.live if ep.kind == "episode"
            for m in (ep.audio, ep.transcript)]


def data_files(snap: Snapshot, site_url: str, site_name: str, podcast_extra: dict,
               language: str = "en") -> list[tuple[str, str | bytes]]:
    """(site path, content) of the feeds and calendars; `language`: the feeds' <language> (mkdocs_adapter: the
    campaign's extra.feed_language, else its theme's language)."""
    out = []
    if has(snap, "podcast/index.md"):
        owner = podcast_extra.get("owner", site_name)
        email = podcast_extra.get("email", "podcast@example.org")
        out.append((podcast.FEED_URL, feeds.podcast_feed(snap, site_url, owner, email, language)))
    if snap.plan.kinds & NEWS_KINDS:
        out.append((feeds.NEWS_URL, feeds.news_feed(snap, site_url, language)))
    if has(snap, "events/index.md"):
        out += list(events.calendar_files(snap, site_url))  # only announced events
    return out  # the status file (next change instant) is not served: make publish keeps it beside DEST


# Generated pages that exist only with their data file (data/partners.yaml, champions.yaml, survey.yaml).
DATA_PAGES = {"partners/index.md": "partners", "champions.md": "champions", "evaluation.md": "baseline"}


def unbuilt_pages(snap: Snapshot) -> set[str]:
    """Generated pages this campaign does not have (their data file is absent, or the plan has no item of
    their kind): the nav drops them."""
    data = snap.plan.data
    return {src for src, attr in DATA_PAGES.items() if getattr(data, attr, None) is None} | {
        src for src in KIND_PAGES if not has(snap, src)}


def feed_links(snap: Snapshot) -> list[dict]:
    """The feeds this campaign publishes, for the <link rel="alternate"> in every page's head."""
    out = []
    if snap.plan.kinds & NEWS_KINDS:
        out.append({"title": "articles and blogs", "url": feeds.NEWS_URL})
    if has(snap, "podcast/index.md"):
        out.append({"title": "podcast", "url": podcast.FEED_URL})
    return out


def in_nav(src_uri: str) -> bool:
    return not (src_uri.startswith(NOT_IN_NAV_PREFIXES) or "/page/" in src_uri) or src_uri.endswith("index.md")
