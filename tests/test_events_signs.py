"""Signs gallery, training and events, the news feed and the calendars, at several instants.

One small project is built at each instant (module-scoped): before anything, mid-campaign, during an
event that spans the October clock change, after an event's `until`, and after the March clock change.
Expectations are written out by hand from the plan below, not computed by the product's own code.
"""
from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
from html import unescape
from zoneinfo import ZoneInfo

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from campaign.source import plan as plan_mod
from campaign.audit.auditor import Auditor
from campaign.source.links import broken_links
from campaign.release.snapshot import Snapshot
from campaign.release.changes import change_instants, next_changes
from campaign.source.times import parse_instant
from conftest import ROOT, Project, find_anywhere, site_texts

LONDON = ZoneInfo("Europe/London")
UID = "{}@events.spot-it-to-stop-it.invalid"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M1 1h8" stroke="#000"/></svg>\n'

SIGNS = {  # id: (title, release, until)
    "xsign-alpha": ("A yellow umbrella on the stairs", "2026-09-10 10:00", None),
    "xsign-bravo": ("Three odd gloves in a locker", "2026-11-02 10:00", None),
    "xsign-charlie": ("A torn library card under the bed", "2026-09-21 10:00", "2026-12-01 00:00"),
    "xsign-delta": ("A kite stuck in a tall chestnut tree", "2027-05-03 10:00", None),
}
# id: (title, release, starts, ends, until, place or None)
EVENTS = {
    "xevent-until": ("Briefing that is taken down later", "2026-09-15 10:00", "2026-10-05 14:00",
                     "2026-10-05 15:00", "2026-11-01 00:00", "Room 1 (sample)"),
    "xevent-autumn": ("Refresher after the clocks go back", "2026-10-01 10:00", "2026-10-29 10:00",
                      "2026-10-29 11:30", None, None),
    # 22:00 BST to 03:00 GMT: six real hours across the October change.
    "xevent-overnight": ("Night shift session & Q&A; <b>bold</b>, \\ back", "2026-10-06 10:00",
                         "2026-10-24 22:00", "2026-10-25 03:00", None, "Custody suite training room (sample)"),
    "xevent-spring": ("Workshop after the clocks go forward", "2027-03-01 10:00", "2027-03-30 10:00",
                      "2027-03-30 12:00", None, None),
    "xevent-late": ("Summer session not yet announced", "2027-05-04 10:00", "2027-06-01 10:00",
                    "2027-06-01 12:00", None, "Hall (sample)"),
}
ARTICLES = {  # id: (kind, title, release)
    "xart-launch": ("article", "Launch article for the test", "2026-09-07 09:00"),
    "xblog-october": ("blog", "A blog from October for the test", "2026-10-20 08:00"),
    "xart-late": ("article", "An article from next May", "2027-05-05 08:00"),
}

# instant -> (live signs, upcoming events in order, past events in order (most recent first))
EXPECT = {
    "2026-09-08 12:00": ((), (), ()),
    "2026-10-02 12:00": (("xsign-alpha", "xsign-charlie"), ("xevent-until", "xevent-autumn"), ()),
    # 01:30 GMT on the night the clocks go back: the overnight session is happening now.
    "2026-10-25T01:30:00Z": (("xsign-alpha", "xsign-charlie"), ("xevent-overnight", "xevent-autumn"),
                             ("xevent-until",)),
    "2026-11-05 12:00": (("xsign-alpha", "xsign-bravo", "xsign-charlie"), (),
                         ("xevent-autumn", "xevent-overnight")),
    "2027-03-29 12:00": (("xsign-alpha", "xsign-bravo"), ("xevent-spring",),
                         ("xevent-autumn", "xevent-overnight")),
}
NOW = {k: parse_instant(k, LONDON) for k in EXPECT}


def t(text: str) -> datetime:
    return parse_instant(text, LONDON)


def make_project(path) -> Project:
    p = Project(path)
    out = []
    for sid, (title, rel, until) in SIGNS.items():
        p.write(f"docs/signs/{sid}.svg", SVG)
        out.append(f'- id: {sid}\n  kind: sign\n  title: "{title}"\n  theme: missing-children\n'
                   f"  image: docs/signs/{sid}.svg\n  alt: \"Alt text of {sid}\"\n"
                   f"  meaning: \"Meaning of {sid}\"\n  what_to_do: \"Action for {sid}\"\n  release: \"{rel}\"\n"
                   + (f'  until: "{until}"\n' if until else ""))
    for eid, (title, rel, starts, ends, until, place) in EVENTS.items():
        esc = title.replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'- id: {eid}\n  kind: event\n  title: "{esc}"\n  audience: "Audience of {eid}"\n'
                   f'  booking: "Book for {eid} at https://learning.example.org/{eid}"\n'
                   f'  starts: "{starts}"\n  ends: "{ends}"\n  release: "{rel}"\n'
                   + (f'  until: "{until}"\n' if until else "")
                   + (f'  place: "{place}"\n' if place else f'  joining: "Teams link for {eid} (sample)"\n'))
    for aid, (kind, title, rel) in ARTICLES.items():
        out.append(p.article(aid, title, rel, kind=kind, folder="articles" if kind == "article" else "blog"))
    p.plan("".join(out))
    return p


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("evsig") / "proj")


@pytest.fixture(scope="module")
def plan(project):
    return plan_mod.load(project.path)


@pytest.fixture(scope="module")
def sites(project):
    out = {}
    for now in EXPECT:
        site = f"site-{len(out)}"
        code, err = project.build(now, site_dir=site)
        assert code == 0, err
        out[now] = project.path / site
    return out


@pytest.fixture(params=list(EXPECT))
def at(request, sites):
    now = request.param
    return now, sites[now], EXPECT[now]


def page_text(site, rel) -> str:
    html = (site / rel).read_text(encoding="utf-8")
    return unescape(html[html.index("<article"):html.index("</article>")])


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="campaign-(?:sign|event)" id="([^"]+)"', html)


# --- signs gallery --------------------------------------------------------------------------------

def test_gallery_shows_exactly_the_live_signs_newest_first(at):
    now, site, (signs, _, _) = at
    html = (site / "signs/index.html").read_text(encoding="utf-8")
    expected = sorted(signs, key=lambda s: t(SIGNS[s][1]), reverse=True)
    assert sections(html) == expected
    text = page_text(site, "signs/index.html")
    for sid in signs:
        assert SIGNS[sid][0] in text
        assert f"Meaning of {sid}" in text and f"Action for {sid}" in text
        assert f'src="{sid}.svg" alt="Alt text of {sid}"' in html
        assert (site / f"signs/{sid}.svg").read_text() == SVG
    if not signs:
        assert "The first sign will appear here soon." in text
    svgs = sorted(p.stem for p in (site / "signs").glob("*.svg"))
    assert svgs == sorted(signs)


# --- events page ----------------------------------------------------------------------------------

def test_events_page_upcoming_past_and_removed(at):
    now, site, (_, upcoming, past) = at
    html = (site / "events/index.html").read_text(encoding="utf-8")
    head, _, tail = html.partition('id="past"')
    assert sections(head) == list(upcoming)
    assert sections(tail) == list(past)
    if not past:
        assert "Past events" not in html
    if not upcoming:
        assert "No events are announced at the moment." in html
    text = page_text(site, "events/index.html")
    for eid in (*upcoming, *past):
        title, _, starts, ends, _, place = EVENTS[eid]
        assert title in text and f"Audience of {eid}" in text
        assert (place or "Online") in text
    for eid in upcoming:
        assert f"Book for {eid} at" in text
        assert f'href="https://learning.example.org/{eid}"' in html
        assert f'href="add/{eid}.ics"' in html
    for eid in past:  # nothing to book or join once it has ended
        assert f"Book for {eid}" not in text and f"Teams link for {eid}" not in text
    assert sorted(p.stem for p in (site / "events/add").glob("*.ics")) == sorted(upcoming) \
        if upcoming else not (site / "events/add").exists()
    if now == "2026-10-25T01:30:00Z":
        # Local times with the zone each is in: 22:00 BST the evening before, 03:00 GMT after the change.
        assert "Saturday 24 October 2026, 22:00 (BST) to Sunday 25 October 2026, 03:00 (GMT)" in text
        assert "Happening now." in text
        assert "Thursday 29 October 2026, 10:00 to 11:30 (GMT)" in text
    if now == "2027-03-29 12:00":
        assert "Tuesday 30 March 2027, 10:00 to 12:00 (BST)" in text


def test_event_starts_ends_and_until_are_change_instants(plan):
    instants = set(change_instants(plan))
    for eid, (_, rel, starts, ends, until, _) in EVENTS.items():
        # An event's start is one too: its entry says "Happening now" from then (a timer must rebuild).
        assert t(starts) in instants and t(ends) in instants and t(rel) in instants
        if until:
            assert t(until) in instants
    # The overnight session ending is the next change while it runs (it moves to "Past events" then).
    assert next_changes(plan, NOW["2026-10-25T01:30:00Z"], 1) == (t("2026-10-25 03:00"),)


# --- calendars ------------------------------------------------------------------------------------

def check_event(ev, eid, vtz):
    title, _, starts, ends, _, place = EVENTS[eid]
    assert str(ev["uid"]) == UID.format(eid)
    assert str(ev["summary"]) == title  # RFC 5545 escaping of , ; \ round-trips
    assert str(ev["location"]) == (place or "Online")
    for key, want in (("dtstart", t(starts)), ("dtend", t(ends))):
        got = ev.decoded(key)
        assert got == want and got.utcoffset() == want.utcoffset()
        assert ev[key].params["TZID"] == "Europe/London"
        # What a client that only trusts the file's VTIMEZONE (not its own tz database) computes:
        wall = got.replace(tzinfo=None)
        assert wall.replace(tzinfo=vtz).astimezone(timezone.utc) == want.astimezone(timezone.utc)
    assert ev.decoded("dtend") - ev.decoded("dtstart") == t(ends) - t(starts)


def vtimezone_of(cal):
    tzs = cal.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in tzs] == ["Europe/London"]
    return tzs[0].to_tz(lookup_tzid=False)


def test_calendar_lists_announced_events_with_exact_times(at, plan):
    now, site, (_, upcoming, past) = at
    raw = (site / "events/events.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    assert str(cal["version"]) == "2.0" and str(cal["method"]) == "PUBLISH"
    vtz = vtimezone_of(cal)
    events = cal.walk("VEVENT")
    want = sorted((*upcoming, *past), key=lambda e: (t(EVENTS[e][2]), e))
    assert [str(e["uid"]) for e in events] == [UID.format(e) for e in want]
    stamp = datetime.fromtimestamp(Snapshot(plan, NOW[now]).source_date_epoch, timezone.utc)
    for ev, eid in zip(events, want):
        check_event(ev, eid, vtz)
        assert ev.decoded("dtstamp") == stamp
    for eid in upcoming:
        one = Calendar.from_ical((site / f"events/add/{eid}.ics").read_bytes())
        [ev] = one.walk("VEVENT")
        check_event(ev, eid, vtimezone_of(one))
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_calendar_files_are_byte_for_byte_what_icalendar_writes_for_one_whole_calendar(at, plan):
    # The build serialises each VEVENT and the VTIMEZONE once and joins the bytes: it must equal the
    # plain way (one Calendar object holding every component, serialised by icalendar at once).
    from campaign.render.ical import event_component, new_calendar
    from campaign.source.ids import prodid

    now, site, (_, upcoming, past) = at
    snap = Snapshot(plan, NOW[now])
    page = "https://intranet.example/campaigns/spot-it/events/"

    def whole(ids):
        events = sorted((snap.plan.by_id[i] for i in ids), key=lambda e: (e.starts, e.id))
        what = plan.texts.events_title.lower()
        cal = new_calendar(plan, prodid(plan, what), f"{plan.campaign.title}: {what}",
                           [x for e in events for x in (e.starts, e.ends)])
        for e in events:
            cal.add_component(event_component(snap, e, page))
        return cal.to_ical()

    assert (site / "events/events.ics").read_bytes() == whole((*upcoming, *past))
    for eid in upcoming:
        assert (site / f"events/add/{eid}.ics").read_bytes() == whole((eid,))


@settings(max_examples=400)
@given(st.lists(st.sampled_from(list("ab ,;:\\^\"=-.") + ["\\n", "^^", "\\\\"]), min_size=40, max_size=300)
       .map(lambda parts: "DESCRIPTION:" + "".join(parts)))
def test_ascii_lines_fold_as_icalendar_folds_them(line):
    """The calendars fold long ASCII lines by slices (ical.fold_ascii): the same bytes as icalendar's own
    folding, escapes (a backslash or caret at a fold) included."""
    from icalendar.parser import Contentline

    from campaign.render.ical import fold_ascii

    assert fold_ascii(line).encode("ascii") == Contentline(line).to_ical()


_TEXT = st.lists(st.sampled_from(list("ab Zé€😀,;:\\^\"=-.\r\n\t<>&") + ["\\N", "\\n", "\r\n", "ab" * 30]),
                 max_size=40).map("".join)
_ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Etc/GMT+5", "UTC",
          "Etc/UTC", "America/Argentina/Buenos_Aires")


@settings(max_examples=300)
@given(title=_TEXT.filter(str.strip), summary=st.none() | _TEXT, place=st.none() | _TEXT, joining=st.none() | _TEXT,
       audience=_TEXT, booking=_TEXT, zone=st.sampled_from(_ZONES), key=st.sampled_from(["spot-it", "a,b;c"]),
       start=st.datetimes(datetime(2020, 1, 1), datetime(2035, 1, 1), timezones=st.just(timezone.utc)),
       minutes=st.integers(1, 60 * 48), updated=st.booleans(), epoch=st.integers(0, 2_000_000_000),
       page=st.sampled_from(["https://intranet.example/campaigns/spot-it/events/", "http://x.example/é,;/events/"]))
def test_events_are_written_as_icalendar_writes_them(title, summary, place, joining, audience, booking, zone, key,
                                                     start, minutes, updated, epoch, page):
    """The calendars write each VEVENT line by line (ical.vevent_writer): the bytes icalendar gives for the
    same event (ical.event_component), whatever the texts (escapes, line breaks, long and non-ASCII lines),
    times and timezone (a zone icalendar writes another way, such as UTC, goes through icalendar)."""
    from types import SimpleNamespace

    from campaign.render.ical import _ask_tz_param, _to_ical, event_component, vevent_writer

    tz = ZoneInfo(zone)
    release = start - timedelta(days=30)
    event = SimpleNamespace(id="event-x1", title=title, summary=summary, place=place, joining=joining,
                            audience=audience, booking=booking, starts=start, ends=start + timedelta(minutes=minutes),
                            release=release, updated=release + timedelta(days=2, seconds=7) if updated else None)
    snap = SimpleNamespace(plan=SimpleNamespace(tz=tz, key=key), source_date_epoch=epoch)
    assert vevent_writer(snap, page, _ask_tz_param(zone))(event) == _to_ical(event_component(snap, event, page))


def test_calendar_stamp_comes_from_the_last_change_not_the_clock(sites):
    # At 12:00 on 2 October 2026 the last change was xevent-autumn's announcement, 10:00 BST on 1 October.
    cal = Calendar.from_ical((sites["2026-10-02 12:00"] / "events/events.ics").read_bytes())
    assert {e.decoded("dtstamp") for e in cal.walk("VEVENT")} == {datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)}


# --- news feed ------------------------------------------------------------------------------------

def test_news_feed_is_valid_and_every_item_links_to_a_built_page(at):
    now, site, _ = at
    feed = feedparser.parse((site / "feeds/news.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    live = [a for a, (_, _, rel) in ARTICLES.items() if t(rel) <= NOW[now]]
    assert sorted(e.id for e in feed.entries) == sorted(f"spot-it-to-stop-it:{a}" for a in live)
    prefix = "https://intranet.example/campaigns/spot-it/"
    for e in feed.entries:
        assert e.link.startswith(prefix)
        assert (site / e.link.removeprefix(prefix) / "index.html").is_file()


# --- nothing of a hidden sign or event anywhere ---------------------------------------------------

def test_no_trace_of_hidden_signs_and_events_in_any_output(at):
    now, site, (signs, upcoming, past) = at
    hidden = [s for s in SIGNS if s not in signs] + [e for e in EVENTS if e not in (*upcoming, *past)]
    assert hidden
    texts = list(site_texts(site))
    for item in hidden:
        title = (SIGNS.get(item) or EVENTS[item])[0]
        for needle in (title, item, f"{item}.svg", f"{item}.ics", UID.format(item)):
            n = needle.casefold()
            assert [rel for rel, text in texts if n in text.casefold() or n in rel.casefold()] == [], (now, needle)
    for aid, (_, title, rel) in ARTICLES.items():
        if t(rel) > NOW[now]:
            assert find_anywhere(site, title) == []


def test_nav_and_home_link_to_signs_and_events_and_links_resolve(sites):
    site = sites["2026-10-02 12:00"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="signs/"' in home and 'href="events/"' in home
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./signs/"[^>]*>\s*(<[^>]+>\s*)*Signs gallery', about)
    assert re.search(r'href="\.\./events/"[^>]*>\s*(<[^>]+>\s*)*Training and events', about)
    assert broken_links(site, "https://intranet.example/campaigns/spot-it/") == []


def test_audit_recognises_hidden_event_and_sign_files(sites, plan, tmp_path):
    """Planting a hidden event's calendar file or a hidden sign's picture is caught by the product's audit."""
    now = "2026-10-02 12:00"
    site = tmp_path / "site"
    shutil.copytree(sites[now], site)
    (site / "events/add/xevent-spring.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (site / "signs/xsign-bravo.svg").write_text(SVG)
    (site / "help/index.html").write_text(f'<a href="../events/add/xevent-late.ics">x</a> {UID.format("xevent-overnight")}')
    findings = Auditor(Snapshot(plan, NOW[now])).scan_site(site)
    found = {(f.file, f.item) for f in findings}
    assert {("events/add/xevent-spring.ics", "xevent-spring"), ("signs/xsign-bravo.svg", "xsign-bravo"),
            ("help/index.html", "xevent-late"), ("help/index.html", "xevent-overnight")} <= found


# --- the default campaign -------------------------------------------------------------------------

BANK_HOLIDAYS = {"2026-08-31", "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29",
                 "2027-05-03", "2027-05-31", "2027-08-30"}


def test_default_campaign_signs_and_events_are_paced():
    plan = plan_mod.load(ROOT)
    signs = [r for r in plan.releases if r.kind == "sign"]
    events = [r for r in plan.releases if r.kind == "event"]
    assert len(signs) >= 12 and len(events) >= 8
    weeks: dict = {}
    for r in plan.releases:
        local = r.release.astimezone(plan.tz)
        weeks[local.isocalendar()[:2]] = weeks.get(local.isocalendar()[:2], 0) + 1
        if r.kind in ("sign", "event"):
            assert local.weekday() < 5 and f"{local:%Y-%m-%d}" not in BANK_HOLIDAYS, r.id
    assert max(weeks.values()) <= plan.campaign.max_releases_per_week
    for r in signs:
        assert (ROOT / r.image).read_text().lstrip().startswith("<svg") and r.alt and r.meaning and r.what_to_do
    for e in events:
        assert e.release < e.starts < e.ends
        assert "sample" in (e.booking + (e.place or "") + (e.joining or "")).lower()
