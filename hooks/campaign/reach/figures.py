"""From the tallies to the report's figures: `reach.json` exactly as design.md section 6 gives it, and the
tables the HTML page and the CSV files show. Only items live at the report's `now` are named."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from ..release.snapshot import Snapshot
from .count import HUB, OTHER, RELEASE, SEARCH_MIN_DEVICES, Site, Tally
from .logs import Report

TOP = 20  # rows in the pages, landing pages and search tables


def _share(devices: int, audience: int | None) -> float | None:
    return devices / audience if audience else None


def build(snap: Snapshot, tally: Tally, log: Report, period: tuple[date, date], prefix: str) -> dict:
    audience = snap.plan.campaign.audience_size
    downloads = tally.downloads()
    live = snap.live
    titles = {r.id: r.title for r in live}
    site: Site = tally.site

    pages = {key: rel for rel, (kind, key) in site.table.items() if kind == RELEASE}
    releases = []
    for r in sorted((r for r in live if r.id in pages), key=lambda r: r.id):
        devs = len(tally.release_devs.get(r.id, ()))
        releases.append({"id": r.id, "views": tally.release_views[r.id], "devices": devs,
                         "title": r.title, "kind": r.kind, "theme": r.theme, "share": _share(devs, audience),
                         "url": pages[r.id]})
    themes = []
    for t in sorted(snap.plan.themes, key=lambda t: t.id):
        devs = len(tally.theme_devs.get(t.id, ()))
        themes.append({"id": t.id, "views": tally.theme_views[t.id], "devices": devs,
                       "audience_share": _share(devs, audience), "title": t.title})
    episodes = []
    for ep in sorted((r for r in live if r.kind == "episode"), key=lambda r: r.id):
        d = downloads.get(ep.id, {"downloads": 0, "listeners": {}, "weeks": Counter()})
        facts = tally.episodes[ep.id]
        episodes.append({"id": ep.id, "downloads": d["downloads"], "title": ep.title, "number": ep.number,
                         "listeners": len(d["listeners"]), "requests": tally.audio_requests[ep.id],
                         "need_bytes": facts.need, "size": facts.size})
    live_eps = {e["id"] for e in episodes}
    other_downloads = sum(d["downloads"] for k, d in downloads.items() if k not in live_eps)

    # Reach: a device counts from the first week it viewed a page or made a counted download.
    first_week = dict(tally.first_week)
    week_downloads = Counter()
    for d in downloads.values():
        week_downloads.update(d["weeks"])
        for dev, week in d["listeners"].items():
            if week < first_week.get(dev, week + 1):
                first_week[dev] = week
    weeks = []
    start, end = period
    monday = start - timedelta(days=start.weekday())
    firsts = sorted(first_week.values())
    i = reached = 0
    while monday <= end:
        o = monday.toordinal()
        while i < len(firsts) and firsts[i] <= o:
            reached += 1
            i += 1
        weeks.append({"week": monday.isoformat(), "views": tally.week_views[o], "devices": len(tally.week_devs.get(o, ())),
                      "downloads": week_downloads[o], "reached": reached, "reached_share": _share(reached, audience)})
        monday += timedelta(days=7)

    feed_days = []
    day = start
    while day <= end:
        o = day.toordinal()
        feed_days.append({"date": day.isoformat(),
                          **{f"{name}_{what}": (tally.feed_day_fetches[name, o] if what == "fetches"
                                                else len(tally.feed_day_devs.get((name, o), ())))
                             for name in ("podcast", "news") for what in ("fetches", "devices")}})
        day += timedelta(days=1)

    feeds = {name: {"fetches": tally.feed_fetches[name], "devices": len(tally.feed_devs.get(name, ()))}
             for name in ("podcast", "news")}
    named = _namer(snap, site, titles)
    hidden_words = _hidden_words(snap)
    terms = sorted(((t, uses, len(devs)) for t, (uses, devs) in tally.search_terms.items()
                    if len(devs) >= SEARCH_MIN_DEVICES and not any(w in t for w in hidden_words)),
                   key=lambda x: (-x[2], -x[1], x[0]))
    reached_total = len(first_week)
    return {
        "json": {
            "period": {"from": start.isoformat(), "to": end.isoformat()},
            "audience": audience,
            "lines": {"read": log.read, "parsed": log.parsed, "malformed": log.malformed, "bots": tally.bot_lines},
            "releases": [{k: r[k] for k in ("id", "views", "devices")} for r in releases],
            "themes": [{k: t[k] for k in ("id", "views", "devices", "audience_share")} for t in themes],
            "episodes": [{k: e[k] for k in ("id", "downloads")} for e in episodes],
            "feeds": feeds,
        },
        "campaign": snap.plan.campaign.title,
        "audience": audience,
        "prefix": prefix,
        "releases": releases,
        "themes": themes,
        "episodes": episodes,
        "feeds": feeds,
        "weeks": weeks,
        "feed_days": feed_days,
        "views": tally.views,
        "other_views": tally.page_views[OTHER],
        "other_downloads": other_downloads,
        "reached": reached_total,
        "reached_share": _share(reached_total, audience),
        "pages": named(tally.page_views),
        "landing": named(tally.landing),
        "landing_devices": len(tally.landing_devs),
        "search": {"views": tally.search_views, "devices": len(tally.search_devs),
                   "pages": named(tally.search_pages), "terms": terms[:TOP],
                   "min_devices": SEARCH_MIN_DEVICES},
        "log": {"files": log.files, "file_problems": log.file_problems, "directives": log.directives,
                "reasons": sorted(log.reasons.items(), key=lambda kv: (-kv[1], kv[0])),
                "samples": log.samples, "outside": tally.outside, "not_get": tally.not_get},
    }


def _namer(snap: Snapshot, site: Site, titles: dict):
    """Rows (label, path, count) of the most counted pages; pages not live now are one 'other' row."""
    by_rel = {rel: v for rel, v in site.table.items()}
    themes = {t.id: t.title for t in snap.plan.themes}

    def label(rel: str) -> str:
        kind, key = by_rel.get(rel, (None, None))
        if kind == RELEASE:
            return titles[key]
        if kind == HUB:
            return themes[key]
        return "/" + rel

    def rows(counter: Counter) -> dict:
        named = sorted(((label(rel), rel, n) for rel, n in counter.items() if rel is not OTHER),
                       key=lambda x: (-x[2], x[1]))
        return {"top": named[:TOP], "more": sum(n for _, _, n in named[TOP:]), "other": counter[OTHER]}

    return rows


def _hidden_words(snap: Snapshot) -> list[str]:
    """Titles, ids and file names of items not live now: a search term holding one is never shown."""
    out = set()
    for r in snap.hidden:
        out.update({r.title.casefold(), r.id.casefold()})
    return sorted(w for w in out if w)
