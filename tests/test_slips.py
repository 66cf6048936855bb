"""Honest editors' slips, end to end: each is one real build of a throw-away project that must FAIL, name
the editor's file (and line) and the item, and leave site/ exactly as it was. Controls (evergreen text,
declared shared wording, a live item's own text) must build. Binary fixtures are made here, never committed.

Five classes (issue 23): shared wording, copies outside the gated folders, text variants, needles never
looked for before, containers never opened; plus the audit's own bad input (bombs, broken files, 1 GB)."""
from __future__ import annotations

import gzip
import io
import shutil
import zipfile
import zlib

import pytest

import container_files as cf
from conftest import ROOT, Project

NOW = "2026-10-01 12:00"
TITLE = "Quiet Harbour Warning"  # the embargoed article's title
SUMMARY = "What the harbour patrol saw before anyone else did, and why it matters"
SENTENCE = "The lantern keeper counted eleven children crossing the harbour bridge after midnight"
BODY = f"{SENTENCE}.\n\nNobody asked where they were going or who had sent them there at that hour.\n"
EPISODE = "Secret Lantern Episode"
CUE = "welcome back to the lantern podcast where we follow the night crossings closely"
SIGN_ALT = "A blue lantern hanging on a rusty harbour railing"
EVENT = "Harbour Night Briefing Session"
PLACE = "Lantern House, Room 14"


def make(tmp_path) -> Project:
    p = Project(tmp_path / "proj")
    live = p.article("live-page", "Plainly Visible Notice", "2026-09-08 08:00", body="A live page.\n")
    hidden = p.article("hidden-story", TITLE, "2027-01-05 08:00", body=BODY, extra=f'summary: "{SUMMARY}."')
    (p.path / "podcast").mkdir(exist_ok=True)
    shutil.copy(ROOT / "podcast/ep02.mp3", p.path / "podcast/ep02.mp3")
    p.write("podcast/ep02.vtt", f"WEBVTT\n\n00:00.000 --> 00:05.000\n{CUE.capitalize()}.\n")
    p.write("docs/signs/blue-lantern.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                           '<title>lantern sign drawing</title></svg>\n')
    others = f"""\
- id: episode-hidden
  kind: episode
  number: 2
  title: "{EPISODE}"
  theme: child-abuse
  notes: "Show notes."
  audio: podcast/ep02.mp3
  transcript: podcast/ep02.vtt
  release: "2027-02-01 10:00"
- id: sign-blue-lantern
  kind: sign
  title: "A blue lantern at night"
  image: docs/signs/blue-lantern.svg
  alt: "{SIGN_ALT}"
  meaning: "Children moving at night between places they have no reason to be"
  what_to_do: "Note the time and place and tell the night duty sergeant straight away"
  release: "2027-02-02 10:00"
- id: harbour-night-briefing
  kind: event
  title: "{EVENT}"
  audience: "Harbour teams"
  booking: "Ask the harbour desk"
  place: "{PLACE}"
  starts: "2027-03-01 10:00"
  ends: "2027-03-01 11:00"
  release: "2027-02-01 10:00"
- id: live-meetup
  kind: event
  title: "An open meeting for everyone"
  audience: "All staff"
  booking: "Just come along"
  place: "Main hall"
  starts: "2026-10-20 10:00"
  ends: "2026-10-20 11:00"
  release: "2026-09-20 10:00"
"""
    p.plan(live + hidden + others)
    p.write("site/index.html", "the previous published site\n")
    return p


def snapshot(p: Project):
    return sorted((x.relative_to(p.site).as_posix(), x.read_bytes()) for x in p.site.rglob("*") if x.is_file())


# --- binary fixtures ---------------------------------------------------------------------------

def zipped(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx(text: str) -> bytes:
    # Word splits text into runs; a title often spans two of them.
    half = len(text) // 2
    body = (f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            f'<w:r><w:t>{text[:half]}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{text[half:]}</w:t></w:r>'
            f'</w:p></w:body></w:document>')
    return zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": body})


def xlsx(text: str) -> bytes:
    return zipped({"[Content_Types].xml": "<Types/>", "xl/sharedStrings.xml": f"<sst><si><t>{text}</t></si></sst>",
                   "xl/worksheets/sheet1.xml": "<worksheet/>"})


def pptx(text: str) -> bytes:
    return zipped({"[Content_Types].xml": "<Types/>",
                   "ppt/slides/slide1.xml": f"<p:sld><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:sld>"})


def odt(text: str) -> bytes:
    return zipped({"mimetype": "application/vnd.oasis.opendocument.text",
                   "content.xml": f"<office:document-content><text:p>{text}</text:p></office:document-content>"})


def pdf(text: str = "", title: str = "", compress: bool = True, encrypt: bool = False) -> bytes:
    """A minimal real PDF: one page with `text` in a (Flate-compressed) content stream, metadata Title."""
    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

    w = PdfWriter()
    page = w.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): w._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = w._add_object(stream)
    if compress:
        page.compress_content_streams()
    if title:
        w.add_metadata({"/Title": title})
    if encrypt:
        w.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def stripped_mp3() -> bytes:
    """The embargoed episode's audio with every tag removed (what an editor's converter does)."""
    data = (ROOT / "podcast/ep02.mp3").read_bytes()
    size = 10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(data[6:10]))
    frames = data[size:]
    return frames[:-128] if frames[-128:-125] == b"TAG" else frames


def bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("zeros.txt", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(80):  # 80 MB of zeros: about 80 KB compressed
                fh.write(chunk)
    return buf.getvalue()


def frames_of(rel: str, start: float, end: float) -> bytes:
    """An MP3's frames from `start` to `end` (fractions of its length), cut where frames start (no re-encoding)."""
    data = (ROOT / rel).read_bytes()
    frames = cf.mp3_frames(data)
    a, b = frames[int(len(frames) * start)], frames[int(len(frames) * end) - 1]
    return data[a[0]:b[0] + b[1]]


# A live episode added to the plan (podcast/ep01.mp3, whose bytes each case gives).
LIVE_EPISODE = ("- id: sign-blue-lantern", """- id: episode-live
    kind: episode
    number: 1
    title: "An episode out now"
    theme: child-abuse
    notes: "Show notes."
    audio: podcast/ep01.mp3
    transcript: podcast/ep01.vtt
    release: "2026-09-20 10:00"
  - id: sign-blue-lantern""")

SOFT = TITLE.replace("Harbour", "Har\u00adbour")
ZW = TITLE.replace("Warning", "Warn\u200bing")

# (name, {file: content or ("symlink", target) or ("copy", source) or ("append", text)}, expected source file)
SLIPS = [
    # 1. shared wording: a published title, heading or nav label holding the embargoed title
    ("heading-coming-soon", {"docs/coming-soon.md": f"# Coming soon: {TITLE}\n\nSoon.\n"}, "docs/coming-soon.md:1"),
    ("heading-in-live-page", {"docs/articles/live-page.md": f"A live page.\n\n## Next: {TITLE}\n"}, "docs/articles/live-page.md:3"),
    ("front-matter-title", {"docs/teaser.md": f"---\ntitle: {TITLE} preview\n---\nText.\n"}, "docs/teaser.md:2"),
    ("live-title-contains", {"@plan": ("Plainly Visible Notice", f"{TITLE}: a notice")}, "campaign_plan.yaml"),
    ("setext-heading", {"docs/teaser.md": f"{TITLE}\n=====\n\nText.\n"}, "docs/teaser.md:1"),
    # 2. copies outside the gated folders
    ("copy-in-drafts", {"docs/drafts/x.md": ("copy", "docs/articles/hidden-story.md")}, "docs/drafts/x.md:1"),
    ("edited-copy-in-drafts", {"docs/drafts/y.md": "Draft notes.\n\n" + BODY}, "docs/drafts/y.md:3"),
    ("symlink-to-file", {"docs/drafts/z.md": ("symlink", "../articles/hidden-story.md")}, "docs/drafts/z.md:1"),
    ("symlink-to-folder", {"docs/mirror": ("symlink", "articles")}, "docs/mirror:1"),
    ("symlink-in-overrides", {"overrides/x.html": ("symlink", "../docs/articles/hidden-story.md")}, "overrides/x.html:1"),
    ("snippet-include", {"@snippets": True, "docs/teaser.md": '# Teaser\n\n--8<-- "docs/articles/hidden-story.md"\n'},
     "docs/teaser.md:3"),
    ("snippet-block-include", {"@snippets": True, "docs/teaser.md": "# Teaser\n\n--8<--\ndocs/articles/hidden-story.md\n--8<--\n"},
     "docs/teaser.md:4"),
    ("sign-svg-copied", {"docs/images/lantern.svg": ("copy", "docs/signs/blue-lantern.svg")}, "docs/images/lantern.svg:1"),
    ("transcript-copied", {"docs/podcast/ep2.vtt": ("copy", "podcast/ep02.vtt")}, "docs/podcast/ep2.vtt:1"),
    ("mp3-copied", {"docs/media/ep.mp3": ("copy", "podcast/ep02.mp3")}, "docs/media/ep.mp3:1"),
    ("mp3-tags-stripped", {"docs/media/ep.mp3": stripped_mp3}, "docs/media/ep.mp3:1"),
    ("mp3-trailer-clip", {"docs/media/trailer.mp3": lambda: frames_of("podcast/ep02.mp3", 0, 0.3)}, "docs/media/trailer.mp3:1"),
    ("next-time-teaser-in-a-live-episode", {"@plan": LIVE_EPISODE, "podcast/ep01.vtt": ("copy", "podcast/ep02.vtt"),
                                            "podcast/ep01.mp3": lambda: (ROOT / "podcast/ep01.mp3").read_bytes()
                                            + frames_of("podcast/ep02.mp3", 0.5, 0.6)}, "podcast/ep01.mp3:1"),
    ("transcript-text-pasted", {"docs/teaser.md": f"Listen soon, {CUE}.\n"}, "docs/teaser.md:1"),
    # 3. text variants
    ("soft-hyphen-title", {"docs/teaser.md": f"Coming next, {SOFT}.\n"}, "docs/teaser.md:1"),
    ("zero-width-title", {"docs/teaser.md": f"Coming next, {ZW}.\n"}, "docs/teaser.md:1"),
    ("curly-apostrophe", {"@plan": (TITLE, "Quiet Harbour's Warning"), "docs/teaser.md": "Coming next, Quiet Harbour\u2019s Warning.\n"},
     "docs/teaser.md:1"),
    ("nbsp-title", {"docs/teaser.md": "Coming next, Quiet\u00a0Harbour Warning.\n"}, "docs/teaser.md:1"),
    ("double-space-title", {"docs/teaser.md": "Coming next, Quiet  Harbour   Warning.\n"}, "docs/teaser.md:1"),
    ("nbsp-description", {"docs/teaser.md": "---\ndescription: \"Coming next, Quiet\u00a0Harbour  Warning\"\n---\nText.\n"},
     "docs/teaser.md:2"),
    ("fullwidth-title", {"docs/teaser.md": "Coming next, \uff31uiet Harbour Warning.\n"}, "docs/teaser.md:1"),
    ("uppercase-title", {"docs/teaser.md": "COMING NEXT, QUIET HARBOUR WARNING!\n"}, "docs/teaser.md:1"),
    ("event-summary-nbsp", {"@plan": ('title: "An open meeting for everyone"',
                                      'title: "An open meeting for everyone"\n  summary: "Ahead of Quiet\u00a0Harbour Warning"')},
     "campaign_plan.yaml"),
    ("entity-title", {"docs/teaser.md": "Coming next, Quiet Harb&#111;ur Warning.\n"}, "docs/teaser.md:1"),
    ("split-by-emphasis", {"docs/teaser.md": "Coming next, Quiet *Harbour* Warning.\n"}, "docs/teaser.md:1"),
    # 4. needles never looked for before
    ("id-in-comment", {"docs/teaser.md": "Soon.\n<!-- TODO link to hidden-story -->\n"}, "docs/teaser.md:2"),
    ("raw-href-no-slash", {"docs/teaser.md": 'See <a href="articles/hidden-story">this</a>.\n'}, "docs/teaser.md:1"),
    ("url-typed-as-text", {"docs/teaser.md": "Go to https://intranet.example/campaigns/spot-it/articles/hidden-story soon.\n"},
     "docs/teaser.md:1"),
    ("url-index-html", {"docs/teaser.md": "The address is /articles/hidden-story/index.html\n"}, "docs/teaser.md:1"),
    ("url-pct-encoded", {"docs/teaser.md": 'See <a href="articles/hidden%2Dstory/">x</a>.\n'}, "docs/teaser.md:1"),
    ("id-in-live-event-place", {"@plan": ('place: "Main hall"', 'place: "Main hall (see hidden-story)"')},
     "campaign_plan.yaml"),
    ("summary-pasted", {"docs/articles/live-page.md": f"A live page.\n\n{SUMMARY}.\n"}, "docs/articles/live-page.md:3"),
    ("summary-in-live-plan", {"@plan": ('title: "Plainly Visible Notice"', f'title: "Plainly Visible Notice"\n  summary: "{SUMMARY}."')},
     "campaign_plan.yaml"),
    ("body-sentence-pasted", {"docs/articles/live-page.md": f"A live page.\n\n{SENTENCE}.\n"}, "docs/articles/live-page.md:3"),
    ("sign-alt-pasted", {"docs/teaser.md": f"![{SIGN_ALT}](images/logo.svg)\n"}, "docs/teaser.md:1"),
    ("event-title-pasted", {"docs/teaser.md": f"Book now for {EVENT}.\n"}, "docs/teaser.md:1"),
    ("event-place-pasted", {"docs/teaser.md": f"Meet at {PLACE}.\n"}, "docs/teaser.md:1"),
    ("episode-audio-name", {"docs/teaser.md": "Listen to ep02.mp3\n"}, "docs/teaser.md:1"),
    ("title-slug-download", {"docs/downloads/quiet-harbour-warning.txt": "Notes for later.\n"},
     "docs/downloads/quiet-harbour-warning.txt"),
    ("title-slug-anchor", {"docs/teaser.md": "See [the warning](#quiet_harbour_warning).\n"}, "docs/teaser.md:1"),
    ("sign-stem-renamed-copy", {"docs/images/blue-lantern.png": b"\x89PNG\r\n\x1a\n not the sign's bytes"},
     "docs/images/blue-lantern.png"),
    ("sub-path-link-in-html-download", {"docs/downloads/links.html": '<a href="/campaigns/spot-it/articles/x/../hidden-%73tory/">x</a>\n'},
     "docs/downloads/links.html:1"),
    # 5. containers never opened
    ("zip-download", {"docs/downloads/pack.zip": lambda: zipped({"notes.txt": f"Soon: {TITLE}"})}, "docs/downloads/pack.zip"),
    ("nested-zip", {"docs/downloads/pack.zip": lambda: zipped({"inner.zip": zipped({"a/notes.txt": SENTENCE})})},
     "docs/downloads/pack.zip"),
    ("docx-download", {"docs/downloads/brief.docx": lambda: docx(TITLE)}, "docs/downloads/brief.docx"),
    ("xlsx-download", {"docs/downloads/plan.xlsx": lambda: xlsx(SUMMARY)}, "docs/downloads/plan.xlsx"),
    ("pptx-download", {"docs/downloads/deck.pptx": lambda: pptx(EVENT)}, "docs/downloads/deck.pptx"),
    ("odt-download", {"docs/downloads/note.odt": lambda: odt(TITLE)}, "docs/downloads/note.odt"),
    ("pdf-text", {"docs/downloads/brief.pdf": lambda: pdf(text=f"Coming next, {TITLE}")}, "docs/downloads/brief.pdf"),
    ("pdf-metadata", {"docs/downloads/brief.pdf": lambda: pdf(text="Nothing here", title=TITLE)}, "docs/downloads/brief.pdf"),
    ("utf16-text", {"docs/downloads/export.txt": lambda: ("\ufeff" + f"id\ttitle\r\n1\t{TITLE}\r\n").encode("utf-16-le")},
     "docs/downloads/export.txt"),
    ("utf16-no-bom", {"docs/downloads/export.csv": lambda: f"title\r\n{TITLE}\r\n".encode("utf-16-le")},
     "docs/downloads/export.csv"),
    ("gzip-download", {"docs/downloads/notes.txt.gz": lambda: gzip.compress(f"Coming next, {TITLE}".encode())},
     "docs/downloads/notes.txt.gz"),
    ("xz-download", {"docs/downloads/notes.txt.xz": lambda: cf.compress("xz", f"Coming next, {TITLE}".encode())},
     "docs/downloads/notes.txt.xz"),
    ("tar-gz-download", {"docs/downloads/pack.tar.gz": lambda: cf.tar({"brief/notes.txt": SENTENCE.encode()}, "gz")},
     "docs/downloads/pack.tar.gz"),
    ("doc-download", {"docs/downloads/brief.doc": lambda: cf.doc(f"Draft: {TITLE}")}, "docs/downloads/brief.doc"),
    ("xls-8bit-download", {"docs/downloads/plan.xls": lambda: cf.doc(SUMMARY, utf16=False)}, "docs/downloads/plan.xls"),
    ("png-text-chunk", {"docs/images/teaser.png": lambda: cf.png_text(f"Artwork for {TITLE}", "zTXt")}, "docs/images/teaser.png"),
    ("rtf-download", {"docs/downloads/brief.rtf": lambda: cf.rtf(f"Draft: {TITLE}").replace(b"Harbour", b"{\\b Harb}our")},
     "docs/downloads/brief.rtf"),
    ("utf16-in-binary", {"docs/downloads/data.bin": lambda: cf.utf16_in_binary(TITLE)}, "docs/downloads/data.bin"),
    # a string stored right after a 16-bit length (0x41: 'A') or before another field: nothing marks its edges
    ("utf16-after-a-length", {"docs/downloads/names.dat": lambda: bytes(range(256)) + b"A\0" + TITLE.encode("utf-16-le")
                              + b"B\0" + bytes(range(255, -1, -1))}, "docs/downloads/names.dat"),
    ("utf16-be-in-binary", {"docs/downloads/names.res": lambda: bytes(range(256)) + b"\x05" + TITLE.encode("utf-16-be")
                            + b"\x03\x01" + bytes(range(255, -1, -1))}, "docs/downloads/names.res"),
    # a title with CJK and an emoji (a surrogate pair) in UTF-16 inside binary data, after a 16-bit length
    ("utf16-title-with-cjk-and-an-emoji", {"@plan": ('"Quiet Harbour Warning"', '"Quiet Harbour 🌊 港口 Warning"'),
                                           "docs/downloads/names.res": lambda: bytes(range(256)) + b"\x1a\x00"
                                           + "Quiet Harbour 🌊 港口 Warning".encode("utf-16-le") + bytes(range(255, -1, -1))},
     "docs/downloads/names.res"),
    # ASCII in binary data after a letter byte: a length (a summary of 71 characters: 'G') or another field
    ("8bit-after-a-letter", {"docs/downloads/names.dat": lambda: bytes(range(256)) + b"A" + TITLE.encode() + b"B"
                             + bytes(range(255, -1, -1))}, "docs/downloads/names.dat"),
    ("pascal-string-in-ascii-records", {"docs/downloads/records.dat": lambda: b"\0\0\0\x02" + bytes([len(SUMMARY) + 1])
                                        + f"{SUMMARY}.".encode() + b"\0\x01"}, "docs/downloads/records.dat"),
    # the audit's own bad input: fail closed, never hang
    ("zip-bomb", {"docs/downloads/big.zip": bomb}, "docs/downloads/big.zip"),
    ("encrypted-pdf", {"docs/downloads/locked.pdf": lambda: pdf(text="Nothing", encrypt=True)}, "docs/downloads/locked.pdf"),
    ("corrupt-pdf", {"docs/downloads/broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer"},
     "docs/downloads/broken.pdf"),
    ("corrupt-zip", {"docs/downloads/broken.zip": b"PK\x03\x04" + b"\x00" * 40}, "docs/downloads/broken.zip"),
    ("sparse-1gb", {"docs/downloads/huge.bin": ("sparse", 1 << 30)}, "docs/downloads/huge.bin:1"),
    ("7z-archive", {"docs/downloads/pack.7z": b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\0" * 64}, "docs/downloads/pack.7z"),
    ("xz-bomb", {"docs/downloads/big.xz": lambda: cf.compress("xz", b"\0" * (80 << 20))}, "docs/downloads/big.xz"),
]

ITEM_OF = {name: None for name, _, _ in SLIPS}


def apply(p: Project, files: dict) -> None:
    for rel, value in files.items():
        if rel == "@plan":
            plan = p.path / "campaign_plan.yaml"
            plan.write_text(plan.read_text(encoding="utf-8").replace(*value, 1), encoding="utf-8")
            continue
        if rel == "@snippets":
            yml = p.path / "mkdocs.yml"
            yml.write_text(yml.read_text().replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                                   "      base_path: [\".\"]\n"), encoding="utf-8")
            continue
        target = p.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(value):
            value = value()
        if isinstance(value, tuple) and value[0] == "symlink":
            target.symlink_to(value[1])
        elif isinstance(value, tuple) and value[0] == "copy":
            shutil.copy(p.path / value[1], target)
        elif isinstance(value, tuple) and value[0] == "sparse":
            with open(target, "wb") as fh:
                fh.truncate(value[1])
        else:
            p.write(rel, value)


def test_the_corpus_has_forty_slips_in_five_classes():
    assert len(SLIPS) >= 40 and len({n for n, _, _ in SLIPS}) == len(SLIPS)


@pytest.mark.parametrize("name, files, where", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_slip_fails_the_build_naming_the_file_and_leaves_site_untouched(tmp_path, name, files, where):
    p = make(tmp_path)
    apply(p, files)
    before = snapshot(p)
    code, err = p.build(NOW)
    assert code == 1, f"{name} built:\n{err}"
    lines = [line for line in err.splitlines() if line.startswith(where.split(":")[0])]
    assert lines, f"{name}: no problem names {where}:\n{err}"
    if ":" in where:
        assert any(line.startswith(where + ":") for line in lines), f"{name}: not at {where}:\n{err}"
    assert all("fix:" in line for line in lines), err
    assert snapshot(p) == before
    assert not [x for x in p.path.iterdir() if x.name.startswith(".site")]


CONTROLS = [
    ("evergreen-text", {"docs/teaser.md": "# Harbour safety\n\nWarnings about the harbour are posted weekly.\n"}),
    ("near-miss-title", {"docs/teaser.md": "Quiet Harbour Warnings and a quiet harbour.\n"}),
    ("declared-shared-wording", {"@plan": ("releases:\n", f'shared_wording:\n  - "{SENTENCE}"\nreleases:\n'),
                                 "docs/teaser.md": f"{SENTENCE}.\n"}),
    # A Markdown link to the embargoed page in any URL form becomes its text (the gate), so the build passes.
    ("link-rewritten-sub-path", {"docs/teaser.md": 'See <a href="/campaigns/spot-it/articles/x/../hidden-story/">soon</a>.\n'
                                                   "And [later](https://intranet.example/campaigns/spot-it/articles/hidden-story/index.html).\n"}),
    ("live-items-own-text", {"docs/teaser.md": "Read the Plainly Visible Notice, and come to An open meeting for everyone.\n"}),
    # every episode opens with the same music, encoded alike: a live episode's opening is public
    ("same-opening-music-as-a-live-episode", {"@plan": LIVE_EPISODE, "podcast/ep01.vtt": ("copy", "podcast/ep02.vtt"),
                                              "podcast/ep01.mp3": lambda: frames_of("podcast/ep02.mp3", 0, 0.1)
                                              + frames_of("podcast/ep01.mp3", 0.1, 1)}),
    # a live title holding the hidden one inside its words, in binary data (8-bit after a length byte, UTF-16)
    ("live-title-holding-the-hidden-one-in-binary-data", {
        "@plan": ('"Plainly Visible Notice"', '"Unquiet Harbour Warnings"'),
        "docs/downloads/names.dat": lambda: bytes(range(256)) + b"\x18Unquiet Harbour Warnings" + b"\x18\x00"
        + "Unquiet Harbour Warnings".encode("utf-16-le") + bytes(range(255, -1, -1))}),
    ("clean-downloads", {"docs/downloads/pack.zip": lambda: zipped({"notes.txt": "Plainly Visible Notice"}),
                         "docs/downloads/brief.pdf": lambda: pdf(text="Plainly Visible Notice", title="Notice"),
                         "docs/downloads/brief.docx": lambda: docx("An open meeting for everyone"),
                         "docs/downloads/brief.doc": lambda: cf.doc("Plainly Visible Notice"),
                         "docs/downloads/brief.rtf": lambda: cf.rtf("An open meeting for everyone \u2019"),
                         "docs/downloads/pack.tar.xz": lambda: cf.tar({"a.txt": b"Plainly Visible Notice"}, "xz"),
                         "docs/images/pic.png": lambda: cf.png_text("Plainly Visible Notice", "iTXt")}),
]


@pytest.mark.parametrize("name, files", CONTROLS, ids=[c[0] for c in CONTROLS])
def test_a_control_builds(tmp_path, name, files):
    p = make(tmp_path)
    apply(p, files)
    code, err = p.build(NOW)
    assert code == 0, err


def test_make_check_finds_the_slip_before_a_build(tmp_path):
    import contextlib
    import os

    from campaign.commands import cli

    p = make(tmp_path)
    apply(p, {"docs/coming-soon.md": f"# Coming soon: {TITLE}\n", "docs/drafts/x.md": ("copy", "docs/articles/hidden-story.md")})
    os.environ["CAMPAIGN_NOW"] = NOW
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            code = cli.main(["--root", str(p.path), "check", "--no-build"])
    finally:
        os.environ.pop("CAMPAIGN_NOW")
    assert code == 1
    assert "docs/coming-soon.md:1: the heading" in err.getvalue() and "docs/drafts/x.md:1: this file is a copy" in err.getvalue()
