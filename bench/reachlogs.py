"""Synthetic access logs for make reach: a hand-made scenario with known ground truth (for the tests) and a
bulk log of any size (for make bench).

The scenario is written as events, each annotated by its author with what it must count for (a release's
view, a theme, a feed fetch, a landing, a search...), and download scenarios state how many downloads they
make. `Truth` only adds up those annotations: it does not re-implement the report's rules, so a test that
compares the report with it checks the rules against intent.

Every address here is from the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32).
"""
from __future__ import annotations

import gzip
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

PREFIX = "/campaigns/spot-it/"
NOW = "2027-02-01 12:00"  # episodes 1-4 live, 5 and 6 embargoed; what-a-school-visit-taught-me embargoed
DAY1 = datetime(2027, 1, 11, 9, 0, tzinfo=timezone.utc)  # a Monday; London is on UTC in January
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
        "Safari/537.36 Edg/126.0.0.0")
IPHONE = "AppleCoreMedia/1.0.0.21F90 (iPhone; U; CPU OS 17_5 like Mac OS X; en_gb)"
OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"

EP1, EP2, EP5 = "episode-01-a-sign-at-a-domestic-call", "episode-02-missing-from-home", \
    "episode-05-know-your-local-safeguarding-partners"
EP_FILE = {EP1: "podcast/ep01.mp3", EP2: "podcast/ep02.mp3", EP5: "podcast/ep05.mp3"}
HIDDEN_PAGE = "blog/what-a-school-visit-taught-me/"


@dataclass(frozen=True)
class Device:
    ip: str
    ua: str


@dataclass
class Event:
    dev: Device
    t: datetime
    method: str
    target: str  # path and query, as the client asked
    status: int
    nbytes: int | None
    referer: str = "-"
    rng: str = "-"
    # what the author says this request counts for
    release: str | None = None
    theme: str | None = None
    page_view: bool = False  # any page view (site-wide weekly figures)
    other_view: bool = False  # a page view of something not live now
    feed: str | None = None
    landing: bool = False
    search_terms: tuple = ()


@dataclass
class Truth:
    events: list = field(default_factory=list)
    downloads: Counter = field(default_factory=Counter)  # episode -> downloads (declared per scenario)
    other_downloads: int = 0
    listeners: dict = field(default_factory=lambda: defaultdict(set))
    malformed: int = 0

    def figures(self) -> dict:
        views, devs = Counter(), defaultdict(set)
        tviews, tdevs = Counter(), defaultdict(set)
        fetches, fdevs = Counter(), defaultdict(set)
        day_fetches, day_devs = Counter(), defaultdict(set)
        page_views = other = landings = 0
        reached, landing_devs, search_devs = set(), set(), set()
        terms = defaultdict(set)
        search_views = 0
        for e in self.events:
            if e.release:
                views[e.release] += 1
                devs[e.release].add(e.dev)
            if e.theme:
                tviews[e.theme] += 1
                tdevs[e.theme].add(e.dev)
            if e.feed:
                fetches[e.feed] += 1
                fdevs[e.feed].add(e.dev)
                day_fetches[e.feed, e.t.date()] += 1
                day_devs[e.feed, e.t.date()].add(e.dev)
            if e.page_view:
                page_views += 1
                reached.add(e.dev)
            other += e.other_view
            if e.landing:
                landings += 1
                landing_devs.add(e.dev)
            if e.search_terms:
                search_views += 1
                search_devs.add(e.dev)
                for term in e.search_terms:
                    terms[term].add(e.dev)
        for devices in self.listeners.values():
            reached |= devices
        return {"views": dict(views), "devices": {k: len(v) for k, v in devs.items()},
                "theme_views": dict(tviews), "theme_devices": {k: len(v) for k, v in tdevs.items()},
                "feeds": {k: {"fetches": fetches[k], "devices": len(fdevs[k])} for k in ("podcast", "news")},
                "feed_days": {k: (day_fetches[k], len(v)) for k, v in day_devs.items()},
                "page_views": page_views, "other_views": other, "reached": len(reached),
                "landings": landings, "landing_devices": len(landing_devs),
                "search_views": search_views, "search_devices": len(search_devs),
                "search_terms": {t: len(d) for t, d in terms.items()},
                "downloads": dict(self.downloads), "other_downloads": self.other_downloads,
                "listeners": {k: len(v) for k, v in self.listeners.items()}}


def _h(n: int, ua: str = FIREFOX) -> Device:
    return Device(f"192.0.2.{n}", ua)


def scenario(sizes: dict[str, int]) -> Truth:
    """The hand-made scenario. `sizes`: episode id -> audio file size in bytes."""
    T = Truth()
    P = PREFIX
    inside = "https://intranet.example" + P + "whats-new/"
    H = {n: _h(n) for n in range(1, 13)}

    def at(day: int, minutes: int) -> datetime:
        return DAY1 + timedelta(days=day, minutes=minutes)

    def add(*args, **kw):
        T.events.append(Event(*args, **kw))

    def view(dev, t, target, release=None, theme=None, **kw):
        add(dev, t, "GET", target, kw.pop("status", 200), 5120, release=release, theme=theme, page_view=True, **kw)

    launch, girl, signs = "launch", "the-girl-who-kept-going-missing", "spotting-the-signs"
    # --- page views in any URL form; a missing trailing slash, index.html, a query, capitals, %-escapes
    view(H[1], at(0, 0), P + "articles/launch/", launch, landing=True)
    view(H[1], at(0, 1), P + "articles/launch/index.html", launch, referer=inside)
    view(H[2], at(0, 2), P + "articles/launch?utm_source=email", launch, landing=True)
    view(H[3], at(0, 3), P + "Articles/Launch/", launch, status=304, landing=True)
    view(H[5], at(0, 4), P + "articles/%6Caunch/", launch, landing=True)
    view(Device("192.0.2.5", EDGE), at(0, 5), P + "articles/launch/", launch, referer=inside)  # same address, other browser
    # --- not views: HEAD, a 404, a bot, a redirect
    add(H[3], at(0, 6), "HEAD", P + "articles/launch/", 200, 0)
    add(H[4], at(0, 7), "GET", P + "articles/launch/", 404, 1024)
    add(Device("198.51.100.7", GOOGLEBOT), at(0, 8), "GET", P + "articles/launch/", 200, 5120)
    add(H[4], at(0, 9), "GET", P + "articles/launch", 301, 162)
    # --- a release with a theme, a theme hub, the home page, a page not live now (counted as other)
    view(H[2], at(0, 10), P + "blog/the-girl-who-kept-going-missing/", girl, "missing-children", referer=inside)
    view(H[6], at(0, 11), P + "themes/missing-children/", theme="missing-children", referer=inside)
    view(H[8], at(0, 12), P, landing=True)
    view(H[7], at(0, 13), P + HIDDEN_PAGE, other_view=True, landing=True)
    view(H[12], at(9, 0), P + "resources/spotting-the-signs/", signs, "child-abuse", referer=inside)  # week 2
    # --- search: results opened with ?h=; 'zebra' is used by one device only (never shown)
    for n in range(1, 7):
        view(H[n], at(0, 20 + n), P + "blog/the-girl-who-kept-going-missing/?h=missing+children", girl,
             "missing-children", referer=inside, search_terms=("missing", "children"))
    view(H[9], at(0, 30), P + "articles/launch/?h=zebra", launch, referer=inside, search_terms=("zebra",))

    # --- podcast downloads (IAB v2.1), episode 1
    ep1, size1 = P + EP_FILE[EP1], sizes[EP1]

    def audio(dev, t, status, nbytes, rng="-", method="GET", ep=ep1):
        add(dev, t, method, ep, status, nbytes, rng=rng, referer=inside)

    audio(H[1], at(0, 40), 206, 2, "bytes=0-1")  # a player's probe, then the whole file: 1
    audio(H[1], at(0, 41), 206, size1, f"bytes=0-{size1 - 1}")
    audio(H[2], at(0, 42), 200, size1)  # the whole file three times: twice within 24 hours, once after: 2
    audio(H[2], at(0, 160), 200, size1)
    audio(H[2], at(1, 60), 200, size1)
    audio(H[3], at(0, 43), 200, 100_000)  # cut short, under a minute: 0
    audio(H[4], at(0, 44), 206, 150_000, "bytes=0-149999")  # two ranges that together cover a minute: 1
    audio(H[4], at(0, 50), 206, 150_000, "bytes=100000-249999")
    audio(H[5], at(0, 45), 206, 130_000, "bytes=0-129999")  # the same range twice: sum enough, union not: 0
    audio(H[5], at(0, 46), 206, 130_000, "bytes=0-129999")
    audio(H[6], at(0, 47), 206, 130_000, "bytes=0-129999")  # the rest 23 hours later: one window: 1
    audio(H[6], at(0, 47 + 23 * 60), 206, size1 - 130_000, "bytes=130000-")
    audio(H[7], at(0, 48), 206, 130_000, "bytes=0-129999")  # the rest 25 hours later: two windows: 0
    audio(H[7], at(0, 48 + 25 * 60), 206, size1 - 130_000, "bytes=130000-")
    audio(H[8], at(0, 49), 200, size1, method="HEAD")  # HEAD: 0
    audio(H[9], at(0, 50), 404, 1024)  # not found: 0
    audio(Device("198.51.100.8", BINGBOT), at(0, 51), 200, size1)  # a bot: 0
    audio(H[10], at(0, 52), 206, 250_000)  # a range the log does not place, over a minute: 1
    audio(Device("192.0.2.11", IPHONE), at(0, 53), 200, size1, ep=ep1 + "?source=feed")  # a query: 1
    T.downloads[EP1] = 7
    T.listeners[EP1] = {H[1], H[2], H[4], H[6], H[10], Device("192.0.2.11", IPHONE)}
    # episode 2: the last bytes only (a suffix range), over a minute of a one-minute file: 1
    audio(H[11], at(1, 30), 206, 240_300, "bytes=-240300", ep=P + EP_FILE[EP2])
    T.downloads[EP2] = 1
    T.listeners[EP2] = {H[11]}
    T.downloads["episode-03-county-lines"] = 0
    T.downloads["episode-04-what-the-inspection-found"] = 0
    # --- an episode not live now: counted, never named
    audio(H[1], at(0, 54), 200, sizes[EP5], ep=P + EP_FILE[EP5])
    T.other_downloads = 1
    T.listeners[EP5] = {H[1]}

    # --- feeds: two devices on day 1 (one fetches twice, the second time 304), one on day 2; a bot
    for dev, t, status in ((H[1], at(0, 60), 200), (H[1], at(0, 300), 304), (H[2], at(0, 61), 200),
                           (Device("192.0.2.1", OUTLOOK), at(1, 60), 200)):
        add(dev, t, "GET", P + "podcast/feed.xml", status, 4096 if status == 200 else 0, feed="podcast")
    add(Device("198.51.100.9", GOOGLEBOT), at(0, 62), "GET", P + "podcast/feed.xml", 200, 4096)
    add(H[3], at(0, 63), "GET", P + "feeds/news.xml", 200, 4096, feed="news")
    add(H[4], at(0, 64), "HEAD", P + "feeds/news.xml", 200, 0)
    return T


# --- writing the logs --------------------------------------------------------------------------------

def nginx_line(e: Event) -> str:
    return (f'{e.dev.ip} - - [{e.t:%d/%b/%Y:%H:%M:%S %z}] "{e.method} {e.target} HTTP/1.1" {e.status} '
            f'{e.nbytes if e.nbytes is not None else "-"} "{e.referer}" "{e.dev.ua}" "{e.rng}"')


IIS_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
              "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken cs(Range)")


def iis_header(day: datetime) -> str:
    return ("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
            f"#Date: {day:%Y-%m-%d} 00:00:00\n#Fields: {IIS_FIELDS}\n")


def iis_line(e: Event) -> str:
    stem, _, query = e.target.partition("?")
    return (f"{e.t:%Y-%m-%d %H:%M:%S} 203.0.113.10 {e.method} {stem} {query or '-'} 443 - {e.dev.ip} "
            f"{e.dev.ua.replace(' ', '+')} {e.referer if e.referer != '-' else '-'} {e.status} 0 0 "
            f"{e.nbytes if e.nbytes is not None else '-'} 15 {e.rng}")


MALFORMED_NGINX = ["this is not a log line at all",
                   '192.0.2.200 - - [99/Foo/2027:10:00:00 +0000] "GET / HTTP/1.1" 200 10 "-" "x"',
                   ""]
MALFORMED_IIS = ["2027-01-11 10:00:00 203.0.113.10 GET /campaigns/spot-it/ - 443"]


def write_scenario(folder, truth: Truth) -> list:
    """The scenario as three files: access.log.1.gz (day 1, gzip-rotated, nginx), access.log (later days,
    nginx) and u_ex270111.log (IIS, the episode-1 downloads of even-numbered events). Returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    events = sorted(truth.events, key=lambda e: e.t)
    iis = [e for i, e in enumerate(events) if i % 3 == 2]
    rest = [e for i, e in enumerate(events) if i % 3 != 2]
    day1 = [e for e in rest if e.t.date() == DAY1.date()]
    later = [e for e in rest if e.t.date() != DAY1.date()]
    rotated, current, iis_path = folder / "access.log.1.gz", folder / "access.log", folder / "u_ex270111.log"
    with gzip.open(rotated, "wt", encoding="utf-8") as fh:
        lines = [nginx_line(e) for e in day1]
        lines[3:3] = MALFORMED_NGINX[:2]
        fh.write("\n".join(lines) + "\n")
    current.write_text("\n".join([nginx_line(e) for e in later] + [MALFORMED_NGINX[2]]) + "\n", encoding="utf-8")
    iis_text = iis_header(DAY1) + "\n".join(iis_line(e) for e in iis[:4]) + "\n" + MALFORMED_IIS[0] + "\n"
    iis_text += iis_header(DAY1) + "\n".join(iis_line(e) for e in iis[4:]) + "\n"
    iis_path.write_text(iis_text.replace("\n", "\r\n"), encoding="utf-8")  # IIS writes CRLF
    truth.malformed = len(MALFORMED_NGINX) + len(MALFORMED_IIS)
    return [rotated, current, iis_path]


# --- bulk logs for the benchmark ---------------------------------------------------------------------

BULK_PAGES = ["", "whats-new/", "articles/launch/", "articles/inspection-findings-and-our-response/",
              "blog/the-girl-who-kept-going-missing/", "resources/spotting-the-signs/", "themes/missing-children/",
              "themes/child-abuse/", "podcast/", "podcast/episode-01-a-sign-at-a-domestic-call/", "help/",
              "about/", "signs/", "events/", "partners/"]
BULK_FILES = ["assets/stylesheets/main.min.css", "stylesheets/campaign.css", "images/logo.svg",
              "assets/javascripts/bundle.min.js", "search/search_index.json"]
BULK_UAS = [FIREFOX, EDGE, IPHONE, OUTLOOK,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"]


def bulk(path, lines: int, seed: int = 7, devices: int = 20_000, days: int = 14) -> int:
    """A gzip nginx log of `lines` lines: mostly page views and theme files, some audio with ranges,
    feeds, bots, HEAD, 404s and a few malformed lines, over `days` days (a million lines is about two weeks
    of a campaign that reaches most of 44,000 people). Returns the lines written."""
    rnd = random.Random(seed)
    start = DAY1
    span = days * 86_400
    ips = [f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}" for i in range(devices)]
    uas = [BULK_UAS[i % len(BULK_UAS)] + ("" if i % 7 else f" build/{i % 50}") for i in range(devices)]
    size = 262_404
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as fh:
        buf = []
        for i in range(lines):
            t = start + timedelta(seconds=span * i // lines)
            d = rnd.randrange(devices)
            ip, ua = ips[d], uas[d]
            r = rnd.random()
            method, status, nbytes, rng, ref = "GET", 200, 5120, "-", "https://intranet.example" + PREFIX
            if r < 0.45:
                target = PREFIX + rnd.choice(BULK_PAGES) + ("?h=county+lines" if r < 0.01 else "")
                ref = "-" if r < 0.1 else ref
                status = 304 if r > 0.40 else 200
            elif r < 0.80:
                target = PREFIX + rnd.choice(BULK_FILES)
            elif r < 0.88:
                target = PREFIX + "podcast/ep0" + str(1 + d % 4) + ".mp3"
                a = rnd.randrange(0, size, 4096)
                status, nbytes, rng = 206, min(size - a, 131_072), f"bytes={a}-"
            elif r < 0.92:
                target = PREFIX + ("podcast/feed.xml" if r < 0.90 else "feeds/news.xml")
            elif r < 0.95:
                target, ua = PREFIX + rnd.choice(BULK_PAGES), GOOGLEBOT
            elif r < 0.97:
                method, target = "HEAD", PREFIX + rnd.choice(BULK_PAGES)
            elif r < 0.9995:
                target, status, nbytes = PREFIX + "no-such-page/", 404, 1024
            else:
                buf.append("garbage that is not a log line")
                continue
            buf.append(f'{ip} - - [{t:%d/%b/%Y:%H:%M:%S %z}] "{method} {target} HTTP/1.1" {status} {nbytes} '
                       f'"{ref}" "{ua}" "{rng}"')
            if len(buf) >= 10_000:
                fh.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            fh.write("\n".join(buf) + "\n")
    return lines
