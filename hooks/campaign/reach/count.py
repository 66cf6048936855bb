"""The figures, from the requests the logs hold (logs.read), for the releases live at the report's `now`.

- A page view is a GET answered 200 or 304 for a page's URL in any form (query string, index.html, a
  missing trailing slash, %-escapes, capitals), from anything but a known bot.
- A release's views are views of its page; a theme's are views of its hub page and of its live releases'
  pages. Pages of items that are not live now (embargoed, taken down, held) are counted as "other".
- Downloads follow the IAB Podcast Measurement Technical Guidelines v2.1: GET answered 2xx (206 included),
  bots excluded; one device's byte ranges for one episode are combined over a rolling 24 hours from its
  first request, and count as one download once they cover one minute of audio (from the file's size and
  duration, i.e. its average bitrate) or the whole file; then nothing more until the 24 hours are over.
- Feed subscribers: distinct devices fetching a feed (GET answered 200 or 304) per day.
- Search: Material's search (with the search.highlight feature) opens a result with `?h=<terms>`.
- A landing is a page view whose referrer is not a page of this site (a link in an email, a bookmark).
"""
from __future__ import annotations

import math
import posixpath
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from urllib.parse import parse_qs, unquote_to_bytes

from ..release.snapshot import Status
from ..source.plan import url_of
from .bots import Bots
from .devices import Devices

DAY = 86_400
SEARCH_MIN_DEVICES = 5  # a search term is shown only when at least this many devices used it
CACHE_LIMIT = 200_000
FEEDS = {"podcast": "podcast/feed.xml", "news": "feeds/news.xml"}  # render.podcast.FEED_URL, render.feeds.NEWS_URL
OTHER = None  # the key under which everything not named is counted

RELEASE, HUB, PAGE, HIDDEN, AUDIO, AUDIO_HIDDEN, FEED, FILE = range(8)


def hub_url(theme_id: str) -> str:
    return f"themes/{theme_id}/"  # where render.listings publishes a theme's hub (reach never imports render)


class Site:
    """What a request path is as of the snapshot: (kind, key, page path), or None outside the site."""

    def __init__(self, snap, prefix: str):
        self.snap = snap
        self.prefix = "/" + prefix.strip("/").lower() + "/" if prefix.strip("/") else "/"
        self.prefix_bytes = self.prefix.encode()
        table: dict[str, tuple] = {}
        for r in snap.plan.releases:
            live = snap.statuses[r.id] is Status.LIVE
            url = url_of(r)
            if url is not None:
                table[url.lower()] = (RELEASE, r.id) if live else (HIDDEN, None)
            if r.kind == "episode":
                table[r.audio.lower()] = (AUDIO, r.id) if live else (AUDIO_HIDDEN, r.id)
        for t in snap.plan.themes:
            table.setdefault(hub_url(t.id), (HUB, t.id))
        for name, url in FEEDS.items():
            table[url] = (FEED, name)
        self.table = table
        self.cache: dict[bytes, tuple | None] = {}  # request path -> answer (the counter looks here first)

    def classify(self, path: bytes):
        hit = self.cache.get(path, False)
        if hit is False:
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.clear()
            hit = self.cache[path] = self._classify(path)
        return hit

    def _classify(self, raw: bytes):
        rel = self.relative(raw)
        if rel is None:
            return None
        found = self.table.get(rel)
        if found is None and rel and not rel.endswith("/"):
            found = self.table.get(rel + "/")
            if found is not None and found[0] not in (RELEASE, HUB, HIDDEN):
                found = None
            elif found is not None:
                rel += "/"
        if found is not None:
            kind, key = found
            return (kind, key, rel if kind in (RELEASE, HUB) else OTHER)
        if rel == "" or rel.endswith("/") or rel.endswith(".html"):
            if self.snap.hidden_target(rel) is not None:
                return (HIDDEN, None, OTHER)
            return (PAGE, None, rel)
        return (FILE, None, None)

    def relative(self, raw: bytes) -> str | None:
        """The site path ('articles/launch/', '' for the home page) of a request target, or None."""
        if raw.startswith((b"http://", b"https://")):  # absolute-form (through a proxy)
            slash = raw.find(b"/", raw.find(b"//") + 2)
            raw = raw[slash:] if slash >= 0 else b"/"
        if b"%" in raw:
            raw = unquote_to_bytes(raw)
        path = raw.decode("utf-8", "replace").lower()
        if "//" in path or "/." in path:
            trailing = path.endswith("/")
            path = posixpath.normpath(path)
            path = "/" + path.lstrip("/") + ("/" if trailing and path != "/" else "")
        if not path.startswith(self.prefix):
            if path + "/" != self.prefix:
                return None
            path = self.prefix
        rel = path[len(self.prefix):]
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[:-len("index.html")]
        return rel

    def internal(self, referer: bytes) -> bool:
        """Whether a referrer is a page of this site (any host: the intranet may have several names)."""
        start = referer.find(b"://")
        if start >= 0:
            slash = referer.find(b"/", start + 3)
            referer = referer[slash:] if slash >= 0 else b"/"
        return referer != b"-" and referer.lower().startswith(self.prefix_bytes)


@dataclass
class EpisodeFacts:
    size: int
    seconds: float

    @property
    def need(self) -> int:
        """Bytes that make a download: one minute of audio at the file's average bitrate, or the whole file."""
        return min(self.size, math.ceil(self.size * 60 / self.seconds)) if self.seconds > 0 else self.size


@dataclass
class Tally:
    """Counts as the requests stream by; memory grows with devices, pages and episode requests, not lines."""
    snap: object
    site: Site
    tz: object
    lo: int  # the period, epoch seconds [lo, hi)
    hi: int
    episodes: dict  # episode id (live and not) -> EpisodeFacts
    devices: Devices = field(default_factory=Devices)
    bots: Bots = field(default_factory=Bots)

    def __post_init__(self):
        self.theme_of = {r.id: r.theme for r in self.snap.plan.releases}
        self.first = self.last = None  # epoch seconds of the first and last request read
        self.bot_lines = self.outside = self.not_get = self.views = 0
        self.release_views = Counter()
        self.release_devs = defaultdict(set)
        self.theme_views = Counter()
        self.theme_devs = defaultdict(set)
        self.week_views = Counter()
        self.week_devs = defaultdict(set)
        self.first_week: dict[int, int] = {}  # device -> first week it was reached in (for reach to date)
        self.page_views = Counter()  # page path (None: not named) -> views
        self.landing = Counter()
        self.landing_devs: set = set()
        self.search_views = 0
        self.search_devs: set = set()
        self.search_pages = Counter()
        self.search_terms: dict[str, list] = {}  # term -> [uses, {devices}]
        self.feed_fetches = Counter()
        self.feed_devs = defaultdict(set)
        self.feed_day_fetches = Counter()  # (feed, day ordinal)
        self.feed_day_devs = defaultdict(set)
        self.audio: dict[str, array] = {}  # episode id -> (device, time, first byte or -1, bytes) * n
        self.audio_requests = Counter()
        self._buckets: dict[int, tuple[int, int]] = {}

    # What a worker process hands back (state) and the main process adds up (merge): the counts only.
    DATA = ("first", "last", "bot_lines", "outside", "not_get", "views", "release_views", "release_devs",
            "theme_views", "theme_devs", "week_views", "week_devs", "first_week", "page_views", "landing",
            "landing_devs", "search_views", "search_devs", "search_pages", "search_terms", "feed_fetches",
            "feed_devs", "feed_day_fetches", "feed_day_devs", "audio", "audio_requests")

    def state(self) -> dict:
        return {name: getattr(self, name) for name in self.DATA}

    def merge(self, state: dict) -> None:
        """Add another process's counts to these: the result does not depend on who counted what."""
        for name, theirs in state.items():
            mine = getattr(self, name)
            if name == "first":
                self.first = theirs if mine is None or theirs is not None and theirs < mine else mine
            elif name == "last":
                self.last = theirs if mine is None or theirs is not None and theirs > mine else mine
            elif isinstance(mine, int):
                setattr(self, name, mine + theirs)
            elif isinstance(mine, Counter):
                mine.update(theirs)
            elif isinstance(mine, set):
                mine |= theirs
            elif name == "first_week":
                for dev, week in theirs.items():
                    if week < mine.get(dev, week + 1):
                        mine[dev] = week
            elif name == "search_terms":
                for term, (uses, devs) in theirs.items():
                    entry = mine.setdefault(term, [0, set()])
                    entry[0] += uses
                    entry[1] |= devs
            elif name == "audio":
                for episode, records in theirs.items():
                    mine.setdefault(episode, array("q")).extend(records)
            else:  # defaultdict(set)
                for key, devs in theirs.items():
                    mine[key] |= devs

    def bucket(self, ts: int) -> tuple[int, int]:
        """(day ordinal, ordinal of that week's Monday) in the plan's timezone."""
        k = ts // 900  # offsets change on quarter hours at the finest
        b = self._buckets.get(k)
        if b is None:
            d = datetime.fromtimestamp(k * 900, self.tz).date()
            o = d.toordinal()
            b = self._buckets[k] = (o, o - d.weekday())
        return b

    def add_all(self, batches) -> None:
        """Count every request of every batch (lists of logs.Hit). The hot loop of make reach: names are
        bound locally, and what repeats (user agents, paths, referrers, quarter hours) is looked up once."""
        bot_seen, is_bot = self.bots.seen, self.bots
        classified, classify = self.site.cache, self.site.classify
        device, buckets, bucket = self.devices.of, self._buckets, self.bucket
        internal_seen, internal = {}, self.site.internal
        lo, hi = self.lo, self.hi
        first, last = self.first, self.last
        nbots = outside = not_get = views = 0
        week_views, week_devs, first_week, page_views = self.week_views, self.week_devs, self.first_week, self.page_views
        release_views, release_devs, theme_views, theme_devs = (self.release_views, self.release_devs,
                                                                self.theme_views, self.theme_devs)
        theme_of, landing, landing_devs = self.theme_of, self.landing, self.landing_devs
        for batch in batches:
            if batch:
                lo_ts, hi_ts = min(h[0] for h in batch), max(h[0] for h in batch)
                first = lo_ts if first is None or lo_ts < first else first
                last = hi_ts if last is None or hi_ts > last else last
            for ts, ip, agent, method, target, status, nbytes, referer, rng in batch:
                bot = bot_seen.get(agent)
                if bot is None:
                    bot = is_bot(agent)
                if bot:
                    nbots += 1
                    continue
                if ts < lo or ts >= hi:
                    outside += 1
                    continue
                if method != b"GET":
                    not_get += 1
                    continue
                path, _, query = target.partition(b"?")
                what = classified.get(path, False)
                if what is False:
                    what = classify(path)
                if what is None:
                    continue
                kind, key, name = what
                if kind == FILE:  # theme files, images, search index: not counted
                    continue
                if kind == AUDIO or kind == AUDIO_HIDDEN:
                    if 200 <= status < 300:
                        self._audio(key, device(ip, agent), ts, status, nbytes, rng)
                    continue
                if status != 200 and status != 304:
                    continue
                dev = device(ip, agent)
                b = buckets.get(ts // 900)
                day, week = b if b is not None else bucket(ts)
                if kind == FEED:
                    self.feed_fetches[key] += 1
                    self.feed_devs[key].add(dev)
                    self.feed_day_fetches[key, day] += 1
                    self.feed_day_devs[key, day].add(dev)
                    continue
                views += 1
                week_views[week] += 1
                week_devs[week].add(dev)
                seen = first_week.get(dev)
                if seen is None or week < seen:
                    first_week[dev] = week
                page_views[name] += 1
                if kind == RELEASE:
                    release_views[key] += 1
                    release_devs[key].add(dev)
                    theme = theme_of.get(key)
                    if theme:
                        theme_views[theme] += 1
                        theme_devs[theme].add(dev)
                elif kind == HUB:
                    theme_views[key] += 1
                    theme_devs[key].add(dev)
                if referer:
                    inside = internal_seen.get(referer)
                    if inside is None:
                        if len(internal_seen) >= CACHE_LIMIT:
                            internal_seen.clear()
                        inside = internal_seen[referer] = internal(referer)
                if not referer or not inside:
                    landing[name] += 1
                    landing_devs.add(dev)
                if b"h=" in query:
                    self._search(query, name, dev)
        self.first, self.last = first, last
        self.views += views
        self.bot_lines += nbots
        self.outside += outside
        self.not_get += not_get

    def _search(self, query: bytes, name, dev: int) -> None:
        terms = parse_qs(query.decode("utf-8", "replace")).get("h")
        if not terms:
            return
        self.search_views += 1
        self.search_devs.add(dev)
        self.search_pages[name] += 1
        for term in sorted(set(" ".join(terms).lower().split())):
            entry = self.search_terms.get(term)
            if entry is None:
                if len(self.search_terms) >= CACHE_LIMIT:
                    continue
                entry = self.search_terms[term] = [0, set()]
            entry[0] += 1
            entry[1].add(dev)

    def _audio(self, episode: str, dev: int, ts: int, status: int, nbytes, rng: bytes) -> None:
        facts = self.episodes.get(episode)
        size = facts.size if facts else 0
        if isinstance(nbytes, bytes):  # combined logs: digits, or '-' for none sent
            nbytes = 0 if nbytes == b"-" else int(nbytes)
        start = 0
        if status == 206:
            start, length = _range(rng, size)
            if nbytes is None:
                nbytes = length or 0  # IIS without sc-bytes: what the Range asked for, if it says
        elif nbytes is None:
            nbytes = size  # IIS without sc-bytes: a completed 200 sent the whole file
        self.audio_requests[episode] += 1
        records = self.audio.get(episode)
        if records is None:
            records = self.audio[episode] = array("q")
        records.extend((dev, ts, start, nbytes))

    def downloads(self) -> dict[str, dict]:
        """Per episode: downloads (IAB v2.1), listeners (devices with one), downloads per week."""
        out = {}
        for episode, records in self.audio.items():
            facts = self.episodes.get(episode)
            if facts is None:
                continue
            out[episode] = iab_downloads(records, facts, self.bucket)
        return out


def _range(rng: bytes, size: int) -> tuple[int, int | None]:
    """(first byte, length asked for or None) of a single Range header; first byte -1 when unknown
    (no Range logged, or several ranges): the bytes then count without a position."""
    if not rng.startswith(b"bytes=") or b"," in rng:
        return -1, None
    first, _, last = rng[6:].strip().partition(b"-")
    try:
        if not first:
            n = int(last)
            return max(0, size - n), n
        a = int(first)
        return a, (int(last) - a + 1 if last else None)
    except ValueError:
        return -1, None


def iab_downloads(records: array, facts: EpisodeFacts, bucket) -> dict:
    need = facts.need
    rows = sorted(zip(records[0::4], records[1::4], records[2::4], records[3::4]))
    downloads = 0
    listeners: dict[int, int] = {}  # device -> week of its first counted download
    weeks = Counter()
    for dev, group in groupby(rows, key=itemgetter(0)):
        window = None  # start of the device's current 24 hours
        spans: list = []
        loose = 0
        counted = False
        for _, ts, start, n in group:
            if window is None or ts >= window + DAY:
                window, spans, loose, counted = ts, [], 0, False
            if counted or n <= 0:
                continue
            if start < 0:
                loose += n
            elif start < facts.size:
                spans.append((start, min(start + n, facts.size)))
            if min(facts.size, _union(spans) + loose) >= need:
                counted = True
                downloads += 1
                week = bucket(ts)[1]
                weeks[week] += 1
                listeners.setdefault(dev, week)  # rows are in time order per device
    return {"downloads": downloads, "listeners": listeners, "weeks": weeks}


def _union(spans: list) -> int:
    total, end = 0, -1
    for a, b in sorted(spans):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total
