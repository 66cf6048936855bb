"""The leak audit finds a hidden item's drawing however it is written, and a file named after a hidden item.

Signs are drawings with few or no words: a copy saved again by an editor (a final newline), reformatted by a
tool (indentation, attributes in another order, an XML declaration or comments, path data spaced another
way) or pasted inline into a page no longer has the file's bytes, but it still draws the same paths. And a
banner prepared for a coming article and named after its id (`<id>-banner.svg`) is that article's file.

No MkDocs build: a small plan gives a real Snapshot; the site files are written by hand and scanned as the
build does (Auditor.scan_site), and findings are traced to the editor's line as `make build` prints them
(locate.leak_problems). Negative controls: a live sign's drawing, shared artwork (a frame live signs draw
too, the campaign logo), other drawings, and names that only look alike.
"""
from __future__ import annotations

import base64
import gzip
import io
import json
import re
import tarfile
import tempfile
import textwrap
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, strategies as st

from conftest import HEADER
from test_audit import scan

from campaign.audit import cache as cache_mod
from campaign.audit.auditor import Auditor
from campaign.audit.drawing import canonical, distinctive
from campaign.audit.locate import leak_problems
from campaign.release.snapshot import Snapshot
from campaign.source import plan as plan_mod
from campaign.source.times import parse_instant

NOW = "2026-10-01 12:00"
SIGN = "sign-harbour"  # the hidden sign, docs/signs/harbour-lamp.svg
SIGN_FILE = "docs/signs/harbour-lamp.svg"
HIDDEN = "hidden-story"  # a hidden article; hidden-story-2 is live
GUIDE = "harbour-guide"  # a hidden article whose page is articles/guide-to-harbours/

# Path data of the hidden sign's drawing: its own, and artwork it shares.
OWN1 = "M40 220v-150l50-40l30 50l30-50l50 40v150"
OWN2 = "M196 48a18 18 0 1 0 14 26a14 14 0 1 1 -14 -26z"
OWN_POINTS = "52,160 84,132 116,160 148,132 180,160"  # a <polyline>
SHORT = "M120 80v140"  # a straight line: everywhere, never a needle
FRAME = "M8 8h224v224h-224zM16 16h208v208h-208z"  # the frame every sign draws (the live sign too)
LOGO = "M24 2.5 42.5 8.5V22.5C42.5 34 34.5 41.5 24 45.5 13.5 41.5 5.5 34 5.5 22.5V8.5Z"  # docs/images/logo.svg
LIVE_OWN = "M60 60l40 40l40-40l40 40l-20 60l-80 0z"  # the live sign's own drawing
OTHER = "M30 120h180v60q0 20-20 20h-140q-20 0-20-20z"  # a drawing of nobody's

HIDDEN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" width="240" height="240">'
              '<rect width="240" height="240" rx="24" fill="#eef0fa"/>'
              f'<path d="{FRAME}" fill="none" stroke="#1a237e"/>'
              f'<g fill="none" stroke="#1a237e" stroke-width="6"><path d="{OWN1}"/><path d="{SHORT}"/>'
              f'<circle cx="166" cy="150" r="6"/></g>'
              f'<g fill="none" stroke="#c43e00" stroke-width="6"><path d="{OWN2}"/>'
              f'<polyline points="{OWN_POINTS}"/></g>'
              f'<path d="{LOGO}" fill="#1a237e"/></svg>\n')
LIVE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240">'
            f'<path d="{FRAME}" fill="none"/><path d="{LIVE_OWN}" stroke="#c43e00"/></svg>\n')
LOGO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">'
            f'<path d="{LOGO}" fill="#1a237e"/><path d="M12.5 35V26c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5v9z"/></svg>\n')


def _entry(id: str, kind: str, title: str, release: str, **fields: str) -> str:
    extra = "".join(f"  {k}: {v}\n" for k, v in fields.items())
    return f"- id: {id}\n  kind: {kind}\n  title: \"{title}\"\n{extra}  release: \"{release}\"\n"


def make_project(root: Path, evergreen: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
    files = {
        "docs/articles/hidden-story.md": "Body.\n",
        "docs/articles/hidden-story-2.md": "Body.\n",
        "docs/articles/guide-to-harbours.md": "Body.\n",
        "docs/articles/live-page.md": "Body.\n",
        "docs/articles/beacon.md": "Body.\n",
        SIGN_FILE: HIDDEN_SVG,
        "docs/signs/open-door.svg": LIVE_SVG,
        "docs/images/logo.svg": LOGO_SVG,
        "docs/about.md": "# About\n\nAbout the campaign.\n",
        "mkdocs.yml": "site_name: Test\n",
        **(evergreen or {}),
    }
    for rel, text in files.items():
        if any(rel == f"docs/articles/{d}.md" for d in drop):
            continue  # the item deleted with its page
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    entries = [
        _entry("live-page", "article", "Plainly Visible Notice", "2026-09-08 08:00", source="docs/articles/live-page.md"),
        _entry("hidden-story-2", "article", "Open Meadow Bulletin", "2026-09-09 08:00", source="docs/articles/hidden-story-2.md"),
        _entry("sign-open", "sign", "An open door", "2026-09-10 08:00", image="docs/signs/open-door.svg",
               alt="A door left open", meaning="Nobody home", what_to_do="Ask"),
        _entry(HIDDEN, "article", "Quiet Harbour Warning", "2027-01-05 08:00", source="docs/articles/hidden-story.md"),
        _entry(GUIDE, "article", "Lantern Keeping Guide", "2027-01-06 08:00", source="docs/articles/guide-to-harbours.md"),
        _entry("beacon", "article", "Beacon Night Notes", "2027-01-07 08:00", source="docs/articles/beacon.md"),
        _entry(SIGN, "sign", "A lamp at the harbour", "2027-01-15 08:00", image=SIGN_FILE,
               alt="A lamp in a window", meaning="Late", what_to_do="Ask"),
    ]
    entries = [e for e in entries if e.split("\n", 1)[0].removeprefix("- id: ") not in drop]
    (root / "campaign_plan.yaml").write_text(HEADER + textwrap.indent("".join(entries), "  "), encoding="utf-8")
    return root


def auditor_of(root: Path, when: str = NOW, memo: str | None = None) -> Auditor:
    plan = plan_mod.load(root)
    snap = Snapshot(plan, parse_instant(when, plan.tz))
    if when == NOW:
        assert {r.id for r in snap.live} == {"live-page", "hidden-story-2", "sign-open"} & {r.id for r in plan.releases}
    return Auditor(snap, memo=memo)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("drawings") / "proj")
    return SimpleNamespace(root=root, auditor=auditor_of(root))


def items_in(world, tmp_path, rel: str, data: str | bytes) -> set[str]:
    """The hidden items found in the site holding only `rel`, inside it (a member of a zip) included."""
    return set().union(*scan(world, tmp_path, {rel: data}).values())


def page(body: str) -> str:
    """A page as MkDocs writes one, with an inline icon in its frame as Material's pages have."""
    return ("<!doctype html><html><head><title>About</title></head><body><header><svg viewBox=\"0 0 24 24\">"
            "<path d=\"M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52"
            " 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5\"/>"
            f"</svg></header><article><h1>About</h1>\n{body}\n</article></body></html>\n")


def zipped(name: str, data: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return buf.getvalue()


# === the needles ==========================================================================================

def test_a_hidden_drawing_gives_its_own_path_data_and_not_shared_artwork(world):
    drawn = {n.text for n in world.auditor.needles.all if n.kind == "drawing" and n.item == SIGN}
    assert drawn == {canonical(OWN1).casefold(), canonical(OWN2).casefold(), canonical(OWN_POINTS)}
    # shown to editors as the hidden file the drawing is from
    assert {n.shown for n in world.auditor.needles.all if n.kind == "drawing"} == {SIGN_FILE}


def test_path_data_is_read_as_tokens():
    assert canonical("M 40,220 V -150 L 50 -40 L 30,50") == canonical("M40 220V-150L50-40 30 50") == "M 40 220 V -150 L 50 -40 30 50"
    assert canonical("M0 0L5 5L6 6") == canonical("M0,0 5,5 6,6") == "M 0 0 5 5 6 6"  # lines after a move
    assert canonical("M+040.0 5.50e1 .5-.5") == "M 40 55 0.5 -0.5"
    assert canonical("M1 1 M2 2") != canonical("M1 1 2 2")  # a second move is not a line
    assert not distinctive(canonical(SHORT)) and not distinctive(canonical("M1 1h1v1h1v1h1z"))


# === a hidden drawing, however written, is found ==========================================================

def _respace(svg: str, sep: str) -> str:
    """Every path data and points value written with `sep` between its tokens."""
    def one(m: re.Match) -> str:
        tokens = re.findall(r"[A-Za-z]|-?\d*\.?\d+", m.group(2))
        return f'{m.group(1)}="{sep.join(tokens)}"'
    return re.sub(r'\b(d|points)="([^"]*)"', one, svg)


def _reorder(svg: str) -> str:
    """The attributes of every tag in reverse order (as a tool that sorts or rewrites them does)."""
    def one(m: re.Match) -> str:
        attrs = re.findall(r'[\w:-]+="[^"]*"', m.group(2))
        return f"<{m.group(1)} {' '.join(reversed(attrs))}{m.group(3)}>"
    return re.sub(r"<(\w+)\s([^>]*?)(/?)>", one, svg)


def _pretty(svg: str) -> str:
    return svg.replace("><", ">\r\n    <")


VARIANTS = [
    pytest.param("images/object-13.svg", HIDDEN_SVG.rstrip("\n") + "\n\n", id="final-newline"),
    pytest.param("images/object-13.svg", _pretty(HIDDEN_SVG), id="indented-crlf"),
    pytest.param("images/object-13.svg", _reorder(HIDDEN_SVG), id="attributes-reordered"),
    pytest.param("images/object-13.svg", '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn for the campaign -->\n'
                 + HIDDEN_SVG.replace("<g ", "<!-- lamp --><g "), id="declaration-and-comments"),
    pytest.param("images/object-13.svg", _respace(HIDDEN_SVG, " "), id="path-data-spaced"),
    pytest.param("images/object-13.svg", _respace(HIDDEN_SVG, ",\n  "), id="path-data-commas-lines"),
    pytest.param("about/index.html", page("<p>The next object:</p>\n<p>" + HIDDEN_SVG.strip() + "</p>"), id="inline-in-a-page"),
    pytest.param("about/index.html", page("<p>" + _pretty(_reorder(HIDDEN_SVG)) + "</p>"), id="inline-reformatted"),
    pytest.param("downloads/pack.zip", zipped("art/lamp.svg", _pretty(HIDDEN_SVG)), id="in-a-zip"),
    pytest.param("images/lamp.svgz", gzip.compress(_reorder(HIDDEN_SVG).encode(), mtime=0), id="gzipped"),
    pytest.param("about/index.html", page('<img alt="Next" src="data:image/svg+xml;base64,'
                                          + base64.b64encode(_pretty(HIDDEN_SVG).encode()).decode() + '">'), id="data-uri"),
    pytest.param("downloads/notes.md", "# Notes\n\n" + _respace(HIDDEN_SVG, " "), id="markup-in-a-text-file"),
    pytest.param("downloads/art.json", json.dumps({"title": "Art", "svg": _pretty(HIDDEN_SVG)}), id="markup-in-json"),
]


@pytest.mark.parametrize("rel, data", VARIANTS)
def test_a_hidden_drawing_however_written_is_found(world, tmp_path, rel, data):
    assert data != HIDDEN_SVG  # never the file's bytes: its content hash cannot find it
    assert items_in(world, tmp_path, rel, data) == {SIGN}


# One path of the drawing, written another way, alone in a drawing of its own.
PATHS = [
    pytest.param('<path d="M40.0 +220 v-150.00 l050-40 30 50 30-50 50 40 v150"/>', id="numbers-and-implicit-commands"),
    pytest.param('<path d="M 40 , 220 v -150 l 50 , -40 l 30 , 50 l 30 , -50 l 50 , 40 v 150"/>', id="commas-everywhere"),
    pytest.param('<svg:path d="M40&#32;220v-150l50-40l30&#x20;50l30-50l50 40v150"/>', id="prefix-and-entities"),
    pytest.param("<PATH D='M40 220v-150l50-40l30 50l30-50l50 40v150'/>", id="capitals-single-quotes"),
    pytest.param('<path\n  fill="none"\n  d="M40 220v-150l50-40\n     l30 50l30-50l50 40v150"\n/>', id="wrapped-over-lines"),
    pytest.param('<polygon points="52 160 84 132 116 160 148 132 180 160"/>', id="points-as-a-polygon"),
    pytest.param('<path d="M196 48a18 18 0 1 0 14 26a14 14 0 1 1 -14 -26z"/>', id="an-arc"),
]


@pytest.mark.parametrize("element", PATHS)
def test_one_path_of_the_hidden_drawing_written_another_way_is_found(world, tmp_path, element):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240">\n<rect width="9" height="9"/>\n{element}\n</svg>\n'
    assert items_in(world, tmp_path, "images/part.svg", svg) == {SIGN}


_SEPS = st.sampled_from([" ", ",", ", ", "\n", "\t", "  ", " ,"])


@st.composite
def rewritten(draw):
    """The hidden drawing with its path data spaced at random, its attributes in any order, and inside any
    kind of file a site publishes."""
    def one(m: re.Match) -> str:
        tokens = re.findall(r"[A-Za-z]|-?\d*\.?\d+", m.group(2))
        out = tokens[0]
        for t in tokens[1:]:
            may_touch = out[-1].isalpha() or t.isalpha() or t.startswith("-")
            out += draw(st.sampled_from(["", " "]) if may_touch else _SEPS) + t
        return f'{m.group(1)}="{out}"'
    svg = re.sub(r'\b(d|points)="([^"]*)"', one, HIDDEN_SVG)
    if draw(st.booleans()):
        svg = _reorder(svg)
    if draw(st.booleans()):
        svg = _pretty(svg)
    box = draw(st.sampled_from(["svg", "page", "zip"]))
    if box == "page":
        return "about/index.html", page(f"<p>{svg}</p>")
    if box == "zip":
        return "downloads/pack.zip", zipped("lamp.svg", svg)
    return "images/object-13.svg", svg


@given(rewritten())
def test_the_hidden_drawing_reformatted_at_random_is_found(world, scratch, case):
    rel, data = case
    assert items_in(world, scratch, rel, data) == {SIGN}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("scratch")


# === ... and what is not the hidden drawing is not ========================================================

def _svg(*paths: str) -> str:
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(f'<path d="{d}"/>' for d in paths) + "</svg>\n"


CLEAN = [
    pytest.param("signs/open-door.svg", LIVE_SVG, id="the-live-sign"),
    pytest.param("about/index.html", page("<p>" + _pretty(_reorder(LIVE_SVG)) + "</p>"), id="the-live-sign-inline"),
    pytest.param("images/logo.svg", LOGO_SVG, id="the-logo"),
    pytest.param("about/index.html", page(f"<p>{LOGO_SVG}</p>"), id="the-logo-inline"),
    pytest.param("images/frame.svg", _svg(FRAME), id="the-shared-frame"),
    pytest.param("images/frame-and-logo.svg", _svg(FRAME, LOGO, SHORT), id="all-the-shared-artwork"),
    pytest.param("images/other.svg", _svg(OTHER, "M150 60h36l18 18v46h-54z"), id="a-different-drawing"),
    pytest.param("images/changed.svg", _svg("M40 220v-150l50-40l30 50l30-50l50 40v151"), id="one-number-changed"),
    pytest.param("images/longer.svg", _svg(OWN1 + "0"), id="a-longer-last-number"),
    pytest.param("images/line.svg", _svg(SHORT), id="a-short-path-of-the-drawing"),
    pytest.param("about/index.html", page("<p>The drawing is 240 by 240, with numbers 40 220 150 50 40 30 50.</p>"),
                 id="the-numbers-as-text"),
]


@pytest.mark.parametrize("rel, data", CLEAN)
def test_what_is_not_the_hidden_drawing_is_not_found(world, tmp_path, rel, data):
    assert items_in(world, tmp_path, rel, data) == set()


def test_an_evergreen_copy_of_the_drawing_is_no_shared_artwork(tmp_path):
    """Artwork in an evergreen file is shared only if that file is not the drawing itself: a copy saved under
    docs/images/ (the slip) or pasted into a page holds all of it, and stays a needle."""
    cache_mod._MEMORY.clear()
    copy = {"docs/images/object-13.svg": _pretty(HIDDEN_SVG), "docs/notes.md": f"# Notes\n\n{_reorder(HIDDEN_SVG)}"}
    a = auditor_of(make_project(tmp_path / "proj", copy))
    drawn = {n.text for n in a.needles.all if n.kind == "drawing"}
    assert drawn == {canonical(OWN1).casefold(), canonical(OWN2).casefold(), canonical(OWN_POINTS)}
    part = {"docs/images/lamp-part.svg": _svg(OWN2, SHORT)}  # part of it, on its own: shared artwork
    a = auditor_of(make_project(tmp_path / "proj2", part))
    assert {n.text for n in a.needles.all if n.kind == "drawing"} == {canonical(OWN1).casefold(), canonical(OWN_POINTS)}


# === where the editor put it ==============================================================================

def _problems(world, tmp_path, files: dict[str, str], sources: dict[str, str]):
    site = Path(tempfile.mkdtemp(dir=tmp_path))
    for rel, data in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(data, encoding="utf-8")
    findings = world.auditor.scan_site(site)
    return leak_problems(world.auditor.snapshot, findings, sources)


def test_a_pasted_drawing_is_traced_to_the_line_it_was_pasted_at(world, tmp_path):
    md = "# About\n\nAbout the campaign.\n\nThe next object:\n\n" + _pretty(HIDDEN_SVG)
    line = md.split("\n").index(next(x for x in md.split("\n") if OWN1 in x)) + 1
    (world.root / "docs/pasted.md").write_text(md, encoding="utf-8")
    try:
        problems = _problems(world, tmp_path, {"pasted/index.html": page("<p>" + _pretty(HIDDEN_SVG) + "</p>")},
                             {"pasted/index.html": "docs/pasted.md"})
    finally:
        (world.root / "docs/pasted.md").unlink()
    assert [(p.file, p.line) for p in problems] == [("docs/pasted.md", line)]
    text = str(problems[0])
    assert f"the drawing '{SIGN_FILE}'" in text and f"sign '{SIGN}'" in text
    assert "Remove the drawing here" in text and "shared_wording" not in text


def test_a_copied_drawing_is_traced_to_the_copy(world, tmp_path):
    svg = _pretty(_reorder(HIDDEN_SVG)).replace("\r\n", "\n")
    line = svg.split("\n").index(next(x for x in svg.split("\n") if OWN1 in x)) + 1
    (world.root / "docs/images/object-13.svg").write_text(svg, encoding="utf-8")
    try:
        problems = _problems(world, tmp_path, {"images/object-13.svg": svg},
                             {"images/object-13.svg": "docs/images/object-13.svg"})
    finally:
        (world.root / "docs/images/object-13.svg").unlink()
    assert line > 1 and [(p.file, p.line) for p in problems] == [("docs/images/object-13.svg", line)]
    assert f"the drawing '{SIGN_FILE}'" in str(problems[0])


# === a file named after a hidden item =====================================================================

NAMED = [
    pytest.param("images/hidden-story-banner.svg", HIDDEN, id="id-dash"),
    pytest.param("images/hidden-story_banner.png", HIDDEN, id="id-underscore"),
    pytest.param("downloads/Hidden-Story-Handout.PDF", HIDDEN, id="capitals"),
    pytest.param("images/hidden%2Dstory-banner.svg", HIDDEN, id="pct-escaped"),
    pytest.param("images/guide-to-harbours-map.png", GUIDE, id="page-name"),
    pytest.param("images/harbour-guide-cover.jpg", GUIDE, id="id-of-another-page-name"),
    pytest.param("images/hidden-story-2-banner-hidden-story-x.svg", None, id="longer-public-name-first"),
    pytest.param("images/hidden-story-2-banner.svg", None, id="a-live-items-file"),
    pytest.param("images/hidden-story-2.svg", None, id="the-live-id-itself"),
    pytest.param("images/hidden-storyteller.svg", None, id="no-separator"),
    pytest.param("images/beacon-banner.svg", None, id="one-word-id"),
    pytest.param("images/my-hidden-story-banner.svg", None, id="not-at-the-start"),
    # after a date, a number or a draft's marks only (an editor's naming habits), joined by '-' or '_'
    pytest.param("downloads/2026-12-09-hidden-story-poster.pdf", HIDDEN, id="date-first"),
    pytest.param("downloads/DRAFT_hidden-story.docx", HIDDEN, id="draft-mark-first"),
    pytest.param("downloads/v2-final_hidden-story.pdf", HIDDEN, id="version-marks-first"),
    pytest.param("downloads/2026-12-09-guide-to-harbours.pdf", GUIDE, id="date-first-page-name"),
    pytest.param("downloads/2026-12-09-hidden-story-2-poster.pdf", None, id="date-first-longer-public-name"),
    pytest.param("downloads/2026-12-09-stand-rota.pdf", None, id="date-first-other-name"),
    pytest.param("downloads/draft-my-hidden-story.pdf", None, id="draft-mark-then-other-words"),
    # the title as a slug, joined to more words ('Quiet Harbour Warning' is hidden-story's title)
    pytest.param("downloads/quiet-harbour-warning-poster.pdf", HIDDEN, id="title-slug-first"),
    pytest.param("downloads/2026-12-09_quiet_harbour_warning.pdf", HIDDEN, id="date-then-title-slug"),
    # '+' for a space, as a web form saves a name
    pytest.param("downloads/Quiet+Harbour+Warning.pdf", HIDDEN, id="plus-for-space"),
    pytest.param("images/live-page-hidden-story.svg", None, id="a-live-name-first"),
]


@pytest.mark.parametrize("rel, item", NAMED)
def test_a_file_named_after_a_hidden_item_is_its_file(world, tmp_path, rel, item):
    assert items_in(world, tmp_path, rel, "<svg xmlns='http://www.w3.org/2000/svg'><text>Banner</text></svg>\n") == \
        ({item} if item else set())


@pytest.mark.parametrize("member, item", [("images/hidden-story-banner.svg", HIDDEN), ("guide-to-harbours_1.png", GUIDE),
                                          ("images/hidden-story-2-banner.svg", None)])
@pytest.mark.parametrize("box", ["zip", "tar"])
def test_a_member_named_after_a_hidden_item_is_found_in_a_container(world, tmp_path, member, item, box):
    buf = io.BytesIO()
    if box == "zip":
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(member, "Banner")
    else:
        with tarfile.open(fileobj=buf, mode="w:gz") as t:
            info = tarfile.TarInfo(member)
            info.size = 6
            t.addfile(info, io.BytesIO(b"Banner"))
    rel = "downloads/pack.zip" if box == "zip" else "downloads/pack.tar.gz"
    assert items_in(world, tmp_path, rel, buf.getvalue()) == ({item} if item else set())


@pytest.mark.parametrize("text", ["See ../hidden-story-2/ and hidden-story-2-banner.svg.",
                                  "The hidden-story-banner is ready.",
                                  '<img src="../images/hidden-story-banner-small.png" alt="">'])
def test_text_in_pages_keeps_the_whole_word_rule(world, tmp_path, text):
    """Only file names count from their start: in a page's text, 'hidden-story-banner' is not hidden-story
    (a link to a file of that name is found as the published file's own name, above)."""
    assert items_in(world, tmp_path, "about/index.html", page(f"<p>{text}</p>")) == set()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text, item", [("hidden-story-2", None), ("xhidden-story-2", None), ("hidden-story-2x", None),
                                        ("Ahidden-story", HIDDEN), ("hidden-storyB", HIDDEN), ("hidden-story-3", HIDDEN)])
def test_a_utf16_string_in_binary_data_counts_whatever_touches_it_but_a_longer_public_name(world, tmp_path, codec, text, item):
    """UTF-16 in binary data has no marked edges, so 'Ahidden-story' (a length byte before it) is hidden-story;
    but the live hidden-story-2 stays hidden-story-2, whatever touches it."""
    data = bytes(range(256)) + text.encode(codec) + bytes(range(255, -1, -1))
    assert items_in(world, tmp_path, "downloads/names.dat", data) == ({item} if item else set())


LIVE_HOLDING = "Unquiet Harbour Warnings"  # the live hidden-story-2's title in _retitled: it holds the hidden one


def _retitled(root: Path, title: str = LIVE_HOLDING) -> Path:
    """The project with the live hidden-story-2 titled `title` (a plan check refuses a live title holding a
    hidden one as words; inside a word, as here, it is the editor's own business)."""
    plan = root / "campaign_plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('"Open Meadow Bulletin"', f'"{title}"'), encoding="utf-8")
    return root


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("before, after", [(b"", b""), (b"A", b"B"), (b"\x05", b"\x00"), (b"\xcc", b"\xcc\x81")])
def test_a_live_title_holding_a_hidden_one_in_binary_data_is_no_finding(tmp_path, codec, before, after):
    """Binary data read without the whole-word rule (UTF-16, and text of several words in its 8-bit text) holds
    the live 'Unquiet Harbour Warnings': the hidden 'Quiet Harbour Warning' inside it is the live title's, not a
    finding. The hidden title touched by other bytes elsewhere in the same file still is."""
    auditor = auditor_of(_retitled(make_project(tmp_path / "proj")))
    pad = bytes(range(256)) + b"\x00\x00"
    live = pad + before + LIVE_HOLDING.encode(codec) + after + pad[::-1]
    path = tmp_path / "blob"
    path.write_bytes(live)
    assert auditor.scan_file(path, "downloads/names.dat") == []
    path.write_bytes(live + b"\x00\x00Z" + "Quiet Harbour Warning".encode(codec) + b"s" + pad)
    assert {f.item for f in auditor.scan_file(path, "downloads/names.dat")} == {HIDDEN}


def test_a_download_read_clean_for_a_live_title_is_read_again_once_that_title_is_gone(tmp_path):
    """The memo: a download read clean because the hidden title in it was part of a live title is read again
    once the editor retitles that item (nothing hidden changed: no needle is new)."""
    from campaign.audit import memo as memo_mod
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads/names.dat").write_bytes(bytes(range(256)) + b"\x18" + LIVE_HOLDING.encode() + bytes(range(255, -1, -1)))
    assert auditor_of(_retitled(make_project(tmp_path / "a")), memo=slot).scan_site(site) == []
    retitled = _retitled(make_project(tmp_path / "b"), "Open Meadow Notes")
    fresh = [(f.file, f.item) for f in auditor_of(retitled).scan_site(site)]
    assert fresh == [("downloads/names.dat", HIDDEN)]
    assert [(f.file, f.item) for f in auditor_of(retitled, memo=slot).scan_site(site)] == fresh
    memo_mod.forget(slot)


# === the memo of files read clean (audit/memo.py) never hides them =========================================

def test_a_member_read_clean_under_a_live_name_is_read_again_once_that_name_is_gone(tmp_path):
    """hidden-story-2-banner.svg in a zip is the live hidden-story-2's while it is in the plan; once the editor
    deletes that item, the same zip's member is named after the hidden hidden-story, memo or not."""
    from campaign.audit import memo as memo_mod
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads/pack.zip").write_bytes(zipped("images/hidden-story-2-banner.svg", "<svg/>"))
    with_live = make_project(tmp_path / "a")
    assert auditor_of(with_live, memo=slot).scan_site(site) == []
    without = make_project(tmp_path / "b", drop=("hidden-story-2",))
    fresh = [(f.file, f.item) for f in auditor_of(without).scan_site(site)]
    assert fresh == [("downloads/pack.zip!images/hidden-story-2-banner.svg", HIDDEN)]
    assert [(f.file, f.item) for f in auditor_of(without, memo=slot).scan_site(site)] == fresh
    memo_mod.forget(slot)


def test_a_drawing_read_clean_while_its_sign_was_live_is_read_again_when_it_is_hidden(tmp_path):
    from campaign.audit import memo as memo_mod
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    root = make_project(tmp_path / "proj")
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "about/index.html").write_text(page("<p>" + _pretty(HIDDEN_SVG) + "</p>"), encoding="utf-8")
    assert auditor_of(root, "2027-02-01 12:00", memo=slot).scan_site(site) == []  # the sign is live then
    assert {f.item for f in auditor_of(root, memo=slot).scan_site(site)} == {SIGN}
    memo_mod.forget(slot)


def test_a_file_named_after_a_hidden_item_says_rename_it(world, tmp_path):
    problems = _problems(world, tmp_path, {"images/hidden-story-banner.svg": "<svg/>\n"},
                         {"images/hidden-story-banner.svg": "docs/images/hidden-story-banner.svg"})
    assert [(p.file, p.line) for p in problems] == [("docs/images/hidden-story-banner.svg", 1)]
    text = str(problems[0])
    assert "the file name 'hidden-story-banner.svg' starts with the id 'hidden-story' of article 'hidden-story'" in text
    assert "Rename the file" in text and "move it into the item's release" in text


def test_a_file_named_after_a_hidden_item_after_a_date_says_where(world, tmp_path):
    name = "2026-12-09-hidden-story-poster.pdf"
    problems = _problems(world, tmp_path, {f"downloads/{name}": "%PDF"}, {f"downloads/{name}": f"docs/downloads/{name}"})
    assert [(p.file, p.line) for p in problems] == [(f"docs/downloads/{name}", 1)]
    assert (f"the file name '{name}' holds, after a date or a draft's mark, the id 'hidden-story' of article "
            "'hidden-story'") in str(problems[0])
