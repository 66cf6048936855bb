"""The leak audit: scan every output file for anything derived from an item that is not live.

Every file is read the way its reader would read it: gzip and the zip family opened (DOCX, XLSX, PPTX, ODT,
nested zips), PDF text and metadata, UTF-8/16/32 text, audio tags; HTML entities, JSON and iCalendar escapes
and %-escapes decoded; page text with its tags gone. All of it goes through the one normalisation
(textnorm.norm) the needles went through, and is searched once per form with an Aho-Corasick automaton
holding every needle (needles.Needles: titles, ids, addresses, summaries, sentences...). A needle counts as
a whole word only; a title, summary or sentence inside declared shared wording is no leak. Every file's
bytes are also compared (by size, then sha256) with every file of a hidden item, and MP3s by their audio
frames. What cannot be opened (encrypted, corrupt, a zip bomb, too big) is a finding too: fail closed.
"""
from __future__ import annotations

import bisect
import hashlib
import html
import io
import json
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import add, not_
from pathlib import Path
from urllib.parse import unquote, unquote_plus

from ahocorasick_rs import AhoCorasick, Implementation

from ..release.snapshot import Snapshot
from ..source.links import resolve, site_path
from ..source.plan import site_url, url_of
from . import containers, media
from .containers import Budget, Unreadable
from .drawing import drawing_text
from .memo import CleanMemo
from .needles import AUDIO_EXTS, CLIP, CLIP_MATCHES, TEXT_KINDS, Needles, audio_samples, audio_span, distinctive_id, stem_of
from .textnorm import norm, strings_in

_MARKUP = (".html", ".htm", ".xml", ".json", ".js", ".css", ".svg", ".ics", ".vtt", ".txt", ".rss")
# Whether html.unescape(text) can hold a %-escape: one is there already, or a '%' is followed by an
# entity within two characters, or an entity decodes to '%' (&#37; &#x25; &percnt;, any leading zeros).
_PCT_LITERAL = re.compile(r"%(?:[0-9A-Fa-f]{2}|[0-9A-Fa-f]?&)")
_PCT_ENTITY = re.compile(r"&(?:#0*37|#[xX]0*25|percnt)")
_PIECE = "piece"  # see Snapshot.reference_pieces
_PREFIX = 40  # characters of each needle the automaton holds
_ALLOWED = "allowed"
_PAGES = (".html", ".htm", ".xml", ".svg")  # files whose lines repeat from one file to the next
# MkDocs' search index, where the search plugin writes it (a download named like it is any JSON file): read in
# fewer forms than other JSON (_decoded_further), its strings kept apart (_unread).
INDEX = "search/search_index.json"
_GROUP = 64  # JSON strings read together, looking ahead (Auditor._scan_content)
_RUN, _CONTEXT = 3, 1  # lines known clean together, and lines read around new ones (see Auditor._unread)
_PART = 64  # lines read together when a stretch holding looked-ahead traces is kept clean in parts (_clean_parts)
_PLUS_QUERY = re.compile(r"""\?([^"'<>\s?]*\+[^"'<>\s]*)""")
# Elements that sit inside a line of text: removing their tags joins what they held to its neighbours;
# any other tag (or comment) parts them. (Two passes without a Python callback per tag.) With the obsolete
# ones browsers still render inline, which older editors and Outlook write ('<font size=6>T</font>wo', a
# '<nobr>' inside a word).
# The names as a trie: the regex engine tries an alternation in order, and this one is read over every page
# (a, abbr, acronym, b, bdi, bdo, big, blink, cite, code, data, del, dfn, em, font, i, ins, kbd, mark, nobr, q, s,
# samp, small, span, strike, strong, sub, sup, time, tspan, tt, u, var, wbr).
_INLINE_TAG = re.compile(r"</?(?:a(?:bbr|cronym)?|b(?:d[io]|ig|link)?|c(?:ite|ode)|d(?:ata|el|fn)|em|font|i(?:ns)?|kbd|"
                         r"mark|nobr|q|s(?:amp|mall|pan|trike|trong|u[bp])?|t(?:ime|span|t)|u|var|wbr)\b[^>\0]*>", re.I)
_OTHER_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>\0]*>", re.S)  # never across a NUL: blocks apart (_unread)
# Office XML (DOCX, PPTX, XLSX, ODF): paragraphs, cells, breaks and tabs part words; every other tag
# (runs, spans, formatting) sits inside a word's line and joins.
# (Also what sits in a line of text but is no word of it: a picture, a footnote's mark, a field, a tab stop.)
_OFFICE_BREAK = re.compile(r"</(?:w:p|a:p|text:p|text:h|si|c|row|table:table-cell|text:list-item|dc:\w+|cp:\w+|"
                           r"w:drawing|w:pict|mc:AlternateContent|wp:posOffset|text:note-citation|text:note)>|"
                           r"<(?:w:br|w:cr|w:tab|w:ptab|a:br|a:tab|text:tab|text:line-break|text:s|w:drawing|w:pict|"
                           r"mc:AlternateContent|wp:posOffset|text:note|text:note-citation|text:note-body|w:fldChar|"
                           r"w:footnoteReference|w:endnoteReference)\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ANY_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")
# Link forms found only on pages that name a hidden page's folder (see _references).
_UNQUOTED = re.compile(r"""\b(?:href|src|srcset|content|url|action|formaction|poster|data)\s*=\s*([^\s"'<>=`]+)""", re.I)
_CSS_REF = re.compile(r"""url\(\s*["']?([^"')]*)["']?\s*\)|@import\s+["']([^"']*)["']""", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)")
_BASE = re.compile(r"""<base\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)
_ICAL_ESCAPE = re.compile(r"\\([\\;,nN])")
_JS_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([^\0\n]))")
_AUDIO_EDGE = 16 * 1024  # ID3v1, APEv2 and Lyrics3 tags at the end are a few KB at most
_AUDIO_SLACK = 1024  # bytes after the ID3v2 tag read as text too (padding or junk before the first frame)
# Attribute values, found from their '=' (a literal the regex engine skips to quickly); the attribute
# name is checked afterwards. A case-insensitive alternation here cost 1 s per 1,000 pages.
_VALUE = re.compile(r"""=\s*["']([^"'<>]*)["']""")
_REF_NAMES = ("href", "src", "content", "url", "srcset", "action", "poster", "data")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=\w)")  # 'no-\nbody' in a PDF's text
# Files whose base64 is no attachment: pages (a data: address is read as one), the search index (the pages' words),
# scripts and style sheets (the theme's), audio and pictures (their bytes are no text).
_NO_BASE64 = (".html", ".htm", "search_index.json", ".js", ".css", *AUDIO_EXTS, ".png", ".jpg", ".jpeg", ".gif", ".webp",
              ".woff", ".woff2", ".ttf", ".otf")
_FOLDED = (".ics", ".ical", ".ifb", ".vcs", ".vcf", ".vcard")  # calendars and contact cards: lines folded
_MPEG_SYNC = (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xfa", b"\xff\xe3", b"\xff\xe2")


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # the output file (a file inside a container: 'downloads/pack.zip!word/document.xml')
    item: str  # the id of the item that is not live ('' for a file the audit cannot read)
    what: str  # what was found, as shown
    kind: str = ""  # the needle's kind (title, id, sentence, link, file copy, unreadable...)
    needle: str = ""  # the needle, normalised (to find the editor's line that holds it)

    def __str__(self) -> str:
        if not self.item:
            return f"{self.file}: {self.what}"
        return f"{self.file}: {self.what} of non-live release '{self.item}'"


class LeakError(Exception):
    def __init__(self, findings: list[Finding]):
        self.findings = findings
        shown = "\n".join(f"  {f}" for f in findings[:50])
        more = f"\n  ... and {len(findings) - 50} more" if len(findings) > 50 else ""
        super().__init__(f"leak audit failed: {len(findings)} trace(s) of releases that are not live:\n{shown}{more}")


class Auditor:
    """`allowed`: further declared shared wording (a rollback re-audits with the wording its version was
    built with); the plan's own `shared_wording:` is always allowed. `memo`: a slot (the project's root) under
    which files read clean are remembered for the next audit in this process (see memo.py); None reads all."""

    def __init__(self, snapshot: Snapshot, allowed: set[str] | frozenset[str] = frozenset(), memo: str | None = None,
                 expected: frozenset = frozenset()):
        self.snapshot = snapshot
        # Items live now that `snapshot` hides all the same (audit_site: it looks ahead for the traces of
        # items to be taken down): what they leave is no finding, and the memo notes in which files it is.
        self.expected = expected
        self.needles = Needles(snapshot)
        entries: dict[str, list] = {}
        # Samples of hidden audio files' frames (needles.audio_samples) are bytes, not text: apart, each of one
        # item only (a sample two hidden files hold tells neither).
        clips: dict[str, tuple[str, str, int] | None] = {}
        for text, kind, item, shown in self.needles.all:
            if kind == CLIP:  # shown: '<its number in the file> <the file>'
                at, path = shown.split(" ", 1)
                if text not in clips:
                    clips[text] = (item, path, int(at))
                elif clips[text] is not None and clips[text][0] != item:
                    clips[text] = None
                continue
            got = entries.get(text)
            if got is None:
                entries[text] = [(kind, item, shown)]
            else:
                got.append((kind, item, shown))
        # A title read as words (its hyphen written as a space, ': ' as ' - ', its punctuation left out):
        # the automaton holds the longest stretch of the title between punctuation marks (which every such
        # variant keeps) as an anchor; around an anchor's hit the text is compared letters and digits only
        # (see _folded_hits). Only titles with punctuation need it: the others are needles as they are.
        cuts: dict[tuple, list] = {}
        for n in self.needles.all:
            if n.kind == "title":
                fold = _fold_needle(n)
                if fold is not None:
                    entries.setdefault(fold[0], []).append((_FOLD, fold[1], None))
                for anchor, cut in _cut_needles(n):  # the title cut short: 'Two phones and a long way…'
                    cuts.setdefault((anchor, cut[0]), []).append(cut)
        # Titles often start alike ('Spot It: ...'): one entry per anchor and direction, whose hits are checked
        # for an ellipsis near them once, not once per title.
        for (anchor, direction), group in cuts.items():
            reach = max(sum(map(len, c[1])) for c in group) + len(_ELLIPSIS) + 1
            entries.setdefault(anchor, []).append((_CUT, (direction, reach, tuple(group)), None))
        for piece in filter(None, self.needles.pieces):  # not findings: they decide which pages' links to resolve
            entries.setdefault(piece, []).append((_PIECE, None, None))
        # Declared shared wording only matters where it could hold a text needle (a few strings: a
        # substring test each is cheaper than a second automaton).
        self._allowed = frozenset(allowed)
        self._declared = declared_wording(snapshot, allowed)
        shared = list(self._declared)
        if shared:
            texts = [k for k, vs in entries.items() if any(kind in TEXT_KINDS or kind == _CUT for kind, _, _ in vs)]
            together = "\0".join(shared)  # one substring test per needle, not one per needle and text
            inside = [t for t in texts if t in together]
            for text in shared:
                if any(t in text for t in inside):
                    entries.setdefault(text, []).append((_ALLOWED, None, None))
        self._clips = {k: v for k, v in clips.items() if v is not None}
        self._clip_syncs = tuple(sorted({bytes.fromhex(k.split(":", 1)[0]) for k in self._clips}))
        self.empty = not self.needles.all and not self.needles.hashes and not self.needles.audio
        # One automaton for every needle, holding its first _PREFIX characters (a hit is then checked
        # whole): tens of thousands of sentences make a big automaton, and a small one stays in the
        # processor's cache (contiguous, for the same reason). What each needle means, by its index.
        self._keys = list(entries)
        self._values = [tuple(vs) for vs in entries.values()]
        groups: dict[str, list[int]] = {}
        for i, key in enumerate(self._keys):
            groups.setdefault(key[:_PREFIX], []).append(i)
        self._groups = [tuple(g) for g in groups.values()]
        self.auto = AhoCorasick(list(groups), implementation=Implementation.ContiguousNFA) if groups else None
        self._targets: dict[str, str | None] = {}
        # Lines of pages already read without a single match: every page repeats most of the theme's frame.
        self._clean_lines: dict[str, set] = {}
        self._sizes = self.needles.sizes
        # A hidden drawing's path data (needles of kind "drawing") are looked for in one more form of a file
        # that draws: its path data read as tokens (audit/drawing.py). None hidden: that form is never made.
        self._drawings = any(n.kind == "drawing" for n in self.needles.all)
        self.memo = CleanMemo(memo, *self._looked_for()) if memo is not None else None
        if self.memo is not None:
            self._clean_lines = self.memo.lines

    def _looked_for(self) -> tuple[frozenset, tuple]:
        """For the memo: one string per thing this audit looks for (a needle with what it means, a hidden
        file's hash, a hidden address or file name), and what must be the same for a clean answer to hold
        (the allowed wording, the site's address)."""
        # A needle that texts published by design hold (_excuses: a hit that is part of one in binary data is no
        # finding) is a string with those texts: one of them gone (a live title edited) makes it a new string,
        # nothing else looked for changing, so the files read clean under it are read again.
        held = self._excuses
        out = {f"n\0{key}\0{kind}\0{item!r}\0{shown}{held.get(key, '')}" for key, values in zip(self._keys, self._values)
               for kind, item, shown in values if kind not in (_ALLOWED, _CUT)}
        # A shortened title's anchor is shared by titles that start alike: one string per title, so that a
        # title going live leaves a subset (the anchor's reach only bounds where its ellipsis may be).
        out.update(f"n\0{key}\0{_CUT}\0{cut!r}" for key, values in zip(self._keys, self._values)
                   for kind, group, _ in values if kind == _CUT for cut in group[2])
        n, snap = self.needles, self.snapshot
        out.update(f"h\0{d}\0{v!r}" for d, v in n.hashes.items())
        out.update(f"a\0{d}\0{v!r}" for d, v in n.audio.items())
        out.update(f"u\0{u}\0{i}" for u, i in snap.hidden_urls.items())
        out.update(f"f\0{u}\0{i}" for u, i in snap.hidden_names.items())
        out.update(self._named_after_inputs())
        # The wording declared shared, all of it: an item going live leaves fewer of it around a needle, and a
        # file clean under more needles is clean under fewer (a hit inside shared wording is inside it still).
        return frozenset(out), memo_exact(self.snapshot, self._allowed)

    def keep(self) -> None:
        """The build this audit passed has succeeded: keep its caches on disk for the next build."""
        self.needles.keep()
        if self.memo is not None:
            self.memo.save()

    # --- one text ---------------------------------------------------------------------------------

    def scan_text(self, text: str, where: str, page_dir: str | None = None,
                  checked: set | None = None) -> list[Finding]:
        """Every trace in one text: needles, and (with `page_dir`) every reference resolved from that folder."""
        if self.auto is None:
            return []
        found, _ = self._scan_needles(text, where)
        if page_dir is not None:
            found += self._scan_links(text, where, page_dir, checked)
        return found

    def _scan_needles(self, text: str, where: str) -> tuple[list[Finding], bool]:
        """Findings in norm(text), and whether it names the folder of a hidden page (a _PIECE)."""
        found: list[Finding] = []
        if self.auto is None:
            return found, False
        hay = norm(text)
        allowed_spans: list[tuple[int, int]] = []
        hits = []
        piece = False
        values_of = self._values
        # UTF-16 read out of binary data (containers.utf16_runs), and binary data's 8-bit text (containers.phrases):
        # where a string there starts or ends is unknown, so a hit counts whatever touches it (of a needle of
        # several words only, in the 8-bit text: see _loose_hit).
        loose = _spans(_LOOSE, hay) if containers.LOOSE_START in hay else ()
        phrases = _spans(_PHRASES, hay) if containers.PHRASES_START in hay else ()
        for i, start, end in self._matches(hay):
            end -= 1  # the last character's index
            for kind, item, shown in values_of[i]:
                if kind == _ALLOWED:
                    allowed_spans.append((start, end))
                elif kind == _PIECE:
                    piece = True
                elif kind in _ANCHORS:  # a title read as words, or cut short
                    if kind == _FOLD and (loose and _inside(loose, start) or phrases and _inside(phrases, start)):
                        hits.extend(_folded_hits(hay, start, end + 1, item, loose=True))
                    else:
                        hits.extend(_ANCHORS[kind](hay, start, end + 1, item))
                else:
                    hits.append((start, end, kind, item, shown))
        if hits:
            allowed_spans.sort()
            starts = [s for s, _ in allowed_spans]
            max_end, best = [], -1
            for _, e in allowed_spans:
                best = max(best, e)
                max_end.append(best)
            for start, end, kind, item, shown in hits:
                words = kind in TEXT_KINDS
                if not _bounded(hay, start, end, words) and not self._loose_hit(hay, start, end, loose, phrases):
                    continue
                if words:
                    i = bisect.bisect_right(starts, start) - 1
                    if i >= 0 and max_end[i] >= end:
                        continue  # inside declared shared wording
                found.append(Finding(where, item, f"{kind} {shown!r}"[:160], kind, hay[start:end + 1]))
        return found, piece

    def _loose_hit(self, hay: str, start: int, end: int, loose, phrases) -> bool:
        """Whether a hit that is not a whole word counts all the same: read out of binary data, where nothing
        marks where a string starts or ends (a length byte 0x41 before it reads as 'A'). In its UTF-16 (any
        needle) and in its 8-bit text, a needle of several words: one word ('ep1', 'beacon') would match inside
        image bytes. Unless the hit is part of a longer text published by design there (_excused)."""
        if loose and _inside(loose, start):
            # The group of UTF-16 readings, not the place: in the reading a byte off, a name's last letter is another.
            return not self._excused(hay, start, end, *_span_at(loose, start), cover=False)
        if phrases and _inside(phrases, start) and _several_words(hay[start:end + 1]):
            return not self._excused(hay, start, end, *_span_at(phrases, start), cover=True)
        return False

    def _excused(self, hay: str, start: int, end: int, a: int, b: int, cover: bool) -> bool:
        """Whether a hit in binary data, not a whole word there, is part of a longer text published by design
        in hay[a:b] (`cover`: there, around the hit): a live item's id, page or file name, a theme's id
        ('hidden-story' in 'hidden-story-2' while that is live), a live item's, theme's or the campaign's title
        ('Quiet Harbour Warnings Explained' while that is live), or allowed wording."""
        hit = hay[start:end + 1]
        for t in self._published:
            if len(t) > len(hit) and hit in t:
                if not cover:
                    if hay.find(t, a, b) >= 0:
                        return True
                elif _holds(hay, t, max(a, end + 1 - len(t)), min(b, start + len(t))):
                    return True
        return False

    @cached_property
    def _utf16(self) -> containers.Utf16Chars:
        """How UTF-16 is read out of binary data: with the characters beyond the usual scripts (CJK, symbols;
        astral ones, an emoji, always) of the needles, so a title holding them is read whole, and of the
        published texts holding one (_excused must find those whole too)."""
        return containers.Utf16Chars.of(chain(self._keys, self._excuses.values()))

    @cached_property
    def _published(self) -> tuple[str, ...]:
        """The texts published by design that excuse a hit in binary data (_excused)."""
        n = self.needles
        return tuple(sorted({*n.public_names, *n.public_titles, *self._declared}))

    @cached_property
    def _excuses(self) -> dict[str, str]:
        """Each needle a text of _published holds (rarely any: a live 'hidden-story-2' holds the hidden
        'hidden-story') -> those texts, written out (for the memo: _looked_for). Needles only, not the anchors
        of a title read as words or cut short (_FOLD, _CUT): they are common phrases titles share ('the voice of
        the child'; 'Northern Pier Lantern Notes For Winter' and '... For Spring'), and one going live would
        make every file be read again. So a title held only with other punctuation or cut short by an ellipsis
        inside a longer published text in binary data stays excused in the memo after that text is edited."""
        texts = self._published
        if not texts or self.auto is None:
            return {}
        joined = "\0".join(texts)
        ends = list(accumulate(len(t) + 1 for t in texts))
        held: dict[str, set] = {}
        for i, start, _ in self._matches(joined):
            if any(kind not in (_ALLOWED, _PIECE, _CUT, _FOLD) for kind, _, _ in self._values[i]):
                held.setdefault(self._keys[i], set()).add(texts[bisect.bisect_right(ends, start)])
        return {key: f"\0held by {sorted(v)!r}" for key, v in held.items()}

    def _unread_page(self, text: str, lower: str) -> tuple[str | None, set]:
        """(the stretches of this page not read clean before (see _unread) when they may hold a trace, the
        items looked for ahead they hold when they hold nothing else). Nothing in them: they join what was
        read clean (a page's frame repeats on every page); whatever the page holds is in them."""
        unread = self._unread(text, lower, "\n")
        if unread is None:
            return None, set()
        chunk, clean, new, _ = unread
        other, ahead = self._what_holds(chunk, lower, page=True)
        if other:
            return chunk, set()
        if not ahead:
            clean.update(new)
        elif chunk.count("\n") > _PART:
            self._clean_parts(chunk, lower, clean)
        # Only traces of items live now, looked for ahead (audit_site): no finding can come of reading it all
        # (a needle it finds or a link it resolves is one of theirs: matched here, in the same forms).
        return None, ahead

    def _clean_parts(self, chunk: str, lower: str, clean: set) -> None:
        """A long stretch that holds traces of items looked for ahead (a sitemap, a feed, a listing naming
        them) is kept read clean where it holds none: read again in parts of _PART lines, each overlapping
        the next by _RUN - 1 lines, and each part that holds nothing joins what was read clean (every run of
        lines in it was read together, as _unread requires). Otherwise the next build reads it all again."""
        step = _PART - (_RUN - 1)
        for block in chunk.split("\n\0\n"):
            lines = block.split("\n")
            for i in range(0, max(len(lines) - (_RUN - 1), 1), step):
                part = lines[i:i + _PART]
                if self._what_holds("\n".join(part), lower, page=True) == (False, set()):
                    clean.update(_runs(part))

    def _what_holds(self, text: str, lower: str, binary: bool = False, page: bool = False) -> tuple[bool, set]:
        """(whether `text` holds in some decoded form anything but traces of the items looked for ahead, the
        ids of those it holds). `page`: stretches of a page (see _interiors)."""
        expected, values_of, ahead = self.expected, self._values, set()
        forms = _forms(text, lower, binary)
        if page:  # its words are in its form without tags (forms[1]): of the page as written, its tags' insides
            forms[0] = _interiors(text)
        forms = [norm(f) for f in forms]
        if self._drawings:
            forms.append(norm(drawing_text(text)))
        for hay in forms:
            for i, start, end in self._matches(hay):
                for kind, v, _ in values_of[i]:
                    if kind == _ALLOWED:
                        return True, ahead
                    if kind == _PIECE:
                        items = self._piece_items.get(self._keys[i])
                    elif kind in _ANCHORS:
                        items = {hit[3] for hit in _ANCHORS[kind](hay, start, end, v)}
                    else:
                        items = {v}
                    if items is None or not items <= expected:
                        return True, ahead
                    ahead |= items
        return False, ahead

    @cached_property
    def _piece_items(self) -> dict:
        """Normalised piece (as the automaton holds it) -> ids of the hidden items whose folder or file it names."""
        out: dict[str, set] = {}
        for piece, items in self.snapshot.reference_piece_items.items():
            out.setdefault(norm(piece), set()).update(items)
        return out

    def _scan_strings(self, text: str, lower: str, binary: bool, where: str) -> list[Finding]:
        """Findings in a JSON file's strings (apart by NUL), in every form."""
        found = [f for v in _forms(text, lower, binary) for f in self._scan_needles(v, where)[0]]
        if self._drawings:  # markup in a string: a hidden drawing's path data, however written
            found += self._scan_needles(drawing_text(text), where)[0]
        return found

    def _unread(self, text: str, lower: str, sep: str, binary: bool = False) -> tuple[str, set, list, list] | None:
        """The parts of `text` (split at `sep`) not read clean before, as blocks apart by NUL (no needle holds
        one, so nothing matches across a gap); the set that what they hold joins once read clean, and what
        joins it. None: all read before.

        JSON strings (sep NUL) are each read on their own, as their reader reads them. Lines (sep newline) are
        not: a needle wraps over lines, so what is known clean is every run of _RUN consecutive lines read
        together, never a line alone (two lines each clean elsewhere can hold a title once they meet). A run
        not read before makes its lines new, and each block of new lines is read with _CONTEXT lines on
        either side. So a needle over up to _RUN lines is read wherever its lines were not read together
        before; and a changed line is read with the 3 lines on either side of it (its runs, and the
        context), so a needle over up to 4 lines that holds a changed line is read whole. Not read: a needle
        over 4 or more lines, none changed, each run of 3 of which was read clean somewhere else."""
        # Clean for files read the same way: by extension (a line of a feed is decoded once more than a
        # page's) and as text or as binary data (binary data is read in fewer forms).
        key = lower.rsplit(".", 1)[-1] + ("\0binary" if binary else "")
        index = lower == INDEX
        if sep == "\0" and not index:
            # The search index is read in fewer forms than other JSON (_decoded_further: its markup is the pages'):
            # a string it read clean vouches for no other file's (a download holding it would hide a title in tags).
            key += "\0other"
        clean = self._clean_lines.setdefault(key, set())
        lines = text.split(sep)
        if sep == "\0":
            known = list(map(clean.__contains__, lines))
            if self.memo is not None and index:  # the search index's strings an earlier build read clean
                self.memo.known_strings(lines, known)
            if all(known):
                clean.update(lines)  # read clean, by this process or (by digest) an earlier one
                return None
            new = list(compress(count(), map(not_, known)))
            context = 0
        else:
            runs = _runs(lines)
            known = list(map(clean.__contains__, runs))
            if self.memo is not None and not all(known):  # the runs an earlier process read clean
                self.memo.known_runs(key, runs, known, clean)
            starts = list(compress(count(), map(not_, known)))
            if not starts:
                return None
            # A line is new when a run holding it is (the runs starting at it and at the _RUN - 1 lines before).
            last = len(lines) - 1
            new = sorted({min(i, last) for i in chain(*(map(add, starts, repeat(k)) for k in range(_RUN)))})
            context = _CONTEXT
        spans, start, end = [], new[0], new[0]
        for i in new[1:]:
            if i > end + 2 * context + 1:  # clean lines between them beyond both contexts: a block ends
                spans.append((max(start - context, 0), min(end + context, len(lines) - 1)))
                start = i
            end = i
        spans.append((max(start - context, 0), min(end + context, len(lines) - 1)))
        chunk = "\n\0\n".join(sep.join(lines[a:b + 1]) for a, b in spans)
        if sep == "\0":
            # Once read clean, the new strings join `clean`, and so do the known ones, so that a memo kept on
            # disk holds all of them (not only those this process read). Last: the strings read now.
            return chunk, clean, lines, [lines[i] for i in new]
        # Every run of lines read together in a block is clean once the block is.
        return chunk, clean, [r for a, b in spans for r in _runs(lines[a:b + 1])], []

    def _scan_links(self, text: str, where: str, page_dir: str, checked: set | None = None,
                    whole: str | None = None) -> list[Finding]:
        """Every reference a browser could follow from this text, resolved from the page's folder (and from
        a <base href>): attribute values, each srcset candidate, a refresh's url=, unquoted values, CSS
        url() and @import. Only pages that name a _PIECE get here, so thoroughness costs little."""
        found: list[Finding] = []
        if not self.snapshot.hidden_urls and not self.snapshot.hidden_names:
            return found
        checked = set() if checked is None else checked
        bases = [page_dir]
        for base in _BASE.findall(text if whole is None else whole):  # `whole`: the page `text` is part of
            target = resolve(base, page_dir)
            if target is not None:
                bases.append(target.rstrip("/") if target.endswith("/") or not target else posixpath.dirname(target))
        # A reference leads to a hidden page or file only if the resolved path names one (Snapshot.reference_pieces):
        # from the folder it starts in, or from the reference itself, decoded at least as resolve() decodes it.
        # So where no folder names one, a reference that names none is not resolved (a sitemap has hundreds).
        every = any(self.snapshot.may_reference_hidden(b) for b in bases)
        for ref in _references(text):
            if ref in checked:
                continue
            checked.add(ref)  # same page, same reference: same answer
            if not every and not self.snapshot.may_reference_hidden(ref):
                continue
            for base in bases:
                # As a browser resolves it, and as this site's own address: 'https://host/sub/articles/x/'
                # and '/sub/articles/x/' (site_url's path) are the page articles/x/ too.
                target = site_path(ref, base, self._site_url)
                item = self._hidden_target(target) if target is not None else None
                if not item and self._site_url:
                    target = resolve(ref, base)
                    item = self._hidden_target(target) if target is not None else None
                if item:
                    found.append(Finding(where, item, f"link {ref!r}", "link", norm(ref)))
                    break
        return found

    @cached_property
    def _site_url(self) -> str | None:
        """mkdocs.yml's site_url (read only when a page names a hidden page's folder: links to resolve)."""
        root = getattr(self.snapshot.plan, "root", None)
        return site_url(root) if root is not None else None

    def _hidden_target(self, target: str) -> str | None:
        # Most targets (theme assets, hubs) recur on every page: answer each once.
        try:
            return self._targets[target]
        except KeyError:
            item = self.snapshot.hidden_target(target)
            if item is None:  # 'articles/x.html', 'articles/x.md': the page articles/x/ by another name
                for ext in (".html", ".htm", ".md"):
                    if target.endswith(ext) and not target.endswith("/index" + ext):
                        item = self.snapshot.hidden_target(target[:-len(ext)] + "/")
                        break
            self._targets[target] = item
            return item

    # --- one file ---------------------------------------------------------------------------------

    def scan_file(self, path: Path | str, rel: str) -> list[Finding]:
        found: list[Finding] = []
        item = self.snapshot.hidden_target(rel)
        if item:
            found.append(Finding(rel, item, "published file", "published file", norm(posixpath.basename(rel))))
        if self.empty:
            return found
        size = os.stat(path).st_size
        if size > containers.MAX_FILE:
            found.append(Finding(rel, "", f"cannot be read by the leak audit: it is {size:,} bytes, over the "
                                           f"{containers.MAX_FILE:,}-byte limit", "unreadable"))
            return found
        with open(path, "rb") as fh:
            data = fh.read()
        memo = self.memo
        if memo is None:
            return _unique(found + self.scan_bytes(data, rel))
        digest = hashlib.sha256(data).hexdigest()
        if memo.is_clean(rel, digest, self.expected):
            return [f for f in found if f.item not in self.expected]
        found = _unique(found + self.scan_bytes(data, rel))
        if all(f.item in self.expected for f in found):  # clean but for the traces of items still live
            memo.record(rel, digest, {f.item for f in found})
        return [f for f in found if f.item not in self.expected]

    def scan_bytes(self, data: bytes, rel: str) -> list[Finding]:
        return _unique(self._scan_data(data, rel, rel, 0, Budget()))

    def _scan_data(self, data: bytes, name: str, where: str, depth: int, budget: Budget, layers: int = 0) -> list[Finding]:
        """`name` says what the data is (a gzipped file is named as the file inside); `where` is shown."""
        found = self._scan_copies(data, name, where)
        if b";base64," in data and depth < containers.MAX_DEPTH:  # a file pasted into a page as a data: URI
            try:
                for member, blob in containers.data_uris(data, budget):
                    found += self._scan_data(blob, member, f"{where}!{member}", depth + 1, budget, layers + 1)
            except Unreadable as exc:
                return found + [Finding(where, "", f"cannot be read by the leak audit: {exc}", "unreadable")]
        if self.auto is None:
            return found
        try:
            kind = containers.stream_kind(data, name)
            if kind or containers.is_zip(data) or containers.is_tar(data):
                if layers >= containers.MAX_LAYERS:
                    raise Unreadable(f"it is nested {layers + 1} containers deep, over the {containers.MAX_LAYERS} the audit opens")
            if kind:
                try:
                    inner = containers.decompress(kind, data, budget)
                except Unreadable:
                    if kind == "lzma" and not name.lower().endswith(containers.SUFFIXES["lzma"]):
                        inner = None  # only looked like lzma: read as it is
                    else:
                        raise
                if inner is not None:
                    if kind == "gzip" and data[3] & 0x18:  # the name and comment its header keeps
                        header = containers.gzip_header(data)
                        found += self._scan_texts(header, f"{where}!(its header)")
                        found += [f for line in header.splitlines() for f in self._named_after(line, where)]
                    return found + self._scan_data(inner, containers.strip_suffix(name, kind), where, depth, budget, layers + 1)
            if containers.is_zip(data) or containers.is_tar(data):
                if depth >= containers.MAX_DEPTH:
                    raise Unreadable(f"it is nested {depth + 1} archives deep, over the {containers.MAX_DEPTH} the audit opens")
                members = containers.zip_members if containers.is_zip(data) else containers.tar_members
                for member, body in members(data, budget):
                    inside = f"{where}!{member}"
                    found += [Finding(inside, f.item, f.what, f.kind, f.needle) for f in self._scan_needles(member, inside)[0]]
                    found += self._named_after(member, inside)
                    if body is not None:
                        found += self._scan_data(body, member, inside, depth + 1, budget, layers + 1)
                return found
            if containers.is_email(data, name):  # its parts decoded, then the file as it is (below)
                if depth >= containers.MAX_DEPTH:
                    raise Unreadable(f"it is nested {depth + 1} archives deep, over the {containers.MAX_DEPTH} the audit opens")
                for member, body in containers.email_parts(data, budget):
                    found += self._scan_data(body, member, f"{where}!{member}", depth + 1, budget, layers + 1)
            if containers.is_tnef(data):  # winmail.dat: its compressed RTF body and attached files, then its bytes
                if depth >= containers.MAX_DEPTH:
                    raise Unreadable(f"it is nested {depth + 1} archives deep, over the {containers.MAX_DEPTH} the audit opens")
                for member, body in containers.tnef_parts(data, budget):
                    found += self._scan_needles(member, f"{where}!{member}")[0]
                    found += self._scan_data(body, member, f"{where}!{member}", depth + 1, budget, layers + 1)
            what = containers.unopened(data)
            if what:
                raise Unreadable(f"it is {what}, which the audit cannot open; {containers.EXPORT}")
            if containers.is_pdf(data):
                text, attached = containers.pdf_contents(data, budget)
                found += self._scan_texts(text, where)
                if _LINE_END_HYPHEN.search(text):  # a word hyphenated at a line's end, read joined both ways
                    found += self._scan_needles(_LINE_END_HYPHEN.sub("", text), where)[0]
                    found += self._scan_needles(_LINE_END_HYPHEN.sub("-", text), where)[0]
                found += self._scan_needles(containers.binary_text(data, chars=self._utf16), where)[0]
                if attached and depth >= containers.MAX_DEPTH:  # as an archive that deep: fail closed
                    raise Unreadable(f"it is nested {depth + 1} archives deep, over the {containers.MAX_DEPTH} the audit opens")
                for member, body in attached:
                    found += self._scan_data(body, member, f"{where}!{member}", depth + 1, budget, layers + 1)
                return found
            if containers.is_ole(data):  # .doc, .xls, .ppt, .msg: the text of every stream, and the files inside
                text, inside = containers.ole_contents(data, budget, self._utf16)
                found += self._scan_texts(text, where)
                if inside and depth >= containers.MAX_DEPTH:  # as an archive that deep: fail closed
                    raise Unreadable(f"it is nested {depth + 1} archives deep, over the {containers.MAX_DEPTH} the audit opens")
                for member, body in inside:
                    found += self._scan_data(body, member, f"{where}!{member}", depth + 1, budget, layers + 1)
                return found
            if media.kind(data):  # a picture's metadata (PNG, JPEG, TIFF, GIF, WebP), then its bytes as any binary file
                found += self._scan_texts(media.text(data, budget), where)
            elif containers.is_rtf(data):  # its words without the control words, then the file as text
                found += self._scan_texts(containers.rtf_text(data), where)
        except Unreadable as exc:
            found.append(Finding(where, "", f"cannot be read by the leak audit: {exc}", "unreadable"))
            return found
        if depth < containers.MAX_DEPTH and not name.lower().endswith(_NO_BASE64):  # a file inside as base64
            try:
                for member, blob in containers.base64_blobs(data, budget):
                    found += self._scan_data(blob, member, f"{where}!{member}", depth + 1, budget, layers + 1)
            except Unreadable as exc:
                found.append(Finding(where, "", f"cannot be read by the leak audit: {exc}", "unreadable"))
        return found + self._scan_content(data, name, where, depth)

    def _scan_texts(self, text: str, where: str) -> list[Finding]:
        """Text taken out of a container, and its entities, %-escapes and backslash escapes decoded."""
        return [f for form in _forms(text, ".txt") for f in self._scan_needles(form, where)[0]]

    def _scan_copies(self, data: bytes, name: str, where: str) -> list[Finding]:
        """A hidden item's file, byte for byte, or its audio with other tags."""
        found = []
        n = self.needles
        if len(data) in self._sizes:
            hit = n.hashes.get(hashlib.sha256(data).hexdigest())
            if hit:
                found.append(Finding(where, hit[0], f"copy of {hit[1]}", "file copy", hit[1]))
        if n.audio and (name.lower().endswith(AUDIO_EXTS) or data[:3] == b"ID3" or data[:2] in _MPEG_SYNC):
            span = audio_span(data)  # frames of another length are not a hidden episode's: no hash
            hit = n.audio.get(hashlib.sha256(data[span[0]:span[1]]).hexdigest()) \
                if span and span[1] - span[0] in n.audio_lengths else None
            if hit and not found:
                found.append(Finding(where, hit[0], f"the audio of {hit[1]}", "file copy", hit[1]))
            if self._clips and not found:
                found += self._scan_clips(data, where)
        return found

    def _scan_clips(self, data: bytes, where: str) -> list[Finding]:
        """A clip cut from a hidden item's audio (a trailer, a teaser at the end of a live episode): CLIP_MATCHES
        of its sampled frames or more (audio_samples), but those a live item's audio holds at the same place
        (the same opening music encoded alike at the start of every episode: public)."""
        hits: dict[tuple, list] = {}
        for k in audio_samples(data, self._clip_syncs):
            if k in self._clips:
                item, path, at = self._clips[k]
                hits.setdefault((item, path), []).append((k, at))
        out = []
        for (item, path), found in sorted(hits.items()):
            if len(found) >= CLIP_MATCHES and sum(at not in self._live_samples.get(k, ()) for k, at in found) >= CLIP_MATCHES:
                out.append(Finding(where, item, f"clip of the audio of {path}", "file copy", path))
        return out

    @cached_property
    def _live_samples(self) -> dict[str, set]:
        """Where every live item's audio holds each sample (asked only when a file holds enough of a hidden one's)."""
        out: dict[str, set] = {}
        for files in self.needles._live_files.values():
            for f in files:
                if f.lower().endswith(AUDIO_EXTS):
                    for k, at in audio_samples(self.needles._read(f) or b"", self._clip_syncs).items():
                        out.setdefault(k, set()).add(at)
        return out

    def _scan_content(self, data: bytes, name: str, where: str, depth: int) -> list[Finding]:
        lower = name.lower()
        # iCalendar (RFC 5545) and vCard (RFC 6350) fold lines every 75 octets, even inside a word or a
        # character: an Outlook .ics or .vcs, a contact card, or either saved under another name.
        calendar = lower.endswith(_FOLDED) or data[:16].lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:V")
        if calendar:
            if b"UOTED-PRINTABLE" in data or b"uoted-printable" in data:  # vCalendar 1.0, vCard 2.1: soft line breaks
                data = data.replace(b"=\r\n", b"").replace(b"=\n", b"")
            data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").replace(b"\n ", b"").replace(b"\n\t", b"")
        text = _mp3_metadata(data, self._utf16) if lower.endswith(".mp3") else None
        binary = text is not None  # an MP3's tags and the raw bytes where tags live
        if text is None:
            text, binary = containers.decode_text(data, name, self._utf16)
        if lower.endswith(".json"):
            text = _json_text(text)
        elif calendar:
            text = _ical_text(text)
        # Pages repeat the theme's frame line by line; a JSON file (the search index) repeats its strings
        # from one build to the next (memo.py): only what was not read clean before is read in full.
        # Text read out of binary data (containers.phrases) is read whole: its marks must hold what they mark.
        whole = containers.PHRASES_START in text
        page = lower.endswith(_PAGES) and depth == 0 and not whole
        if lower.endswith(".json") and depth == 0 and "\0" in text and not whole:
            # Apart by NUL, no needle spans two strings: the strings not read clean before are all it reads.
            unread = self._unread(text, lower, "\0", binary)
            if unread is None:
                return []
            chunk, clean, new, read = unread
            if not self.expected:
                found = self._scan_strings(chunk, lower, binary, where)
                if not found:
                    clean.update(new)
                return found
            # Looking ahead (audit_site), the index names items live now in a few strings every build: it is read
            # by groups of strings, and the strings of a group that holds only their traces are each read on their
            # own, so that those holding nothing are kept as read clean (and the rest read again next build).
            found, fresh, kept = [], set(read), []
            for i in range(0, len(read), _GROUP):
                part = read[i:i + _GROUP]
                joined = "\n\0\n".join(part)
                other, ahead = self._what_holds(joined, lower, binary)
                if other:
                    found += self._scan_strings(joined, lower, binary, where)
                    continue
                found += _ahead(where, ahead)
                kept += [t for t in part if not ahead or self._what_holds(t, lower, binary) == (False, set())]
            if all(f.item in self.expected for f in found):
                clean.update(t for t in new if t not in fresh)  # known: read clean before (_unread)
                clean.update(kept)
            return found
        # A page is read in the stretches not read clean before, and only if they may hold anything at all.
        read, ahead = self._unread_page(text, lower) if page else (text, set())
        variants = _forms(read, lower, binary) if read is not None else [text]
        scans = [self._scan_needles(v, where) for v in variants] if read is not None else []
        if read is not None and self._drawings and not binary:  # a hidden drawing's path data, however written
            scans.append(self._scan_needles(drawing_text(read), where))
        reader = _reader_text(text, name, office=depth > 0) if depth > 0 else None
        if reader is not None:  # an Office part's words (runs joined), and their escapes decoded
            scans += [self._scan_needles(v, where) for v in _forms(reader, ".txt")]
        page_dir = posixpath.dirname(where) if depth == 0 and lower.endswith((".html", ".htm", ".xml", ".css", ".svg")) else None
        # A reference can reach a hidden page or file only if the decoded text or the page's folder holds
        # one of Snapshot.reference_pieces (a _PIECE hit): otherwise there is nothing to resolve.
        if page_dir is not None and (any(piece for _, piece in scans) or self._names_piece(page_dir)):
            checked: set = set()
            # Resolved from the page's folder and from a <base href> anywhere in the page (its head was read clean).
            scans += [(self._scan_links(v, where, page_dir, checked, text), False) for v in variants[:2]]
        # The items looked for ahead that the page names: no findings (scan_file notes them with the file).
        scans.append((_ahead(where, ahead), False))
        return [f for fs, _ in scans for f in fs]

    def _names_piece(self, text: str) -> bool:
        return self.auto is not None and any(kind == _PIECE for i, _, _ in self._matches(norm(text))
                                             for kind, _, _ in self._values[i])

    def _any_match(self, hay: str) -> bool:
        """Whether `hay` holds any needle, piece or shared wording (a title's anchor counts only where the
        title is there, read as words: an anchor is often a common phrase of the theme's frame)."""
        values_of = self._values
        for i, start, end in self._matches(hay):
            if any(_ANCHORS.get(kind, _always)(hay, start, end, v) for kind, v, _ in values_of[i]):
                return True
        return False

    def _matches(self, hay: str):
        """(needle index, start, end) of every needle in `hay` (normalised), overlapping ones too."""
        keys = self._keys
        for g, start, _ in self.auto.find_matches_as_indexes(hay, overlapping=True):
            for i in self._groups[g]:
                key = keys[i]
                if len(key) <= _PREFIX or hay.startswith(key, start):
                    yield i, start, start + len(key)

    def scan_site(self, site_dir: Path, skip: set[str] | frozenset[str] = frozenset(),
                  only: set[str] | None = None) -> list[Finding]:
        """Scan every file (`only`: the contents of these files only; every path is still checked); `skip`
        names files copied verbatim from the theme package, whose content cannot come from the plan (their
        paths are still checked)."""
        found: list[Finding] = []
        rels: list[str] = []
        for path, rel in site_files(site_dir):
            rels.append(rel)
            if rel in skip:
                item = self.snapshot.hidden_target(rel)
                if item:
                    found.append(Finding(rel, item, "published file", "published file"))
                continue
            if only is None or rel in only:
                found.extend(self.scan_file(path, rel))
        found += self.scan_paths(rels)
        if self.memo is not None:
            self.memo.remember()
        return sorted(f for f in found if f.item not in self.expected)

    def scan_paths(self, rels: list[str]) -> list[Finding]:
        """The published files' own paths (a download named after a hidden title is found even if no page
        links to it): all of them read at once, path by path only when something matches; and each file's
        name read for a hidden item's id or page name at its start (see _named_after)."""
        if self.auto is None or not rels:
            return []
        # A file of an item looked for ahead (its page's folder) is no finding: its path is read like any other.
        rels = [rel for rel in rels if self._hidden_target(rel) in (None, *self.expected)]
        named = [f for rel in rels for f in self._named_after(rel, rel)]
        text = "\n".join(rels)
        if "%" in text:
            text += "\n" + unquote(text)
        if "+" in text:  # 'Two+phones+and+a+long+way.pdf', saved from a web form: '+' for a space
            text += "\n" + text.replace("+", " ")
        camel = _CAMEL.sub(" ", text)  # 'TwoPhonesAndALongWay.txt': a name in joined-up capitals read as words
        if camel != text:
            text += "\n" + camel
        if next(self._matches(norm(text)), None) is None:
            return named

        def forms(rel: str) -> set[str]:
            plain = unquote(rel)
            return {rel, plain, _CAMEL.sub(" ", plain), plain.replace("+", " ")}

        return _unique(named + [f for rel in rels for form in forms(rel) for f in self._scan_needles(form, rel)[0]])

    @cached_property
    def _name_starts(self) -> tuple[dict, frozenset]:
        """({normalised name of a hidden item: (item, what it is)}, the first words of those names): what a
        published file's name may hold (see _named_after). Its distinctive id, page name and title as a slug,
        each not a public name (the needles of those kinds)."""
        public = self.needles.public_names
        out: dict[str, tuple[str, str]] = {}
        for n in self.needles.all:
            if n.kind in _NAME_KINDS and " " not in n.text and n.text not in public \
                    and (distinctive_id(n.text) or "_" in n.text):
                out.setdefault(n.text, (n.item, n.kind))
        return out, frozenset(_FIRST_WORD.match(k).group() for k in out)

    def _named_after_inputs(self) -> set[str]:
        """For the memo: what _named_after looks for, one string per hidden name with the published texts that
        hold it (_excuses: its exceptions, the public names holding it, are among them; one gone makes it a
        new string, so a member of a zip read clean under it is read again)."""
        starts, held = self._name_starts[0], self._excuses
        return {f"s\0{k}\0{v!r}{held.get(k, '')}" for k, v in starts.items()}

    def _named_after(self, name: str, where: str) -> list[Finding]:
        """A file whose name starts with a hidden item's distinctive id, page name or title as a slug followed
        by '-' or '_' and more ('hidden-story-banner.svg' is hidden-story's file), or holds one after a date, a
        number or a draft's marks only ('2026-12-09-hidden-story-poster.pdf', 'DRAFT_hidden-story.docx',
        'v2-final-hidden-story.pdf'), unless a longer public name holds it there (a live item's id, page name or
        file name, a theme's or role's id: 'hidden-story-2-x.svg' while hidden-story-2 is live). After other
        words it is another name ('my-hidden-story-banner.svg'), and alone, or apart by spaces, the whole-word
        rule of the needles finds it. Only names of published files and of members of containers: text in pages
        keeps the whole-word rule. The longest such hidden name counts."""
        starts, heads = self._name_starts
        if not starts:
            return []
        found = []
        for form in {name, unquote(name)} if "%" in name else (name,):
            stem = norm(stem_of(form))
            if heads.isdisjoint(_NAME_WORD.findall(stem)):
                continue  # the usual case: no word of the name starts a hidden one
            words = [m.span() for m in _NAME_WORD.finditer(stem)]
            firsts = [i for i, (a, b) in enumerate(words) if stem[a:b] in heads]
            # From the name's start, or after words that only date or mark a draft; joined by '-' or '_'.
            firsts = [i for i in firsts if all(_DRAFT_MARK.fullmatch(stem[a:b]) for a, b in words[:i])]
            hits = [(words[i][0], words[j][1]) for i in firsts for j in range(i, len(words))
                    if stem[words[i][0]:words[j][1]] in starts]
            hits = [(a, b) for a, b in hits if stem[a - 1:a] in ("-", "_") or stem[b:b + 1] in ("-", "_")]
            if not hits:
                continue
            a, b = max(hits, key=lambda h: h[1] - h[0])
            public = self.needles.public_names
            if any(stem[x:y] in public for x, _ in words for _, y in words if x <= a and y >= b and (x, y) != (a, b)):
                continue  # 'hidden-story-2-banner': the live hidden-story-2's
            item, label = starts[stem[a:b]]
            found.append(Finding(where, item, f"file named after the {label} {stem[a:b]!r}", "named after", stem[a:b]))
        return found[:1]

_FIRST_WORD = re.compile(r"[^-_]*")
_NAME_WORD = re.compile(r"[^-_ +]+")  # the words of a file's name
_NAME_KINDS = frozenset({"id", "page name", "slug of the title"})
# Words before a name that only date it or mark a draft ('2026-12-09-', 'DRAFT_', 'v2-final-', 'copy-of-').
_DRAFT_MARK = re.compile(r"\d+|v\d+|rev\d*|draft|final|copy|of|old|new|wip|tmp|temp|backup|bak|edit|edited|revised|"
                         r"latest|updated|working|version|proof|preview|embargo|embargoed|approved|tbc|todo|[a-z]?\d+[a-z]?")
_FOLD = "fold"  # an anchor of a title with punctuation (see _fold_needle)
_PUNCT_PIECES = re.compile(r"[^\w\s]|_")
_ALNUM = re.compile(r"[^\W_]+")


def _fold_needle(n) -> tuple[str, tuple] | None:
    """(anchor, (letters and digits of the title, characters of it before and after the anchor, item, shown))
    for a title needle with punctuation, or None: the anchor is its longest stretch between punctuation
    marks, which the title written with any other punctuation or none still holds."""
    text = n.text
    if _PUNCT_PIECES.search(text) is None:
        return None
    anchor = max((p.strip() for p in _PUNCT_PIECES.split(text)), key=len)
    folded = "".join(_ALNUM.findall(text))
    if len(anchor) < 4 or len(folded) < 8:
        return None  # too short to look for as words (its other needles remain)
    pre = text.index(anchor)
    return anchor, (folded, pre, len(text) - pre - len(anchor), n.item, n.shown)


def _folded_hits(hay: str, start: int, end: int, fold: tuple, loose: bool = False) -> list[tuple]:
    """Hits (start, last index, 'title', item, shown) of the title `fold` describes, read as words, near its
    anchor's hit hay[start:end]: the letters and digits of the text around it equal the title's, from
    the start of a word to the end of one (so 'Rolled up cash', 'Rolled-up, cash' and 'Rolledup cash'
    are all 'Rolled-up cash'). `loose` (UTF-16 out of binary data): anywhere in a word too."""
    folded, pre, post, item, shown = fold
    lo = max(0, start - 2 * pre - 4)
    window = hay[lo:end + 2 * post + 4]
    pieces = list(_ALNUM.finditer(window))
    joined = "".join(m.group() for m in pieces)
    if folded not in joined:
        return []
    if loose:
        at = [lo + i for m in pieces for i in range(m.start(), m.end())]  # each letter's place in hay
        out, i = [], joined.find(folded)
        while i >= 0:
            out.append((at[i], at[i + len(folded) - 1], "title", item, shown))
            i = joined.find(folded, i + 1)
        return out
    starts, at = {}, 0  # where each piece starts in `joined` -> the piece
    for k, m in enumerate(pieces):
        starts[at] = k
        at += len(m.group())
    out = []
    i = joined.find(folded)
    while i >= 0:
        k = starts.get(i)
        if k is not None:  # starts at a word's start; ends at a word's end?
            covered, j = 0, k
            while j < len(pieces) and covered < len(folded):
                covered += len(pieces[j].group())
                j += 1
            if covered == len(folded):
                s, e = lo + pieces[k].start(), lo + pieces[j - 1].end() - 1
                before = hay[s - 1] if s > 0 else " "
                after = hay[e + 1] if e + 1 < len(hay) else " "
                if not before.isalnum() and not after.isalnum():  # words: see _bounded
                    out.append((s, e, "title", item, shown))
        i = joined.find(folded, i + 1)
    return out


_CUT = "cut"  # the first or last words of a title, the rest left out for an ellipsis (see _cut_needles)
_CUT_WORDS = 3  # at least this many words of the title, and at least half of it
_ELLIPSIS = "..."  # norm() makes '…' three dots


def _cut_needles(n) -> list[tuple[str, tuple]]:
    """(anchor, what _cut_hits needs) for a title needle of 5 words or more: its first and its last words
    (_CUT_WORDS, and at least half the title), each an anchor of the title cut short by an ellipsis, as a
    teaser, a card or a tile shortens it ('Two phones and a long way…', '…a long way from home'). A hit
    counts where the title's further words that follow (or come before) the anchor end at the ellipsis."""
    text = n.text
    spans = [m.span() for m in _ALNUM.finditer(text)]
    count = len(spans)
    if count < 5:
        return []
    m = max(_CUT_WORDS, (count + 1) // 2)
    after = tuple(text[spans[i - 1][1]:spans[i][1]] for i in range(m, count))  # each: the gap, then a word
    before = tuple(text[spans[i][0]:spans[i + 1][0]] for i in range(count - m - 1, -1, -1))  # a word, its gap
    return [(text[spans[0][0]:spans[m - 1][1]], (1, after, n.item, n.shown)),
            (text[spans[count - m][0]:spans[-1][1]], (-1, before, n.item, n.shown))]


def _cut_hits(hay: str, start: int, end: int, group: tuple) -> list[tuple]:
    """The hits (start, last index, 'shortened title', item, shown) of titles cut short at their anchor's hit
    hay[start:end]: the title's words that follow it in `hay` (or precede it, for its last words), then an
    ellipsis; none when all of the title is there (its own needle finds that)."""
    direction, reach, cuts = group
    if (hay.find(_ELLIPSIS, end, end + reach) if direction > 0 else hay.find(_ELLIPSIS, max(0, start - reach), start)) < 0:
        return []  # no ellipsis within reach of the anchor: the usual case, checked once for every title
    return [hit for cut in cuts for hit in _cut_hit(hay, start, end, cut)]


def _cut_hit(hay: str, start: int, end: int, cut: tuple) -> list[tuple]:
    direction, parts, item, shown = cut
    matched = 0
    if direction > 0:
        pos = end
        for part in parts:
            if not hay.startswith(part, pos):
                break
            pos += len(part)
            matched += 1
        q = pos + 1 if hay.startswith(" ", pos) else pos
        if matched < len(parts) and hay.startswith(_ELLIPSIS, q):
            return [(start, pos - 1, "shortened title", item, shown)]
        return []
    pos = start
    for part in parts:
        if not hay.startswith(part, pos - len(part)) or pos < len(part):
            break
        pos -= len(part)
        matched += 1
    q = pos - 1 if pos and hay[pos - 1] == " " else pos
    if matched < len(parts) and q >= 3 and hay.startswith(_ELLIPSIS, q - 3):
        return [(pos, end - 1, "shortened title", item, shown)]
    return []


def _always(*_) -> bool:
    return True


# Needles that are anchors: a hit counts only where the text around it holds what they stand for.
_ANCHORS = {_FOLD: _folded_hits, _CUT: _cut_hits}


def _ahead(where: str, items: set) -> list[Finding]:
    """The items looked for ahead (audit_site) that a file names: no findings, but what scan_file notes with it."""
    return [Finding(where, item, "looked for ahead", "ahead") for item in sorted(items)]


def _unique(found: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in found:
        if (f.file, f.item, f.what) not in seen:
            seen.add((f.file, f.item, f.what))
            out.append(f)
    return out


def _spans(marks: re.Pattern, hay: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of `hay` between `marks`' characters, in order: UTF-16 read out of binary
    data (containers.utf16_runs), binary data's 8-bit text (containers.phrases)."""
    return [m.span() for m in marks.finditer(hay)]


def _span_at(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    return spans[bisect.bisect_right(spans, (at, 1 << 62)) - 1]


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_right(spans, (at, 1 << 62)) - 1
    return i >= 0 and spans[i][0] < at < spans[i][1]


def _holds(hay: str, t: str, lo: int, hi: int) -> bool:
    """Whether `t` is in hay[lo:hi], its last letter perhaps joined with a combining mark after it (the first
    bytes of the next field: NFKC made 's' and U+0301 one letter, 'ś')."""
    if hay.find(t, lo, hi) >= 0:
        return True
    for i in _occurrences(hay, t[:-1], lo, hi - 1):
        c = hay[i + len(t) - 1]
        if c != t[-1] and unicodedata.normalize("NFD", c)[0] == t[-1]:
            return True
    return False


def _several_words(hit: str) -> bool:
    """Whether a hit is of a needle of several words (a title, sentence, summary, place...; a title read as
    words over separators too): one word ('ep1', 'beacon', 'hidden-story') keeps the whole-word rule in
    binary data's 8-bit text, where image bytes would hold it inside a longer run of letters."""
    return " " in hit or "\0" in hit


def _occurrences(hay: str, p: str, lo: int, hi: int):
    """Where `p` starts in hay[lo:hi] (overlapping too)."""
    i = hay.find(p, max(lo, 0), hi)
    while i >= 0:
        yield i
        i = hay.find(p, i + 1, hi)


_LOOSE = re.compile(f"{containers.LOOSE_START}[^{containers.LOOSE_START}{containers.LOOSE_END}]*{containers.LOOSE_END}")
_PHRASES = re.compile(f"{containers.PHRASES_START}[^{containers.PHRASES_START}{containers.PHRASES_END}]*{containers.PHRASES_END}")


def _bounded(text: str, start: int, end: int, words: bool = False) -> bool:
    """A hit counts only as a whole word / whole path piece, so 'ep1.mp3' does not match 'ep11.mp3', and an
    id or name not inside a longer one ('hidden-story' in 'hidden-story-2', 'x_y'). Words (`words`: a title,
    summary, sentence...) end at a letter or digit only: a dash or underscore touching them is punctuation
    ('blog—Two phones…', norm() made the dash '-'; 'Title_FINAL.docx'; '_emphasis_')."""
    before = text[start - 1] if start > 0 else " "
    after = text[end + 1] if end + 1 < len(text) else " "
    if words:
        return not before.isalnum() and not after.isalnum()
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_")


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


_JS_CHAR = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_char(m: re.Match) -> str:
    code = m.group(1) or m.group(2) or m.group(3)
    if code:
        return chr(min(int(code, 16), 0x10FFFF))
    return _JS_CHAR.get(m.group(4), m.group(4))


def _js_unescape(value: str) -> str:
    """Backslash escapes as JavaScript, JSON and most programs read them (\\u00ad, \\u{1F600}, \\x41,
    \\n, \\-): a string in a script, or JSON saved under another name, shows the character. A UTF-16
    surrogate pair written as two escapes is one character."""
    out = _JS_ESCAPE.sub(_js_char, value.replace("\\\r\n", "").replace("\\\n", ""))  # a line continued by '\\'
    if any("\ud800" <= c <= "\udfff" for c in set(out)):
        out = out.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return out


_TRIGGERS = ("&", "%", "\\", "+")


def _forms(text: str, lower: str, binary: bool = False) -> list[str]:
    """`text` as each of its readers decodes it, the text itself first: entities decoded (twice in XML,
    whose feeds carry escaped HTML), then %-escapes (in markup, where they matter in links), then CSS
    escapes (in style sheets and pages) and backslash escapes (in any text: scripts, JSON under another
    name; twice, as in a script inside JSON); and in markup the query strings that write a space as '+' (?q=Quiet+Harbour). A form is
    only made where its escape character occurs (else it equals the one before). Binary data (audio,
    images) is read as text and with its entities decoded (XMP metadata is XML), nothing more.
    Where NUL parts the text into pieces no needle spans (a JSON file's strings), the later forms hold
    only the pieces they change: the others were read as they are."""
    if binary:
        return [text, html.unescape(text)] if "&" in text else [text]
    body = text
    if "\0" in text:
        body = "\0".join(p for p in text.split("\0") if any(t in p for t in _TRIGGERS))
    forms = [text]
    parted = []
    if lower.endswith((".xml", ".rss")) and "&" in body:  # feeds carry escaped HTML: decoded once as text too
        forms.append(html.unescape(body))
    if lower.endswith(_PAGES):  # markup: as a reader sees it (tags gone, entities decoded), and its attributes
        # Every block, not only those with an escape: removing tags changes any block that has one.
        joined, *parted = _joined(text, lower)
        forms.append(joined)
    elif "&" in body:
        forms.append(html.unescape(body))
        if lower.endswith((".xml", ".rss")) and "&" in forms[-1]:
            forms.append(html.unescape(forms[-1]))
    markup = lower.endswith(_MARKUP)
    # The most decoded text so far, whole: later escapes are decoded in it. A form decoding one more escape holds
    # only the pieces (apart by NUL) that hold it: the others are read already, as they are (a page's one
    # 'mailto:...%20...' would otherwise make a second copy of all its words).
    last = forms[-1] if len(forms) > 1 else body
    # %-escapes in any text: an address typed or exported into a .md, .csv or .yaml download is a link too.
    if (_PCT_LITERAL.search(body) or _PCT_ENTITY.search(body)) is not None:
        if last is not body and "%" in body:  # %-escapes decoded first, in the text as written, too
            forms.append(unquote(_holding(body, "%")))
            if "&" in forms[-1]:
                forms.append(html.unescape(forms[-1]))
        forms.append(unquote(_holding(last, "%")))
        last = _decoded(last, "%", unquote)
    if "\\" in last:
        escaped = _holding(last, "\\")
        if lower.endswith((".css", ".html", ".htm", ".svg")):
            forms.append(_css_unescape(escaped))
        forms.append(_js_unescape(escaped))
        if "\\" in forms[-1]:  # escaped twice: a script inside JSON, JSON inside a text
            forms.append(_js_unescape(forms[-1]))
    if markup and "+" in body:
        queries = _PLUS_QUERY.findall(body)
        if queries:
            forms.append(unquote_plus(html.unescape("\n".join(queries))))
    forms += [unquote(t) if "%" in t else t for t in parted]
    return forms + _decoded_further(text, lower, forms[1] if lower.endswith(_PAGES) else text)


def _interiors(text: str) -> str:
    """Every tag of markup, whole ('<' to the first '>'), apart by NUL. With the text without its tags (_joined),
    this holds every character of the text as written: whatever _joined removes lies inside one of these, and
    what a needle (no '<' or '>' in it) matches in the text as written lies inside one of them or outside all
    of them (then it is in the text without its tags, its entities decoded as a reader reads them). So a page's
    stretches are read as these instead of as written (Auditor._what_holds): a third of their length on a page
    of prose, and the words are not read twice."""
    return "\0".join(_ANY_TAG.findall(text))


def _holding(text: str, mark: str) -> str:
    """The pieces of `text` (apart by NUL) that hold `mark`: all a form decoding `mark` changes."""
    if "\0" not in text:
        return text
    return "\0".join(p for p in text.split("\0") if mark in p)


def _decoded(text: str, mark: str, decode) -> str:
    """`text` with each piece (apart by NUL) that holds `mark` decoded: decode(text) for a decoding whose escapes
    hold no NUL, without decoding what holds no `mark`."""
    if "\0" not in text:
        return decode(text)
    return "\0".join(decode(p) if mark in p else p for p in text.split("\0"))


# An underscore at a word's edge after or before a space or punctuation (not a NUL: an attribute value such as
# '_blank' follows one), as Markdown's emphasis; one searched for from its space, which the engine finds fast.
_EMPHASIS = re.compile(r"(?<=[ \t\n(\[\"'>])_{1,3}(?=\w)|(?<=\w)_{1,3}(?=[ \t\n.,;:!?)\]\"'<])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_CUE_LINE = re.compile(r"^(?:WEBVTT.*|\d+|(?:\d+:)?\d+:\d+[.,]\d+ --> .*)$", re.M)
_CELL_BREAK = re.compile(r"\"?[ \t]*[,;\t][ \t]*\"?")
_EMPHASIS_START = re.compile(r"""[ \t\n(\[\"'>]_""")  # where _EMPHASIS can start (one search, not eight)
_JS_CONCAT_STARTS = ('" +', '"+', "' +", "'+")
_JS_CONCAT = re.compile(r"""(["'])[ \t]*\+[ \t]*\r?\n?[ \t]*\1""")
_TAG_START = re.compile(r"</?[A-Za-z][\w:-]*[\s/>]")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_PROOFPOINT_V2 = re.compile(r"urldefense(?:\.proofpoint)?\.com/v2/url\?u=([^&\s\"'<>]+)", re.I)
_PROOFPOINT_V3 = re.compile(r"urldefense\.com/v3/__(.+?)__", re.I)


def _decoded_further(body: str, lower: str, words: str) -> list[str]:
    """What other programs a text passes through decode further, each form made only where its mark occurs:
    a YAML single-quoted string's '' (one '), quoted-printable outside an e-mail (an Outlook vCalendar),
    links rewritten by a mail filter (Proofpoint's urldefense), markup inside a file not read as markup (HTML
    in JSON or a script, an e-book's .xhtml), entities that decode to tags (a diagram's '&lt;br/&gt;' in a
    page), and Markdown's emphasis marks where no Markdown was rendered (a raw HTML block, a text download).
    The search index is spared the last two: its texts come from the pages, read so already. `words`: the
    text as a reader sees its words (a page's without its tags)."""
    out = []
    if "''" in body:
        out.append(body.replace("''", "'"))
    if "=\n" in body or "=\r\n" in body or "QUOTED-PRINTABLE" in body or "quoted-printable" in body:
        raw = body.encode("utf-8", "surrogatepass").replace(b"=\r\n", b"").replace(b"=\n", b"")
        out.append(_QP_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8", "replace"))
    if "urldefense" in body:
        out += [unquote(re.sub(r"-([0-9A-Fa-f]{2})", r"%\1", u).replace("_", "/")) for u in _PROOFPOINT_V2.findall(body)]
        out += _PROOFPOINT_V3.findall(body)
    if lower.endswith((".vtt", ".srt")) and "-->" in body:  # captions: the cues' words without their timings
        out.append(_CUE_LINE.sub(" ", body))
    if lower.endswith((".csv", ".tsv", ".prn")):  # a row's cells read on: a title typed over two cells
        out.append(_CELL_BREAK.sub(" ", body))
    if lower == INDEX:
        return out
    if lower.endswith(_PAGES):
        if "<" in words and _TAG_START.search(words):
            out.append(_joined(words, ".html")[0])
    elif "<" in body and _TAG_START.search(body):
        out += _joined(body, ".html")
        words = out[-1]
    if "*" in words or "`" in words:  # '*long way*', '`home`': a star or backtick is never part of a word
        out.append(words.replace("*", "").replace("`", ""))
    # '_long way_' (in a page: a data or plan text put into raw HTML). The regexes run only where a plain
    # search finds their start (they cost 40 ns a character on every page).
    if "_" in words and _EMPHASIS_START.search(words) and _EMPHASIS.search(words):
        out.append(_EMPHASIS.sub("", words))
    if "+" in body and any(m in body for m in _JS_CONCAT_STARTS):  # "a long way " +\n "from home": a script's strings joined
        out.append(_JS_CONCAT.sub("", body))
    return out


def _joined(text: str, lower: str) -> list[str]:
    """Markup as a reader sees its words, and its attribute values: tags gone (inline ones join their
    neighbours, others part them; a comment's words stay), then every attribute value (quoted or not), all
    with their entities decoded (twice in XML, whose feeds carry escaped HTML). norm() collapses the
    whitespace. So a title wrapped across lines, emphasised in part or split by &nbsp; is found, and so is
    one in an alt or title attribute written with character references. (One form instead of the
    entities-decoded page and a second reading of its words: the same matches, read once.)
    An inline tag between two letters ('s</a>Why') reads both ways: joined, and in a second text (only
    when there is one: rare in real pages) as a separator, as the page with its entities decoded reads."""
    if lower.endswith((".xml", ".rss")) and "&" in text:
        text = html.unescape(text)
    values = "\0".join(a or b or c for a, b, c in _ANY_VALUE.findall(text)) if "=" in text else ""
    if "<!--" in text:
        text = text.replace("<!--", " ").replace("-->", " ")
    marked = _INLINE_TAG.sub("\x01", text)
    joined = _OTHER_TAG.sub(" ", marked.replace("\x01", "")) + "\0" + values
    out = [html.unescape(joined) if "&" in joined else joined]
    if "&" in out[0]:  # escaped twice ('&amp;nbsp;' from a text that held '&nbsp;'): what a reader makes of it
        out.append(html.unescape(out[0]))
    if "\x01" in marked:
        decoded = html.unescape(marked) if "&" in marked else marked  # a letter may be a reference
        if _inside_word(decoded.split("\x01")):
            out.append(_OTHER_TAG.sub(" ", _AMBIGUOUS_MARK.sub(" ", decoded).replace("\x01", "")))
    return out


def _inside_word(parts: list[str]) -> bool:
    """Whether a run of marks (the pieces of a text between them: `parts`) has a word character (\\w) on
    both sides. (A loop over the pieces: a regex with a look-behind tried at every character cost 3x.)"""
    before = parts[0]
    for part in islice(parts, 1, None):
        if part:  # an empty piece: the run of marks goes on
            if before and _word_char(before[-1]) and _word_char(part[0]):
                return True
            before = part
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _runs(lines: list[str]) -> list[tuple[str, ...]]:
    """Every _RUN consecutive lines (all of them when there are fewer), as tuples (see Auditor._unread)."""
    if len(lines) < _RUN:
        return [tuple(lines)]
    return list(zip(*(islice(lines, k, None) for k in range(_RUN))))


_AMBIGUOUS_MARK = re.compile(r"(?<=\w)\x01+(?=\w)")


def _reader_text(text: str, name: str, office: bool = False) -> str | None:
    """An Office part (DOCX/XLSX/PPTX/ODT XML) as a reader sees its words: words split across runs joined,
    paragraphs, cells and breaks apart, entities decoded. None for anything else (markup is read as a
    reader sees it by _joined, one of its forms)."""
    if office and name.endswith(".xml"):
        # Word's non-breaking hyphen and optional hyphen are elements, not characters: as a reader sees them.
        text = text.replace("<w:noBreakHyphen/>", "-").replace("<w:softHyphen/>", "\u00ad")
        words = html.unescape(_ANY_TAG.sub("", _OFFICE_BREAK.sub(" ", text)))
        # OOXML writes a character XML cannot hold as _xHHHH_ (Excel: a line break pasted into a cell, _x000D_).
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), words) if "_x" in words else words
    return None


def _ical_text(text: str) -> str:
    """iCalendar text (its folded lines already joined) with its escapes decoded and whitespace collapsed.
    The icalendar package parses whole calendars only; this is all a scan needs."""
    return " ".join(_ICAL_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text).split())


def _json_text(text: str) -> str:
    """A JSON file as its reader sees it: every key and value decoded (so \\u escapes and \\" quotes are
    gone), apart by NUL (norm() collapses their whitespace); the text itself if it is not JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    lists: list[list[str]] = []
    strings = strings_in(data, json.dumps, lists)
    # A list of strings is also read as one text: a chart's label over two lines (["Two phones and a", "long
    # way from home"]) is one label to its reader.
    strings += [" ".join(v) for v in lists]
    return "\0".join(strings)


def _mp3_metadata(data: bytes, chars: containers.Utf16Chars | None = None) -> str | None:
    """What an MP3 can carry as text, as its reader (a podcast app) decodes it: the tags mutagen reads
    (ID3v2 with UTF-16 and compressed frames, APEv2), every further ID3v2 tag in the file (two files joined
    end to end leave one in the middle), each ID3v1 field apart (the title abuts "TAG"), and the raw
    bytes where tags live: all of a small file, else the first tag (and _AUDIO_SLACK bytes after it), the
    last _AUDIO_EDGE bytes and each further ID3v2 tag. The MPEG frames between hold only audio; scanning them
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
    head = (getattr(audio.tags, "size", 0) or 0) + _AUDIO_SLACK
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
    # UTF-16 strings only where tags live (the head): mutagen decoded the tags' own; audio frames hold none.
    parts += [containers.binary_text(r, runs=small or i != 1, chars=chars) for i, r in enumerate(raw)]
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


def site_files(site_dir: Path | str):
    """(path, site path) of every file under `site_dir`: like rglob, not descending into linked folders."""
    top = os.path.join(str(site_dir), "")
    for folder, _, names in os.walk(top):
        prefix = os.path.join(folder, "")[len(top):].replace(os.sep, "/")
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                yield path, prefix + name


def declared_wording(snapshot: Snapshot, allowed) -> tuple[str, ...]:
    """The plan's shared_wording and the further `allowed` wording, normalised and sorted."""
    return tuple(sorted({t for t in map(norm, (*getattr(snapshot.plan, "shared_wording", ()), *allowed)) if t}))


def memo_exact(snapshot: Snapshot, allowed) -> tuple:
    """What a memo of files read clean depends on besides the needles (Auditor._looked_for's second part)."""
    root = getattr(snapshot.plan, "root", None)
    return declared_wording(snapshot, allowed), site_url(root) if root is not None else None


def site_auditor(snapshot: Snapshot, allowed: frozenset, memo: str | None) -> Auditor:
    """The auditor audit_site reads the site with (see there): looking ahead for the items live now that will
    be taken down, when there are any."""
    ending = snapshot.ending
    if not ending:
        return Auditor(snapshot, allowed, memo=memo)
    return Auditor(snapshot.hiding(ending), allowed, memo=memo, expected=ending)


def audit_site(snapshot: Snapshot, allowed: frozenset, site_dir: Path, skip: frozenset, memo: str,
               auditor: Auditor | None = None) -> tuple[list[Finding], Auditor]:
    """A build's audit of its site, with the memo (memo.py), and the auditor whose caches a successful build keeps.

    When an item is taken down (`until`) its traces become needles, and a memo of files read clean without
    them would vouch for nothing: every file would be read again. So the audit looks ahead: the items live now
    that will be taken down are looked for too, and each file read clean is noted with those of them it holds
    (their own pages, the listings and feeds naming them). When one is taken down, only the files noted with it
    (and the files that changed) are read again. Looking for more finds more: every trace of an item hidden now
    is found by the wider audit too (Snapshot.hiding hides a superset; with fewer items live, fewer names are
    public, fewer files published by live items, no needle is dropped). Its findings of items hidden now are
    checked by the audit of this instant alone, in the files they are in, whose findings are the answer.
    `auditor`: site_auditor(snapshot, allowed, memo), made already (it may have read files as they were written:
    parallel.py)."""
    wide = auditor or site_auditor(snapshot, allowed, memo)
    found = wide.scan_site(site_dir, skip=skip)
    if not snapshot.ending:
        return found, wide
    if found:
        flagged = {f.file.split("!", 1)[0] for f in found}
        found = Auditor(snapshot, allowed).scan_site(site_dir, skip=skip, only=flagged)
    return found, wide
