"""From what the leak audit found in the built site to the editor's line that put it there.

A finding names an output file and a needle. The editor needs the source: the Markdown page, the plan
entry, the data file, the template or the downloaded file that holds the text. Each finding's needle is
looked for, normalised as the audit does, first in the output file's own source, then in every file an
editor writes; every place it is found becomes one problem (file:line, what it reveals, the fix), and
findings of the same item at the same place are merged: one mistake, one message.
"""
from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import replace
from urllib.parse import unquote

from ..release.snapshot import Snapshot
from ..source import content
from ..source.errors import Problem
from ..source.messages import CATALOGUE as M
from ..source.links import page_dir, site_path
from ..source.plan import GATED_DIRS, PLAN_FILE, files_of, page_url, published_path, site_url
from .auditor import Finding, _js_unescape
from .drawing import drawings
from .textnorm import norm
from .tree import hidden_file_named, included_files, until_words

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`~]|<[^>]+>")
_WORD = re.compile(r"[^\W_]+")  # a word of a slug (audit/needles.py's title_slugs)
_TEXT_FILES = (".md", ".html", ".htm", ".xml", ".svg", ".txt", ".csv", ".tsv", ".json", ".js", ".css", ".yml",
               ".yaml", ".ics", ".vtt", ".srt")


class _HiddenLinks:
    """The addresses in a page that the build takes out: links and pictures leading to a page or file of an item
    that is not live become their text or are left out (mkdocs_adapter.on_page_content), so a needle in their
    address is no place of a leak (the same address written in a code block, shown as text, is)."""

    _INLINE = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
    _DEFINED = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)([^\s>]+)")
    _HTML = re.compile(r"""(\b(?:href|src)\s*=\s*["'])([^"']*)""", re.I)

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.site_url = site_url(snap.plan.root)
        self.pages = {r.source for r in snap.hidden if getattr(r, "source", None)}

    def hidden(self, rel: str, target: str) -> bool:
        """Whether an address in page `rel` leads to an item not live: from the Markdown file (as MkDocs
        resolves it) or from the page's address (as a browser does)."""
        path = target.split("#", 1)[0].split("?", 1)[0]
        own_site = bool(self.site_url) and path.startswith(self.site_url)
        elsewhere = re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) and not own_site
        if not path or path.startswith("//") or elsewhere:
            return False
        local = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(path)))
        if local in self.pages:
            return True
        site = [local.removeprefix("docs/")] if local.startswith("docs/") else []
        site.append(site_path(path, page_dir(page_url(rel)), self.site_url))
        return any(s is not None and self.snap.hidden_target(s) for s in site)

    def taken_out(self, rel: str, text: str) -> list[str]:
        """The page's lines with those addresses blanked, outside code blocks."""
        code = content.code_lines(text)

        def blank(m: re.Match) -> str:
            return m.group(1) if self.hidden(rel, m.group(2)) else m.group(0)

        return [line if n in code else self._HTML.sub(blank, self._DEFINED.sub(blank, self._INLINE.sub(blank, line)))
                for n, line in enumerate(text.split("\n"), 1)]


class _Source:
    """One editor file read every way the audit reads text, each way with its lines normalised and joined
    (so text wrapped across lines, emphasised in part or escaped is found too, with its line). A page's
    addresses the build takes out (_HiddenLinks) are read only where nothing else holds the needle."""

    def __init__(self, rel: str, text: str, markdown: bool, skip: set[int] = frozenset(),
                 links: _HiddenLinks | None = None):
        self.rel = rel
        self._text = text if "<" in text else ""  # markup that may draw (see drawing_lines)
        self._drawings: list[tuple[str, int]] | None = None
        lines = ["" if n in skip else line for n, line in enumerate(text.split("\n"), 1)]
        self._written = None
        if links is not None and markdown and rel.startswith("docs/"):
            shown = links.taken_out(rel, "\n".join(lines))
            if shown != lines:
                self._written = _joined(lines)
                lines = shown
        ways = [lines]
        if markdown:  # as a reader sees it: emphasis, link targets and tags gone
            ways.append([_MARKS.sub("", _MD_LINK.sub(lambda m: m.group(1), line)) for line in lines])
        for decode, mark in ((html.unescape, "&"), (unquote, "%"), (_js_unescape, "\\")):
            if mark in text:
                ways.append([decode(line) if mark in line else line for line in ways[-1]])
        self._shown = ways[-1]
        self._words: tuple[str, list[int]] | None = None
        self.ways = [_joined(way) for way in ways]

    def lines_of(self, needle: str) -> list[int]:
        return self._lines_in(self.ways, needle) or (self._lines_in([self._written], needle) if self._written else [])

    @staticmethod
    def _lines_in(ways: list[tuple[str, list[int]]], needle: str) -> list[int]:
        out: list[int] = []
        for text, starts in ways:
            i = text.find(needle)
            while i >= 0:
                before = text[i - 1] if i else " "
                j = i + len(needle)
                after = text[j] if j < len(text) else " "
                if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_"):
                    line = bisect.bisect_right(starts, i)
                    if line not in out:
                        out.append(line)
                i = text.find(needle, i + 1)
        return sorted(out)

    def word_lines(self, needle: str) -> list[int]:
        """Lines where a slug's words are written as words ('Second - article: title' for
        'second-article-title'): a heading whose anchor is the slug, wherever its punctuation went."""
        if self._words is None:
            starts, parts, pos = [], [], 0
            for line in self._shown:
                words = " ".join(_WORD.findall(norm(line).replace("'", "")))
                starts.append(pos)
                parts.append(words)
                pos += len(words) + 1
            self._words = (" ".join(parts), starts)
        text, starts = self._words
        words = " ".join(_WORD.findall(needle))
        out: list[int] = []
        for m in re.finditer(rf"(?<![^\W_]){re.escape(words)}(?![^\W_])", text):
            line = bisect.bisect_right(starts, m.start())
            if line not in out:
                out.append(line)
        return out

    def slug_lines(self, needle: str) -> list[int]:
        return self.lines_of(needle) or self.word_lines(needle)

    def drawing_lines(self, needle: str) -> list[int]:
        """Lines where path data holding `needle` (normalised path data, audit/drawing.py) starts: an SVG
        file, or SVG markup pasted into a page."""
        if self._drawings is None:
            starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
            self._drawings = [(f" {norm(d)} ", bisect.bisect_right(starts, at)) for at, d in drawings(self._text)]
        return sorted({line for d, line in self._drawings if f" {needle} " in d})


def _joined(lines: list[str]) -> tuple[str, list[int]]:
    """The lines normalised and joined by a space, and where each starts."""
    starts, parts, pos = [], [], 0
    for line in lines:
        shown = norm(line)
        starts.append(pos)
        parts.append(shown)
        pos += len(shown) + 1
    return " ".join(parts), starts


def _editor_sources(snap: Snapshot, links: _HiddenLinks) -> list[_Source]:
    """Every file an editor writes whose words can reach the site now."""
    root, plan = snap.plan.root, snap.plan
    hidden_files = {f for r in snap.hidden for f in files_of(r)}
    out: list[_Source] = []
    for rel in content.pages(plan):
        if rel in hidden_files:
            continue
        text = content.read(root, rel)
        if text is not None:
            out.append(_Source(rel, text, markdown=True, links=links))
    for top in ("docs", "overrides"):
        base = root / top
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(root).as_posix()
            if (rel.endswith(".md") or rel.startswith(GATED_DIRS) or not p.is_file() or p.is_symlink()
                    or not rel.lower().endswith(_TEXT_FILES) or p.stat().st_size > 2_000_000):
                continue
            try:
                out.append(_Source(rel, p.read_text(encoding="utf-8"), markdown=False))
            except (OSError, UnicodeDecodeError):
                continue
    for rel in included_files(snap):  # pymdownx.snippets: an included file's words are the page's
        if rel in hidden_files or rel.startswith(("docs/", "overrides/")):
            continue  # a hidden item's file is refused by the tree check; docs/ and overrides/ are read below
        try:
            out.append(_Source(rel, (root / rel).read_text(encoding="utf-8"), markdown=rel.endswith(".md")))
        except (OSError, UnicodeDecodeError):
            continue
    for rel in ("mkdocs.yml", PLAN_FILE):
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except OSError:
            continue
        skip: set[int] = set()
        if rel == PLAN_FILE:  # a hidden item's own entry is where its words belong
            starts = sorted(plan.lines.values())
            for r in snap.hidden:
                a = plan.lines.get(r.id)
                if a is None:
                    continue
                later = [s for s in starts if s > a]
                skip.update(range(a, later[0] if later else len(text.split("\n")) + 1))
        out.append(_Source(rel, text, markdown=False, skip=skip))
    data = root / "data"
    if data.is_dir():
        for p in sorted(data.glob("*.y*ml")):
            rel = p.relative_to(root).as_posix()
            if rel in hidden_files:
                continue
            try:
                out.append(_Source(rel, p.read_text(encoding="utf-8"), markdown=False))
            except (OSError, UnicodeDecodeError):
                continue
    return out


def _same_name(snap: Snapshot, f: Finding) -> bool:
    """Whether a finding is a published file's (or a member's) own name being a hidden item's file's
    (Snapshot.hidden_names), not text inside it: no line to reword, a file to rename."""
    if f.kind not in ("published file", "file name", "file path"):
        return False
    path = f.file.rsplit("!", 1)[-1]
    name = posixpath.basename(path)
    if snap.hidden_names.get(name) != f.item:
        return False
    return f.kind == "published file" or (f.needle is not None and path.casefold().endswith(f.needle))


def _outputs(files: list[str]) -> str:
    files = sorted(set(files))
    shown = ", ".join(files[:3])
    return shown + (f" and {len(files) - 3} more" if len(files) > 3 else "")


def leak_problems(snap: Snapshot, findings: list[Finding], sources: dict[str, str]) -> list[Problem]:
    """One problem per place (lines next to each other) of an item in a source file, each naming what it
    reveals, when, where it would show."""
    editors: list[_Source] | None = None
    own: dict[str, _Source | None] = {}
    links = _HiddenLinks(snap)
    places: dict[tuple, dict] = {}

    # A release's own files the build copies itself (an episode's audio and transcript, from podcast/): where
    # they come from, as MkDocs was never given them.
    published = {published_path(f): f for r in snap.plan.releases for f in files_of(r) if published_path(f)}

    def source_of(output: str) -> str | None:
        site = output.split("!", 1)[0]
        return sources.get(site) or published.get(site)

    def own_source(rel: str | None) -> _Source | None:
        if rel is None:
            return None
        if rel not in own:
            try:
                text = (snap.plan.root / rel).read_text(encoding="utf-8")
                own[rel] = _Source(rel, text, markdown=rel.endswith(".md"), links=links)
            except (OSError, UnicodeDecodeError):
                own[rel] = None
        return own[rel]

    for f in findings:
        src = source_of(f.file)
        if _same_name(snap, f):  # a file (or a member of a download) called as a hidden item's file
            f = replace(f, kind="same name")
        if f.kind == "unreadable":
            key = (src or f"site/{f.file.split('!', 1)[0]}", 1, "", f.what)
            places.setdefault(key, {"unreadable": f, "outputs": [], "lines": {1}})["outputs"].append(f.file)
            continue
        where: list[tuple[str, int]] = []
        if f.kind in ("file copy", "published file", "named after", "same name"):
            where = [(src or f"site/{f.file.split('!', 1)[0]}", 1)]
        elif f.needle:
            lines_of = {"drawing": _Source.drawing_lines,
                        "slug of the title": _Source.slug_lines}.get(f.kind, _Source.lines_of)
            mine = own_source(src)
            if mine is not None:
                where = [(mine.rel, n) for n in lines_of(mine, f.needle)]
            if not where:
                if editors is None:
                    editors = _editor_sources(snap, links)
                where = [(s.rel, n) for s in editors for n in lines_of(s, f.needle)]
            if not where and src is not None:
                where = [(src, 1)]  # inside a file the audit opened (a download, an image)
        if not where:
            where = [(f"site/{f.file.split('!', 1)[0]}", 1)]
        for file, line in where:  # one message per place (see _places) in a file, for each item
            entry = places.setdefault((file, f.item), {"finding": f, "outputs": [], "whats": {}, "lines": set()})
            entry["outputs"].append(f.file)
            entry["lines"].add(line)
            entry.setdefault("kinds", set()).add(f.kind)
            whats = entry["whats"].setdefault(line, [])
            if f.what not in whats:
                whats.append(f.what)
    # The search index and the feeds repeat what a page says: an output file named only because the needle is
    # in no editor's file is the same mistake as the item's place in an editor's file, when it has one.
    edited = {}
    for key, entry in places.items():
        if len(key) == 2 and not key[0].startswith("site/"):
            edited.setdefault(key[1], entry)
    for key in [k for k in places if len(k) == 2 and k[0].startswith("site/") and k[1] in edited]:
        edited[key[1]]["outputs"] += places.pop(key)["outputs"]
    out = [_problem(snap, key, entry, lines) for key, entry in places.items()
           for lines in ([sorted(entry["lines"])] if "unreadable" in entry else _places(sorted(entry["lines"])))]
    return sorted(set(out), key=lambda p: (p.file, p.line, p.message))


def _places(lines: list[int]) -> list[list[int]]:
    """The places an item is named at in one file, each a mistake of its own to fix: lines next to each
    other are one place (a paragraph, a pasted passage), a line further down is another (a heading, and the
    title again in a paragraph below it)."""
    out: list[list[int]] = []
    for n in lines:
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _problem(snap: Snapshot, key: tuple, entry: dict, lines: list[int]) -> Problem:
    """The message for one place (`lines`) of the item in `key` in its file."""
    file, item = key[0], key[-2] if len(key) == 4 else key[1]
    line = lines[0]
    if "unreadable" in entry:
        f = entry["unreadable"]
        reason = f.what.removeprefix("cannot be read by the leak audit: ")
        return Problem(file, line, "", M["leak-unreadable"](file=f.file, reason=reason), fix=M["leak-unreadable"].todo)
    r = snap.plan.by_id.get(item)
    kind = r.kind if r else "release"
    until = until_words(snap, r) if r else "now"
    if entry["kinds"] == {"named after"}:  # a file's name: no line to reword, a file to rename
        f = entry["finding"]
        name = posixpath.basename(f.file.rsplit("!", 1)[-1])
        how = "starts with" if norm(unquote(name)).startswith(f.needle) else "holds, after a date or a draft's mark,"
        return Problem(file, line, "", M["leak-named"](name=repr(name), how=how, named=f.what.removeprefix("file named after "),
                                                       item=f"{kind} '{item}'", kind=kind, until=until,
                                                       outputs=_outputs(entry["outputs"])),
                       fix=M["leak-named"].todo)
    if entry["kinds"] == {"same name"}:  # a file's name: a file to rename
        f = entry["finding"]
        path = f.file.rsplit("!", 1)[-1]
        other, _ = hidden_file_named(snap, posixpath.basename(path))
        return Problem(file, line, "", M["leak-same-name"](name=repr(posixpath.basename(path)), path=path, other=other,
                                                           item=f"{kind} '{item}'", kind=kind, until=until,
                                                           outputs=_outputs(entry["outputs"])),
                       fix=M["leak-same-name"].todo)
    code = "leak-drawing" if entry["kinds"] == {"drawing"} else "leak"
    # What the line says in words first: a title's slug there is that title written as words (word_lines).
    whats = sorted(dict.fromkeys(w for n in lines for w in entry["whats"][n]), key=lambda w: w.startswith("slug "))
    what = whats[0].split(" ", 1)
    shown = what[0] if len(what) == 1 else f"the {what[0]} {what[1]}"
    more = len(whats) - 1 + len(lines) - 1
    if len(lines) > 1:
        shown += f" (and more on line{'s' if len(lines) > 2 else ''} {', '.join(map(str, lines[1:6]))}" + \
            (" ..." if len(lines) > 6 else "") + ")"
    elif more:
        shown += f" (and {more} more)"
    return Problem(file, line, "", M[code](what=shown, item=f"{kind} '{item}'", kind=kind, until=until,
                                           outputs=_outputs(entry["outputs"])),
                   fix=M[code].todo)
