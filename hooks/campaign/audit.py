"""The leak audit: scan every output file for anything derived from an item that is not live.

Each file is decoded the way a reader would see it (gzip, HTML entities, JSON escapes, %-escapes) and
searched once with an Aho-Corasick automaton holding every needle (titles, URLs, GUIDs, file names of
hidden items) plus "allowed" strings (theme names, live titles...). A title hit lying inside an allowed
hit (a theme called the same as a future article) is not a leak; everything else is.
"""
from __future__ import annotations

import bisect
import gzip
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import ahocorasick

from .feeds_ids import guid_of, uid_of
from .links import resolve
from .plan import files_of, outputs_of, url_of
from .release import Snapshot

MIN_TITLE = 4
_MARKUP = (".html", ".htm", ".xml", ".json", ".js", ".css", ".svg", ".ics", ".vtt", ".txt", ".rss")
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
# Attribute values, found from their '=' (a literal the regex engine skips to quickly); the attribute
# name is checked afterwards. A case-insensitive alternation here cost 1 s per 1,000 pages.
_VALUE = re.compile(r"""=\s*["']([^"'<>]*)["']""")
_REF_NAMES = ("href", "src", "content", "url", "srcset", "action", "poster", "data")


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    item: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what} of non-live release '{self.item}'"


class LeakError(Exception):
    def __init__(self, findings: list[Finding]):
        self.findings = findings
        shown = "\n".join(f"  {f}" for f in findings[:50])
        more = f"\n  ... and {len(findings) - 50} more" if len(findings) > 50 else ""
        super().__init__(f"leak audit failed: {len(findings)} trace(s) of releases that are not live:\n{shown}{more}")


class Auditor:
    def __init__(self, snapshot: Snapshot, allowed: set[str] | frozenset[str] = frozenset()):
        self.snapshot = snapshot
        auto = ahocorasick.Automaton()
        entries: dict[str, list] = {}

        def add(text: str, kind: str, item: str | None):
            key = text.casefold()
            if key:
                entries.setdefault(key, []).append((kind, item))

        for r in snapshot.hidden:
            if len(r.title) >= MIN_TITLE:
                add(r.title, "title", r.id)
            add(guid_of(r), "feed id", r.id)
            if url_of(r):
                add(url_of(r), "address", r.id)
            for f in files_of(r):
                add(posixpath.basename(f), "file name", r.id)
                add(f.removeprefix("docs/"), "file path", r.id)
            for f in outputs_of(r):  # generated per-item files, e.g. an event's "add to calendar" .ics
                add(posixpath.basename(f), "file name", r.id)
                add(f, "file path", r.id)
            if r.kind == "event":
                add(uid_of(r), "calendar id", r.id)
        for text, item in snapshot.hidden_texts:  # e.g. a follow-up survey wave's label
            if len(text) >= MIN_TITLE:
                add(text, "title", item)
        # An allowed string only matters where it could contain a hidden title; keeping just those
        # spares the scan hundreds of harmless hits per listing page.
        titles = [k for k, vs in entries.items() if any(kind == "title" for kind, _ in vs)]
        if titles:
            probe = ahocorasick.Automaton()
            for t in titles:
                probe.add_word(t, t)
            probe.make_automaton()
            for text in allowed:
                if any(True for _ in probe.iter(text.casefold())):
                    add(text, "allowed", None)
        for key, values in entries.items():
            auto.add_word(key, (len(key), tuple(values)))
        self.empty = not any(k != "allowed" for vs in entries.values() for k, _ in vs)
        if not self.empty:
            auto.make_automaton()
        self.auto = auto

    # --- one file ---------------------------------------------------------------------------------

    def scan_text(self, text: str, where: str, page_dir: str | None = None) -> list[Finding]:
        found: list[Finding] = []
        if self.empty:
            return found
        folded = text.casefold()
        allowed_spans: list[tuple[int, int]] = []
        hits = []
        for end, (length, values) in self.auto.iter(folded):
            start = end - length + 1
            for kind, item in values:
                if kind == "allowed":
                    allowed_spans.append((start, end))
                else:
                    hits.append((start, end, kind, item))
        if hits:
            allowed_spans.sort()
            starts = [s for s, _ in allowed_spans]
            max_end, best = [], -1
            for _, e in allowed_spans:
                best = max(best, e)
                max_end.append(best)
            for start, end, kind, item in hits:
                if not _bounded(folded, start, end, kind):
                    continue
                if kind == "title":
                    i = bisect.bisect_right(starts, start) - 1
                    if i >= 0 and max_end[i] >= end:
                        continue  # inside an allowed string (a theme or live title that contains it)
                found.append(Finding(where, item, f"{kind} {text[start:end + 1]!r}"[:160]))
        if page_dir is not None and self.snapshot.hidden_urls:
            for m in _VALUE.finditer(text):
                if not text[max(0, m.start() - 8):m.start()].rstrip().lower().endswith(_REF_NAMES):
                    continue
                ref = m.group(1)
                target = resolve(ref, page_dir)
                if target is not None:
                    item = self.snapshot.hidden_target(target)
                    if item:
                        found.append(Finding(where, item, f"link {ref!r}"))
        return found

    def scan_file(self, path: Path, rel: str) -> list[Finding]:
        found: list[Finding] = []
        item = self.snapshot.hidden_target(rel)
        if item:
            found.append(Finding(rel, item, "published file"))
        data = path.read_bytes()
        if rel.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                pass
        text = data.decode("utf-8", errors="replace")
        variants = [text]
        if "&" in text:
            variants.append(html.unescape(text))
        if rel.endswith(".json"):
            try:
                variants.append(json.dumps(json.loads(text), ensure_ascii=False))
                variants.append(html.unescape(variants[-1]))
            except ValueError:
                pass
        if rel.endswith(_MARKUP) and _PCT.search(text):  # %-escapes matter in links, not in binary media
            variants.append(unquote(variants[-1]))
        page_dir = posixpath.dirname(rel) if rel.endswith((".html", ".htm", ".xml", ".css")) else None
        seen = set()
        for i, v in enumerate(variants):
            for f in self.scan_text(v, rel, page_dir if i <= 1 else None):
                if (f.item, f.what) not in seen:
                    seen.add((f.item, f.what))
                    found.append(f)
        return found

    def scan_site(self, site_dir: Path, skip: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
        """Scan every file; `skip` names files copied verbatim from the theme package, whose content
        cannot come from the plan (their paths are still checked)."""
        site_dir = Path(site_dir)
        found: list[Finding] = []
        for path in sorted(site_dir.rglob("*")):
            if path.is_file():
                rel = path.relative_to(site_dir).as_posix()
                if rel in skip:
                    item = self.snapshot.hidden_target(rel)
                    if item:
                        found.append(Finding(rel, item, "published file"))
                    continue
                found.extend(self.scan_file(path, rel))
        return sorted(found)


def _bounded(text: str, start: int, end: int, kind: str) -> bool:
    """A hit counts only as a whole word / whole path piece, so 'ep1.mp3' does not match 'ep11.mp3'."""
    before = text[start - 1] if start > 0 else " "
    after = text[end + 1] if end + 1 < len(text) else " "
    if kind == "address":  # ends in '/': only the start needs a boundary
        return not (before.isalnum() or before in "-_")
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_")


def audit(site_dir: Path, snapshot: Snapshot, allowed: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
    return Auditor(snapshot, allowed).scan_site(site_dir)
