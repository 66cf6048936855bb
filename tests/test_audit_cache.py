"""Needles kept between builds (audit/cache.py): reused only when nothing they come from changed.

Every input is edited keeping its size and mtime (a cache keyed by time or size would miss the edit), and the
needles must then equal a computation without any cache. A corrupt or foreign cache file is ignored.
"""
from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import HEADER, ROOT

from campaign.audit import cache as cache_mod
from campaign.audit.auditor import Auditor
from campaign.audit.needles import Needles
from campaign.release.snapshot import Snapshot
from campaign.source import plan as plan_mod
from campaign.source.times import parse_instant

NOW = "2026-10-01 12:00"
BODY = ("The harbour lantern was lit every night before the boats came home to the quay.\n\n"
        "Nobody on the north shore remembered who first carried the oil up the hill path.\n")


def _project(root: Path) -> Path:
    (root / "docs/articles").mkdir(parents=True)
    (root / "docs/signs").mkdir()
    (root / "podcast").mkdir()
    (root / "docs/articles/live-page.md").write_text("A page that is live today for every reader of the site.\n")
    (root / "docs/articles/hidden-story.md").write_text(BODY)
    shutil.copy(ROOT / "podcast/ep01.mp3", root / "podcast/ep01.mp3")
    shutil.copy(ROOT / "podcast/ep01.vtt", root / "podcast/ep01.vtt")
    (root / "docs/signs/harbour-lantern.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><text>Lamp</text></svg>\n")
    (root / "mkdocs.yml").write_text("site_name: Test\n")
    entries = [
        '- id: live-page\n  kind: article\n  title: "Plainly Visible Notice"\n  source: docs/articles/live-page.md\n'
        '  release: "2026-09-08 08:00"\n',
        '- id: hidden-story\n  kind: article\n  title: "Quiet Harbour Warning"\n  source: docs/articles/hidden-story.md\n'
        '  summary: "The lantern on the quay tells the boats where home is"\n  release: "2027-01-05 08:00"\n',
        '- id: episode-hidden\n  kind: episode\n  number: 1\n  title: "Secret Lantern Episode"\n  theme: child-abuse\n'
        '  notes: Notes about the lantern and the harbour and the boats at night.\n  audio: podcast/ep01.mp3\n'
        '  transcript: podcast/ep01.vtt\n  release: "2027-02-01 10:00"\n',
        '- id: sign-lamp\n  kind: sign\n  title: "Lamp sign"\n  image: docs/signs/harbour-lantern.svg\n'
        '  alt: A lamp burning late in a window by the harbour\n  meaning: Somebody is waiting up for a child who is late\n'
        '  what_to_do: Ask the family when the child was last seen\n  release: "2027-01-15 08:00"\n',
        '- id: hidden-meetup\n  kind: event\n  title: "Lantern Briefing Session"\n  audience: All officers on the north shore\n'
        '  booking: Ask\n  place: Harbour Room Seven\n  starts: "2027-03-01 10:00"\n  ends: "2027-03-01 11:00"\n'
        '  release: "2027-02-01 10:00"\n',
    ]
    (root / "campaign_plan.yaml").write_text(HEADER + textwrap.indent("".join(entries), "  "), encoding="utf-8")
    return root


def _needles(root: Path, use_cache: bool = True) -> tuple[frozenset, Needles]:
    if not use_cache:
        cache_mod._MEMORY.clear()
        cache_mod._DISK.clear()
        shutil.rmtree(root / ".cache", ignore_errors=True)
    plan = plan_mod.load(root)
    n = Needles(Snapshot(plan, parse_instant(NOW, plan.tz)))
    out = frozenset(n.all)
    n.keep()  # as a build that succeeded does
    return out, n


def _edit(path: Path, old: str, new: str) -> None:
    """Replace `old` by `new` (same length) keeping the file's size and mtime."""
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


@pytest.fixture
def project(tmp_path):
    cache_mod._MEMORY.clear()
    cache_mod._DISK.clear()
    yield _project(tmp_path / "proj")
    cache_mod._MEMORY.clear()
    cache_mod._DISK.clear()


def test_kept_needles_are_reused_from_memory_and_from_disk(project):
    first, n = _needles(project)
    assert n.cache.hits == 0 and (project / cache_mod.CACHE_DIR / cache_mod.FILE_NAME).is_file()
    hidden = len(n.snap.hidden)
    again, n = _needles(project)  # a make serve rebuild: the memory
    assert again == first and n.cache.hits == hidden
    cache_mod._MEMORY.clear()
    cache_mod._DISK.clear()
    again, n = _needles(project)  # the next make build: the disk
    assert again == first and n.cache.hits == hidden


# (file, text in it, same-length replacement, the needle text that must appear afterwards)
EDITS = [
    ("docs/articles/hidden-story.md", "lantern was lit", "lantern was set", "the harbour lantern was set every night"),
    ("podcast/ep01.vtt", None, None, None),  # a transcript cue (chosen from the file below)
    ("campaign_plan.yaml", "Quiet Harbour Warning", "Quiet Harbour Warnink", "quiet harbour warnink"),  # title
    ("campaign_plan.yaml", "tells the boats where home is", "tells the ships where home is", "tells the ships"),  # summary
    ("campaign_plan.yaml", "Harbour Room Seven", "Harbour Room Eight", "harbour room eight"),  # place
    ("campaign_plan.yaml", "burning late in a window", "burning late in a doorwa", "burning late in a doorwa"),  # alt
    ("campaign_plan.yaml", "boats at night.", "boats at noon..", "the boats at noon"),  # episode notes
    ("campaign_plan.yaml", "id: hidden-story", "id: hidden-stary", "hidden-stary"),  # id, slug
]


@pytest.mark.parametrize("edit", EDITS, ids=[f"{e[0]}:{e[1]}" for e in EDITS])
def test_an_edit_keeping_size_and_mtime_changes_the_needles(project, edit):
    rel, old, new, expect = edit
    if old is None:  # a word of the transcript's first long cue, replaced by one as long
        words = [w for w in (project / rel).read_text(encoding="utf-8").split() if w.isalpha() and len(w) >= 6]
        old = words[len(words) // 2]
        new = old[::-1] if old[::-1] != old else old.upper()
        expect = new.casefold()
    before, _ = _needles(project)
    _needles(project)  # the cache holds them
    _edit(project / rel, old, new)
    after, n = _needles(project)
    fresh, _ = _needles(project, use_cache=False)
    assert after == fresh, "the kept needles must be what a computation without the cache gives"
    assert after != before
    assert any(expect in x.text for x in after)


def test_a_live_item_publishing_the_same_bytes_is_asked_again(project):
    """The hidden page's entry is keyed by its own inputs; whether a live item publishes the same bytes
    (then its words are public) is a recorded question, asked again on every build."""
    before, _ = _needles(project)
    assert any(x.kind == "sentence" for x in before)
    live = project / "docs/articles/live-page.md"
    live.write_bytes((project / "docs/articles/hidden-story.md").read_bytes())
    after, n = _needles(project)
    assert after == _needles(project, use_cache=False)[0]
    assert not any(x.kind == "sentence" and x.item == "hidden-story" for x in after)


def test_wording_used_by_two_items_is_asked_again(project):
    alt = "a lamp burning late in a window by the harbour"
    before, _ = _needles(project)
    assert any(x.kind == "sign text" and x.text == alt for x in before)
    (project / "docs/signs/other.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    plan = project / "campaign_plan.yaml"
    text = plan.read_text(encoding="utf-8").replace(  # a live sign with the same alt text: generic wording
        "- id: live-page\n", "- id: sign-live\n    kind: sign\n    title: \"Other sign\"\n"
        "    image: docs/signs/other.svg\n    alt: A lamp burning late in a window by the harbour\n"
        "    meaning: Other\n    what_to_do: Other\n    release: \"2026-09-08 08:00\"\n  - id: live-page\n", 1)
    plan.write_text(text, encoding="utf-8")
    after, _ = _needles(project)
    assert after == _needles(project, use_cache=False)[0]
    assert not any(x.kind == "sign text" and x.text == alt for x in after)


DRAWN = "M40 220v-150l50-40l30 50l30-50l50 40v150"  # the hidden sign's own path data
DRAWN2 = "M196 48a18 18 0 1 0 14 26a14 14 0 1 1 -14 -26z"


def _drawn(paths) -> set:
    return {x.text for x in paths if x.kind == "drawing"}


@pytest.mark.parametrize("where", ["a live sign", "evergreen artwork"])
def test_whether_a_drawing_is_shared_artwork_is_asked_again(project, where):
    """The hidden sign's entry is keyed by its own file; whether a live item's picture or an evergreen file
    draws the same paths (then they are public) is a recorded question, asked again on every build."""
    sign = project / "docs/signs/harbour-lantern.svg"
    sign.write_text(f"<svg xmlns='http://www.w3.org/2000/svg'><path d='{DRAWN}'/><path d='{DRAWN2}'/></svg>\n")
    before, _ = _needles(project)
    assert len(_drawn(before)) == 2
    art = f"<svg xmlns='http://www.w3.org/2000/svg'><path d='{DRAWN2}'/></svg>\n"  # part of it: shared
    if where == "a live sign":
        (project / "docs/signs/other.svg").write_text(art)
        plan = project / "campaign_plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace(
            "- id: live-page\n", "- id: sign-live\n    kind: sign\n    title: \"Other sign\"\n"
            "    image: docs/signs/other.svg\n    alt: Other\n    meaning: Other\n    what_to_do: Other\n"
            "    release: \"2026-09-08 08:00\"\n  - id: live-page\n", 1), encoding="utf-8")
    else:
        (project / "docs/images").mkdir()
        (project / "docs/images/part.svg").write_text(art)
    after, n = _needles(project)
    assert after == _needles(project, use_cache=False)[0]
    assert len(_drawn(after)) == 1 and "a 18 18" not in next(iter(_drawn(after)))
    if where == "evergreen artwork":  # the same file holding the whole drawing is a copy: no longer shared
        (project / "docs/images/part.svg").write_text(sign.read_text())
        again, n = _needles(project)
        assert n.cache.hits and again == _needles(project, use_cache=False)[0] and _drawn(again) == _drawn(before)


def test_a_changed_gated_file_changes_the_hashes(project):
    """The sign's picture gives no needle text, only its content hash (never kept: read every build)."""
    def auditor():
        plan = plan_mod.load(project)
        return Auditor(Snapshot(plan, parse_instant(NOW, plan.tz)))

    a = auditor()
    before = set(a.needles.hashes)
    _edit(project / "docs/signs/harbour-lantern.svg", "Lamp", "Lump")
    a = auditor()
    assert set(a.needles.hashes) != before


@pytest.mark.parametrize("content", [
    b"", b"\x00\xff not json", b'{"format": 1, "code": "x", "entries": {}}', b"[1, 2, 3]", b'{"format": 1',
    "corrupt entries",
])
def test_a_corrupt_cache_file_is_ignored(project, content):
    fresh, _ = _needles(project, use_cache=False)
    path = project / cache_mod.CACHE_DIR / cache_mod.FILE_NAME
    if content == "corrupt entries":  # the right format and code, entries of the wrong shape
        data = json.loads(path.read_bytes())
        for i, key in enumerate(data["entries"]):
            data["entries"][key] = [[["x"]], 5] if i % 2 else "garbage"
        content = json.dumps(data).encode()
    path.write_bytes(content)
    cache_mod._MEMORY.clear()
    cache_mod._DISK.clear()
    got, n = _needles(project)
    assert got == fresh and n.cache.hits == 0
    assert json.loads(path.read_bytes())["code"] == cache_mod.code_digest()  # written again, whole


def test_an_unreadable_cache_is_ignored(project):
    fresh, _ = _needles(project, use_cache=False)
    path = project / cache_mod.CACHE_DIR / cache_mod.FILE_NAME
    path.unlink()
    path.mkdir()  # a folder where the file should be: cannot be read or replaced
    cache_mod._MEMORY.clear()
    cache_mod._DISK.clear()
    got, n = _needles(project)
    assert got == fresh and n.cache.hits == 0


def test_the_cache_lives_outside_the_site_and_is_not_committed():
    assert cache_mod.CACHE_DIR.parts[0] == ".cache"
    assert ".cache/" in (ROOT / ".gitignore").read_text().splitlines()  # at any depth (examples/ too)
