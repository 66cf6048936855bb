"""The leak audit, adversarially: WHAT it must find in a built site, not how it finds it.

No MkDocs build: a small plan gives a real Snapshot, the site files are written by hand, and the Auditor
scans them as the build does (scan_site / scan_file). Every "must find" case is its own test; a case the
audit misses today is marked `xfail(strict=True)` with "audit gap: ..." so it fails loudly once fixed.
"""
from __future__ import annotations

import base64
import gzip
import io
import html
import html.entities
import json
import posixpath
import re
import shutil
import tempfile
import textwrap
import unicodedata
import zlib
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, unquote

import pytest
from hypothesis import example, given, strategies as st

import container_files as cf
from conftest import HEADER, ROOT

from campaign.source import plan as plan_mod
from campaign.audit.auditor import Auditor
from campaign.source.ids import guid_of, uid_of
from campaign.source.links import resolve
from campaign.source.plan import files_of, outputs_of, url_of
from campaign.release.snapshot import Snapshot
from campaign.audit.textnorm import norm
from campaign.source.times import parse_instant

NOW = "2026-10-01 12:00"
HIDDEN = "hidden-story"  # an embargoed article: articles/hidden-story/
TITLE = "Quiet Harbour Warning"  # its title
PAGE = "articles/live-page/index.html"  # a live page next to it
EPISODE = "podcast/ep01.mp3"  # the live episode's audio, as published

# (id, title, release): the first two are live, the others embargoed at NOW.
ARTICLES = [
    ("live-page", "Plainly Visible Notice", "2026-09-08 08:00"),
    ("hiddem-story", "Open Meadow Bulletin", "2026-09-09 08:00"),  # live, one letter from the hidden slug
    (HIDDEN, TITLE, "2027-01-05 08:00"),
    ("quoted-title", 'Why "curious" matters', "2027-01-06 08:00"),
    ("cafe-title", "Café – €5 ’quote’", "2027-01-07 08:00"),
    ("backslash-title", "Back\\slash Report", "2027-01-08 08:00"),
    ("strasse-title", "Strasse Safety Guide", "2027-01-11 08:00"),
    ("grosse-title", "Große Warnung", "2027-01-12 08:00"),
    ("comma-title", "Safe, Seen; Heard", "2027-01-13 08:00"),
    ("written-title", "The twelve lanterns and a centre for the organised watch", "2027-01-17 08:00"),  # written other ways
    ("rolled-title", "Rolled-up Notes: keeping the lantern lit in every harbour", "2027-01-16 08:00"),
]
# The hidden article's body: what a pull quote is taken from.
HIDDEN_BODY = ("On a late shift at the quay, the watch officer noticed that the boy carried two phones and an "
               "address a long way from the harbour; he said he was fine, and nobody asked him again until the "
               "lantern went out.")
GUEST = "Detective Sergeant Ada Quill, harbour watch unit (fictional)"  # the hidden episode's guest
LIVE_EPISODE_TITLE = "A Sign at a Domestic Call"  # the title ep01.mp3 is tagged with
HIDDEN_EPISODE = ("episode-hidden", "Secret Lantern Episode")  # audio podcast/ep02.mp3
HIDDEN_EVENT = ("hidden-meetup", "Lantern Briefing Session")
ONE_WORD = "beacon"  # an embargoed article with a one-word id: articles/beacon/


def gap(reason: str):
    # Only a failed assertion counts: an error in the test itself must not pass for the gap.
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"audit gap: {reason}")


def control(ok: bool) -> None:
    """A check of the test's own data (what a reader or player shows): not an AssertionError, so a broken
    control never passes for an audit gap."""
    if not ok:
        raise RuntimeError("the test data is not what the test says it is")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit") / "proj"
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "podcast").mkdir()
    entries = []
    for id, title, when in ARTICLES:
        body = f"Body of {id}.\n" + (f"\n{HIDDEN_BODY}\n" if id == HIDDEN else "")
        (root / f"docs/articles/{id}.md").write_text(body, encoding="utf-8")
        entries.append(f"- id: {id}\n  kind: article\n  title: {json.dumps(title, ensure_ascii=False)}\n"
                       f"  source: docs/articles/{id}.md\n  release: \"{when}\"\n")
    for n, (id, title, when) in enumerate([("episode-live", LIVE_EPISODE_TITLE, "2026-09-10 10:00"),
                                           (*HIDDEN_EPISODE, "2027-02-01 10:00")], 1):
        for ext in ("mp3", "vtt"):
            shutil.copy(ROOT / f"podcast/ep0{n}.{ext}", root / f"podcast/ep0{n}.{ext}")
        guests = f"  guests: [\"{GUEST}\"]\n" if n == 2 else ""
        entries.append(f"- id: {id}\n  kind: episode\n  number: {n}\n  title: \"{title}\"\n  theme: child-abuse\n{guests}"
                       f"  notes: Notes.\n  audio: podcast/ep0{n}.mp3\n  transcript: podcast/ep0{n}.vtt\n"
                       f"  release: \"{when}\"\n")
    # A hidden article with a one-word id (no needle on its own: only as part of an address), and a hidden
    # sign whose picture's name is not its id.
    (root / "docs/articles/beacon.md").write_text("Body.\n", encoding="utf-8")
    entries.append(f"- id: {ONE_WORD}\n  kind: article\n  title: \"Beacon Night Notes\"\n  source: docs/articles/beacon.md\n"
                   "  release: \"2027-01-14 08:00\"\n")
    (root / "docs/signs").mkdir()
    (root / "docs/signs/harbour-lantern.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    entries.append("- id: sign-lamp\n  kind: sign\n  title: \"Lamp sign\"\n  image: docs/signs/harbour-lantern.svg\n"
                   "  alt: A lamp\n  meaning: Late\n  what_to_do: Ask\n  release: \"2027-01-15 08:00\"\n")
    # The site is served under a sub-path (as the default campaign's is).
    (root / "mkdocs.yml").write_text("site_name: Test\nsite_url: https://intranet.example/campaigns/spot-it/\n", encoding="utf-8")
    entries.append(f"- id: {HIDDEN_EVENT[0]}\n  kind: event\n  title: \"{HIDDEN_EVENT[1]}\"\n  audience: All\n"
                   "  booking: https://learning.example.org/events/lantern-briefing\n"
                   "  starts: \"2027-03-01 10:00\"\n  ends: \"2027-03-01 11:00\"\n"
                   "  release: \"2027-02-01 10:00\"\n")
    (root / "campaign_plan.yaml").write_text(HEADER + textwrap.indent("".join(entries), "  "), encoding="utf-8")
    plan = plan_mod.load(root)
    snap = Snapshot(plan, parse_instant(NOW, plan.tz))
    assert {r.id for r in snap.live} == {"live-page", "hiddem-story", "episode-live"}
    c = plan.campaign
    # What the build allows (mkdocs_adapter.on_post_build): titles that are public anyway.
    allowed = {c.title, *([c.strapline] if c.strapline else []), *(t.title for t in plan.themes), *(r.title for r in snap.live)}
    return SimpleNamespace(snap=snap, auditor=Auditor(snap, allowed), root=root,
                           title={r.id: r.title for r in plan.releases})


def scan(world, tmp_path, files: dict[str, str | bytes]) -> dict[str, set[str]]:
    """Write `files` as a site and audit it: {file: {hidden item ids found in it}}."""
    site = Path(tempfile.mkdtemp(dir=tmp_path))
    for rel, data in files.items():
        p = site / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    out: dict[str, set[str]] = {rel: set() for rel in files}
    for f in world.auditor.scan_site(site):
        out.setdefault(f.file, set()).add(f.item)
    return out


def items_in(world, tmp_path, rel: str, data: str | bytes) -> set[str]:
    return scan(world, tmp_path, {rel: data})[rel]


# === 1. links from live pages to a hidden page ===========================================================

# (reference as written in the page, the page it is in): each resolves, as a browser and a static server
# would, to articles/hidden-story/ (or a file in it).
LINKS = [
    pytest.param("../hidden-story/", PAGE, id="sibling"),
    pytest.param("../hidden-story", PAGE, id="no-trailing-slash"),
    pytest.param("../hidden-story/index.html", PAGE, id="index.html"),
    pytest.param("../hidden-story/?q=1", PAGE, id="query"),
    pytest.param("../hidden-story/#frag", PAGE, id="fragment"),
    pytest.param("../hidden-story?q=1&amp;r=2#frag", PAGE, id="query-and-fragment-no-slash"),
    pytest.param("/articles/hidden-story/", PAGE, id="root-relative"),
    pytest.param("../../articles/hidden-story/", "blog/live-post/index.html", id="nested-2"),
    pytest.param("../../../articles/hidden-story", "blog/2026/live-post/index.html", id="nested-3-no-slash"),
    pytest.param("hidden-story/", "articles/index.html", id="from-folder-index"),
    pytest.param("articles/hidden-story", "404.html", id="from-root-page"),
    pytest.param("./../x/../hidden-story/", PAGE, id="dot-segments"),
    pytest.param("..//hidden-story/", PAGE, id="double-slash"),
    pytest.param("../hidden-story/pic.png", PAGE, id="file-inside"),
    # %-escapes (the server decodes them), also of the dots (a browser treats %2e%2e as '..')
    pytest.param("../hidden-stor%79/", PAGE, id="pct-letter"),
    pytest.param("../%68idden-story/", PAGE, id="pct-first-letter"),
    pytest.param("../hidden%2Dstory/", PAGE, id="pct-hyphen-upper"),
    pytest.param("../hidden%2dstory", PAGE, id="pct-hyphen-lower-no-slash"),
    pytest.param("%2E%2E/hidden-story/", PAGE, id="pct-dots"),
    pytest.param("/articles/hidden%2Dstory/", PAGE, id="pct-root-relative"),
    pytest.param("/%61rticles/hidden-story/", PAGE, id="pct-folder"),
    # HTML character references (the browser decodes them in attribute values)
    pytest.param("../hidden-stor&#121;/", PAGE, id="entity-dec"),
    pytest.param("../hidden-stor&#x79;/", PAGE, id="entity-hex"),
    pytest.param("../hidden-stor&#X79;", PAGE, id="entity-hex-upper-no-slash"),
    pytest.param("../hidden&#45;story/", PAGE, id="entity-hyphen"),
    pytest.param("../hidden&#x2d;story/", PAGE, id="entity-hyphen-hex"),
    pytest.param("../hidden-stor&#121/", PAGE, id="entity-no-semicolon"),
    pytest.param("..&sol;hidden-story&sol;", PAGE, id="entity-named-slash"),
    pytest.param("&period;&period;/hidden-story/", PAGE, id="entity-named-dots"),
    pytest.param("&#47;articles&#47;hidden-story&#47;", PAGE, id="entity-root-relative"),
    # an entity of a %-escape: the browser makes it %79, the server y
    pytest.param("../hidden-stor&#37;79/", PAGE, id="entity-of-pct"),
    pytest.param("../hidden&#37;2Dstory/", PAGE, id="entity-of-pct-hyphen"),
    pytest.param("/articles/hidden&#x25;2dstory/", PAGE, id="entity-of-pct-root-relative"),
]


@pytest.mark.parametrize("ref, page", LINKS)
def test_a_link_to_a_hidden_page_is_found(world, tmp_path, ref, page):
    assert items_in(world, tmp_path, page, f'<p>See <a href="{ref}">this</a>.</p>\n') == {HIDDEN}


# The same kind of link in every attribute or construct a browser loads or follows. The references
# avoid the hidden page's address 'articles/hidden-story/' as plain text, so only following the link finds them.
ATTRIBUTES = [
    pytest.param('<a href="../hidden-story/">x</a>', id="a-href"),
    pytest.param("<a href='../hidden-story/'>x</a>", id="a-href-single-quotes"),
    pytest.param('<A HREF = "../hidden-story/">x</A>', id="a-href-upper-spaced"),
    pytest.param('<img src="../hidden-story/pic.png" alt="">', id="img-src"),
    pytest.param('<img data-src="../hidden-story/pic.png" alt="">', id="img-data-src"),
    pytest.param('<iframe src="../hidden-story/"></iframe>', id="iframe-src"),
    pytest.param('<img srcset="../hidden-story/pic.png 2x" alt="">', id="srcset-only-candidate"),
    pytest.param('<img src="a.png" srcset="a.png 1x, ../hidden-story/pic.png 2x" alt="">', id="srcset-2nd-candidate"),
    pytest.param('<img srcset="../hidden-story 2x" alt="">', id="srcset-candidate-no-slash"),
    pytest.param('<video poster="../hidden-story/poster.png"></video>', id="video-poster"),
    pytest.param('<object data="../hidden-story/chart.svg"></object>', id="object-data"),
    pytest.param('<form action="../hidden-story/"><button>Go</button></form>', id="form-action"),
    pytest.param('<button formaction="../hidden-story/">Go</button>', id="button-formaction"),
    pytest.param('<link rel="prefetch" href="../hidden-story/">', id="link-href"),
    pytest.param('<meta property="og:url" content="../hidden-story/">', id="meta-content-path"),
    pytest.param('<meta http-equiv="refresh" content="0; url=../hidden-story/">', id="meta-refresh-url"),
    pytest.param('<a href=../hidden-story/>x</a>', id="a-href-unquoted"),
    pytest.param('<div style="background:url(../hidden-story/bg.png)"></div>', id="style-url"),
    pytest.param('<div style="background:url(&quot;../hidden-story/bg.png&quot;)"></div>', id="style-url-quoted"),
    pytest.param('<base href="/articles/"><a href="hidden-story/">x</a>', id="base-href"),
]


@pytest.mark.parametrize("markup", ATTRIBUTES)
def test_a_link_in_any_followed_attribute_is_found(world, tmp_path, markup):
    assert items_in(world, tmp_path, PAGE, f"<html><head></head><body>{markup}</body></html>\n") == {HIDDEN}


def test_a_link_resolved_from_a_base_in_a_head_read_clean_before_is_found(world, tmp_path):
    """A page is read where it differs from pages read before: its <base href> in the shared head was read
    clean on the first page, and a link in the second page's body is still resolved from it."""
    head = ["<html>", "<head>", '<base href="/articles/">', *(f"<meta name='m{i}' content='x'>" for i in range(8)),
            "</head>", "<body>", *(f"<p>frame {i}</p>" for i in range(8))]
    first = "\n".join([*head, "<p>plain words</p>", "</body></html>"]) + "\n"
    # A one-word id is no needle on its own: only the address it resolves to tells (articles/beacon/).
    second = "\n".join([*head, "<p>other words</p>", f'<a href="{ONE_WORD}/">more</a>', "</body></html>"]) + "\n"
    found = scan(world, tmp_path, {"index.html": first, PAGE: second})  # the top folder's file is read first
    assert found == {"index.html": set(), PAGE: {ONE_WORD}}


@pytest.mark.parametrize("rel", ["downloads/old_search_index.json", "search_index.json", "old/search/search_index.json"])
def test_a_download_named_like_the_search_index_is_read_as_any_json_file(world, tmp_path, rel):
    """Only MkDocs' own search/search_index.json is read in the index's fewer forms (its markup is the pages'):
    a download named like it is JSON whose markup is read as a reader sees it."""
    text = json.dumps({"docs": [{"location": "x/", "text": "Quiet <em>Harbour</em> Warning"}]})
    assert items_in(world, tmp_path, rel, text) == {HIDDEN}


CSS = [
    pytest.param("assets/stylesheets/extra.css", ".x{background:url(../../articles/hidden-story/bg.png)}",
                 id="css-nested-address"),
    pytest.param("assets/extra.css", '.x{background:url("../articles/hidden%2Dstory/bg.png")}', id="css-pct"),
    pytest.param("articles/extra.css", ".x{background:url(hidden-story/bg.png)}", id="css-relative"),
    pytest.param("articles/extra.css", "@import 'hidden-story/x.css';", id="css-import"),
    pytest.param("assets/extra.css", r".x{background:url(../articles/hidden\2d story/bg.png)}", id="css-escape"),
    pytest.param("articles/diagram.svg", '<svg xmlns="http://www.w3.org/2000/svg"><a href="hidden-story/">'
                 '<text>x</text></a></svg>', id="svg-a-href"),
]


@pytest.mark.parametrize("rel, text", CSS)
def test_a_link_in_a_stylesheet_or_svg_is_found(world, tmp_path, rel, text):
    assert items_in(world, tmp_path, rel, text) == {HIDDEN}


def test_the_same_links_to_a_live_or_a_missing_page_are_not_reported(world, tmp_path):
    """Every link above with the hidden slug changed by one letter, to a live page (articles/hiddem-story/)
    or to no page (articles/hiddex-story/), in the same encodings: nothing to report."""
    cases = [(p.id, page, f'<p>See <a href="{ref}">this</a>.</p>\n') for p in LINKS for ref, page in [p.values]]
    cases += [(p.id, PAGE, f"<html><body>{p.values[0]}</body></html>") for p in ATTRIBUTES]
    cases += [(p.id, *p.values) for p in CSS]
    reported = {}
    for swap in ("iddem", "iddex"):
        for id, rel, text in cases:
            assert text.count("idden") == 1, id
            if got := items_in(world, tmp_path, rel, text.replace("idden", swap)):
                reported[f"{id}, h{swap}-story"] = got
    assert reported == {}


NOT_HIDDEN = [
    "../live-page/", "../live-page", "./", "../", "/", "../not-there/", "../hidden-story-2/", "../hidden-storyx/",
    "../xhidden-story/", "/articles/hidden-story-2/", "../hidden%2Dstory%2D2/", "../hidden-stor&#121;-2/",
    "https://example.org/news/",
]
# References to no page that still hold the hidden item's id as a whole word: the id itself is a needle
# (an editor's "TODO link to hidden-story" in a comment, a mistyped path), so these are reported.
NAMES_THE_ID = [
    "../../hidden-story/", "hidden-story/", "../hidden-story.html", "/hidden-story/", "../live-page/#hidden-story",
    "#hidden-story", "?hidden-story", "mailto:hidden-story@example.org",
    "../hidden&hyphen;story/",  # &hyphen; is U+2010, which the normalisation folds to '-': the id
]


@pytest.mark.parametrize("ref", NOT_HIDDEN)
def test_a_link_to_a_live_or_missing_page_is_not_reported(world, tmp_path, ref):
    page = (f'<a href="{ref}">x</a> <img src="{ref}" srcset="{ref} 2x" alt=""> <form action="{ref}"></form>'
            f'<link href="{ref}"><meta content="{ref}"> <video poster="{ref}"></video>\n')
    assert items_in(world, tmp_path, PAGE, page) == set()
    assert items_in(world, tmp_path, "assets/x.css", f".x{{background:url({ref})}}") == set()


@pytest.mark.parametrize("ref", NAMES_THE_ID)
def test_a_reference_holding_the_hidden_id_is_reported(world, tmp_path, ref):
    assert items_in(world, tmp_path, PAGE, f'<a href="{ref}">x</a>\n') == {HIDDEN}
    assert items_in(world, tmp_path, PAGE, f'<!-- TODO: {ref} -->\n') == {HIDDEN}


def test_the_hidden_page_itself_is_found_when_published(world, tmp_path):
    got = scan(world, tmp_path, {"articles/hidden-story/index.html": "<p>nothing</p>",
                                 "articles/hidden-story/pic.png": b"\x89PNG",
                                 "podcast/episode-hidden/index.html": "<p>nothing</p>",
                                 "podcast/ep02.mp3": (ROOT / "podcast/ep02.mp3").read_bytes(),
                                 "podcast/ep02.vtt": "WEBVTT\n",
                                 "events/add/hidden-meetup.ics": "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
                                 PAGE: "<p>fine</p>"})
    assert got == {"articles/hidden-story/index.html": {HIDDEN}, "articles/hidden-story/pic.png": {HIDDEN},
                   "podcast/episode-hidden/index.html": {"episode-hidden"}, "podcast/ep02.mp3": {"episode-hidden"},
                   "podcast/ep02.vtt": {"episode-hidden"}, "events/add/hidden-meetup.ics": {"hidden-meetup"},
                   PAGE: set()}


# Links to the one-word page (articles/beacon/) in forms whose text holds no address: only resolving the
# reference finds them (site_url's sub-path, another name for the page, dot segments, escapes).
ONE_WORD_LINKS = [
    pytest.param("/campaigns/spot-it/articles/x/../beacon/", id="sub-path-dot-segments"),
    pytest.param("https://intranet.example/campaigns/spot-it/articles/./beacon", id="absolute-dot-no-slash"),
    pytest.param("http://intranet.example/campaigns/spot-it/articles/x/../beacon/index.html", id="absolute-http-index"),
    pytest.param("/campaigns/spot-it/articles/x/../%62eacon/", id="sub-path-pct"),
    pytest.param("/campaigns/spot-it/articles/x/..&#47;beacon", id="sub-path-entity"),
    pytest.param("../beacon.html", id="dot-html"),
    pytest.param("../beacon.md", id="dot-md"),
    pytest.param("../x/../beacon", id="relative-dot-segments"),
]


@pytest.mark.parametrize("ref", ONE_WORD_LINKS)
def test_a_link_to_a_hidden_page_in_any_url_form_is_found(world, tmp_path, ref):
    assert items_in(world, tmp_path, PAGE, f'<p>See <a href="{ref}">this</a>.</p>\n') == {ONE_WORD}


@pytest.mark.parametrize("ref", ["/campaigns/spot-it/articles/beacon-2/", "https://intranet.example/campaigns/spot-it/articles/live-page/",
                                 "https://elsewhere.example/campaigns/spot-it/articles/x/../beacon/", "../beacons.html",
                                 "/campaigns/spot-it/articles/x/../beacon-light/"])
def test_a_link_to_another_page_under_the_sub_path_is_not_reported(world, tmp_path, ref):
    assert items_in(world, tmp_path, PAGE, f'<p>See <a href="{ref}">this</a>.</p>\n') == set()


@pytest.mark.parametrize("rel", ["downloads/notes.md", "downloads/list.csv", "downloads/plan.yaml"])
def test_a_pct_escaped_address_in_any_text_download_is_found(world, tmp_path, rel):
    assert items_in(world, tmp_path, rel, "Next: https://intranet.example/campaigns/spot-it/articles%2Fbeacon%2F\n") == {ONE_WORD}


# A title written as a slug (a heading's anchor, a file or folder an editor named after it).
TITLE_SLUGS = [
    pytest.param('<a href="#quiet-harbour-warning">x</a>', HIDDEN, id="anchor"),
    pytest.param('<img src="../../images/Quiet_Harbour_Warning.png" alt="">', HIDDEN, id="underscores-file"),
    pytest.param("<p>quiet-harbour-warning</p>", HIDDEN, id="text"),
    pytest.param('<a href="/downloads/why-curious-matters.pdf">x</a>', "quoted-title", id="quotes-dropped"),
    pytest.param('<a href="/downloads/cafe-5-quote.docx">x</a>', "cafe-title", id="accents-and-symbols-dropped"),
    pytest.param('<a href="/downloads/caf%C3%A9-5-quote.docx">x</a>', "cafe-title", id="accent-kept-pct"),
    pytest.param("<p>grosse_warnung</p>", "grosse-title", id="eszett-folded"),
    pytest.param("<p>safe-seen-heard</p>", "comma-title", id="punctuation-dropped"),
    pytest.param("<p>beacon-night-notes</p>", ONE_WORD, id="one-word-id"),
]


@pytest.mark.parametrize("text, item", TITLE_SLUGS)
def test_a_hidden_title_written_as_a_slug_is_found(world, tmp_path, text, item):
    assert items_in(world, tmp_path, PAGE, text) == {item}


def test_a_slug_that_is_only_near_a_hidden_title_is_not_reported(world, tmp_path):
    text = ("<p>quiet-harbour-warnings, quiet-harbour, plainly-visible-notice, unquiet-harbour-warning, "
            "quiet-harbour-warning-2, beacon-night, x_quiet_harbour_warning</p>")
    assert items_in(world, tmp_path, PAGE, text) == set()


# The stem of a hidden file's name, when it is two words or more ('harbour-lantern' of the sign's picture).
STEMS = [
    pytest.param('<img src="../../images/harbour-lantern.png" alt="">', id="same-stem-other-extension"),
    pytest.param("<p>Artwork: harbour-lantern (final)</p>", id="text"),
    pytest.param('<a href="/downloads/harbour-lantern.pdf.gz">x</a>', id="two-extensions"),
]


@pytest.mark.parametrize("text", STEMS)
def test_the_stem_of_a_hidden_file_is_found(world, tmp_path, text):
    assert items_in(world, tmp_path, PAGE, text) == {"sign-lamp"}


def test_a_short_or_one_word_stem_is_no_needle(world, tmp_path):
    """'ep02' (the hidden episode's audio) and 'beacon' (a one-word id) are found only within a file name
    or an address: alone they are ordinary words or codes."""
    assert items_in(world, tmp_path, PAGE, "<p>ep02, beacon, harbour-lanterns, harbour lantern</p>") == set()


# === 2. a hidden item's title (and ids, file names) in any text ==========================================

TEXTS = [
    # (file, text, the hidden item it names)
    pytest.param(PAGE, "<p>Coming soon: Quiet Harbour Warning.</p>", HIDDEN, id="page-text"),
    pytest.param(PAGE, "<p>QUIET harbour WaRnInG</p>", HIDDEN, id="page-text-any-case"),
    pytest.param(PAGE, '<a href="#" title="Quiet Harbour Warning">x</a>', HIDDEN, id="title-attribute"),
    pytest.param(PAGE, '<img src="a.png" alt="Quiet Harbour Warning">', HIDDEN, id="alt-attribute"),
    pytest.param(PAGE, "<p>Quiet Harb&#111;ur Warning</p>", HIDDEN, id="entity-split"),
    pytest.param(PAGE, "<p>Quiet&#32;Harbour&#x20;Warnin&#x67;</p>", HIDDEN, id="entity-spaces"),
    pytest.param(PAGE, '<img alt="Quiet Harb&#111;ur Warning" src="a.png">', HIDDEN, id="entity-in-attribute"),
    pytest.param(PAGE, "<p>Why &quot;curious&quot; matters</p>", "quoted-title", id="quot-named"),
    pytest.param(PAGE, "<p>Why &#34;curious&#x22; matters</p>", "quoted-title", id="quot-numeric"),
    pytest.param(PAGE, '<p>Why "curious" matters</p>', "quoted-title", id="quot-plain"),
    pytest.param(PAGE, '<a title=\'Why "curious" matters\'>x</a>', "quoted-title", id="quot-in-attribute"),
    pytest.param(PAGE, "<p>Café – €5 ’quote’</p>", "cafe-title", id="non-ascii"),
    pytest.param(PAGE, "<p>Caf&eacute; &ndash; &euro;5 &rsquo;quote&rsquo;</p>", "cafe-title", id="non-ascii-named"),
    pytest.param(PAGE, "<p>Caf&#233; &#8211; &#x20AC;5 &#8217;quote&#8217;</p>", "cafe-title", id="non-ascii-numeric"),
    pytest.param(PAGE, "<p>CAFÉ – €5 ’QUOTE’</p>", "cafe-title", id="non-ascii-upper"),
    pytest.param(PAGE, "<p>Back\\slash Report</p>", "backslash-title", id="backslash"),
    pytest.param(PAGE, "<p>Back&#92;slash Report</p>", "backslash-title", id="backslash-entity"),
    pytest.param(PAGE, "<p>Back&bsol;slash Report</p>", "backslash-title", id="backslash-named"),
    pytest.param(PAGE, "<p>Safe, Seen; Heard</p>", "comma-title", id="punctuation"),
    # casefold: 'ß' folds to 'ss' both ways
    pytest.param(PAGE, "<p>Straße Safety Guide</p>", "strasse-title", id="casefold-eszett-in-text"),
    pytest.param(PAGE, "<p>GROSSE WARNUNG</p>", "grosse-title", id="casefold-eszett-in-title"),
    pytest.param(PAGE, "<p>grosse warnung</p>", "grosse-title", id="casefold-eszett-in-title-lower"),
    pytest.param(PAGE, "<p>Gro&szlig;e Warnung</p>", "grosse-title", id="eszett-entity"),
    # %-escapes in a link's query
    pytest.param(PAGE, '<a href="/search/?q=Quiet%20Harbour%20Warning">x</a>', HIDDEN, id="pct-query"),
    pytest.param(PAGE, '<a href="/search/?q=Caf%C3%A9%20%E2%80%93%20%E2%82%AC5%20%E2%80%99quote%E2%80%99">x</a>',
                 "cafe-title", id="pct-utf8"),
    pytest.param(PAGE, '<a href="/search/?q=Quiet+Harbour+Warning">x</a>', HIDDEN, id="plus-query"),
    pytest.param(PAGE, '<a href="/search/?q=Quiet&#37;20Harbour&#37;20Warning">x</a>', HIDDEN,
                 id="entity-of-pct-query"),
    # what a reader sees as the title although the bytes differ
    pytest.param(PAGE, "<p>Quiet Harbour\n   Warning</p>", HIDDEN, id="wrapped-line"),
    pytest.param(PAGE, "<p>Quiet  Harbour Warning</p>", HIDDEN, id="double-space"),
    pytest.param(PAGE, "<p>Quiet&nbsp;Harbour Warning</p>", HIDDEN, id="nbsp"),
    pytest.param(PAGE, "<p>Quiet <em>Harbour</em> Warning</p>", HIDDEN, id="split-by-tags"),
    # obsolete inline elements (an old HTML editor's drop cap, Outlook's <nobr>) inside a word
    pytest.param("downloads/poster.html", '<p><font size="6">Q</font>uiet Harbour Warning</p>', HIDDEN, id="font-drop-cap"),
    pytest.param("downloads/note.htm", "<p>Quiet Har<nobr>bour</nobr> Warning</p>", HIDDEN, id="nobr-in-word"),
    pytest.param(PAGE, "<p>Quiet Harb<big>o</big><tt>ur</tt> W<strike>a</strike><acronym>rning</acronym></p>", HIDDEN,
                 id="obsolete-inline-in-word"),
    # ids and file names of hidden items
    pytest.param(PAGE, '<a href="../../podcast/ep02.mp3">Download</a>', "episode-hidden", id="hidden-audio-name"),
    pytest.param(PAGE, '<track src="/podcast/ep02.vtt">', "episode-hidden", id="hidden-transcript-name"),
    pytest.param(PAGE, '<audio src="/media/ep02%2Emp3"></audio>', "episode-hidden", id="hidden-audio-name-pct"),
    pytest.param(PAGE, '<a href="../../events/add/hidden-meetup.ics">Add</a>', "hidden-meetup", id="hidden-ics-name"),
    pytest.param(PAGE, '<p>Book now: <a href="https://learning.example.org/events/lantern-briefing">learning.example.org/'
                 'events/lantern-briefing</a></p>', "hidden-meetup", id="hidden-event-booking-link"),
    pytest.param("feed.xml", "<guid>spot-it-to-stop-it:hidden-story</guid>", HIDDEN, id="feed-guid"),
    pytest.param("events.ics", "UID:hidden-meetup@events.spot-it-to-stop-it.invalid\r\n", "hidden-meetup",
                 id="calendar-uid"),
    # other files
    pytest.param("sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://intranet.example/articles/'
                 "hidden-story/</loc></url></urlset>", HIDDEN, id="sitemap-address"),
    pytest.param("sitemap.xml", "<urlset><!-- Quiet Harbour Warning --></urlset>", HIDDEN, id="sitemap-title"),
    # an RSS description is escaped HTML: a reader unescapes the XML, then renders the HTML
    pytest.param("feed.xml", "<description>&lt;p&gt;Quiet Harbour Warning&lt;/p&gt;</description>", HIDDEN,
                 id="rss-description"),
    pytest.param("feed.xml", "<description>&lt;p&gt;Why &amp;quot;curious&amp;quot; matters&lt;/p&gt;</description>",
                 "quoted-title", id="rss-description-entity"),
    pytest.param("feed.xml", "<title><![CDATA[Why \"curious\" matters]]></title>", "quoted-title", id="xml-cdata"),
    pytest.param("images/chart.svg", '<svg xmlns="http://www.w3.org/2000/svg"><title>Quiet Harbour Warning</title>'
                 "</svg>", HIDDEN, id="svg-title"),
    pytest.param("images/chart.svg", "<svg><text>Quiet Harb&#x6F;ur Warning</text></svg>", HIDDEN, id="svg-entity"),
    pytest.param("podcast/ep01.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nNext time: Secret Lantern Episode\n",
                 "episode-hidden", id="transcript"),
    pytest.param("assets/javascripts/x.js", 'var t = "Quiet Harbour Warning";', HIDDEN, id="javascript"),
    pytest.param("robots.txt", "Disallow: /articles/hidden-story/\n", HIDDEN, id="robots-address"),
]


@pytest.mark.parametrize("rel, text, item", TEXTS)
def test_a_hidden_title_id_or_file_name_in_a_text_file_is_found(world, tmp_path, rel, text, item):
    assert item in items_in(world, tmp_path, rel, text)


# A dash or underscore touching a title is punctuation, not part of a longer word (Word's em dash without
# spaces, a download named 'Title_FINAL', Markdown's _emphasis_ in a text file); ids and file names keep
# theirs: 'hidden-story' is not in 'hidden-story-2' (test_a_reference_holding_the_hidden_id_is_reported).
TOUCHING = [
    pytest.param(PAGE, "<p>Next month on the blog\u2014Quiet Harbour Warning\u2014a colleague's story.</p>", id="em-dashes"),
    pytest.param(PAGE, "<p>December: Plainly Visible Notice\u2013Quiet Harbour Warning.</p>", id="en-dash-between-titles"),
    pytest.param(PAGE, "<p>see -Quiet Harbour Warning- and _Quiet Harbour Warning_</p>", id="hyphen-and-underscores"),
    pytest.param("downloads/notes.txt", "- 5 Jan: _Quiet Harbour Warning_\n", id="markdown-emphasis-in-text"),
    pytest.param("downloads/Quiet Harbour Warning_FINAL.txt", "nothing to see", id="file-named-title-FINAL"),
    pytest.param("downloads/Quiet Harbour Warning-v2.txt", "nothing to see", id="file-named-title-v2"),
]


@pytest.mark.parametrize("rel, text", TOUCHING)
def test_a_hidden_title_touched_by_a_dash_or_underscore_is_found(world, tmp_path, rel, text):
    assert HIDDEN in items_in(world, tmp_path, rel, text)


def test_a_hidden_id_inside_a_longer_name_is_still_no_needle(world, tmp_path):
    assert items_in(world, tmp_path, PAGE, "<p>see hidden-story-2 and hidden-story_x and x-hidden-story</p>") == set()


def test_a_longer_link_or_the_booking_sites_home_is_no_hidden_events_link(world, tmp_path):
    assert items_in(world, tmp_path, PAGE, '<p><a href="https://learning.example.org/events/lantern-briefing-2/">x</a> and '
                                           "https://learning.example.org/events/ and learning.example.org</p>") == set()


def calendar(summary: str, description: str = "Details.") -> str:
    """An event as the icalendar library writes it (text escaped, lines folded at 75 octets)."""
    import icalendar

    event = icalendar.Event()
    event.add("uid", "live@events.example")
    event.add("summary", summary)
    event.add("description", description)
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add_component(event)
    return cal.to_ical().decode()


ICS = [
    pytest.param(TITLE, "Details.", HIDDEN, id="summary"),
    pytest.param("Café – €5 ’quote’", "Details.", "cafe-title", id="non-ascii"),
    pytest.param("Safe, Seen; Heard", "Details.", "comma-title", id="escaped-punctuation"),
    pytest.param("Live", "y" * 60 + f" {TITLE} and more.", HIDDEN, id="folded-line"),
]


@pytest.mark.parametrize("summary, description, item", ICS)
def test_a_hidden_title_in_a_calendar_is_found(world, tmp_path, summary, description, item):
    import icalendar

    text = calendar(summary, description)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    control(world.title[item] in f'{event["SUMMARY"]}\n{event["DESCRIPTION"]}')  # what a calendar app shows
    assert item in items_in(world, tmp_path, "events.ics", text)


@pytest.mark.parametrize("rel", ["sitemap.xml.gz", "articles/live-page/index.html.gz", "feed.xml.gz"])
def test_a_hidden_title_in_a_gzip_file_is_found(world, tmp_path, rel):
    text = "<urlset><url><loc>https://intranet.example/</loc></url><!-- Quiet Harb&#111;ur Warning --></urlset>"
    assert items_in(world, tmp_path, rel, gzip.compress(text.encode())) == {HIDDEN}


# --- the search index (Material's format) ----------------------------------------------------------------

def search_index(*docs: dict, ensure_ascii: bool = False, slashes: bool = False) -> str:
    text = json.dumps({"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]},
                       "docs": [{"location": "", "title": "Home", "text": "<p>Welcome</p>"}, *docs]},
                      ensure_ascii=ensure_ascii)
    return text.replace("/", "\\/") if slashes else text


def doc(title: str, text: str = "", location: str = "articles/live-page/") -> dict:
    return {"location": location, "title": title, "text": text}


SEARCH = [
    pytest.param(search_index(doc(TITLE)), HIDDEN, id="title"),
    pytest.param(search_index(doc("Live", f"<p>Soon: {TITLE}</p>")), HIDDEN, id="text"),
    pytest.param(search_index(doc("Live", "<p>Quiet Harb&#111;ur Warning</p>")), HIDDEN, id="text-entity"),
    pytest.param(search_index(doc("Live", "x", location="articles/hidden-story/")), HIDDEN, id="location"),
    pytest.param(search_index(doc("Live", "x", location="articles/hidden-story/#part")), HIDDEN,
                 id="location-anchor"),
    pytest.param(search_index(doc("Live", "x", location="articles/hidden-story/"), slashes=True), HIDDEN,
                 id="location-escaped-slashes"),
    pytest.param(search_index(doc("Live", "<a href=\"/articles/hidden-story/\">x</a>")), HIDDEN,
                 id="text-link"),
    pytest.param(search_index(doc("Café – €5 ’quote’")), "cafe-title", id="non-ascii-utf8"),
    pytest.param(search_index(doc("Café – €5 ’quote’"), ensure_ascii=True), "cafe-title", id="non-ascii-u-escapes"),
    pytest.param(search_index(doc("Live", "<p>Caf&eacute; &ndash; &euro;5 &rsquo;quote&rsquo;</p>"),
                              ensure_ascii=True), "cafe-title", id="non-ascii-entities"),
    pytest.param(search_index(doc(TITLE)).replace("Quiet", "\\u0051uiet"), HIDDEN, id="ascii-u-escape"),
    pytest.param(search_index(doc("Live", "<p>Why &quot;curious&quot; matters</p>")), "quoted-title",
                 id="quote-as-entity"),
    pytest.param(search_index(doc('Why "curious" matters')), "quoted-title", id="quote-in-title"),
    pytest.param(search_index(doc("Live", '<p>Why "curious" matters</p>')), "quoted-title", id="quote-in-text"),
    pytest.param(search_index(doc("Back\\slash Report")), "backslash-title", id="backslash-in-title"),
    pytest.param(search_index(doc("Safe, Seen; Heard")), "comma-title", id="punctuation"),
    pytest.param(search_index(doc("Live", f"Intro\n{TITLE}")), HIDDEN, id="after-newline"),
    pytest.param(search_index(doc("Live", f"Intro\t{TITLE}")), HIDDEN, id="after-tab"),
    pytest.param(search_index(doc("Live", f"{TITLE}\tnext")), HIDDEN, id="before-tab"),
    pytest.param(search_index(doc("Live", "<p>GROSSE WARNUNG</p>")), "grosse-title", id="casefold"),
    pytest.param(search_index(doc("Live", '<a href="/articles/hidden&#37;2Dstory/">x</a>')), HIDDEN,
                 id="link-entity-of-pct"),
]


@pytest.mark.parametrize("text, item", SEARCH)
def test_a_hidden_item_in_the_search_index_is_found(world, tmp_path, text, item):
    assert item in items_in(world, tmp_path, "search/search_index.json", text)


def test_a_hidden_title_in_a_gzipped_search_index_is_found(world, tmp_path):
    text = search_index(doc(TITLE, "<p>Quiet Harb&#111;ur Warning</p>"), ensure_ascii=True)
    assert items_in(world, tmp_path, "search/search_index.json.gz", gzip.compress(text.encode())) == {HIDDEN}


def test_a_link_in_a_gzipped_page_is_found(world, tmp_path):
    page = gzip.compress(b'<p><a href="../hidden-story/">x</a></p>')
    assert items_in(world, tmp_path, "articles/live-page/index.html.gz", page) == {HIDDEN}


def test_a_pct_escaped_address_in_a_gzipped_sitemap_is_found(world, tmp_path):
    sitemap = b"<urlset><url><loc>https://intranet.example/articles/hidden%2Dstory/</loc></url></urlset>"
    assert items_in(world, tmp_path, "sitemap.xml.gz", gzip.compress(sitemap)) == {HIDDEN}


def test_a_u_escaped_title_in_a_gzipped_search_index_is_found(world, tmp_path):
    text = search_index(doc("Café – €5 ’quote’"), ensure_ascii=True)
    assert "cafe-title" in items_in(world, tmp_path, "search/search_index.json.gz", gzip.compress(text.encode()))


# A page is read as its words (tags gone, entities decoded) and as its tags' insides, not as written: what the
# text as written holds must be in one of them. And a form decoding one more escape reads only the stretches
# and attribute values that hold it: a hidden name escaped in one of them, the rest of the page plain.
FRAME = "".join(f'<div class="md-frame-{i}">\n  <a href="../live-page/">Plainly Visible Notice</a>\n</div>\n'
                for i in range(12))


@pytest.mark.parametrize("inside", [
    f"<span {HIDDEN}=1>x</span>",  # an attribute's name
    f"<{HIDDEN}></{HIDDEN}>",  # an element's name
    f"<p class=x {HIDDEN}>x</p>",  # a word in a tag that is no attribute's value
    f"<script>if (a<b) {{ go('{HIDDEN}') }} else if (c>d) {{}}</script>",  # a script the tag pattern misreads
    f"<p>Quiet%20Harbour%20Warning</p><a href='mailto:a@b.org?subject=Plainly%20Visible'>m</a>",
    f"<p>Quiet%20Harbour Warning</p>\n{FRAME}<a href='mailto:a@b.org?subject=Plainly%20Visible'>m</a>",
    f"<script>var t = 'Quiet\\u0020Harbour Warning'; var u = 'a\\nb';</script>",
    f"<a title='Quiet%20Harbour%20Warning' href='../live-page/?q=a%20b'>x</a>",
    f"<p>Quiet&#37;20Harbour Warning</p>",
])
def test_a_needle_anywhere_in_a_page_s_markup_is_found(world, tmp_path, inside):
    # The frame alone first (one of the pages read clean), then the page holding it inside the same frame.
    got = scan(world, tmp_path, {"about/index.html": f"<html><body>\n{FRAME}<main>x</main>\n{FRAME}</body></html>",
                                 PAGE: f"<html><body>\n{FRAME}<main>\n{inside}\n</main>\n{FRAME}</body></html>"})
    assert got == {"about/index.html": set(), PAGE: {HIDDEN}}


def test_public_text_gives_no_finding(world, tmp_path):
    """Live titles, theme names, a live link and near-misses of hidden titles are no leak."""
    # (A hidden title without its punctuation, 'Safe Seen Heard' for 'Safe, Seen; Heard', is the title read as
    # words: a leak, see test_a_hidden_title_with_other_punctuation_is_found.)
    page = ("<p>Plainly Visible Notice, Missing children, Quiet Harbour Warnings, Quiet Harbour, Safe Seen Heardy, "
            "Strasse Safety, unquiet harbour warning-x, Why curious matter, ep02.mp3x, xep02.mp3, ep022.mp3</p>"
            '<a href="../live-page/">x</a><img src="../../podcast/ep01.mp3" alt="A Sign at a Domestic Call">')
    got = scan(world, tmp_path, {PAGE: page, "search/search_index.json": search_index(doc("Plainly Visible Notice", page)),
                                 "sitemap.xml.gz": gzip.compress(page.encode())})
    assert got == {PAGE: set(), "search/search_index.json": set(), "sitemap.xml.gz": set()}


# === 3. audio: a live episode's file must not carry a hidden item's name in its tags =======================

AUDIO = ROOT / "podcast" / "ep01.mp3"
SECRET = HIDDEN_EPISODE[1]


def tagged(tmp_path: Path, *frames, source: Path = AUDIO, v1: int = 0, name: str = "ep01.mp3") -> bytes:
    """A copy of the live episode's audio with these ID3v2.4 frames added (mutagen writes them)."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    p = tmp_path / "work" / name
    p.parent.mkdir(exist_ok=True)
    shutil.copy(source, p)
    try:
        tags = ID3(p)
    except ID3NoHeaderError:
        tags = ID3()
    for f in frames:
        tags.add(f)
    tags.save(p, v1=v1)
    return p.read_bytes()


def id3_text(data: bytes, tmp_path: Path) -> str:
    """Every ID3 tag frame as mutagen reads it (what a player can show): the test data's control."""
    from mutagen.id3 import ID3, ParseID3v1

    p = tmp_path / "control.mp3"
    p.write_bytes(data)
    v1 = ParseID3v1(data[-128:]) or {}
    return ID3(p).pprint() + "\n" + "\n".join(f.pprint() for f in v1.values())


def _frames():
    from mutagen.id3 import APIC, CHAP, COMM, TIT2, TXXX, USLT

    return {
        "TIT2": lambda e, t: TIT2(encoding=e, text=[t]),
        "COMM": lambda e, t: COMM(encoding=e, lang="eng", desc="", text=[t]),
        "TXXX": lambda e, t: TXXX(encoding=e, desc="note", text=[t]),
        "USLT": lambda e, t: USLT(encoding=e, lang="eng", desc="", text=t),
        "CHAP": lambda e, t: CHAP(element_id="ch1", start_time=0, end_time=1000,
                                  sub_frames=[TIT2(encoding=e, text=[t])]),
        "APIC": lambda e, t: APIC(encoding=e, mime="image/png", type=3, desc=t, data=b"\x89PNG\r\n\x1a\n"),
    }


ID3_CASES = [pytest.param(frame, enc, id=f"{frame}-{name}")
             for frame in _frames() for enc, name in ((3, "utf8"), (1, "utf16"), (2, "utf16be"))]


@pytest.mark.parametrize("frame, encoding", ID3_CASES)
def test_a_hidden_title_in_an_id3_frame_of_a_live_episode_is_found(world, tmp_path, frame, encoding):
    data = tagged(tmp_path, _frames()[frame](encoding, SECRET))
    control(SECRET in id3_text(data, tmp_path))
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def test_a_hidden_non_ascii_title_in_a_latin1_id3_frame_is_found(world, tmp_path):
    from mutagen.id3 import TIT2

    data = tagged(tmp_path, TIT2(encoding=0, text=["Große Warnung"]))
    control("Große Warnung" in id3_text(data, tmp_path))
    assert items_in(world, tmp_path, EPISODE, data) == {"grosse-title"}


def syncsafe(n: int) -> bytes:
    return bytes((n >> shift) & 0x7F for shift in (21, 14, 7, 0))


def test_a_hidden_title_in_a_compressed_id3_frame_is_found(world, tmp_path):
    from mutagen.id3 import ID3

    body = b"\x03" + SECRET.encode()  # UTF-8 text
    packed = zlib.compress(body)
    # flags 0x0009: compressed, with a data-length indicator (required with compression)
    frame = b"TIT2" + syncsafe(4 + len(packed)) + b"\x00\x09" + syncsafe(len(body)) + packed
    data = b"ID3\x04\x00\x00" + syncsafe(len(frame)) + frame + audio_frames()
    (tmp_path / "c.mp3").write_bytes(data)
    control(ID3(tmp_path / "c.mp3")["TIT2"].text == [SECRET])  # a valid tag, as players read it
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def id3v1(title: bytes = b"", artist: bytes = b"", album: bytes = b"", comment: bytes = b"") -> bytes:
    """A 128-byte ID3v1 tag: 'TAG', then fixed-width Latin-1 fields with no separator between them."""
    return (b"TAG" + title.ljust(30, b"\0") + artist.ljust(30, b"\0") + album.ljust(30, b"\0") + b"2026"
            + comment.ljust(30, b"\0") + b"\xff")


# The title field follows 'TAG' and the comment field the year: no separator, so a word-boundary rule
# applied to the raw bytes ("TAGSecret...", "2026Secret...") drops the hit.
ID3V1_FIELDS = [pytest.param("title", id="title"),
                pytest.param("artist", id="artist"), pytest.param("album", id="album"),
                pytest.param("comment", id="comment")]


@pytest.mark.parametrize("field", ID3V1_FIELDS)
def test_a_hidden_title_in_an_id3v1_tag_is_found(world, tmp_path, field):
    data = AUDIO.read_bytes() + id3v1(**{field: SECRET.encode("latin-1")})
    control(SECRET in id3_text(data, tmp_path))
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def test_a_hidden_title_in_an_id3v1_tag_written_by_mutagen_is_found(world, tmp_path):
    from mutagen.id3 import TIT2

    data = tagged(tmp_path, TIT2(encoding=1, text=[SECRET]), v1=2)  # ID3v2 in UTF-16, ID3v1 in Latin-1
    control(data[-128:].startswith(b"TAG" + SECRET.encode()))
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def test_a_hidden_non_ascii_title_in_an_id3v1_tag_is_found(world, tmp_path):
    data = AUDIO.read_bytes() + id3v1(artist="Große Warnung".encode("latin-1"))
    control("Große Warnung" in id3_text(data, tmp_path))
    assert items_in(world, tmp_path, EPISODE, data) == {"grosse-title"}


def ape_tagged(tmp_path: Path, **items: str) -> bytes:
    from mutagen.apev2 import APEv2

    p = tmp_path / "ape.mp3"
    shutil.copy(AUDIO, p)
    tag = APEv2()
    for key, value in items.items():
        tag[key] = value
    tag.save(p)
    control(dict(APEv2(p)) == items)  # the control: a tag reader sees these values
    return p.read_bytes()


LIVE_NOTE = "Also see: Plainly Visible Notice (live)."  # 40 bytes: as an APEv2 item size, b"(\0\0\0"


@pytest.mark.parametrize("title, item", [(SECRET, "episode-hidden"), ("Café – €5 ’quote’", "cafe-title")])
def test_a_hidden_title_in_an_apev2_tag_is_found(world, tmp_path, title, item):
    # mutagen writes the shortest item first, so the live note comes after the title.
    control(len(LIVE_NOTE) == 40)
    assert items_in(world, tmp_path, EPISODE, ape_tagged(tmp_path, Title=title, Comment=LIVE_NOTE)) == {item}


def test_a_hidden_title_before_an_apev2_item_of_size_70_is_found(world, tmp_path):
    data = ape_tagged(tmp_path, Title=SECRET, Comment=LIVE_NOTE + " " * 30)
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def test_a_hidden_title_as_the_last_apev2_item_is_found(world, tmp_path):
    assert items_in(world, tmp_path, EPISODE, ape_tagged(tmp_path, Title=SECRET)) == {"episode-hidden"}


def audio_frames() -> bytes:
    """The demo MP3's audio frames, without its ID3v2 tag."""
    data = AUDIO.read_bytes()
    control(data[:3] == b"ID3")
    size = 10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(data[6:10]))  # syncsafe tag size
    return data[size:]


@pytest.fixture(scope="module")
def big_audio(tmp_path_factory) -> Path:
    """~8 MB of the demo's audio frames, untagged."""
    frames = audio_frames()
    p = tmp_path_factory.mktemp("big") / "big.mp3"
    p.write_bytes(frames * (8_000_000 // len(frames) + 1))
    return p


def test_a_hidden_title_in_the_id3v2_tag_of_a_big_file_is_found(world, tmp_path, big_audio):
    from mutagen.id3 import TIT2

    data = tagged(tmp_path, TIT2(encoding=3, text=[SECRET]), source=big_audio)
    control(len(data) > 8_000_000 and SECRET in id3_text(data, tmp_path))
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


@pytest.mark.parametrize("field", [p for p in ID3V1_FIELDS if p.id in ("title", "artist")])
def test_a_hidden_title_in_the_id3v1_tag_of_a_big_file_is_found(world, tmp_path, big_audio, field):
    data = big_audio.read_bytes() + id3v1(**{field: SECRET.encode("latin-1")})
    control(SECRET in id3_text(data, tmp_path))
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def test_a_hidden_title_in_a_tag_in_the_middle_of_a_big_file_is_found(world, tmp_path, big_audio):
    """Two tagged MP3s joined end to end (a common way of adding an intro): the second file's ID3v2 tag
    sits in the middle, where players that read on show it. mutagen reads only the first tag and a
    head/tail scan never gets there: dropping this case is a decision to record, not a side effect."""
    from mutagen.id3 import TIT2

    second = tagged(tmp_path, TIT2(encoding=3, text=[SECRET]))
    frames = big_audio.read_bytes()
    data = frames[: len(frames) // 2] + second + frames[len(frames) // 2:]
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden"}


def _cut(path: Path, start: float, end: float) -> bytes:
    """The frames of an MP3 from `start` to `end` (fractions of its length), cut where frames start."""
    data = path.read_bytes()
    frames = cf.mp3_frames(data)
    a, b = frames[int(len(frames) * start)], frames[int(len(frames) * end) - 1]
    return data[a[0]:b[0] + b[1]]


HIDDEN_AUDIO = ROOT / "podcast/ep02.mp3"  # the hidden episode's audio in the world


@pytest.mark.parametrize("rel, make, item", [
    pytest.param("downloads/trailer.mp3", lambda: _cut(HIDDEN_AUDIO, 0, 0.3), "episode-hidden", id="trailer-from-the-start"),
    pytest.param("downloads/teaser.mp3", lambda: _cut(HIDDEN_AUDIO, 0.5, 0.6), "episode-hidden", id="clip-from-the-middle"),
    pytest.param("downloads/teaser.mp3", lambda: b"ID3\x03\x00\x00\x00\x00\x00\x00" + _cut(HIDDEN_AUDIO, 0.4, 0.5),
                 "episode-hidden", id="clip-with-an-empty-tag"),
    pytest.param(EPISODE, lambda: AUDIO.read_bytes() + _cut(HIDDEN_AUDIO, 0.2, 0.3), "episode-hidden",
                 id="next-time-teaser-after-a-live-episode"),
    pytest.param("downloads/trailer.mp3", lambda: _cut(AUDIO, 0, 0.3), None, id="a-live-episodes-clip"),
    pytest.param("downloads/mix.mp3", lambda: _cut(AUDIO, 0.1, 0.5) + _cut(AUDIO, 0.6, 0.9), None, id="live-clips-joined"),
])
def test_a_clip_cut_from_a_hidden_episodes_audio_is_its_audio(world, tmp_path, rel, make, item):
    assert items_in(world, tmp_path, rel, make()) == ({item} if item else set())


def test_a_non_audio_file_named_mp3_is_scanned_as_text(world, tmp_path):
    data = b"\x00\x01 not really audio; see " + SECRET.encode() + b" and /articles/hidden-story/ \xff\xfe"
    assert items_in(world, tmp_path, EPISODE, data) == {"episode-hidden", HIDDEN}


def test_a_live_episode_without_traces_gives_no_finding(world, tmp_path, big_audio):
    from mutagen.id3 import COMM, TIT2

    got = scan(world, tmp_path, {
        "podcast/ep01.mp3": AUDIO.read_bytes(),
        "podcast/tagged/ep01.mp3": tagged(tmp_path, TIT2(encoding=1, text=[LIVE_EPISODE_TITLE]),
                                          COMM(encoding=3, lang="eng", desc="", text=["Plainly Visible Notice"]),
                                          v1=2),
        "podcast/big/ep01.mp3": big_audio.read_bytes() + id3v1(b"A Sign at a Domestic Call", b"Plainly Visible Notice"),
    })
    assert got == {"podcast/ep01.mp3": set(), "podcast/tagged/ep01.mp3": set(), "podcast/big/ep01.mp3": set()}


def test_a_title_wrapped_over_a_line_read_before_and_a_new_one_is_found(world, tmp_path):
    """The audit reads again only the lines of a page it has not read before; a needle wrapped over a
    line seen on an earlier page and a new line is still found (each new line is read with its neighbours)."""
    frame = ('<html><head>\n<meta name="description" content="Quiet Harbour\n{}">\n</head><body>\n'
             "<article><p>Text.</p></article>\n</body></html>\n")
    auditor, got = Auditor(world.snap), []
    for name, word in (("a", "Cove"), ("b", "Warning")):  # in this order: b's first line is read before
        (tmp_path / name).write_text(frame.format(word), encoding="utf-8")
        got.append({f.item for f in auditor.scan_file(tmp_path / name, f"{name}/index.html")})
    assert got == [set(), {HIDDEN}]


def test_a_hidden_title_in_a_script_string_with_escapes_is_found(world, tmp_path):
    js = 'var next = "Quiet Harbour \\u0057arning"; var url = "/articles/hidden\\x2dstory/";\n'
    assert items_in(world, tmp_path, "assets/teaser.js", js) == {HIDDEN}


@given(st.binary(max_size=300), st.sampled_from(["", "Quiet Harbour Warning", "Quiet\u00adHarbour Warning", "Caf\u00e9 \u2013 \u2019s"]))
def test_binary_data_reads_as_its_whole_utf8_decoding(data, text):
    """Binary data is read with each run of bytes that are not text (not UTF-8, or control characters
    that are not whitespace) as one NUL: the pieces between are those of the whole decoding, and text in
    it is found."""
    from campaign.audit import containers
    from campaign.audit.containers import binary_text

    raw = data[:150] + f" {text} ".encode() + data[150:]
    pieces = re.split("[\x00-\x08\x0e-\x1b\x7f\ufffd\ue000-\ue003]+", raw.decode("utf-8", errors="replace"))
    got = binary_text(raw, runs=False)  # marked as read out of binary data (containers.phrases)
    assert got[0] == containers.PHRASES_START and got[-1] == containers.PHRASES_END
    # then the text before each combining mark, once more without it (containers.phrases); the UTF-16 runs after
    assert got[1:-1].split("\0")[:len(pieces)] == pieces
    assert norm(text) in norm(binary_text(raw))


def test_audio_frames_found_from_the_edges_of_a_file_are_those_of_the_whole(tmp_path):
    from campaign.audit.needles import _EDGE, audio_span

    data = AUDIO.read_bytes()
    for blob in (data, data + id3v1(b"Title", b"Artist"), data + b"\0" * (3 * _EDGE) + id3v1(b"T", b"A")):
        want = audio_span(blob)
        head, tail = blob[:_EDGE], blob[-_EDGE:]
        got = audio_span(head, size=len(blob), tail=tail) if len(blob) > 2 * _EDGE else audio_span(blob)
        assert got == want and want is not None


# === 4. property: the audit finds at least what decoding the whole file every way finds ====================

HIDDEN_TEXTS = [t for _, t, _ in ARTICLES[2:]] + [
    SECRET, HIDDEN_EVENT[1], "ep02.mp3", "ep02.vtt", "spot-it-to-stop-it:quoted-title",
    "hidden-meetup@events.spot-it-to-stop-it.invalid", "events/add/hidden-meetup.ics", "podcast/ep02.mp3"]
LIVE_TEXTS = ["Plainly Visible Notice", "Open Meadow Bulletin", LIVE_EPISODE_TITLE, "Missing children", "Spot It to Stop It", "ep01.mp3",
              "spot-it-to-stop-it:live-page", "Quiet Harbour", "ep02", "Secret Lantern Episodes"]
# Site paths, hidden (pages, files in them, media by name) and not (live, missing, look-alikes).
TARGETS = ["articles/hidden-story/", "articles/cafe-title/", "podcast/episode-hidden/", "articles/hidden-story/pic.png",
           "events/add/hidden-meetup.ics", "media/ep02.mp3", "articles/live-page/", "articles/hiddem-story/", "podcast/episode-live/",
           "articles/", "", "articles/hidden-story-2/", "articles/not-there/x.png", "podcast/ep01.mp3"]
SRCSET_TARGETS = ["articles/hidden-story/pic.png", "articles/cafe-title/a.b.png", "articles/live-page/pic.png",
                  "articles/not-there/x.png"]
PAGES = [PAGE, "blog/2026/live-post/index.html", "articles/index.html", "404.html", "feeds/feed.xml"]
LINK_ATTRS = [("a", "href"), ("img", "src"), ("link", "href"), ("form", "action"), ("video", "poster"),
              ("object", "data"), ("iframe", "src"), ("img", "srcset"), ("meta", "content"), ("source", "src")]
NAMED = {}
for _name, _char in html.entities.html5.items():
    if _name.endswith(";") and len(_char) == 1:
        NAMED.setdefault(_char, []).append(_name)


@st.composite
def entity_text(draw, s: str, must_escape: str = "") -> str:
    """`s` as HTML text: each character plain, in another case, or as a numeric or named reference."""
    out = []
    for ch in s:
        ways = ["dec", "hex"] + (["named"] if ch in NAMED else [])
        if ch not in must_escape:
            ways += ["plain"] * 6 + ["upper", "lower"]
        way = draw(st.sampled_from(ways))
        out.append({"plain": ch, "upper": ch.upper(), "lower": ch.lower(), "dec": f"&#{ord(ch)};",
                    "hex": f"&#x{ord(ch):x};", "named": f"&{draw(st.sampled_from(NAMED.get(ch, ['amp;'])))}"}[way])
    return "".join(out)


@st.composite
def url_text(draw, s: str, in_json: bool = False) -> str:
    """A URL as a browser and a server decode it: %-escapes, character references, and references of %-escapes
    (not in JSON, where no link check runs: a documented gap, test_a_hidden_item_in_the_search_index_is_found)."""
    out = []
    for ch in s:
        if ch in "?#=":
            out.append(ch)
            continue
        ways = ["plain"] * 4 + ["dec", "hex"] + (["named"] if ch in NAMED else [])
        if ch != "/":  # a server may not decode %2F as a folder separator
            ways += ["pct", "pct-lower"] + ([] if in_json else ["entity-of-pct"])
        way = draw(st.sampled_from(ways))
        pct = "".join(f"%{b:02X}" for b in ch.encode())
        out.append({"plain": ch, "dec": f"&#{ord(ch)};", "hex": f"&#x{ord(ch):X};", "pct": pct, "pct-lower": pct.lower(),
                    "entity-of-pct": pct.replace("%", "&#37;"),
                    "named": f"&{draw(st.sampled_from(NAMED.get(ch, ['amp;'])))}"}[way])
    return "".join(out)


@st.composite
def reference_to(draw, target: str, page: str) -> str:
    """A reference from `page` to the site path `target`, in one of the forms a browser follows."""
    base = posixpath.dirname(page)
    form = draw(st.sampled_from(["relative", "root", "dot-segments"]))
    if form == "root":
        ref = "/" + target
    else:
        ref = posixpath.relpath("/" + target, "/" + base) if target else posixpath.relpath("/", "/" + base)
        ref += "/" if target.endswith("/") and ref != "." else ""
        ref = "./" if ref == "." else ref
        if form == "dot-segments":
            ref = "./x/../" + ref
    if ref.endswith("/") and ref != "/":
        ref = draw(st.sampled_from([ref, ref[:-1], ref + "index.html"]))
    return ref + draw(st.sampled_from(["", "?q=1", "#frag", "?q=1#frag"]))


NOISE = ["&amp;", "&lt;", "&gt;", "&quot;", "&ampx", "&#", "& ", "100%", "%zz", "%2", "x", " - ", "_", "</p>\n<p>",
         "<br>", "\u00e9t\u00e9", "\u00df", "\\"]


@st.composite
def piece(draw, page: str, in_json: bool = False) -> str:
    must = ""
    kind = draw(st.sampled_from(["text", "attr", "link", "link", "query", "noise", "words"]))
    if kind == "text":
        return draw(entity_text(draw(st.sampled_from(HIDDEN_TEXTS + LIVE_TEXTS)), must))
    if kind == "attr":
        name = draw(st.sampled_from(["alt", "title", "aria-label"]))
        value = draw(entity_text(draw(st.sampled_from(HIDDEN_TEXTS + LIVE_TEXTS)), '"' + must))
        return f'<img {name}="{value}" src="x.png">'
    if kind == "link":
        tag, attr = draw(st.sampled_from(LINK_ATTRS))
        # srcset: one candidate, a file in a folder (documented gaps otherwise: test_..._followed_attribute)
        target = draw(st.sampled_from(SRCSET_TARGETS if attr == "srcset" else TARGETS))
        ref = draw(url_text(draw(reference_to(target, page)), in_json))
        if attr == "srcset":
            ref += " 2x"
        q = draw(st.sampled_from(['"', "'"]))
        return f"<{tag} {attr}={q}{ref}{q}>"
    if kind == "query":
        return f'<a href="/search/?q={quote(draw(st.sampled_from(HIDDEN_TEXTS + LIVE_TEXTS)))}">s</a>'
    if kind == "noise":
        return draw(st.sampled_from(NOISE))
    chars = st.characters(codec="utf-8", exclude_characters="<>\"'=&%\\\r")
    return draw(st.text(chars, max_size=30))


@st.composite
def site_file(draw) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(["html", "html", "json"]))
    if fmt == "html":
        page = draw(st.sampled_from(PAGES))
        body = "".join(draw(st.lists(piece(page), min_size=1, max_size=12)))
        return page, f"<html><body><p>{body}</p></body></html>\n".encode()
    docs = []
    for _ in range(draw(st.integers(1, 3))):
        location = draw(st.sampled_from(TARGETS))
        title = draw(entity_text(draw(st.sampled_from(HIDDEN_TEXTS + LIVE_TEXTS)), ""))
        text = "".join(draw(st.lists(piece(location + "index.html", in_json=True), max_size=8)))
        docs.append(doc(title, text, location))
    text = search_index(*docs, ensure_ascii=draw(st.booleans()), slashes=draw(st.booleans()))
    return "search/search_index.json", text.encode()


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


_ATTRIBUTE = re.compile(r"""[\w:-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def reference_items(snap, rel: str, data: bytes) -> set[str]:
    """Brute force: every hidden item that decoding the whole file every way shows (names and links)."""
    if rel.endswith(".gz"):
        data, rel = gzip.decompress(data), rel[:-3]
    text = data.decode("utf-8", errors="replace")
    texts = [text]
    if rel.endswith(".json"):
        texts += _json_strings(json.loads(text))
    variants = set()
    for n, t in enumerate(texts):
        if n == 0 and len(texts) > 1:
            # A JSON file's raw text is read as it is; its entities and %-escapes are decoded in its strings
            # (decoding them in the raw text would let a JSON escape such as \u00e9 end a word that the
            # file's readers see running on: 'title\u00e9t\u00e9' is 'titleete' to every reader).
            variants.add(t)
            continue
        unescaped, unquoted = html.unescape(t), unquote(t)
        variants |= {t, unescaped, unquoted, unquote(unescaped), html.unescape(unquoted)}
    needles = []  # (normalised text, only the start needs a boundary, item)
    for r in snap.hidden:
        names = [guid_of(snap.plan, r), r.title] + ([uid_of(snap.plan, r)] if r.kind == "event" else [])
        names += [r.id] if "-" in r.id or any(c.isdigit() for c in r.id) else []
        _, colon, tail = r.title.partition(": ")
        names += [tail] if colon and len(re.findall(r"[^\W_]+", tail)) >= 6 else []  # a long subtitle is a title too
        for f in (*files_of(r), *outputs_of(r)):
            names += [posixpath.basename(f), f.removeprefix("docs/")]
        words = re.findall(r"[^\W_]+", norm(r.title).replace("'", ""))  # the title as a slug
        names += ["-".join(words), "_".join(words)] if len(words) > 1 else []
        names += [f.rsplit("/", 1)[-1].split(".")[0] for f in files_of(r) if "-" in f.rsplit("/", 1)[-1].split(".")[0]]
        titles = {r.title, tail} if colon else {r.title}  # words: a dash or underscore touching them is punctuation
        first, _, rest = r.title.partition(" ")  # a headline drops a long title's leading article: still the title
        if first.lower() in ("a", "an", "the") and len(re.findall(r"[^\W_]+", r.title)) >= 5:
            names.append(rest)
            titles.add(rest)
        needles += [(norm(n), False, r.id, n in titles) for n in names]
        if url_of(r):
            needles.append((norm(url_of(r)), True, r.id, False))
    found = set()
    for v in variants:
        folded = norm(v)
        for needle, open_end, item, words in needles:
            i = folded.find(needle)
            while i >= 0 and item not in found:
                before = folded[i - 1] if i else " "
                j = i + len(needle)
                after = folded[j] if j < len(folded) else " "
                if _apart(before, needle[0], words) and (open_end or _apart(after, needle[-1], words)):
                    found.add(item)
                i = folded.find(needle, i + 1)
    if rel.endswith((".html", ".htm", ".xml", ".css")):
        base = posixpath.dirname(rel)
        for v in variants:
            for m in _ATTRIBUTE.finditer(v):
                value = m.group(1) if m.group(1) is not None else m.group(2)
                for ref in {value, *(c.split()[0] for c in value.split(",") if c.split())}:  # srcset candidates
                    target = resolve(ref, base)
                    if target is not None and (item := snap.hidden_target(target)):
                        found.add(item)
    return found


def _apart(outside: str, edge: str, words: bool) -> bool:
    """Whether the character beside a needle leaves it whole: a title's edge that is punctuation joins nothing
    ('Café – €5 ’quote’Quiet' holds that title); words end at a letter or digit, ids and names also at - or _."""
    if words:
        return not (outside.isalnum() and edge.isalnum())
    return not (outside.isalnum() or outside in "-_")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scratch")


@given(site_file())
def test_the_audit_finds_every_hidden_item_that_decoding_the_whole_file_every_way_shows(world, scratch, case):
    rel, data = case
    path = scratch / "file"
    path.write_bytes(data)
    want = reference_items(world.snap, rel, data)
    got = {f.item for f in world.auditor.scan_file(path, rel)}
    assert want <= got, (rel, data.decode())
    assert got <= want, (rel, data.decode())  # nothing beyond what the file shows either


@given(st.text(st.characters(codec="utf-8")) | st.text(st.sampled_from("aZ ·ßẞµΣσςİıﬁǅ\u0130é&<\u00ad\u200b’“–\xa0 ")))
def test_the_normalisation_is_idempotent_and_casefolds_ascii(text):
    from campaign.audit.textnorm import norm

    once = norm(text)
    assert norm(once) == once
    if text.isascii():
        assert once == " ".join(text.casefold().replace("`", "'").split())  # a backtick is an apostrophe


# Pairs that canonical composition joins into one character (the second one has no combining class in
# the first three): the fast path must not normalise them apart.
_JOINING = ["\u1100\u1161", "\u09c7\u09be", "\u0b47\u0b3e", "e\u0301", "\uff76\uff9e", "a\u00ad\u0301", "\u1100\u200b\u1161"]
_TRICKY = "aZe `'·ßẞµΣσςİıﬁǅé&<\u00ad\u200b’“–\xa0 \u0301\u0327\u1100\u1161\u11a8ＡＢ①㎏\u0345\u03b9\u1e9e\uab70\u13a0"


@given(st.text(st.characters(codec="utf-8")) | st.text(st.sampled_from(_TRICKY))
       | st.lists(st.text("abcXYZ `'&<>", min_size=4) | st.text(st.sampled_from(_TRICKY), max_size=3)
                  | st.text(st.characters(codec="utf-8"), max_size=2) | st.sampled_from(_JOINING)).map("".join))
@example("Plenty of ASCII text around \u1100\u1161 and \u09c7\u09be here")
def test_the_fast_normalisation_is_the_whole_text_one(text):
    """norm() works on the stretches that are not ASCII only: the same result as the whole-text path."""
    from campaign.audit.textnorm import _full, norm

    assert norm(text) == " ".join(_full(text).split())


_OLD_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\s*\n\s*\n\s*|\s*(?:^|\n)\s*(?:[-*+]|\d+[.)])\s+")


@st.composite
def prose(draw) -> str:
    """Runs of 5 to 18 words apart by what ends a sentence, a paragraph or a list item (or does not)."""
    out = [draw(st.sampled_from(["", "- ", "1. ", "  "]))]
    for _ in range(draw(st.integers(1, 8))):
        words = st.sampled_from(["word", "Other", "x1", "Caf\u00e9", "e.g.", "don\u2019t"])
        out.append(" ".join(draw(st.lists(words, min_size=5, max_size=18))))
        out.append(draw(st.sampled_from([". ", "! ", "? ", "... ", ".\n", "\n\n", "\n \n", "\n- ", "\n 2. ", "\n3) ",
                                         " ", "\n", ", ", ".\t", "?!  ", ".", "\u00a0"])))
    return "".join(out)


@given(prose())
def test_sentences_are_cut_as_one_pattern_of_every_boundary_cuts_them(text):
    """textnorm.sentences cuts paragraphs and list items first, then sentences: the same pieces as the one
    pattern it replaced (sentence ends, blank lines, list items), which cost twice as much."""
    from campaign.audit import textnorm as t

    def reference(plain):
        out = []
        for piece in _OLD_SENTENCE_END.split(plain):
            n = norm(t._LIST_MARK.sub("", piece or "")).strip(" .!?:;,")
            found = list(t._WORD.finditer(n))
            if piece and len(found) >= t.MIN_SENTENCE_WORDS:
                out.append(n[:found[t.MAX_SENTENCE_WORDS - 1].end()] if len(found) > t.MAX_SENTENCE_WORDS else n)
        return out

    assert t.sentences(text) == reference(text)


def test_the_characters_composition_joins_to_the_one_before_are_all_below_u20000_and_known():
    from campaign.audit import textnorm

    assert textnorm._second_elements() == textnorm._second_elements(0x110000) == textnorm._second()


def test_the_unicode_tables_kept_are_this_python_s():
    """audit/unicode_tables.py keeps two walks over the BMP for the Unicode version this Python has: the same."""
    from campaign.audit import containers, unicode_tables

    usual, every = unicode_tables.KNOWN[unicodedata.unidata_version]
    assert usual == containers._usual_marks_walk() and every == containers._bmp_marks()
    assert containers._usual_marks() == usual and containers._marks().pattern == f"[{every}]"


# === 5. property: a needle of any kind, in any variant, in any file or container, is found =================

NEEDLE_KINDS = {  # (text as the plan or page has it, the hidden item): titles, ids, addresses, file names
    "title": (TITLE, HIDDEN), "id": (HIDDEN, HIDDEN), "address": ("articles/hidden-story", HIDDEN),
    "episode title": (SECRET, "episode-hidden"), "file name": ("ep02.mp3", "episode-hidden"),
    "event title": (HIDDEN_EVENT[1], "hidden-meetup"), "feed id": ("spot-it-to-stop-it:quoted-title", "quoted-title"),
    "title slug": ("quiet-harbour-warning", HIDDEN), "title slug _": ("why_curious_matters", "quoted-title"),
    "file stem": ("harbour-lantern", "sign-lamp"), "sub-path address": ("/campaigns/spot-it/articles/beacon/", ONE_WORD),
}
_INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@st.composite
def variant(draw, text: str, in_markup: bool, escapes: bool = True) -> str:
    """`text` as an editor's tools might write it: case, invisible characters inside words, curly quotes,
    other dashes and spaces, entities, %-escapes, backslash escapes, inline tags between words. Without
    `escapes` (a string inside binary data, which no reader decodes) none of the escapes."""
    out = []
    for ch in text:
        ways = ["plain"] * 5 + ["case", "invisible"] + (["entity", "pct", "backslash"] if escapes else [])
        way = draw(st.sampled_from(ways + (["tag"] if in_markup else [])))
        if ch == " ":
            ch = draw(st.sampled_from([" ", "  ", "\u00a0", "\t", "\n", "\u2009", "\u3000"] + (["&nbsp;"] if in_markup else [])))
            if way == "tag" and in_markup:
                ch = draw(st.sampled_from([" <em>", "</em> ", " <span>", " </b>"]))
        elif ch == "-":
            ch = draw(st.sampled_from(["-", "\u2010", "\u2011", "\u2013"] if way != "pct" else ["%2D", "%2d"]))
        elif ch == "'":
            ch = draw(st.sampled_from(["'", "\u2019", "\u2018"]))
        elif way == "case":
            ch = ch.swapcase()
        elif way == "invisible" and ch.isalpha():
            ch = ch + draw(st.sampled_from(_INVISIBLE))
        elif way == "entity" and in_markup and ch.isalnum():
            ch = f"&#{ord(ch)};"
        elif way == "pct" and in_markup and ch.isalnum():
            ch = f"%{ord(ch):02X}"
        elif way == "backslash" and ch.isalnum():  # a script's or JSON's escape: \u0048, \x48, \u{48}
            ch = draw(st.sampled_from([f"\\u{ord(ch):04x}", f"\\x{ord(ch):02X}", f"\\u{{{ord(ch):x}}}"]))
        out.append(ch)
    return "".join(out)


def _container(kind: str, name: str, text: str) -> tuple[str, bytes]:
    import zipfile as zf

    data = text.encode("utf-8")
    if kind == "gzip":
        return name + ".gz", gzip.compress(data)
    if kind in ("zip", "nested zip", "docx"):
        buf = io.BytesIO()
        with zf.ZipFile(buf, "w", zf.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml" if kind == "docx" else name, data)
        if kind == "nested zip":
            inner, buf = buf.getvalue(), io.BytesIO()
            with zf.ZipFile(buf, "w", zf.ZIP_DEFLATED) as z:
                z.writestr("inner.zip", inner)
        return "downloads/pack.zip", buf.getvalue()
    if kind == "utf-16":
        return "downloads/export.txt", b"\xff\xfe" + text.encode("utf-16-le")
    if kind in cf.SUFFIX:
        return name + cf.SUFFIX[kind], cf.compress(kind, data)
    if kind == "tar":
        return "downloads/pack.tar", cf.tar({name: data})
    if kind.startswith("tar."):
        return "downloads/pack.tar.x", cf.compress(kind[4:], cf.tar({"a/" + name: data}))
    if kind.startswith("doc"):  # Word 97-2003: UTF-16LE text, or 8-bit where Windows-1252 holds it
        try:
            return "downloads/brief.doc", cf.doc(text, utf16=kind == "doc" or not text.encode("cp1252"))
        except UnicodeEncodeError:
            return "downloads/brief.doc", cf.doc(text)
    if kind.startswith("png"):
        way = {"png": "tEXt", "png-z": "zTXt", "png-i": "iTXt", "png-iz": "iTXt-z"}[kind]
        try:
            return "images/pic.png", cf.png_text(text, way)
        except UnicodeEncodeError:  # tEXt and zTXt are Latin-1: other text goes in iTXt
            return "images/pic.png", cf.png_text(text, "iTXt")
    if kind == "rtf":
        return "downloads/brief.rtf", cf.rtf(text)
    if kind == "utf-16 in binary":
        return "downloads/blob.bin", cf.utf16_in_binary(text)
    return name, data


@given(kind=st.sampled_from(sorted(NEEDLE_KINDS)), data=st.data(),
       file=st.sampled_from([PAGE, "search/search_index.json", "feeds/news.xml", "assets/x.js", "notes.txt"]),
       box=st.sampled_from(["none", "gzip", "zip", "nested zip", "docx", "utf-16", "bzip2", "xz", "lzma", "zstd", "tar",
                            "tar.gzip", "tar.xz", "tar.bzip2", "doc", "doc-8bit", "png", "png-z", "png-i", "png-iz", "rtf",
                            "utf-16 in binary"]))
def test_a_needle_in_any_variant_and_container_is_found(world, scratch, kind, data, file, box):
    import io as _io  # noqa: F401  (the helper uses the module-level io)

    text, item = NEEDLE_KINDS[kind]
    markup = file.endswith((".html", ".xml")) and box == "none"
    shown = data.draw(variant(text, markup, escapes=box != "utf-16 in binary"))
    if box == "utf-16 in binary":  # a string in binary data is read as it is: no JSON or markup around it
        content = f"See {shown} soon."
    elif file.endswith(".json"):
        content = json.dumps({"docs": [{"location": "x/", "title": "Home", "text": f"See {shown} soon."}]})
    elif markup:
        content = f"<html><body><p>See {shown} soon.</p></body></html>\n"
    else:
        content = f"See {shown} soon.\n"
    rel, raw = _container(box, file, content)
    path = scratch / "file"
    path.write_bytes(raw)
    assert item in {f.item for f in world.auditor.scan_file(path, rel)}, (rel, shown)


# A string in binary data is stored after whatever the format puts there: a length (0x41 reads as 'A'), another
# field, the end of the previous string; nothing in the bytes says where it starts or ends.
_GLUE = st.one_of(st.binary(max_size=12), st.sampled_from([b"A\0", b"\0A", b"A", b"\x01\x03", b"\x03\x01", b"B\0C\0",
                                                            b"\0e\0", b"-\0", b"\x00\x01" * 4, b"\xff\xfe"]))


@given(kind=st.sampled_from(sorted(NEEDLE_KINDS) + ["sentence", "non-ascii title"]), codec=st.sampled_from(["utf-16-le", "utf-16-be"]),
       noise=st.binary(min_size=0, max_size=64), before=_GLUE, after=_GLUE)
@example(kind="title", codec="utf-16-le", noise=b"\x00\x00", before=b"A\0", after=b"")
@example(kind="title", codec="utf-16-be", noise=b"", before=b"", after=b"\x03\x01")
@example(kind="id", codec="utf-16-le", noise=b"", before=b"x\0", after=b"2\0")
def test_a_utf16_string_in_binary_data_is_found_whatever_bytes_touch_it(world, scratch, kind, codec, noise, before, after):
    """A hidden title, id, sentence... stored as UTF-16 (either byte order) inside any binary file is found
    whatever bytes come right before and after it: a letter they read as ('Aquiet harbour warning'), a
    combining mark after it (NFKC would join it to the last letter), an odd number of bytes."""
    text, item = {"sentence": (HIDDEN_BODY.split(";")[0], HIDDEN), "non-ascii title": ("Café – €5 ’quote’", "cafe-title")}.get(kind) \
        or NEEDLE_KINDS[kind]
    raw = bytes(range(256)) * 2 + noise + before + text.encode(codec) + after + noise[::-1] + bytes(range(255, -1, -1)) * 2
    path = scratch / "blob"
    path.write_bytes(raw)
    assert item in {f.item for f in world.auditor.scan_file(path, "downloads/blob.bin")}, (before, after)


@given(codec=st.sampled_from(["utf-16-le", "utf-16-be"]), before=_GLUE, after=_GLUE,
       text=st.sampled_from(["Plainly Visible Notice", "hiddem-story", "Open Meadow Bulletin", "A Sign at a Domestic Call",
                             "Quiet Harbours", "the quiet harbour"]))
def test_public_utf16_strings_in_binary_data_give_no_finding(world, scratch, codec, before, after, text):
    """The other side: live titles and ids, and words near a hidden title, in UTF-16 inside binary data are no
    finding, whatever touches them."""
    raw = bytes(range(256)) * 2 + before + text.encode(codec) + after + bytes(range(255, -1, -1)) * 2
    path = scratch / "blob"
    path.write_bytes(raw)
    assert world.auditor.scan_file(path, "downloads/blob.bin") == []


# What comes before a string's own bytes in binary data: a length (a title of 65-90 or 97-122 characters has a
# letter for its length byte, of 48-57 a digit), another field glued to it, a lead byte of UTF-8 that is cut off;
# after it: the next field (0xCC 0x81 reads as a combining accent, which NFKC joins to the last letter).
_GLUE8 = st.one_of(st.binary(max_size=12), st.sampled_from([b"A", b"G", b"z", b"7", b"\0A", b"id=x", b"-", b"\xc3", b"\xe2\x80",
                                                             b"\xcc\x81", b"\xcd\x85A", b"e\xcc\x81", b"\xef\xbb\xbf", b"_"]))
# Needles of several words: found there whatever touches them.
_PHRASES = {"title": (TITLE, HIDDEN), "episode title": (SECRET, "episode-hidden"), "event title": (HIDDEN_EVENT[1], "hidden-meetup"),
            "sentence": (HIDDEN_BODY.split(";")[0], HIDDEN), "non-ascii title": ("Café – €5 ’quote’", "cafe-title"),
            "punctuated title": (ARTICLES[-1][1], "rolled-title"), "title read as words": ("Rolled up Notes - keeping the lantern lit "
                                                                                          "in every harbour", "rolled-title")}


def _in_binary(where: str, noise: bytes, before: bytes, text: bytes, after: bytes) -> bytes:
    """`text` between `before` and `after` in binary data: a binary file, an all-ASCII record file holding NULs
    (which reads as valid UTF-8 text), an 8-bit stream of a Word 97-2003 file."""
    if where == "records":
        ascii_ = lambda b: bytes(c & 0x7F for c in b)  # noqa: E731
        return b"\0\0\0\x02" + ascii_(noise) + ascii_(before) + text + ascii_(after) + ascii_(noise[::-1]) + b"\0\x01"
    if where == "word":
        return cf.ole({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 60 + noise + before + text + after + noise[::-1],
                       "1Table": b"\x01\x00" * 20})
    return bytes(range(256)) * 2 + noise + before + text + after + noise[::-1] + bytes(range(255, -1, -1)) * 2


@given(kind=st.sampled_from(sorted(_PHRASES)), where=st.sampled_from(["binary", "records", "word"]),
       noise=st.binary(min_size=0, max_size=64), before=_GLUE8, after=_GLUE8)
@example(kind="title", where="binary", noise=b"", before=b"A", after=b"")  # bytes(range(256)) + b"A" + title
@example(kind="title", where="records", noise=b"", before=b"G", after=b"\0")  # a Pascal string of 71 characters
@example(kind="title", where="binary", noise=b"", before=b"", after=b"\xcc\x81")
@example(kind="sentence", where="word", noise=b"", before=b"7", after=b"x")
def test_an_8bit_string_of_several_words_in_binary_data_is_found_whatever_bytes_touch_it(world, scratch, kind, where, noise,
                                                                                          before, after):
    """A hidden title, sentence... stored as ASCII/UTF-8 (Windows-1252 in a Word 97-2003 stream) inside binary
    data is found whatever bytes come right before and after it: a length byte that reads as a letter ('Aquiet
    harbour warning'), a field glued to it, a combining mark after it."""
    text, item = _PHRASES[kind]
    path = scratch / "blob"
    path.write_bytes(_in_binary(where, noise, before, text.encode("cp1252" if where == "word" else "utf-8"), after))
    assert item in {f.item for f in world.auditor.scan_file(path, "downloads/blob.bin")}, (before, after)


@given(where=st.sampled_from(["binary", "records", "word"]), before=st.sampled_from([b"x", b"Z", b"7", b"\xc3\xa9"]),
       after=st.sampled_from([b"x", b"Z", b"7", b"\xc3\xa9"]),
       text=st.sampled_from([NEEDLE_KINDS[k][0] for k in ("id", "address", "file name", "title slug", "title slug _",
                                                          "file stem", "feed id")]))
def test_a_one_word_needle_keeps_the_whole_word_rule_in_binary_data(world, scratch, where, before, after, text):
    """The other side: an id, address or file name (one word) inside a longer run of letters in binary data is
    no finding. Image bytes hold short ids ('ep1') inside such runs by chance; only needles of several words
    are looked for whatever touches them."""
    path = scratch / "blob"
    path.write_bytes(_in_binary(where, b"", before, text.encode(), after))
    assert world.auditor.scan_file(path, "downloads/blob.bin") == []


@given(where=st.sampled_from(["binary", "records", "word"]), before=_GLUE8, after=_GLUE8,
       text=st.sampled_from(["Plainly Visible Notice", "Open Meadow Bulletin", "A Sign at a Domestic Call", "Quiet Harbours",
                             "the quiet harbour", "harbour warning", "Secret Lantern"]))
def test_public_8bit_strings_in_binary_data_give_no_finding(world, scratch, where, before, after, text):
    """Live titles, and words of a hidden title that are not all of it, in binary data are no finding whatever
    touches them."""
    path = scratch / "blob"
    path.write_bytes(_in_binary(where, b"", before, text.encode(), after))
    assert world.auditor.scan_file(path, "downloads/blob.bin") == []


def test_random_bytes_hold_no_needle(world, scratch):
    """Megabytes of random bytes (a photo's compressed data) give no finding: the needles of one word keep the
    whole-word rule there, those of several words are too long to occur by chance."""
    import random

    for seed in range(3):
        path = scratch / "noise"
        path.write_bytes(random.Random(seed).randbytes(2 << 20))
        assert world.auditor.scan_file(path, "images/photo.jpg") == [], seed


def test_a_utf16_string_across_the_chunks_binary_data_is_read_in_is_found(world, scratch):
    """Big binary data is read as UTF-16 a few megabytes at a time: a string across two of them is read whole."""
    from campaign.audit import containers

    for cut in range(-5, 6):
        head = (b"\x80\x07" * (containers._UTF16_CHUNK // 2 + 8))[:containers._UTF16_CHUNK + cut]  # no text of any kind
        for codec in ("utf-16-le", "utf-16-be"):
            path = scratch / "big"
            path.write_bytes(head + TITLE.encode(codec) + b"\x80\x07" * 7)
            assert HIDDEN in {f.item for f in world.auditor.scan_file(path, "downloads/big.bin")}, (cut, codec)


# Titles beyond the scripts UTF-16 in binary data is read in by default: CJK, Hangul, a symbol of the BMP (✨) and
# an emoji of the astral planes (🌊: a surrogate pair). The live 'second' holds the hidden CJK title inside a word.
SCRIPTS = {"cjk": ("港口 安全 警告", "harbour-cjk"), "hangul": ("항구 안전 경고", "harbour-hangul"),
           "emoji": ("Harbour 🌊 Night Watch ✨", "harbour-emoji"), "emoji at the edges": ("🌊 Harbour Tide Watch 🌊", "harbour-waves"),
           "devanagari": ("बंदरगाह सुरक्षा चेतावनी", "harbour-hindi")}
SCRIPTS_LIVE = "港口 安全 警告書"


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    root = tmp_path_factory.mktemp("scripts") / "proj"
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    entries = []
    for id, title, when in [("live-page", "Plainly Visible Notice", "2026-09-08 08:00"), ("second", SCRIPTS_LIVE, "2026-09-09 08:00"),
                            *((id, title, "2027-01-05 08:00") for title, id in SCRIPTS.values())]:
        (root / f"docs/articles/{id}.md").write_text("Body.\n", encoding="utf-8")
        entries.append(f"- id: {id}\n  kind: article\n  title: {json.dumps(title, ensure_ascii=False)}\n"
                       f"  source: docs/articles/{id}.md\n  release: \"{when}\"\n")
    (root / "campaign_plan.yaml").write_text(HEADER + textwrap.indent("".join(entries), "  "), encoding="utf-8")
    plan = plan_mod.load(root)
    snap = Snapshot(plan, parse_instant(NOW, plan.tz))
    assert {r.id for r in snap.live} == {"live-page", "second"}
    return Auditor(snap)  # as a build: no live title allowed but by the plan


@given(kind=st.sampled_from(sorted(SCRIPTS)), codec=st.sampled_from(["utf-16-le", "utf-16-be"]), form=st.sampled_from(["NFC", "NFD"]),
       noise=st.binary(min_size=0, max_size=64), before=_GLUE, after=_GLUE)
@example(kind="cjk", codec="utf-16-le", form="NFC", noise=b"", before=b"\0\0", after=b"\0\0")
@example(kind="emoji", codec="utf-16-be", form="NFC", noise=b"", before=b"\0\0", after=b"\0\0")
@example(kind="hangul", codec="utf-16-le", form="NFD", noise=b"", before=b"\0\0", after=b"\0\0")
def test_a_utf16_title_in_any_script_or_with_an_emoji_in_binary_data_is_found(scripts, scratch, kind, codec, form, noise, before,
                                                                               after):
    """A hidden title in CJK, Hangul (composed, or as its letters: NFD) or Devanagari, or holding a symbol or an
    emoji (a surrogate pair), stored as UTF-16 inside binary data is found whatever bytes touch it: the reading
    holds the needles' characters and what they decompose to, and decodes surrogate pairs."""
    import unicodedata

    text, item = SCRIPTS[kind]
    text = unicodedata.normalize(form, text)
    raw = bytes(range(256)) * 2 + noise + before + text.encode(codec) + after + noise[::-1] + bytes(range(255, -1, -1)) * 2
    path = scratch / "blob"
    path.write_bytes(raw)
    assert item in {f.item for f in scripts.scan_file(path, "downloads/blob.bin")}, (before, after)


@given(codec=st.sampled_from(["utf-16-le", "utf-16-be"]), before=_GLUE, after=_GLUE,
       text=st.sampled_from([SCRIPTS_LIVE, "港口 安全", "安全 警告", "Harbour 🌊 Night", "Tide Watch 🌊", "항구 안전"]))
def test_public_utf16_strings_in_any_script_give_no_finding(scripts, scratch, codec, before, after, text):
    """The other side: a live title holding a hidden CJK title inside a word, and parts of hidden titles, are no
    finding whatever touches them."""
    raw = bytes(range(256)) * 2 + before + text.encode(codec) + after + bytes(range(255, -1, -1)) * 2
    path = scratch / "blob"
    path.write_bytes(raw)
    assert scripts.scan_file(path, "downloads/blob.bin") == []


def test_random_bytes_hold_no_title_in_any_script(scripts, scratch):
    """Megabytes of random bytes read with the needles' CJK, Hangul and Devanagari characters give no finding."""
    import random

    for seed in range(2):
        path = scratch / "noise"
        path.write_bytes(random.Random(seed).randbytes(2 << 20))
        assert scripts.scan_file(path, "images/photo.jpg") == [], seed


def test_an_emoji_across_the_chunks_binary_data_is_read_in_is_found(scripts, scratch):
    """A surrogate pair whose halves fall into two of the chunks UTF-16 is read in is one character."""
    from campaign.audit import containers

    text, item = SCRIPTS["emoji"]
    at = text.encode("utf-16-le").index("🌊".encode("utf-16-le"))  # the pair's first byte in the title
    for cut in range(-3, 4):
        head = (b"\x80\x07" * (containers._UTF16_CHUNK // 2 + 8))[:containers._UTF16_CHUNK - at - 2 + cut]
        for codec in ("utf-16-le", "utf-16-be"):
            path = scratch / "big"
            path.write_bytes(head + text.encode(codec) + b"\x80\x07" * 7)
            assert item in {f.item for f in scripts.scan_file(path, "downloads/big.bin")}, (cut, codec)


# === 6. containers: every format opened, every limit an error (never a hang) ===============================

def eml(text: str, cte: str = "base64", attach: bytes | None = None, subject: str = "Sign-off", name: str = "pack.zip",
        subtype: str = "plain") -> bytes:
    """An e-mail as Outlook or Thunderbird saves it (.eml): the body encoded, maybe an attachment."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, "comms@example.org", "editor@example.org"
    msg.set_content(text, subtype=subtype, cte=cte)
    if attach is not None:
        msg.add_attachment(attach, maintype="application", subtype="zip", filename=name)
    return msg.as_bytes()


CONTAINERS = [
    pytest.param("downloads/sign-off.eml", lambda t: eml(t), id="eml-base64-body"),
    pytest.param("downloads/sign-off.eml", lambda t: eml("Line one\n" + t * 3, "quoted-printable"), id="eml-quoted-printable"),
    pytest.param("downloads/sign-off.eml", lambda t: eml("See attached.", subject=t), id="eml-encoded-word-subject"),
    pytest.param("downloads/sign-off.eml", lambda t: eml("See attached.", attach=zip_of({"notes.txt": t})), id="eml-zip-attachment"),
    pytest.param("downloads/saved.txt", lambda t: eml(t), id="eml-saved-as-txt"),
    pytest.param("downloads/notes.txt.xz", lambda t: cf.compress("xz", t.encode()), id="xz"),
    pytest.param("downloads/notes.txt.bz2", lambda t: cf.compress("bzip2", t.encode()), id="bzip2"),
    pytest.param("downloads/notes.txt.lzma", lambda t: cf.compress("lzma", t.encode()), id="lzma"),
    pytest.param("downloads/notes.bin", lambda t: cf.compress("lzma", t.encode()), id="lzma-by-its-header"),
    pytest.param("downloads/notes.txt.zst", lambda t: cf.compress("zstd", t.encode()), id="zstd"),
    pytest.param("downloads/notes.txt.gz", lambda t: cf.compress("gzip", t[:9].encode()) + cf.compress("gzip", t[9:].encode()),
                 id="gzip-two-members"),
    pytest.param("downloads/pack.tar", lambda t: cf.tar({"a/notes.txt": t.encode()}), id="tar"),
    pytest.param("downloads/pack.tar.gz", lambda t: cf.tar({"notes.txt": t.encode()}, "gz"), id="tar.gz"),
    pytest.param("downloads/pack.tgz", lambda t: cf.tar({"notes.txt": t.encode()}, "xz"), id="tar.xz-named-tgz"),
    pytest.param("downloads/pack.tar.bz2", lambda t: cf.tar({"notes.txt": t.encode()}, "bz2"), id="tar.bz2"),
    pytest.param("downloads/pack.tar.zst", lambda t: cf.compress("zstd", cf.tar({"in.zip": zip_of({"n.txt": t})})),
                 id="zip-in-tar-in-zstd"),
    pytest.param("downloads/brief.doc", lambda t: cf.doc(t), id="doc-utf16"),
    pytest.param("downloads/brief.doc", lambda t: cf.doc(t, utf16=False), id="doc-8bit"),
    pytest.param("downloads/sheet.xls", lambda t: cf.ole({"Workbook": b"\x09\x08" + t.encode("utf-16-le")}), id="xls"),
    pytest.param("downloads/deck.ppt", lambda t: cf.ole({"PowerPoint Document": t.encode("cp1252"),
                                                         "Current User": b"\0" * 20}), id="ppt"),
    pytest.param("downloads/update.msg", lambda t: cf.msg(cf.rtf(t)), id="msg-compressed-rtf-body"),
    pytest.param("downloads/sign-off.eml", lambda t: eml("See attached.", attach=cf.tnef(cf.rtf(t)), name="winmail.dat"),
                 id="eml-winmail-dat-rtf-body"),
    pytest.param("downloads/winmail.dat", lambda t: cf.tnef(b"{\\rtf1\\ansi See attached.\\par}", {"brief.docx": zip_of({
        "word/document.xml": f"<w:document><w:body><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:body></w:document>"})}),
                 id="winmail-dat-attached-docx"),
    pytest.param("downloads/update.msg", lambda t: cf.msg(b"{\\rtf1\\ansi See attached.\\par}", {"brief.docx": zip_of({
        "word/document.xml": f"<w:document><w:body><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:body></w:document>"})}),
                 id="msg-attached-docx"),
    pytest.param("downloads/brief.doc", lambda t: cf.ole({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 60,
                                                         "Package": zip_of({"notes.txt": t})}), id="doc-embedded-package"),
    pytest.param("images/pic.png", lambda t: cf.png_text(t, "tEXt"), id="png-tEXt"),
    pytest.param("images/pic.png", lambda t: cf.png_text(t, "zTXt"), id="png-zTXt"),
    pytest.param("images/pic.png", lambda t: cf.png_text(t, "iTXt"), id="png-iTXt"),
    pytest.param("images/pic.png", lambda t: cf.png_text(t, "iTXt-z"), id="png-iTXt-compressed"),
    pytest.param("downloads/brief.rtf", lambda t: cf.rtf(t), id="rtf"),
    pytest.param("downloads/brief.rtf", lambda t: ("{\\rtf1\\ansi " + t.replace("Harbour", "{\\b Harb}our").replace(" ", "\\~", 1)
                                                   + "\\par}").encode(), id="rtf-groups-and-control-symbols"),
    pytest.param("downloads/brief.rtf", lambda t: ("{\\rtf1\\ansi\\uc1 " + "".join(f"\\u{ord(c)}?" for c in t) + "}").encode(),
                 id="rtf-u-escapes"),
    pytest.param("downloads/blob.bin", lambda t: cf.utf16_in_binary(t), id="utf-16-in-binary"),
    pytest.param("images/photo.jpg", lambda t: b"\xff\xd8\xff\xe1\x00\x40Exif\x00\x00" + b"\x00\x01" * 20
                 + t.encode("utf-16-le") + b"\x00\x00\xff\xd9", id="utf-16-exif-xp-tag"),
    # what a container's own headers keep: a comment a zip tool adds, the original name gzip -N keeps
    pytest.param("downloads/pack.zip", lambda t: zip_commented(archive=t), id="zip-archive-comment"),
    pytest.param("downloads/pack.zip", lambda t: zip_commented(member=t), id="zip-member-comment"),
    pytest.param("downloads/notes.txt.gz", lambda t: gzip_named(name=f"{t}.txt"), id="gzip-original-name"),
    pytest.param("downloads/notes.txt.gz", lambda t: gzip_named(comment=t), id="gzip-comment"),
    pytest.param("downloads/pack.tar", lambda t: tar_noted(comment=t), id="tar-pax-comment"),
    pytest.param("downloads/pack.tar", lambda t: tar_noted(link=t), id="tar-link-target"),
    pytest.param("downloads/notes.pages", lambda t: cf.iwork(t), id="apple-pages-iwa"),
    # a file inside a text file as base64, without a data: address
    pytest.param("downloads/briefing.ics", lambda t: ics_attaching(zip_of({"word/document.xml": f"<w:t>{t}</w:t>"})),
                 id="ics-attachment-base64"),
    pytest.param("downloads/export.json", lambda t: json.dumps({"attachments": [{"name": "pack.docx", "contentBytes":
                 base64.b64encode(zip_of({"word/document.xml": f"<w:t>{t}</w:t>"})).decode()}]}), id="json-content-bytes"),
    pytest.param("downloads/brief.xml", lambda t: '<pkg:package><pkg:part pkg:name="/x.zip"><pkg:binaryData>'
                 + "\n".join(textwrap.wrap(base64.b64encode(zip_of({"n.txt": t})).decode(), 76))
                 + "</pkg:binaryData></pkg:part></pkg:package>", id="flat-xml-binary-data"),
]


def items_under(world, tmp_path, rel: str, data: bytes) -> set[str]:
    """The hidden items found in a file or anywhere inside it ('pack.tar!a/notes.txt')."""
    return {item for file, items in scan(world, tmp_path, {rel: data}).items() if file.split("!")[0] == rel for item in items}


def zip_of(members: dict[str, str]) -> bytes:
    import zipfile as zf

    buf = io.BytesIO()
    with zf.ZipFile(buf, "w", zf.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buf.getvalue()


def zip_commented(archive: str | None = None, member: str | None = None) -> bytes:
    import zipfile as zf

    buf = io.BytesIO()
    with zf.ZipFile(buf, "w", zf.ZIP_DEFLATED) as z:
        info = zf.ZipInfo("rota.txt")
        info.comment = (member or "").encode()
        z.writestr(info, "Stand rota.")
        z.comment = (archive or "").encode()
    return buf.getvalue()


def gzip_named(name: str = "", comment: str = "") -> bytes:
    """A gzip file whose header keeps an original name (gzip -N) and a comment, holding neutral text."""
    body = cf.compress("gzip", b"Stand rota.")
    flags = (0x08 if name else 0) | (0x10 if comment else 0)
    extra = (name.encode("latin-1") + b"\0" if name else b"") + (comment.encode("latin-1") + b"\0" if comment else b"")
    return body[:3] + bytes([flags]) + body[4:10] + extra + body[10:]


def ics_attaching(blob: bytes) -> str:
    """An Outlook .ics with a file attached inline: ATTACH;ENCODING=BASE64, folded at 75 octets; the fold comes
    five characters into the base64 (its first piece is short)."""
    name = "pack.docx"
    while (len(f"ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME={name}:") - 75) % 74 != 74 - 5:
        name = "x" + name
    line = f"ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME={name}:" + base64.b64encode(blob).decode()
    folded = "\r\n ".join([line[:75]] + [line[i:i + 74] for i in range(75, len(line), 74)])
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\nSUMMARY:Briefing\r\n" + folded
            + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def tar_noted(comment: str = "", link: str = "") -> bytes:
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        info = tarfile.TarInfo("rota.txt")
        info.size = 11
        if comment:
            info.pax_headers = {"comment": comment}
        t.addfile(info, io.BytesIO(b"Stand rota."))
        if link:
            info = tarfile.TarInfo("latest")
            info.type, info.linkname = tarfile.SYMTYPE, link
            t.addfile(info)
    return buf.getvalue()


@pytest.mark.parametrize("rel, make", CONTAINERS)
def test_a_hidden_title_inside_any_container_is_found(world, tmp_path, rel, make):
    assert items_under(world, tmp_path, rel, make(f"Coming next: {TITLE}, soon.")) == {HIDDEN}
    assert items_under(world, tmp_path, rel, make("Coming next: Plainly Visible Notice, soon.")) == set()


def test_a_file_pasted_as_a_base64_data_uri_is_opened(world, tmp_path):
    import base64

    inner = zip_of({"notes.txt": f"Coming next: {TITLE}."})
    page = f'<p><a href="data:application/zip;base64,{base64.b64encode(inner).decode()}">pack</a></p>'.encode()
    assert items_under(world, tmp_path, "about/index.html", page) == {HIDDEN}
    svg = base64.b64encode(f"<svg><title>{TITLE}</title></svg>".encode()).decode()
    assert items_under(world, tmp_path, "about/index.html", f'<img alt="" src="data:image/svg+xml;base64,{svg}">'.encode()) == {HIDDEN}
    plain = base64.b64encode(b"<svg><title>Plainly Visible Notice</title></svg>").decode()
    assert items_under(world, tmp_path, "about/index.html", f'<img alt="" src="data:image/svg+xml;base64,{plain}">'.encode()) == set()


def test_rtf_reads_as_its_words(world, tmp_path):
    rtf = (b"{\\rtf1\\ansi\\ansicpg1252{\\info{\\title Quiet Harbour Warning}}\\pard Caf\\'e9 \\'96 \\'805 "
           b"\\'92quote\\'92\\par Gro\\u223?e War\\-nung}")
    assert items_under(world, tmp_path, "downloads/x.rtf", rtf) == {HIDDEN, "cafe-title", "grosse-title"}


def test_a_hidden_file_name_as_a_tar_member_is_found(world, tmp_path):
    assert items_under(world, tmp_path, "downloads/pack.tar.gz", cf.tar({"media/ep02.mp3": b"x"}, "gz")) == {"episode-hidden"}


def unreadable(world, tmp_path, rel: str, data: bytes) -> list[str]:
    site = Path(tempfile.mkdtemp(dir=tmp_path))
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_bytes(data)
    return [f.what for f in world.auditor.scan_site(site) if f.kind == "unreadable"]


BAD = [
    pytest.param("downloads/a.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\0" * 64, "7-Zip archive", id="7z"),
    pytest.param("downloads/a.rar", b"Rar!\x1a\x07\x01\x00" + b"\0" * 64, "RAR archive", id="rar"),
    pytest.param("downloads/a.cab", b"MSCF\0\0\0\0" + b"\0" * 64, "cabinet", id="cab"),
    pytest.param("downloads/a.gz", cf.compress("gzip", b"\0" * (3 << 20)), "bomb", id="gzip-ratio"),
    pytest.param("downloads/a.bz2", cf.compress("bzip2", b"\0" * (3 << 20)), "bomb", id="bzip2-ratio"),
    pytest.param("downloads/a.xz", cf.compress("xz", b"\0" * (3 << 20)), "bomb", id="xz-ratio"),
    pytest.param("downloads/a.lzma", cf.compress("lzma", b"\0" * (3 << 20)), "bomb", id="lzma-ratio"),
    pytest.param("downloads/a.zst", cf.compress("zstd", b"\0" * (3 << 20)), "bomb", id="zstd-ratio"),
    pytest.param("downloads/a.xz", cf.compress("xz", bytes(range(256)) * 64)[:-40], "cut short", id="xz-truncated"),
    pytest.param("downloads/a.bz2", b"BZh91AY&SY" + b"\x13" * 40, "corrupt", id="bzip2-corrupt"),
    pytest.param("downloads/a.zst", b"\x28\xb5\x2f\xfd" + b"\xff" * 40, "corrupt", id="zstd-corrupt"),
    pytest.param("downloads/a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600, "Office (OLE)", id="ole-corrupt"),
    pytest.param("downloads/a.tar", b"\0" * 257 + b"ustar\x0000" + b"\x01" * 300, "tar", id="tar-corrupt"),
    pytest.param("images/a.png", cf.png([(b"zTXt", b"k\0\0" + zlib.compress(b"\0" * (3 << 20)))]), "bomb", id="png-ztxt-bomb"),
    pytest.param("downloads/a.msg", cf.ole({"__substg1.0_10090102": cf.compressed_rtf(b"{\\rtf1 x}")[:-3]}), "compressed RTF",
                 id="msg-compressed-rtf-cut-short"),
    pytest.param("downloads/a.msg", cf.ole({"__substg1.0_37010102": b"7z\xbc\xaf\x27\x1c" + b"\0" * 64}), "7-Zip", id="msg-attached-7z"),
]


@pytest.mark.parametrize("rel, data, why", BAD)
def test_what_the_audit_cannot_open_fails_naming_why(world, tmp_path, rel, data, why):
    got = unreadable(world, tmp_path, rel, data)
    assert got and why in got[0], got


def test_a_format_the_audit_cannot_open_says_how_to_fix_it(world, tmp_path):
    assert "export it as a zip" in unreadable(world, tmp_path, "downloads/a.7z", b"7z\xbc\xaf\x27\x1c" + b"\0" * 64)[0]


def test_containers_nested_too_deep_are_an_error_not_a_hang(world, tmp_path):
    data = TITLE.encode()
    for _ in range(12):
        data = cf.compress("gzip", data)
    assert "deep" in unreadable(world, tmp_path, "downloads/deep.gz", data)[0]


# === punctuation: a title read as words; the part after its colon; an episode's guest =====================

ROLLED = "rolled-title"


@pytest.mark.parametrize("text", [
    "Rolled up Notes: keeping the lantern lit in every harbour",  # the hyphen as a space
    "Rolled-up Notes - keeping the lantern lit in every harbour",  # ': ' as ' - '
    "Rolled up notes -- keeping the lantern lit in every harbour",
    "Rolledup Notes keeping the lantern lit in every harbour",  # punctuation left out
    "ROLLED UP NOTES, KEEPING THE LANTERN LIT IN EVERY HARBOUR",
    "Rolled-up <em>Notes</em>. Keeping the lantern\nlit in every harbour",
])
def test_a_hidden_title_with_other_punctuation_is_found(world, tmp_path, text):
    assert ROLLED in items_in(world, tmp_path, "notes/index.html", f"<p>Soon: {text}.</p>")
    assert ROLLED in items_in(world, tmp_path, "events/add/x.ics", f"BEGIN:VEVENT\r\nSUMMARY:{text}\r\nEND:VEVENT\r\n")


@pytest.mark.parametrize("text", [
    "Rolled up notes are kept in the lantern",  # the anchor without the rest
    "Unrolled up Notes: keeping the lantern lit",  # not from a word's start
    "Rolled up Notes: keeping the lantern lit in every harbours",  # not to a word's end
])
def test_words_only_near_a_hidden_title_are_not_reported(world, tmp_path, text):
    assert ROLLED not in items_in(world, tmp_path, "notes/index.html", f"<p>{text}.</p>")


@pytest.mark.parametrize("text, item", [("Safe Seen Heard", "comma-title"), ("Why curious matters", "quoted-title"),
                                        ("safe - seen - heard", "comma-title")])
def test_a_short_hidden_title_without_its_punctuation_is_found(world, tmp_path, text, item):
    assert item in items_in(world, tmp_path, PAGE, f"<p>{text}</p>")


def test_the_part_of_a_title_after_its_colon_is_found(world, tmp_path):
    assert ROLLED in items_in(world, tmp_path, "about/index.html", "<p>Next month: keeping the lantern lit in every harbour.</p>")
    # four words of it are no title
    assert ROLLED not in items_in(world, tmp_path, "about/index.html", "<p>Keeping the lantern lit.</p>")


def test_a_hidden_episodes_guest_is_found(world, tmp_path):
    assert HIDDEN_EPISODE[0] in items_in(world, tmp_path, "about/index.html", f"<p>Our next guest: {GUEST}.</p>")
    assert HIDDEN_EPISODE[0] in items_in(world, tmp_path, "about/index.html", "<p>With Detective Sergeant Ada Quill.</p>")


@pytest.mark.parametrize("text, item", [("Rolled-up Notes:<br>keeping the lantern lit in every harbour", ROLLED),
                                        ("Rolled-up Notes:<br/>\nkeeping the lantern lit in every harbour", ROLLED),
                                        ("Quiet<br>Harbour Warning", HIDDEN), ("Safe,<br>Seen; Heard", "comma-title")])
def test_a_hidden_title_with_a_line_break_inside_is_found(world, tmp_path, text, item):
    assert item in items_in(world, tmp_path, "notes/next/index.html", f"<article><p>{text}</p></article>")


# A pull quote from mid-sentence (red team round 4): not found. Needles are whole sentences (their first 16
# words). Passages of 8, 10, 12 or 14 words from where a clause starts or ends (or every 8 words: shingles)
# were tried: the default campaign's own prose repeats such stretches across pages (facts of the inspection,
# "children's social care through the MASH", a page's title as link text: 56 distinct stretches at 8
# words, 12 at 12, 5 at 14 words), so every honest campaign would fail to build unless each were declared
# shared wording; and a copy cannot be told from a repeated fact by its text.
@gap("a pull quote that starts mid-sentence, or a sentence quoted short of 16 words")
@pytest.mark.parametrize("text", [
    "the watch officer noticed that the boy carried two phones",  # from a clause's start
    "\u201cnoticed that the boy carried two phones and an address a long way from the harbour\u201d",  # to its end
    "On a late shift at the quay, the watch officer noticed",  # the sentence's start, cut short
])
def test_a_pull_quote_from_a_hidden_page_is_found(world, tmp_path, text):
    control(norm(text).strip('".') in norm(HIDDEN_BODY))
    assert HIDDEN in items_in(world, tmp_path, PAGE, f"<blockquote><p>{text}</p></blockquote>")


def test_a_sentence_of_a_hidden_page_is_found(world, tmp_path):
    assert HIDDEN in items_in(world, tmp_path, PAGE, f"<blockquote><p>\u201c{HIDDEN_BODY}\u201d</p></blockquote>")


@pytest.mark.parametrize("text, item", [
    ("Coming soon: Rolled-up Notes: keeping the lantern\u2026", ROLLED),
    ("Rolled-up notes: keeping the lantern lit in ...", ROLLED),
    ("<a href='#'>\u2026the lantern lit in every harbour</a>", ROLLED),  # the subtitle's end
    ("<p>Next: Rolled-up Notes: keeping the...</p>", ROLLED),  # half its words
    ('{"teaser": "Rolled-up Notes: keeping the lantern lit\u2026"}', ROLLED),
])
def test_a_hidden_title_cut_short_by_an_ellipsis_is_found(world, tmp_path, text, item):
    assert item in items_in(world, tmp_path, "about/index.html" if text.startswith("<") or "{" not in text
                            else "data.json", text)


@pytest.mark.parametrize("text", [
    "<p>Rolled-up Notes: keeping...</p>",  # fewer than half the title's words
    "<p>Keeping the lantern lit.</p>",  # no ellipsis: an everyday phrase
    "<p>Quiet Harbour\u2026</p>",  # a title of three words is not cut (too short to tell from a phrase)
])
def test_a_phrase_with_an_ellipsis_is_no_title_cut_short(world, tmp_path, text):
    assert items_in(world, tmp_path, "about/index.html", text) == set()


# === What editors' programs write that the audit must decode further (red team, slips8) =================

def _pdf_with(extra) -> bytes:
    """A clean one-page PDF that pypdf then gives an outline item, an attachment or a form field."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    import slip_files

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(slip_files.pdf(["Nothing to see here."]))))
    if extra == "outline":
        w.add_outline_item(title=TITLE, page_number=0)
    elif extra == "attachment":
        w.add_attachment("brief.txt", f"Notes: {TITLE}\n".encode())
    elif extra == "field":
        field = DictionaryObject({NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("session"),
                                  NameObject("/V"): TextStringObject(TITLE), NameObject("/Type"): NameObject("/Annot"),
                                  NameObject("/Subtype"): NameObject("/Widget"),
                                  NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)})
        w._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([w._add_object(field)])})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _xlsx(shared: str) -> bytes:
    import zipfile as zf

    buf = io.BytesIO()
    with zf.ZipFile(buf, "w", zf.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="x"><si><t xml:space="preserve">{shared}</t></si></sst>')
    return buf.getvalue()


def _docx(body: str) -> bytes:
    return _container("docx", "x", f'<w:document><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>')[1]


FURTHER = [
    pytest.param("downloads/poster.pdf", lambda: __import__("slip_files").pdf(["Quiet Har-", "bour Warning"]), id="pdf-hyphen-at-line-end"),
    pytest.param("downloads/review.pdf", lambda: _pdf_with("outline"), id="pdf-bookmark"),
    pytest.param("downloads/pack.pdf", lambda: _pdf_with("attachment"), id="pdf-attachment"),
    pytest.param("downloads/form.pdf", lambda: _pdf_with("field"), id="pdf-form-field"),
    pytest.param("downloads/poster.pdf", lambda: cf.pdf_tagged(f"Poster: {TITLE}"), id="pdf-figure-alt-text"),
    pytest.param("downloads/poster.pdf", lambda: cf.pdf_saved_again(f"Coming soon: {TITLE}", "Coming soon: a story."),
                 id="pdf-earlier-save"),
    pytest.param("downloads/brief.docx", lambda: _docx("Rolled<w:noBreakHyphen/>up Notes: keeping the lantern lit in every harbour"),
                 id="docx-non-breaking-hyphen"),
    pytest.param("downloads/brief.xlsx", lambda: _xlsx("Quiet Harbour_x000D_\nWarning"), id="xlsx-x000D"),
    pytest.param("downloads/bookings.yaml", lambda: "title: 'Why ''curious'' matters'\n", id="yaml-quote-escape"),
    pytest.param("downloads/meet.vcs", lambda: "BEGIN:VEVENT\r\nSUMMARY;ENCODING=QUOTED-PRINTABLE:Quiet Har=\r\nbour=20Warning\r\nEND:VEVENT\r\n",
                 id="quoted-printable-vcalendar"),
    # a contact card or a calendar under any name: its lines folded at 75 octets, inside a word
    pytest.param("downloads/organiser.vcf", lambda: "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:Organiser of Quiet Har\r\n bour Warning\r\n"
                 "END:VCARD\r\n", id="vcard-folded-in-a-word"),
    pytest.param("downloads/invite.txt", lambda: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Quiet Harbou\r\n r Warning\r\n"
                 "END:VEVENT\r\nEND:VCALENDAR\r\n", id="calendar-saved-as-txt"),
    pytest.param("downloads/invite.eml", lambda: eml("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Quiet Har\r\n bour Warning\r\n"
                 "END:VEVENT\r\nEND:VCALENDAR\r\n", "quoted-printable", subtype="calendar"), id="calendar-in-an-email"),
    pytest.param("downloads/plan.prn", lambda: "Ep 5   Why \u201ccurious\u201d matters   12/03/2027\r\n".encode("cp1252"), id="cp1252-any-name"),
    pytest.param("downloads/plan.log", lambda: "Ep 7   Caf\u00e9 \u2013 \u20ac5 \u2019quote\u2019   14/01/2027\r\n".encode("cp1252"),
                 id="cp1252-log"),
    pytest.param("downloads/feed.json", lambda: json.dumps({"html": "<p>Quiet <em>Harbour</em> Warning</p>"}), id="html-in-json"),
    pytest.param("downloads/book/part3.xhtml", lambda: "<p>Quiet <span class='c2'>Harbour</span> Warning</p>", id="xhtml"),
    pytest.param(PAGE, lambda: '<pre class="mermaid">A[Next:&lt;br/&gt;Quiet Harbour&lt;br/&gt;Warning]</pre>', id="mermaid-br"),
    pytest.param(PAGE, lambda: "<div><p>Next: Quiet *Harbour* Warning</p></div>", id="markdown-marks-in-raw-html"),
    pytest.param("downloads/notes.txt", lambda: "- 5 Jan: **Quiet Harbour** Warning\n", id="markdown-marks-in-text"),
    pytest.param(PAGE, lambda: '<a href="https://urldefense.proofpoint.com/v2/url?u=https-3A__intranet.example_campaigns_spot-2Dit_'
                 'articles_hidden-2Dstory_&d=DwMFAg&c=abc">read</a>', id="proofpoint-v2"),
    pytest.param(PAGE, lambda: '<a href="https://urldefense.com/v3/__https://intranet.example/campaigns/spot-it/articles/hidden-story/__;!!abc">x</a>',
                 id="proofpoint-v3"),
]


FURTHER += [  # red team slips9: texts from data files, plan texts and templates, where only the output audit looks
    pytest.param(PAGE, lambda: "<p>Next: Quiet _Harbour_ Warning, with <a target=\"_blank\" href=\"x\">a link</a></p>",
                 id="underscore-emphasis-in-a-page"),
    pytest.param(PAGE, lambda: "<p>Next: Quiet Harbour&amp;nbsp;Warning</p>", id="entity-escaped-twice"),
    pytest.param(PAGE, lambda: "<p>Next: Quiet Harbour `Warning`</p>", id="backticks"),
    pytest.param("assets/javascripts/teaser.js", lambda: 'var t = "Next: Quiet Harbour " +\n    "Warning, on the blog";\n',
                 id="script-strings-joined"),
    pytest.param("assets/javascripts/teaser2.js", lambda: 'var t = "Next: Quiet Harbour \\\n Warning";\n', id="script-line-continued"),
]


FURTHER += [  # red team round 4: Office parts that sit in a line, captions, cells, chart labels, file names
    pytest.param("downloads/a.docx", lambda: _docx('</w:t></w:r><w:r><w:drawing><wp:anchor><wp:positionH><wp:posOffset>43719'
                 '</wp:posOffset></wp:positionH></wp:anchor></w:drawing></w:r><w:r><w:t>Quiet Harbo</w:t></w:r><w:r><w:t>ur Warning'),
                 id="docx-picture-before-title"),
    pytest.param("downloads/b.docx", lambda: _docx('Quiet Harbo</w:t></w:r><w:r><w:t>ur Warning</w:t></w:r><w:r>'
                 '<w:ptab w:relativeTo="margin" w:alignment="right"/></w:r><w:r><w:t>1'), id="docx-footer-tab-and-page"),
    pytest.param("downloads/c.odt", lambda: _docx('</w:t></w:r></w:p><text:h>Quiet Harbo<text:span>ur</text:span> Warning'
                 '<text:note><text:note-citation>1</text:note-citation><text:note-body>Draft</text:note-body></text:note>'
                 '</text:h><w:p><w:r><w:t>'), id="odt-footnote-after-title"),
    pytest.param("downloads/schedule.csv", lambda: "49,Quiet Harbour,Warning\r\n", id="csv-two-cells"),
    pytest.param("downloads/schedule2.csv", lambda: '"49";"Quiet Harbour";"Warning"\r\n', id="csv-quoted-cells"),
    pytest.param("downloads/trailer.vtt", lambda: "WEBVTT\n\n00:00.000 --> 00:02.000\nNext: Quiet Harbour\n\n"
                 "00:02.000 --> 00:04.000\nWarning, on the blog\n", id="vtt-two-cues"),
    pytest.param("downloads/trailer.srt", lambda: "1\n00:00:00,000 --> 00:00:02,000\nNext: Quiet Harbour\n\n2\n"
                 "00:00:02,000 --> 00:00:04,000\nWarning\n", id="srt-two-cues"),
    pytest.param("downloads/chart.json", lambda: json.dumps({"labels": [["Quiet Harbour", "Warning"], "Other"]}),
                 id="chart-label-over-two-lines"),
    pytest.param("downloads/QuietHarbourWarning.txt", lambda: "nothing to see", id="file-name-in-capitals"),
]


CAFE = "Caf\u00e9 \u2013 \u20ac5 \u2019quote\u2019"  # cafe-title's own characters: none of them ASCII, all in Windows-1252
_GIF_LETTER = (TITLE + ", coming in January").ljust(81, ".")  # 81 bytes: the comment's length byte is 'Q'
FURTHER += [  # red team round 5: what pictures carry as metadata (a chart exported, a photo's properties typed in)
    pytest.param("images/chart.png", lambda: cf.png([(b"zTXt", b"Title\0\0" + zlib.compress(CAFE.encode("utf-8")))]),
                 id="png-ztxt-utf-8"),
    pytest.param("images/chart3.png", lambda: cf.png([(b"eXIf", cf.tiff([cf.exif_ascii(0x010E, CAFE.encode("cp1252"))]))]),
                 id="png-exif-description"),
    pytest.param("images/photo.jpg", lambda: cf.jpeg_exif([cf.exif_ascii(0x010E, CAFE.encode("cp1252"))]),
                 id="jpeg-exif-description-windows-1252"),
    pytest.param("images/photo2.jpg", lambda: cf.jpeg_exif([cf.exif_user_comment(TITLE)]), id="jpeg-exif-user-comment"),
    pytest.param("images/photo3.jpg", lambda: cf.jpeg_exif([cf.exif_user_comment(TITLE, ">")], ">"),
                 id="jpeg-exif-user-comment-big-endian"),
    pytest.param("images/photo4.jpg", lambda: cf.jpeg([(0xED, cf.iptc([(5, CAFE.encode("cp1252"))]))]), id="jpeg-iptc-windows-1252"),
    pytest.param("images/photo5.jpg", lambda: cf.jpeg([(0xFE, CAFE.encode("cp1252"))]), id="jpeg-comment-windows-1252"),
    pytest.param("images/scan.tif", lambda: cf.tiff([cf.exif_ascii(0x010E, CAFE.encode("cp1252"))]), id="tiff-description"),
    pytest.param("images/anim.gif", lambda: cf.gif(_GIF_LETTER.encode()), id="gif-comment-length-byte-a-letter"),
    pytest.param("images/anim2.gif", lambda: cf.gif(("Draft chart. " * 19 + TITLE).encode()), id="gif-comment-over-two-sub-blocks"),
    pytest.param("images/anim3.gif", lambda: cf.gif(CAFE.encode("cp1252")), id="gif-comment-windows-1252"),
    pytest.param("images/pic.webp", lambda: cf.webp([(b"EXIF", cf.tiff([cf.exif_ascii(0x010E, CAFE.encode("cp1252"))]))]),
                 id="webp-exif-description"),
]


PLAIN = "Plainly Visible Notice"  # a live title: no finding


@pytest.mark.parametrize("data", [
    pytest.param(cf.jpeg_exif([cf.exif_ascii(0x010E, PLAIN.encode()), cf.exif_user_comment(PLAIN, ">")], ">"), id="jpeg"),
    pytest.param(cf.gif(("Draft chart. " * 19 + PLAIN).encode()), id="gif"),
    pytest.param(cf.png([(b"zTXt", b"Title\0\0" + zlib.compress(PLAIN.encode()))]), id="png"),
    pytest.param(cf.jpeg([(0xE1, b"Exif\0\0II*\0\x08\0\0\0\xff\xff")]), id="exif-cut-short"),
    pytest.param(cf.jpeg([(0xE1, b"Exif\0\0II*\0\x08\0\0\0\x01\0\x0e\x01\x02\0\xff\xff\0\0\x00\x10\0\0\x08\0\0\0")]),
                 id="exif-value-out-of-bounds-and-ifd-loop"),
    pytest.param(cf.gif(PLAIN.encode())[:-12], id="gif-cut-short"),
    pytest.param(b"\xff\xd8\xff\xfe\x00\x00", id="jpeg-segment-length-0"),
])
def test_picture_metadata_read_clean_or_damaged_is_no_finding(world, tmp_path, data):
    """A picture whose metadata is innocent, or out of bounds (skipped: every reader skips it), is no finding
    and no crash; its bytes are still read as binary data."""
    assert scan(world, tmp_path, {"images/x.jpg": data}) == {"images/x.jpg": set()}


def test_a_pdf_attachment_too_deep_to_open_fails_closed(world, tmp_path):
    """A PDF with an attached file (gzipped: its bytes show nothing), inside archives as deep as the audit
    opens: reported as unreadable, like an archive that deep, never skipped unread."""
    import zipfile as zf

    from pypdf import PdfReader, PdfWriter

    import slip_files

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(slip_files.pdf(["Nothing to see here."]))))
    w.add_attachment("brief.txt.gz", gzip.compress(f"Notes: {TITLE}\n".encode()))
    buf = io.BytesIO()
    w.write(buf)
    data, name = buf.getvalue(), "inner.pdf"
    for _ in range(4):
        buf = io.BytesIO()
        with zf.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        data, name = buf.getvalue(), "inner.zip"
    got = scan(world, tmp_path, {"downloads/pack.zip": data})
    assert any(v for k, v in got.items() if k.split("!")[0] == "downloads/pack.zip"), got  # unreadable ('')


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u202a", "\u202c", "\u2066", "\u2069", "\u061c", "\u034f",
                                  "\ufe0f", "\u2061", "\u2063"])
def test_invisible_marks_from_a_paste_are_dropped(world, tmp_path, mark):
    assert norm(f"Quiet Harbour{mark} Warning") == "quiet harbour warning"
    assert HIDDEN in items_in(world, tmp_path, PAGE, f"<p>Next: Quiet Harbour{mark} Warning</p>")


@pytest.mark.parametrize("rel, make", FURTHER)
def test_what_editors_programs_encode_is_decoded(world, tmp_path, rel, make):
    found = set().union(*(v for k, v in scan(world, tmp_path, {rel: make()}).items() if k.split("!")[0] == rel))
    assert found & {HIDDEN, "quoted-title", "rolled-title", "cafe-title"}, found


@pytest.mark.parametrize("data", [pytest.param(lambda: cf.pdf_tagged("Poster of the stand"), id="tagged"),
                                  pytest.param(lambda: cf.pdf_saved_again("Rota: Tuesday", "Rota: Wednesday"), id="saved-again")])
def test_a_neutral_pdf_with_alt_text_or_saved_again_is_clean(world, tmp_path, data):
    assert items_in(world, tmp_path, "downloads/rota.pdf", data()) == set()
