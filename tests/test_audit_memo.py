"""The audit's memo of files read clean (audit/memo.py): a rebuild in the same process (make serve) skips what
it read clean last time, and never misses what a fresh audit finds.

The oracle is the audit itself without the memo: over random sequences of instants (items going live and
back to hidden when the plan is read at an earlier time), shared wording added and withdrawn, and edits to
pages, search index and downloads, the audit with the memo finds exactly what a fresh one finds.
"""
from __future__ import annotations

import dataclasses
import json
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import HEADER

from campaign.audit import memo as memo_mod
from campaign.audit.auditor import Auditor, audit_site
from campaign.release.snapshot import Snapshot
from campaign.source import plan as plan_mod
from campaign.source import records
from campaign.source.times import parse_instant

# (id, title, release): each is hidden before its release and live after it.
ARTICLES = [
    ("north-light", "Northern Lighthouse Keeper Notes", "2026-10-05 08:00"),
    ("south-wind", "Southerly Wind Warning Signs", "2026-11-02 08:00"),
    ("east-gate", "Eastern Gate Safeguarding Review", "2026-12-07 08:00"),
    ("west-quay", "Western Quay Closure Notice", "2026-09-25 08:00"),  # taken down at UNTIL
    # Two titles that start alike: one anchor for both when cut short ('Northern Pier Lantern...').
    ("pier-winter", "Northern Pier Lantern Notes For Winter", "2026-10-07 08:00"),
    ("pier-spring", "Northern Pier Lantern Notes For Spring", "2026-12-08 08:00"),
]
UNTIL = {"west-quay": "2026-11-20 08:00"}  # live at the 2nd and 3rd instants: looked for ahead (audit_site)
INSTANTS = ["2026-09-20 12:00", "2026-10-10 12:00", "2026-11-10 12:00", "2026-12-10 12:00"]
SHARED = ["", "Southerly Wind Warning Signs for everyone"]
FRAME = [f'<div class="md-frame line-{i}">Campaign frame {i}</div>' for i in range(40)]
# What a file's content line may hold: a title, an address, a near miss, nothing in particular.
PIECES = [t for _, t, _ in ARTICLES] + [f"../{i}/" for i, _, _ in ARTICLES] + [
    "Southerly Wind Warning Signs for everyone", "Northern Lighthouse", "plain words of a live page",
    '<a href="../north-light/">more</a>', "Eastern <em>Gate</em> Safeguarding Review", "east-gate-banner",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("memo") / "proj"
    (root / "docs/articles").mkdir(parents=True)
    entries = []
    for id, title, when in ARTICLES:
        (root / f"docs/articles/{id}.md").write_text(f"Body of {id}.\n", encoding="utf-8")
        entries.append(f"- id: {id}\n  kind: article\n  title: \"{title}\"\n  source: docs/articles/{id}.md\n"
                       f"  release: \"{when}\"\n" + (f"  until: \"{UNTIL[id]}\"\n" if id in UNTIL else ""))
    (root / "mkdocs.yml").write_text("site_name: Test\nsite_url: https://intranet.example/sub/\n", encoding="utf-8")
    (root / "campaign_plan.yaml").write_text(HEADER + textwrap.indent("".join(entries), "  "), encoding="utf-8")
    return plan_mod.load(root)


def _page(content: list[str]) -> str:
    return "\n".join(["<html><body>", *FRAME[:20], *content, *FRAME[20:], "</body></html>"]) + "\n"


def _write(site: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = site / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _files(pages: list[list[str]], index: list[str], download: str) -> dict[str, str]:
    out = {f"articles/p{i}/index.html": _page(c) for i, c in enumerate(pages)}
    out["search/search_index.json"] = json.dumps({"docs": [{"location": f"p{i}/", "text": t} for i, t in enumerate(index)]})
    out["downloads/notes.txt"] = download
    return out


def _audit(plan, when: str, shared: str, site: Path, slot: str | None):
    """With a memo (`slot`), as a build audits (audit_site); without, the audit of the instant alone."""
    snap = Snapshot(plan, parse_instant(when, plan.tz))
    allowed = frozenset({shared} if shared else ())
    if slot is None:
        auditor = Auditor(snap, allowed)
        return sorted((f.file, f.item, f.kind) for f in auditor.scan_site(site)), auditor
    found, auditor = audit_site(snap, allowed, site, frozenset(), slot)
    return sorted((f.file, f.item, f.kind) for f in found), auditor


content = st.lists(st.sampled_from(PIECES), max_size=3)
step = st.fixed_dictionaries({
    "when": st.sampled_from(INSTANTS),
    "shared": st.sampled_from(SHARED),
    "pages": st.lists(content, min_size=3, max_size=3),
    "index": st.lists(st.sampled_from(PIECES), min_size=1, max_size=4),
    "download": st.sampled_from(PIECES),
    "edit": st.sets(st.sampled_from(["pages", "index", "download"])),
    "new_process": st.booleans(),  # the last build succeeded and kept its memo on disk; memory forgotten
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, min_size=2, max_size=5))
def test_the_memo_finds_what_a_fresh_audit_finds_at_every_step(project, steps):
    site = Path(tempfile.mkdtemp())
    slot = tempfile.mkdtemp()  # the memo's disk copy goes under it
    memo_mod.forget(slot)
    files, last = None, None
    for s in steps:
        if s["new_process"] and last is not None:
            last.keep()
            memo_mod.forget(slot)
        new = _files(s["pages"], s["index"], s["download"])
        if files is None:
            files = new
        else:  # only what the step edits changes; the rest keeps last step's bytes
            for rel in new:
                kind = "pages" if rel.endswith(".html") else "index" if rel.endswith(".json") else "download"
                if kind in s["edit"]:
                    files[rel] = new[rel]
        _write(site, files)
        with_memo, last = _audit(project, s["when"], s["shared"], site, slot)
        fresh, _ = _audit(project, s["when"], s["shared"], site, None)
        assert with_memo == fresh, s
    memo_mod.forget(slot)


def test_a_new_process_reads_a_changed_page_where_it_changed_and_finds_what_is_new(project, tmp_path):
    """The pages' runs of lines read clean are kept on disk (as digests): the timer's next build, a fresh
    process, reads a changed page only where it changed, and finds a title on a new line, or one a new line
    completes with the lines beside it."""
    site, slot = tmp_path / "site", str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(site, _files([["plain words of a live page", "Eastern Gate"]] * 3, ["nothing"], "nothing"))
    found, first = _audit(project, INSTANTS[1], "", site, slot)
    assert found == [] and first.memo.runs_known == 0
    first.keep()
    memo_mod.forget(slot)
    _write(site, {"articles/p0/index.html": _page(["plain words of a live page", "Eastern Gate", "Safeguarding Review"]),
                  "articles/p1/index.html": _page(["Southerly Wind Warning Signs", "plain words of a live page", "Eastern Gate"])})
    found, later = _audit(project, INSTANTS[1], "", site, slot)
    assert later.memo.used and later.memo.runs_known > 40  # the frame's runs (and the unchanged lines'), from disk
    assert found == [("articles/p0/index.html", "east-gate", "title"), ("articles/p1/index.html", "south-wind", "title")]
    # A build looking for more (an item hidden again) trusts none of it.
    later.keep()
    memo_mod.forget(slot)
    found, earlier = _audit(project, INSTANTS[0], "", site, slot)
    assert not earlier.memo.used and earlier.memo.runs_known == 0
    assert ("articles/p2/index.html", "east-gate", "title") not in found  # 'Eastern Gate' alone is no title
    assert found == _audit(project, INSTANTS[0], "", site, None)[0]


def test_the_memo_finds_what_a_fresh_audit_finds_with_pages_kept_clean_in_parts(project, monkeypatch):
    """The same, with stretches holding looked-ahead traces kept clean in parts of 5 lines (the fixture's
    pages are shorter than the real parts): what is kept of a part is never what it hides."""
    from campaign.audit import auditor as auditor_mod

    monkeypatch.setattr(auditor_mod, "_PART", 5)
    test_the_memo_finds_what_a_fresh_audit_finds_at_every_step(project)


def test_an_unchanged_site_is_not_read_again_and_a_changed_file_is(project, tmp_path):
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    pages = [["plain words of a live page"], ["Northern Lighthouse"], []]
    _write(tmp_path, _files(pages, ["plain words of a live page"], "nothing"))
    found, first = _audit(project, INSTANTS[0], "", tmp_path, slot)
    assert found == [] and first.memo.skipped == 0
    found, second = _audit(project, INSTANTS[0], "", tmp_path, slot)
    assert found == [] and second.memo.skipped == 5  # three pages, the index, the download
    # A hidden title pasted into one page: that page is read again, and the title found.
    _write(tmp_path, {"articles/p1/index.html": _page(["Southerly Wind Warning Signs"])})
    found, third = _audit(project, INSTANTS[0], "", tmp_path, slot)
    assert found == [("articles/p1/index.html", "south-wind", "title")] and third.memo.skipped == 4


@pytest.mark.parametrize("new_process", [False, True], ids=["in-memory", "from-disk"])
def test_an_item_taken_down_makes_only_the_files_naming_it_read_again(project, tmp_path, new_process):
    """While west-quay is live its traces are looked for ahead (it has an `until`): the page naming it is read
    clean but for them. When it is taken down, that page alone is read again, and the title found there."""
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(tmp_path / "site", _files([["Western Quay Closure Notice"], ["plain words of a live page"], []], ["x"], "x"))
    found, first = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
    assert found == [] and first.memo.skipped == 0
    found, again = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
    assert found == [] and again.memo.skipped == 5  # the page naming a live item is no finding: kept too
    if new_process:
        again.keep()
        memo_mod.forget(slot)
    found, taken_down = _audit(project, INSTANTS[3], "", tmp_path / "site", slot)
    assert found == [("articles/p0/index.html", "west-quay", "title")] and taken_down.memo.skipped == 4


@pytest.mark.parametrize("new_process", [False, True], ids=["in-memory", "from-disk"])
def test_a_long_page_naming_an_item_looked_for_ahead_is_kept_clean_where_it_does_not(project, tmp_path, new_process):
    """A sitemap or feed names the items to be taken down: read clean but for them, it is kept as read clean in
    parts, all but the lines naming them, so the next build reads a change to it where it changed; a hidden
    title on a new line is found, and so is west-quay once it is taken down."""
    slot, site = str(tmp_path / "slot"), tmp_path / "site"
    memo_mod.forget(slot)
    rows = [f"<url><loc>https://intranet.example/sub/page-{i}/</loc></url>" for i in range(300)]
    rows[150] = "<url><loc>https://intranet.example/sub/articles/west-quay/</loc></url>"
    _write(site, {"sitemap.xml": "\n".join(rows) + "\n"})
    found, first = _audit(project, INSTANTS[2], "", site, slot)
    assert found == []
    kept = first.memo.lines["xml"]
    assert len(kept) > 200 and not any("west-quay" in line for run in kept for line in run)
    if new_process:
        first.keep()
        memo_mod.forget(slot)
    rows[20] = "<url><loc>https://intranet.example/sub/page-20/</loc><!-- Eastern Gate Safeguarding Review --></url>"
    _write(site, {"sitemap.xml": "\n".join(rows) + "\n"})
    found, later = _audit(project, INSTANTS[2], "", site, slot)
    assert found == [("sitemap.xml", "east-gate", "title")]
    if new_process:
        assert later.memo.runs_known > 200
    found, taken_down = _audit(project, INSTANTS[3], "", site, slot)
    assert ("sitemap.xml", "west-quay", "link") in found or ("sitemap.xml", "west-quay", "address") in found, found


@pytest.mark.parametrize("new_process", [False, True], ids=["in-memory", "from-disk"])
def test_a_search_index_string_naming_an_item_taken_down_is_read_again(project, tmp_path, new_process):
    """The index changes with every build; its strings read clean are kept, but not the one naming west-quay
    (looked for ahead while live): once west-quay is taken down that string is read again, and found."""
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    site = tmp_path / "site"
    _write(site, _files([[], [], []], ["Western Quay Closure Notice", "plain words of a live page"], "x"))
    found, first = _audit(project, INSTANTS[2], "", site, slot)
    assert found == []
    if new_process:
        first.keep()
        memo_mod.forget(slot)
    _write(site, _files([[], [], []], ["Western Quay Closure Notice", "Northern Lighthouse"], "x"))
    found, _ = _audit(project, INSTANTS[3], "", site, slot)
    assert found == [("search/search_index.json", "west-quay", "title")]


def _small_project(tmp_path, files: dict[str, str], releases: str):
    """A project of these files and plan entries (served under a sub-path), loaded."""
    root = tmp_path / "proj"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Test\nsite_url: https://intranet.example/sub/\n", encoding="utf-8")
    (root / "campaign_plan.yaml").write_text(HEADER + textwrap.indent(releases, "  "), encoding="utf-8")
    return plan_mod.load(root)


def test_what_only_looking_ahead_finds_is_no_finding(tmp_path):
    """Looking ahead hides more, so fewer names are public: a zip member named after a live sign's picture
    ('harbour-notes-poster.svg', its name extending the hidden article harbour-notes') is that article's file
    to the wider audit. The instant's own audit reads the flagged files again and its answer counts."""
    import io
    import zipfile

    plan = _small_project(tmp_path, {
        "docs/articles/harbour-notes.md": "Body.\n",
        "docs/signs/harbour-notes-poster.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n"},
        "- id: harbour-notes\n  kind: article\n  title: \"Harbour Notes From The Quay\"\n"
        "  source: docs/articles/harbour-notes.md\n  release: \"2027-01-05 08:00\"\n"
        "- id: poster-sign\n  kind: sign\n  title: \"Poster sign\"\n  image: docs/signs/harbour-notes-poster.svg\n"
        "  alt: A poster\n  meaning: Late\n  what_to_do: Ask\n  release: \"2026-09-10 08:00\"\n"
        "  until: \"2026-12-01 08:00\"\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("harbour-notes-poster.svg", "<svg xmlns='http://www.w3.org/2000/svg'><title>A poster</title></svg>")
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads/pack.zip").write_bytes(buf.getvalue())
    snap = Snapshot(plan, parse_instant("2026-10-01 12:00", plan.tz))
    assert snap.ending == {"poster-sign"}
    wide = Auditor(snap.hiding(snap.ending), frozenset(), expected=snap.ending).scan_site(site)
    control = [(f.file, f.item, f.kind) for f in wide]
    assert control == [("downloads/pack.zip!harbour-notes-poster.svg", "harbour-notes", "named after")]
    assert Auditor(snap, frozenset()).scan_site(site) == []
    memo_mod.forget(str(tmp_path / "slot"))
    assert audit_site(snap, frozenset(), site, frozenset(), str(tmp_path / "slot"))[0] == []


def _guide_and_sequel(tmp_path):
    """A live article with an `until` (looked for ahead) whose page folder holds a hidden article's page. The
    plan check refuses that layout (test_plan_errors: a release page inside another's folder); the audit
    still names it right, whatever way a plan reaches it: the page moved into the folder after loading."""
    plan = _small_project(tmp_path, {
        "docs/articles/harbour-guide.md": "Body.\n", "docs/articles/sequel.md": "Body.\n"},
        "- id: harbour-guide\n  kind: article\n  title: \"Harbour Guide For Response Teams\"\n"
        "  source: docs/articles/harbour-guide.md\n  release: \"2026-09-10 08:00\"\n  until: \"2026-12-01 08:00\"\n"
        "- id: winter-pier\n  kind: article\n  title: \"Winter Pier Lantern Notes\"\n"
        "  source: docs/articles/sequel.md\n  release: \"2027-01-05 08:00\"\n")
    (plan.root / "docs/articles/harbour-guide").mkdir()
    (plan.root / "docs/articles/sequel.md").rename(plan.root / "docs/articles/harbour-guide/sequel.md")
    nested = {"winter-pier": {"source": "docs/articles/harbour-guide/sequel.md"}}
    plan = dataclasses.replace(plan, releases=tuple(records.replace(r, **nested[r.id]) if r.id in nested else r
                                                    for r in plan.releases))
    snap = Snapshot(plan, parse_instant("2026-10-01 12:00", plan.tz))
    assert snap.ending == {"harbour-guide"} and not snap.is_live("winter-pier")
    return snap


@pytest.mark.parametrize("rel, text, kind", [
    # A download in the live article's page folder, in a folder named after the hidden title: the instant's own
    # audit reads that path; looking ahead, the whole folder was the live article's (hidden too), its paths unread.
    ("articles/harbour-guide/winter-pier-lantern-notes/contacts.txt", "Contacts.\n", "slug of the title"),
    # A link from the live page to the hidden page in its folder: looking ahead, the folder it resolves into
    # is the live article's page, and the link was taken for one to it (no finding).
    ("articles/harbour-guide/index.html", '<p>Next: <a href="sequel/">more</a></p>\n', "link"),
], ids=["path", "link"])
def test_a_hidden_item_inside_the_folder_of_an_item_looked_for_ahead_is_found(tmp_path, rel, text, kind):
    """Looking ahead (audit_site) finds every trace the instant's own audit finds, named after the same item:
    an item hidden now is never taken for the live item looked for ahead whose page folder holds it."""
    snap = _guide_and_sequel(tmp_path)
    site = tmp_path / "site"
    _write(site, {rel: text})
    own = [(f.file, f.item, f.kind) for f in Auditor(snap, frozenset()).scan_site(site)]
    assert own == [(rel, "winter-pier", kind)]
    memo_mod.forget(str(tmp_path / "slot"))
    found, _ = audit_site(snap, frozenset(), site, frozenset(), str(tmp_path / "slot"))
    assert [(f.file, f.item, f.kind) for f in found] == own


@pytest.mark.parametrize("shared", SHARED)
def test_what_a_build_looks_for_only_shrinks_as_time_passes(project, shared):
    """The memo holds from one build to the next while what is looked for is a subset of what was: as the
    instants pass, items go live and are taken down (looked for ahead), nothing else changes."""
    allowed = frozenset({shared} if shared else ())
    looked = []
    for when in INSTANTS:
        snap = Snapshot(project, parse_instant(when, project.tz))
        looked.append(Auditor(snap.hiding(snap.ending), allowed)._looked_for())
    for (earlier, exact), (later, exact2) in zip(looked, looked[1:]):
        assert later < earlier and exact2 == exact


@pytest.mark.parametrize("when", INSTANTS)
@pytest.mark.parametrize("shared", SHARED)
def test_looking_ahead_looks_for_everything_the_instant_looks_for(project, when, shared):
    """audit_site's soundness: with the items to be taken down hidden too, every needle, hash, hidden address
    and name the instant's own audit looks for is looked for (with the same kind and item)."""
    snap = Snapshot(project, parse_instant(when, project.tz))
    allowed = frozenset({shared} if shared else ())
    own = Auditor(snap, allowed)._looked_for()[0]
    ahead = Auditor(snap.hiding(snap.ending), allowed)._looked_for()[0]
    assert own <= ahead and (own < ahead) == bool(snap.ending)


def test_an_item_hidden_again_makes_every_file_read_again(project, tmp_path):
    """Read at a later instant, south-wind is live and its title on a page is no leak; read at an earlier
    one (a release moved back in the plan, a preview of an earlier date), the same bytes leak it."""
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(tmp_path, _files([["Southerly Wind Warning Signs"], [], []], ["Southerly Wind Warning Signs"], "x"))
    found, _ = _audit(project, INSTANTS[2], "", tmp_path, slot)
    assert found == []
    found, later = _audit(project, INSTANTS[1], "", tmp_path, slot)
    assert later.memo.skipped == 0
    assert found == [("articles/p0/index.html", "south-wind", "title"),
                     ("search/search_index.json", "south-wind", "title")]


def test_withdrawn_shared_wording_makes_every_file_read_again(project, tmp_path):
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(tmp_path, _files([["Southerly Wind Warning Signs for everyone"], [], []], ["x"], "x"))
    found, _ = _audit(project, INSTANTS[1], SHARED[1], tmp_path, slot)
    assert found == []
    found, later = _audit(project, INSTANTS[1], "", tmp_path, slot)
    assert later.memo.skipped == 0 and found == [("articles/p0/index.html", "south-wind", "title")]


def test_a_release_going_live_keeps_the_memo(project, tmp_path):
    """What the audit looks for shrinks when an item goes live: files read clean stay clean."""
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(tmp_path, _files([["plain words of a live page"], [], []], ["x"], "x"))
    _audit(project, INSTANTS[1], "", tmp_path, slot)
    found, later = _audit(project, INSTANTS[2], "", tmp_path, slot)
    assert found == [] and later.memo.skipped == 5


def test_a_file_with_a_finding_is_read_again_every_time(project, tmp_path):
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    _write(tmp_path, _files([["Eastern Gate Safeguarding Review"], [], []], ["x"], "x"))
    for _ in range(2):
        found, auditor = _audit(project, INSTANTS[2], "", tmp_path, slot)
        assert found == [("articles/p0/index.html", "east-gate", "title")]
    assert auditor.memo.skipped == 4


def test_a_successful_build_keeps_the_memo_on_disk_for_the_next_process(project, tmp_path):
    """keep() (a build that succeeded) writes it; a new process (memory forgotten) reads it; a memo written
    by other audit code, or corrupt, is ignored and every file read."""
    slot = str(tmp_path / "proj")
    _write(tmp_path / "site", _files([["plain words of a live page"], [], []], ["x"], "x"))
    memo_mod.forget(slot)
    _, first = _audit(project, INSTANTS[1], "", tmp_path / "site", slot)
    memo_file = Path(slot) / ".cache/campaign" / memo_mod.FILE_NAME
    assert not memo_file.exists()  # only a build that succeeded writes it
    first.keep()
    assert memo_file.is_file()
    memo_mod.forget(slot)
    found, second = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
    assert found == [] and second.memo.skipped == 5
    written = memo_file.read_bytes()
    second.keep()  # it read nothing: what the first build wrote still holds, and is not written again
    assert memo_file.read_bytes() == written
    _write(tmp_path / "site", {"downloads/notes.txt": "changed"})
    memo_mod.forget(slot)
    found, changed = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
    assert found == [] and changed.memo.skipped == 4
    changed.keep()  # it read a file: written, under what this instant looks for
    assert memo_file.read_bytes() != written
    # Read at an earlier instant (south-wind hidden again) from disk: every file read, the leak found.
    _write(tmp_path / "site", {"articles/p2/index.html": _page(["Southerly Wind Warning Signs"])})
    memo_mod.forget(slot)
    found, third = _audit(project, INSTANTS[1], "", tmp_path / "site", slot)
    assert third.memo.skipped == 0 and found == [("articles/p2/index.html", "south-wind", "title")]
    cut = written[:-5] + written[-4:]  # a digest's byte lost: the runs no longer whole digests
    other = written.replace(b'"format":%d' % memo_mod.FORMAT, b'"format":1', 1)
    for bad in (b"{", b"[]", b'{"format": 1}', json.dumps({"format": 1, "exact": "x", "looked_for": [], "files": {}}).encode(),
                written[:40], cut, other, written[:len(memo_mod._MAGIC)] + b"\xff" * 8 + written[len(memo_mod._MAGIC) + 8:]):
        memo_file.write_bytes(bad)
        memo_mod.forget(slot)
        _, auditor = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
        assert auditor.memo.skipped == 0


def test_a_build_that_looks_for_what_the_last_did_trusts_the_memo_by_one_digest(project, tmp_path):
    """An unchanged rebuild (or the timer's take-down after the build a minute before) looks for exactly what the
    last build did: the memo from disk is used on the digest of the whole set, its 63,000 strings (10,000
    releases) not digested one by one; one string more (an item hidden again) and the memo is not used."""
    slot = str(tmp_path / "proj")
    _write(tmp_path / "site", _files([["plain words of a live page"], [], []], ["x"], "x"))
    memo_mod.forget(slot)
    _, first = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
    first.keep()
    memo_mod.forget(slot)
    found, again = _audit(project, INSTANTS[2], "", tmp_path / "site", slot)
    assert found == [] and again.memo.used and again.memo.skipped == 5
    assert again.memo.whole == first.memo.whole and again.memo.looked_for._known is None  # not unpacked
    assert again.memo.looked_for.packed == first.memo.looked_for.packed
    memo_mod.forget(slot)
    _, earlier = _audit(project, INSTANTS[1], "", tmp_path / "site", slot)  # south-wind hidden again: more looked for
    assert not earlier.memo.used and earlier.memo.skipped == 0 and earlier.memo.whole != first.memo.whole


def test_other_audit_code_does_not_use_the_memo(project, tmp_path, monkeypatch):
    slot = str(tmp_path / "proj")
    _write(tmp_path / "site", _files([[], [], []], ["x"], "x"))
    memo_mod.forget(slot)
    _audit(project, INSTANTS[1], "", tmp_path / "site", slot)[1].keep()
    memo_mod.forget(slot)
    monkeypatch.setattr(memo_mod, "code_digest", lambda: "other code")
    _, auditor = _audit(project, INSTANTS[1], "", tmp_path / "site", slot)
    assert auditor.memo.skipped == 0


# --- through real builds (make build's code path, in this process: memory and disk) -----------------------

from conftest import Project  # noqa: E402


@pytest.mark.parametrize("forget_memory", [False, True], ids=["in-memory", "from-disk"])
def test_a_build_at_an_earlier_instant_finds_what_a_later_build_read_clean(tmp_path, forget_memory):
    """Built when 'Harbour Lantern Review' is live, a download may name it; built again at an instant when it
    is not (a release moved back, a build of an earlier date), the same bytes leak it, and the memo of the
    first build must not hide that."""
    p = Project(tmp_path / "proj")
    p.plan(p.article("lantern-review", "Harbour Lantern Review", "2026-10-05 08:00")
           + p.article("open-notes", "Open Quayside Notes", "2026-09-08 08:00")
           + p.article("later-story", "Winter Tideline Report", "2027-01-05 08:00"))  # hidden at both
    # A download is copied as it is: the same bytes at both instants (a page's nav may differ).
    p.write("docs/downloads/briefing.txt", "Read the Harbour Lantern Review when it is out.\n")
    code, err = p.build("2026-10-10 12:00")
    assert code == 0, err
    kept = sorted(p.site.rglob("*"))
    assert (p.path / ".cache/campaign" / memo_mod.FILE_NAME).is_file()
    if forget_memory:
        memo_mod.forget()
    code, err = p.build("2026-09-20 12:00")
    assert code != 0 and "briefing.txt" in err and "Harbour Lantern Review" in err, err
    assert sorted(p.site.rglob("*")) == kept  # the published site left as it was


@pytest.mark.parametrize("forget_memory", [False, True], ids=["in-memory", "from-disk"])
def test_a_build_after_a_take_down_finds_what_the_build_before_it_read_clean(tmp_path, forget_memory):
    """A download names an article that is live until noon: no leak before it, a leak after it, in the very
    same bytes. The build before noon looked ahead for the article and noted the download with it."""
    p = Project(tmp_path / "proj")
    p.plan(p.article("lantern-review", "Harbour Lantern Review", "2026-10-05 08:00", extra='until: "2026-10-20 12:00"')
           + p.article("open-notes", "Open Quayside Notes", "2026-09-08 08:00")
           + p.article("later-story", "Winter Tideline Report", "2027-01-05 08:00"))
    p.write("docs/downloads/briefing.txt", "Read the Harbour Lantern Review while it is up.\n")
    code, err = p.build("2026-10-20 11:59")
    assert code == 0, err
    assert p.build("2026-10-20 11:59")[0] == 0
    kept = sorted(p.site.rglob("*"))
    if forget_memory:
        memo_mod.forget()
    code, err = p.build("2026-10-20 12:00")
    assert code != 0 and "briefing.txt" in err and "Harbour Lantern Review" in err, err
    assert sorted(p.site.rglob("*")) == kept  # the published site left as it was


def test_an_edit_after_a_clean_build_is_read_again(tmp_path):
    p = Project(tmp_path / "proj")
    p.plan(p.article("lantern-review", "Harbour Lantern Review", "2026-10-05 08:00")
           + p.article("open-notes", "Open Quayside Notes", "2026-09-08 08:00")
           + p.article("later-story", "Winter Tideline Report", "2027-01-05 08:00"))  # hidden at both
    p.write("docs/downloads/briefing.txt", "Nothing yet.\n")
    assert p.build("2026-09-20 12:00")[0] == 0
    assert p.build("2026-09-20 12:00")[0] == 0  # unchanged: read from the memo
    p.write("docs/downloads/briefing.txt", "Nothing yet. Harbour Lantern Review soon.\n")
    code, err = p.build("2026-09-20 12:00")
    assert code != 0 and "Harbour Lantern Review" in err, err


def test_the_search_index_is_read_only_where_its_strings_changed_even_in_a_new_process(project, tmp_path):
    """The search index changes with every release; an earlier build's clean strings are kept on disk (as
    digests), so a new process reads only the new strings: a hidden title in one of them is still found,
    and an earlier instant (the title hidden again) reads them all."""
    slot = str(tmp_path / "proj")
    site = tmp_path / "site"
    index = ["plain words of a live page", "Southerly Wind Warning Signs", "more words"]
    _write(site, _files([[], [], []], index, "x"))
    memo_mod.forget(slot)
    found, first = _audit(project, INSTANTS[2], "", site, slot)  # south-wind live: no finding
    assert found == []
    first.keep()
    memo_mod.forget(slot)
    _write(site, _files([[], [], []], index + ["Eastern Gate Safeguarding Review"], "x"))
    found, second = _audit(project, INSTANTS[2], "", site, slot)
    assert found == [("search/search_index.json", "east-gate", "title")] and second.memo.strings
    _write(site, _files([[], [], []], index + ["another live string"], "x"))
    found, third = _audit(project, INSTANTS[2], "", site, slot)
    assert found == []
    third.keep()
    memo_mod.forget(slot)
    found, fourth = _audit(project, INSTANTS[1], "", site, slot)  # south-wind hidden again: all strings read
    assert not fourth.memo.used and found == [("search/search_index.json", "south-wind", "title")]


# --- what is known clean is never a line alone (a needle wraps over lines) -------------------------------

# Lines a page may hold: halves of hidden titles (each clean alone, a title once they meet), fillers, tags.
HALVES = ["Southerly Wind", "Warning Signs", "Eastern Gate", "Safeguarding Review", "Eastern <em>Gate</em>",
          "filler one", "filler two", "<!--", "-->", "</p>", "<p>", ""]


def _oracle(plan, when: str, shared: str, site: Path) -> list:
    """Each file read by an audit of its own: nothing known from any other file or build."""
    out = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        snap = Snapshot(plan, parse_instant(when, plan.tz))
        auditor = Auditor(snap, {shared} if shared else frozenset())
        out += [(f.file, f.item, f.kind) for f in auditor.scan_file(path, rel)]
    return sorted(set(out))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({
    "when": st.sampled_from(INSTANTS),
    "pages": st.lists(st.lists(st.sampled_from(HALVES), max_size=6), min_size=3, max_size=3),
    "new_process": st.booleans(),
}), min_size=1, max_size=4))
def test_lines_clean_apart_are_read_again_where_they_meet(project, steps):
    """Pages made of lines that are clean one by one and leak where two or three of them meet, read in one
    scan (pages read earlier know the lines) and rebuild after rebuild (make serve's memory, the disk):
    the audit finds what an audit of each file on its own finds."""
    site = Path(tempfile.mkdtemp())
    slot = tempfile.mkdtemp()
    memo_mod.forget(slot)
    last = None
    for s in steps:
        if s["new_process"] and last is not None:
            last.keep()
            memo_mod.forget(slot)
        # Each page's heading apart from its text: a page after the first is read in blocks.
        _write(site, {f"articles/p{i}/index.html": _two_regions(f"<h1>page {i}</h1>", c) for i, c in enumerate(s["pages"])})
        with_memo, last = _audit(project, s["when"], "", site, slot)
        fresh, _ = _audit(project, s["when"], "", site, None)
        truth = _oracle(project, s["when"], "", site)
        assert fresh == truth, s
        assert with_memo == truth, s
    memo_mod.forget(slot)


def test_two_lines_each_clean_on_other_pages_are_a_title_where_they_meet(project, tmp_path):
    """The case make serve missed: a hidden title wrapped over two lines, each line read clean before (in an
    earlier save of the page, or on another page), never read together."""
    slot = str(tmp_path / "slot")
    memo_mod.forget(slot)
    before = {"articles/p0/index.html": _page(["<!--", "filler one", "Southerly Wind", "filler two", "-->"]),
              "articles/p1/index.html": _page(["<!--", "filler three", "Warning Signs", "filler four", "-->"])}
    _write(tmp_path, before)
    found, _ = _audit(project, INSTANTS[0], "", tmp_path, slot)
    assert found == []
    _write(tmp_path, {"articles/p0/index.html": _page(["<!--", "filler one", "Southerly Wind", "Warning Signs", "filler four", "-->"])})
    found, _ = _audit(project, INSTANTS[0], "", tmp_path, slot)
    assert found == [("articles/p0/index.html", "south-wind", "title")]
    # In one scan too: the page read first knows both lines.
    memo_mod.forget(slot)
    _write(tmp_path, {"articles/p2/index.html": _page(["Southerly Wind", "filler", "x", "y", "Warning Signs"])})
    found, _ = _audit(project, INSTANTS[0], "", tmp_path, None)
    assert ("articles/p0/index.html", "south-wind", "title") in found


def test_a_binary_json_file_never_vouches_for_a_json_string(project, tmp_path):
    """A .json that is not text is read as binary data, in fewer forms than a JSON string (no %-escapes): what
    it read clean says nothing of the same words as a JSON string, in this scan, in memory or on disk."""
    slot = str(tmp_path / "proj")
    memo_mod.forget(slot)
    site = tmp_path / "site"
    pct = "Southerly%20Wind%20Warning%20Signs"
    garbage = bytes(range(128, 256)) * 3
    (site / "a").mkdir(parents=True)
    (site / "a/blob.json").write_bytes(garbage + b"\x00" + pct.encode() + b"\x00" + garbage)
    found, first = _audit(project, INSTANTS[0], "", site, slot)
    assert found == []
    first.keep()
    memo_mod.forget(slot)
    (site / "a/blob.json").unlink()
    (site / "b").mkdir()
    (site / "b/list.json").write_text(json.dumps([pct, pct]), encoding="utf-8")
    found, _ = _audit(project, INSTANTS[0], "", site, slot)  # from disk
    assert found == [("b/list.json", "south-wind", "title")]
    found, _ = _audit(project, INSTANTS[0], "", site, slot)  # in memory
    assert found == [("b/list.json", "south-wind", "title")]
    # Both in one scan, the binary file read first ('a' before 'b').
    (site / "a/blob.json").write_bytes(garbage + b"\x00" + pct.encode() + b"\x00" + garbage)
    memo_mod.forget(slot)
    found, _ = _audit(project, INSTANTS[0], "", site, None)
    assert found == [("b/list.json", "south-wind", "title")]


def test_strings_read_clean_are_kept_on_disk_when_the_index_is_skipped(project, tmp_path):
    """A build that skips the unchanged search index (its bytes read clean) keeps the digests of its strings,
    so the next index with one string changed is read only in that string."""
    slot = str(tmp_path / "proj")
    site = tmp_path / "site"
    memo_mod.forget(slot)
    _write(site, _files([[], [], []], [f"plain words {i}" for i in range(20)], "x"))
    _, first = _audit(project, INSTANTS[1], "", site, slot)
    first.keep()
    memo_mod.forget(slot)
    _, second = _audit(project, INSTANTS[1], "", site, slot)  # everything skipped as files
    second.keep()
    memo_mod.forget(slot)
    kept = memo_mod.read_kept(Path(slot) / ".cache/campaign" / memo_mod.FILE_NAME).strings
    assert len(kept) >= 20


@pytest.mark.parametrize("new_process", [False, True], ids=["in-memory", "from-disk"])
def test_a_string_the_search_index_read_clean_vouches_for_no_other_json_file(project, tmp_path, new_process):
    """The search index is read without its markup joined (its pages are read so); a download holding the same
    string is read as its reader sees it, tags gone, and a hidden title split by a tag is found there."""
    slot = str(tmp_path / "proj")
    memo_mod.forget(slot)
    site = tmp_path / "site"
    split = "Eastern <em>Gate</em> Safeguarding Review"
    _write(site, _files([[], [], []], [split, "plain words of a live page"], "x"))
    found, first = _audit(project, INSTANTS[1], "", site, slot)
    assert found == []
    if new_process:
        first.keep()
        memo_mod.forget(slot)
    _write(site, {"downloads/data.json": json.dumps({"a": split, "b": "plain words of a live page"})})
    found, _ = _audit(project, INSTANTS[1], "", site, slot)
    assert found == [("downloads/data.json", "east-gate", "title")]


def _two_regions(top: str, content: list[str]) -> str:
    """A page whose own lines are in two places apart (its heading and its text), in the shared frame."""
    return "\n".join(["<html><body>", *FRAME[:10], top, *FRAME[10:30], *content, *FRAME[30:], "</body></html>"]) + "\n"


@pytest.mark.parametrize("line", [
    "Next: Eastern <em>Gate</em> Safeguarding Review now",
    "Next: Eastern Gate *Safeguarding* Review now",
    "Next: <span class='x'>Eastern Gate Safeguarding</span> Review now",
    "Next: Eastern&nbsp;Gate Safeguarding Review now",
])
def test_a_page_read_in_blocks_is_read_as_a_reader_sees_each_block(project, tmp_path, line):
    """A page after the first is read only where it differs from pages read before, in blocks apart by NUL;
    every block is read without its tags (inline ones join their neighbours), not only blocks with an escape
    (missed before: a title split by <em> in a page with its heading elsewhere)."""
    memo_mod.forget()
    _write(tmp_path, {"articles/p0/index.html": _two_regions("<h1>zero</h1>", ["plain words"]),
                      "articles/p1/index.html": _two_regions("<h1>one</h1>", ["x", line, "z"])})
    found, _ = _audit(project, INSTANTS[0], "", tmp_path, None)
    assert found == [("articles/p1/index.html", "east-gate", "title")]
