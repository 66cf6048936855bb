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
import io
import json
import os
import posixpath
import re
from dataclasses import dataclass
from html.entities import html5 as html5_entities
from pathlib import Path
from urllib.parse import unquote, unquote_plus

import ahocorasick

from ..release.snapshot import Snapshot
from ..source.ids import guid_of, uid_of
from ..source.links import resolve
from ..source.plan import files_of, outputs_of, url_of

MIN_TITLE = 4
_MARKUP = (".html", ".htm", ".xml", ".json", ".js", ".css", ".svg", ".ics", ".vtt", ".txt", ".rss")
# Whether html.unescape(text) can hold a %-escape: one is there already, or a '%' is followed by an
# entity within two characters, or an entity decodes to '%' (&#37; &#x25; &percnt;, any leading zeros).
# (Two patterns, each starting with a literal the regex engine skips to: one alternation of both cost
# 0.15 s per 1,000 pages.)
_PCT_LITERAL = re.compile(r"%(?:[0-9A-Fa-f]{2}|[0-9A-Fa-f]?&)")
_PCT_ENTITY = re.compile(r"&(?:#0*37|#[xX]0*25|percnt)")
_PIECE = "piece"  # see Snapshot.reference_pieces
_PAGES = (".html", ".htm", ".xml", ".svg")  # files whose lines repeat from one file to the next
_PLUS_QUERY = re.compile(r"""\?([^"'<>\s?]*\+[^"'<>\s]*)""")
_ODD_SPACE = ("  ", "\n", "\t", "\r", "\f", "\v", "\xa0", "\u2009", "\u202f", "\u3000")
# Elements that sit inside a line of text: removing their tags joins what they held to its neighbours;
# any other tag (or comment) parts them. (Two passes without a Python callback per tag.)
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|"
                         r"strong|sub|sup|time|tspan|u|var|wbr)\b[^>]*>", re.I)
_OTHER_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.S)
# Link forms found only on pages that name a hidden page's folder (see _references).
_UNQUOTED = re.compile(r"""\b(?:href|src|srcset|content|url|action|formaction|poster|data)\s*=\s*([^\s"'<>=`]+)""", re.I)
_CSS_REF = re.compile(r"""url\(\s*["']?([^"')]*)["']?\s*\)|@import\s+["']([^"']*)["']""", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)")
_BASE = re.compile(r"""<base\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)
_ICAL_ESCAPE = re.compile(r"\\([\\;,nN])")
_AUDIO_EDGE = 16 * 1024  # ID3v1, APEv2 and Lyrics3 tags at the end are a few KB at most
# Attribute values, found from their '=' (a literal the regex engine skips to quickly); the attribute
# name is checked afterwards. A case-insensitive alternation here cost 1 s per 1,000 pages.
_VALUE = re.compile(r"""=\s*["']([^"'<>]*)["']""")
_REF_NAMES = ("href", "src", "content", "url", "srcset", "action", "poster", "data")
_CHARREF = getattr(html, "_charref", None)  # the exact pattern html.unescape replaces
# html.unescape changes a named reference only if one of the names starts with its first two characters.
_NAME_STARTS = frozenset(k[:2] for k in html5_entities)


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
            # Also with its whitespace collapsed, as the search index and _json_text hold text.
            for k in dict.fromkeys((key, " ".join(key.split()))):
                if k:
                    entries.setdefault(k, []).append((kind, item))

        for r in snapshot.hidden:
            if len(r.title) >= MIN_TITLE:
                add(r.title, "title", r.id)
            add(guid_of(snapshot.plan, r), "feed id", r.id)
            if url_of(r):
                add(url_of(r), "address", r.id)
            for f in files_of(r):
                add(posixpath.basename(f), "file name", r.id)
                add(f.removeprefix("docs/"), "file path", r.id)
            for f in outputs_of(r):  # generated per-item files, e.g. an event's "add to calendar" .ics
                add(posixpath.basename(f), "file name", r.id)
                add(f, "file path", r.id)
            if r.kind == "event":
                add(uid_of(snapshot.plan, r), "calendar id", r.id)
        for piece in snapshot.reference_pieces:  # not findings: they decide which pages' links to resolve
            add(piece, _PIECE, None)
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
        self.empty = not any(k not in ("allowed", _PIECE) for vs in entries.values() for k, _ in vs)
        if not self.empty:
            auto.make_automaton()
        self.auto = auto
        self._targets: dict[str, str | None] = {}
        # Lines already scanned without a single match (needles, allowed strings, pieces): every page
        # repeats most of the theme's frame, line for line. Only sound while no needle spans lines.
        self._clean_lines: set[str] | None = None if any("\n" in k for k in entries) else set()
        # Longest string the automaton can match, twice, plus a neighbour on each side (_entity_windows).
        self.margin = 2 * max((len(k) for k in entries), default=0) + 2

    # --- one file ---------------------------------------------------------------------------------

    def scan_text(self, text: str, where: str, page_dir: str | None = None,
                  checked: set | None = None, edges: tuple[bool, bool] = (True, True)) -> list[Finding]:
        """Every trace in one text: needles, and (with `page_dir`) every reference resolved from that folder.
        `checked`: references already resolved from `page_dir` (the same file's other variants).
        `edges`: whether hits may touch the text's first / last character (False for the inner edges of a
        piece of a page)."""
        if self.empty:
            return []
        found, _ = self._scan_needles(text, where, edges)
        if page_dir is not None:
            found += self._scan_links(text, where, page_dir, checked)
        return found

    def _scan_needles(self, text: str, where: str, edges: tuple[bool, bool] = (True, True)
                      ) -> tuple[list[Finding], bool]:
        """Findings, and whether the text names the folder of a hidden page (a _PIECE)."""
        found: list[Finding] = []
        folded = _fold(text)
        allowed_spans: list[tuple[int, int]] = []
        hits = []
        piece = False
        for end, (length, values) in self.auto.iter(folded):
            start = end - length + 1
            for kind, item in values:
                if kind == "allowed":
                    allowed_spans.append((start, end))
                elif kind == _PIECE:
                    piece = True
                else:
                    hits.append((start, end, kind, item))
        if hits:
            allowed_spans.sort()
            starts = [s for s, _ in allowed_spans]
            max_end, best = [], -1
            for _, e in allowed_spans:
                best = max(best, e)
                max_end.append(best)
            last = len(folded) - 1
            for start, end, kind, item in hits:
                if (start == 0 and not edges[0]) or (end == last and not edges[1]):
                    continue
                if not _bounded(folded, start, end, kind):
                    continue
                if kind == "title":
                    i = bisect.bisect_right(starts, start) - 1
                    if i >= 0 and max_end[i] >= end:
                        continue  # inside an allowed string (a theme or live title that contains it)
                found.append(Finding(where, item, f"{kind} {text[start:end + 1]!r}"[:160]))
        return found, piece

    def _scan_lines(self, text: str, where: str) -> tuple[list[Finding], bool]:
        """_scan_needles(text), reading only the lines not seen before: a third of the work on a site
        whose pages share their frame. Any match among the new lines: the whole text, as before."""
        clean = self._clean_lines
        if clean is None:
            return self._scan_needles(text, where)
        new = [line for line in dict.fromkeys(text.split("\n")) if line not in clean]
        if next(self.auto.iter(_fold("\n".join(new))), None) is None:
            clean.update(new)
            return [], False
        return self._scan_needles(text, where)

    def _scan_links(self, text: str, where: str, page_dir: str, checked: set | None = None) -> list[Finding]:
        """Every reference a browser could follow from this text, resolved from the page's folder (and from
        a <base href>): attribute values, each srcset candidate, a refresh's url=, unquoted values, CSS
        url() and @import. Only pages that name a _PIECE get here, so thoroughness costs little."""
        found: list[Finding] = []
        if not self.snapshot.hidden_urls:
            return found
        checked = set() if checked is None else checked
        bases = [page_dir]
        for base in _BASE.findall(text):
            target = resolve(base, page_dir)
            if target is not None:
                bases.append(target.rstrip("/") if target.endswith("/") or not target else posixpath.dirname(target))
        for ref in _references(text):
            if ref in checked:
                continue
            checked.add(ref)  # same page, same reference: same answer
            for base in bases:
                target = resolve(ref, base)
                item = self._hidden_target(target) if target is not None else None
                if item:
                    found.append(Finding(where, item, f"link {ref!r}"))
                    break
        return found

    def _names_piece(self, text: str) -> bool:
        return not self.empty and any(kind == _PIECE for _, (_, vs) in self.auto.iter(_fold(text)) for kind, _ in vs)

    def _hidden_target(self, target: str) -> str | None:
        # Most targets (theme assets, hubs) recur on every page: answer each once.
        try:
            return self._targets[target]
        except KeyError:
            item = self._targets[target] = self.snapshot.hidden_target(target)
            return item

    def scan_file(self, path: Path, rel: str) -> list[Finding]:
        found: list[Finding] = []
        item = self.snapshot.hidden_target(rel)
        if item:
            found.append(Finding(rel, item, "published file"))
        if self.empty:
            return found
        data = path.read_bytes()
        name = rel  # what the content is: a gzipped file is read as the file inside
        if rel.endswith(".gz"):
            try:
                data, name = gzip.decompress(data), rel[:-3]
            except (OSError, EOFError):
                pass
        if name.endswith(".ics"):  # RFC 5545 folds lines every 75 octets, even inside a character
            data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").replace(b"\n ", b"").replace(b"\n\t", b"")
        text = _mp3_metadata(data) if name.lower().endswith(".mp3") else None
        if text is None:
            text = data.decode("utf-8", errors="replace")
        if name.endswith(".json"):
            text = _json_text(text)
        elif name.endswith(".ics"):
            text = _ical_text(text)
        # What a reader sees: the text, its entities decoded, then its %-escapes (only in markup: they
        # matter in links, not in binary media). Where no %-escape can appear after decoding entities,
        # the decoded text is scanned only around its entities (see _entity_windows).
        pct = name.endswith(_MARKUP) and (_PCT_LITERAL.search(text) or _PCT_ENTITY.search(text)) is not None
        variants = [text]
        windows = self._entity_windows(text) if "&" in text and not pct else None
        if "&" in text and windows is None:
            variants.append(html.unescape(text))
        if pct:
            variants.append(unquote(variants[-1]))
        if name.endswith(".css") and "\\" in text:  # CSS escapes: hidden\2d story
            variants.append(_css_unescape(variants[-1]))
        first = self._scan_lines if name.endswith(_PAGES) else self._scan_needles
        scans = [first(text, rel)] + [self._scan_needles(v, rel) for v in variants[1:]]
        scans += [self._scan_needles(html.unescape(text[a:b]), rel, edges=(a == 0, b == len(text)))
                  for a, b in windows or ()]
        if name.endswith(_MARKUP) and "+" in text:  # a query string writes spaces as '+': ?q=Quiet+Harbour
            queries = _PLUS_QUERY.findall(text)
            if queries:
                scans.append(self._scan_needles(unquote_plus(html.unescape("\n".join(queries))), rel))
        reader = _reader_text(text, name)
        if reader is not None:
            scans.append(self._scan_needles(reader, rel))
        page_dir = posixpath.dirname(rel) if name.endswith((".html", ".htm", ".xml", ".css", ".svg")) else None
        # Resolving every attribute value of every page was a third of the audit. A reference can reach a
        # hidden page or file only if the decoded text or the page's folder holds one of
        # Snapshot.reference_pieces (a _PIECE hit): otherwise there is nothing to resolve.
        if page_dir is not None and (any(piece for _, piece in scans) or self._names_piece(page_dir)):
            checked: set = set()
            scans += [(self._scan_links(v, rel, page_dir, checked), False) for v in variants[:2]]
            scans += [(self._scan_links(html.unescape(text[a:b]), rel, page_dir, checked), False)
                      for a, b in windows or ()]
        seen = set()
        for f in (f for fs, _ in scans for f in fs):
            if (f.item, f.what) not in seen:
                seen.add((f.item, f.what))
                found.append(f)
        return found

    def _entity_windows(self, text: str) -> list[tuple[int, int]] | None:
        """Pieces of a file that hold every difference between the text and html.unescape(text), for
        scanning the unescaped text only there (a page has a handful of entities, an MP3 hardly any;
        scanning whole unescaped copies was a third of the audit). Each piece reaches `margin` characters beyond
        its entities, so any hit touching an entity, its neighbours and any allowed string around it
        lie inside; hits at a piece's very edge are in unchanged text, which the page's own scan
        already covers (scan_text drops them, unless that edge is the page's own). Pieces start at a '<' and end after a '>',
        which no attribute value crosses, so the link check sees the same values as on the whole
        page. None when the standard library's entity pattern is not available."""
        if _CHARREF is None:
            return None
        margin, n, out = self.margin, len(text), []
        for m in _CHARREF.finditer(text):
            ref = m.group()
            if (ref[1] != "#" and ref[1:3] not in _NAME_STARTS) or html.unescape(ref) == ref:
                continue  # '&' that is no entity (a piece cut inside it stays unchanged too)
            end = text.find(">", min(n, m.end() + margin))
            end = n if end < 0 else end + 1
            if out and m.start() < out[-1][1]:  # an entity inside the current piece (never cut one)
                out[-1][1] = max(out[-1][1], end)
                continue
            start = max(text.rfind("<", 0, max(0, m.start() - margin)), 0)
            if out and start <= out[-1][1]:
                out[-1][1] = max(out[-1][1], end)
            else:
                out.append([start, end])
        return [(a, b) for a, b in out]

    def scan_site(self, site_dir: Path, skip: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
        """Scan every file; `skip` names files copied verbatim from the theme package, whose content
        cannot come from the plan (their paths are still checked)."""
        site_dir = Path(site_dir)
        found: list[Finding] = []
        for folder, _, names in os.walk(site_dir):  # like rglob, does not descend into linked folders
            prefix = Path(folder).relative_to(site_dir).as_posix() + "/"
            for name in names:
                path, rel = Path(folder, name), (prefix + name).removeprefix("./")
                if not path.is_file():
                    continue
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


_ASCII = bytes(range(128))


def _fold(text: str) -> str:
    """text.casefold(), three times faster on a page: a page is ASCII but for a few characters (the
    byline's '·'), which sends casefold() down its slow path for the whole page. Only ASCII letters change
    unless a character outside ASCII has a case (then the real casefold, which may change lengths)."""
    if text.isascii():
        return text.lower()
    data = text.encode("utf-8", "surrogatepass")
    rest = data.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    if any(c.casefold() != c for c in set(rest)):
        return text.casefold()
    return data.lower().decode("utf-8", "surrogatepass")  # bytes.lower() changes ASCII letters only


def _references(text: str) -> set[str]:
    """Every string in markup or CSS that a browser could follow as a URL."""
    refs: set[str] = set()
    # split() yields [text before match 1, value 1, text before match 2, ...]. A match starts at its '='
    # and ends at a quote, so the last 8 characters of the text before it are what the attribute-name
    # check needs (a shorter piece is preceded by the previous match's closing quote).
    parts = _VALUE.split(text)
    for i in range(1, len(parts), 2):
        if parts[i - 1][-8:].rstrip().lower().endswith(_REF_NAMES):
            value = parts[i]
            refs.add(value)
            if "," in value or " " in value:  # srcset: "a.png 1x, b.png 2x"
                refs.update(c.split()[0] for c in value.split(",") if c.strip())
            low = value.lower()
            if "url=" in low:  # <meta http-equiv="refresh" content="0; url=...">
                refs.add(value[low.index("url=") + 4:].strip(" \'\""))
    refs.update(_UNQUOTED.findall(text))
    refs.update(_css_unescape(a or b) for a, b in _CSS_REF.findall(html.unescape(text) if "&" in text else text))
    refs.discard("")
    return refs


def _css_unescape(value: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), value)


def _reader_text(text: str, name: str) -> str | None:
    """Markup as a reader sees its words: tags gone (inline ones join their neighbours, others part
    them), entities decoded (twice in XML, whose feeds carry escaped HTML), whitespace collapsed. So a
    title wrapped across lines, emphasised in part or split by &nbsp; is still found. For pages only their
    content (Material's <article>): the theme's frame holds titles whole, and reading every frame again
    would cost a third more. None for other files."""
    if name.endswith((".html", ".htm")):
        start, end = text.find("<article"), text.rfind("</article>")
        if 0 <= start < end:
            text = text[start:end]
    elif name.endswith((".xml", ".rss")):
        text = html.unescape(text)
    elif not name.endswith(".svg"):
        return None
    text = html.unescape(_OTHER_TAG.sub(" ", _INLINE_TAG.sub("", text)))
    return " ".join(text.split())


def _ical_text(text: str) -> str:
    """iCalendar text (its folded lines already joined) with its escapes decoded and whitespace collapsed.
    The icalendar package parses whole calendars only; this is all a scan needs."""
    return " ".join(_ICAL_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text).split())


def _json_text(text: str) -> str:
    """A JSON file as its reader sees it: every key and value decoded (so \\u escapes and \\" quotes are
    gone), apart by NUL, whitespace collapsed where it matters (line breaks, tabs, runs of spaces and
    no-break spaces read as one space; looking for them first is four times cheaper than splitting every
    string); the text itself if it is not JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    out: list[str] = []
    stack = [data]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            out.extend(v.keys())
            stack.extend(reversed(list(v.values())))
        elif isinstance(v, list):
            stack.extend(reversed(v))
        else:
            out.append(json.dumps(v))
    return "\0".join(" ".join(v.split()) if any(w in v for w in _ODD_SPACE) else v for v in out)


def _mp3_metadata(data: bytes) -> str | None:
    """What an MP3 can carry as text, as its reader (a podcast app) decodes it: the tags mutagen reads
    (ID3v2 with UTF-16 and compressed frames, APEv2), every further ID3v2 tag in the file (two files joined
    end to end leave one in the middle), each ID3v1 field apart (the title abuts "TAG"), and the raw
    bytes where tags live: all of a small file, else the first tag (at least _AUDIO_EDGE bytes), the last
    _AUDIO_EDGE bytes and each further ID3v2 tag. The MPEG frames between hold only audio; scanning them
    as text cost more than every page at real episode sizes (10-30 MB). None (scan the whole file as
    text) for anything mutagen cannot read as MP3. mutagen reads the bytes already in memory (the file
    is not read again, and a gzipped MP3 is read as the MP3 inside)."""
    import mutagen.apev2
    import mutagen.id3
    import mutagen.mp3

    try:
        audio = mutagen.mp3.MP3(io.BytesIO(data))
    except Exception:  # mutagen raises many types for files that are not MP3
        return None
    parts = [audio.pprint()]
    try:
        parts.append(mutagen.apev2.APEv2(io.BytesIO(data)).pprint())
    except Exception:  # no APEv2 tag (the usual case)
        pass
    head = max(_AUDIO_EDGE, getattr(audio.tags, "size", 0) or 0)
    small = len(data) <= head + _AUDIO_EDGE
    raw = [data] if small else [data[:head], data[-_AUDIO_EDGE:]]
    for pos in _offsets(data, b"ID3", 1):
        size = _id3v2_size(data, pos)
        if size:
            try:
                parts.append(mutagen.id3.ID3(io.BytesIO(data[pos:pos + size])).pprint())
            except Exception:  # three bytes "ID3" inside audio that only look like a header
                pass
            if not small and head <= pos < len(data) - _AUDIO_EDGE:
                raw.append(data[pos:pos + size])
    for pos in _offsets(data, b"TAG", 0):
        block = data[pos + 3:pos + 127]  # title, artist, album (30 bytes each), year (4), comment (30)
        fields = [block[0:30], block[30:60], block[60:90], block[90:94], block[94:124]]
        parts += [f.rstrip(b"\0 ").decode(enc, errors="replace") for f in fields for enc in ("utf-8", "latin-1")]
    parts += [r.decode("utf-8", errors="replace") for r in raw]
    return "\n".join(parts)


def _offsets(data: bytes, marker: bytes, start: int):
    i = data.find(marker, start)
    while i >= 0:
        yield i
        i = data.find(marker, i + 1)


def _id3v2_size(data: bytes, pos: int) -> int:
    """The size of an ID3v2 tag starting at `pos` (header and footer included), or 0 if no valid header."""
    head = data[pos:pos + 10]
    if len(head) < 10 or head[3] not in (2, 3, 4) or head[4] == 0xFF or any(b >= 0x80 for b in head[6:10]):
        return 0
    size = 10 + sum(b << (7 * (3 - i)) for i, b in enumerate(head[6:10]))
    return size + (10 if head[3] == 4 and head[5] & 0x10 else 0)


def audit(site_dir: Path, snapshot: Snapshot, allowed: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
    return Auditor(snapshot, allowed).scan_site(site_dir)
