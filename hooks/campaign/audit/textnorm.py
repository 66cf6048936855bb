"""The one normalisation the leak audit applies to what it looks for and to what it reads, alike.

Text an editor pastes from Word or Outlook differs from the plan in ways a reader never notices: curly
quotes, a soft hyphen or zero-width space inside a word, a no-break or double space, full-width letters,
capitals. `norm` removes every such difference, so one comparison finds them all:

- Unicode NFKC (full-width and compatibility forms, ligatures, the no-break space);
- soft hyphen, zero-width and other invisible characters dropped (U+00AD, U+200B-U+200F, U+2060-U+2064,
  U+2066-U+2069, U+202A-U+202E, U+061C, U+034F, U+FE00-U+FE0F, U+FEFF);
- curly quotes and primes folded to ' and ", every dash and minus to -;
- every kind and run of whitespace one space; casefold.

Sentences (`sentences`) are cut from normalised text the same way for the needles (a release's Markdown)
and nowhere else: the audit looks for each sentence whole.
"""
from __future__ import annotations

import re
import unicodedata

# Invisible characters a paste carries (Word, Outlook, Teams): soft hyphen, zero-width spaces and joiners,
# direction marks and embeddings, invisible operators, the grapheme joiner and variation selectors.
_DROP = dict.fromkeys((0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E, 0x200E, 0x200F, 0x061C, 0x034F,
                       *range(0x202A, 0x202F), *range(0x2061, 0x2065), *range(0x2066, 0x206A), *range(0xFE00, 0xFE10)))
_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u0060\u00b4\uff07"
_DOUBLE = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02"
_DASH = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_TABLE = {**_DROP, **{ord(c): "'" for c in _SINGLE}, **{ord(c): '"' for c in _DOUBLE},
          **{ord(c): "-" for c in _DASH}}
# Most text is ASCII but for a few characters (a page's '·' byline, a curly quote): the Unicode work is
# done once per distinct character, not over the whole text (which cost 5 ms a page). That is exact for
# a character that takes no part in composition (see _alone); any other falls back to stretches of
# non-ASCII characters with the ASCII one before them (a combining mark joins the letter it follows;
# ASCII characters compose with nothing before them and are never dropped, so the stretches normalise
# one by one).
_ASCII = bytes(range(128))
_NON_ASCII_SPLIT = re.compile(r"([^\x00-\x7f]+)")
_RUN_CACHE: dict[str, str] = {}
_ALONE: dict[str, str | None] = {}
_MAX_DISTINCT = 24  # more distinct characters than that: one pass over the stretches is cheaper


def _full(text: str) -> str:
    """The normalisation proper, without the collapse of whitespace (the reference for `norm`)."""
    text = unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE).casefold()
    if not text.isascii():  # casefold can make a form NFKC changes again (rare)
        text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return text


def _second_elements(limit: int = 0x20000) -> frozenset:
    """Characters without a combining class that canonical composition joins to the character before
    them (Hangul vowels and final consonants, some Indic vowel signs; a combining mark is never taken
    alone anyway). Pairs decompose only below U+20000 (beyond are singletons; a test checks every code
    point)."""
    out = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}  # Hangul V, T
    for cp in range(limit):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            c = chr(int(d.split()[1], 16))
            if unicodedata.combining(c) == 0:
                out.add(c)
    return frozenset(out)


# _second_elements() of the Unicode version this Python has (computing it costs 0.03 s a build; a test
# checks it): any other version computes it.
_KNOWN_SECOND = {
    "14.0.0": "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf\u0ddf\u0fb5\u0fb7"
              "\u102e\u1b35\U00011127\U0001133e\U00011357\U000114b0\U000114ba\U000114bd\U000115af\U00011930",
}
_SECOND: frozenset | None = None


def _second() -> frozenset:
    global _SECOND
    if _SECOND is None:
        known = _KNOWN_SECOND.get(unicodedata.unidata_version)
        if known is None:
            _SECOND = _second_elements()
        else:  # the Hangul vowels and final consonants are algorithmic
            _SECOND = frozenset(known) | {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    return _SECOND


def _alone(c: str) -> str | None:
    """_full(c) if normalising c on its own is exact wherever it stands, else None: c, and what it turns
    into at every step, start with a character that composes with nothing before it (so nothing joins
    across c's edges), and what it turns into is left as it is by a second pass (so one replace per
    character is the whole normalisation)."""
    try:
        return _ALONE[c]
    except KeyError:
        pass
    second = _second()
    out = _full(c)
    steps = (c, unicodedata.normalize("NFKD", c), c.translate(_TABLE), out,
             unicodedata.normalize("NFKD", out), c.casefold())
    ok = all(not s or (unicodedata.combining(s[0]) == 0 and s[0] not in second) for s in steps)
    ok = ok and all(d.isascii() or _full(d) == d for d in out)
    _ALONE[c] = out if ok else None
    return _ALONE[c]


def _by_runs(text: str) -> str:
    """_full() stretch by stretch: each run of non-ASCII characters with the ASCII one before it."""
    parts = _NON_ASCII_SPLIT.split(text)  # ASCII, run, ASCII, run, ..., ASCII
    cache = _RUN_CACHE
    for i in range(1, len(parts), 2):
        before = parts[i - 1]
        piece = before[-1:] + parts[i]
        out = cache.get(piece)
        if out is None:
            out = _full(piece)
            if len(piece) <= 32 and len(cache) < 65_536:
                cache[piece] = out
        parts[i - 1] = before[:-1]
        parts[i] = out
    return "".join(parts)


def norm(text: str) -> str:
    """The normalised form of `text` (see the module's docstring). Idempotent."""
    if text.isascii():
        text = text.lower()
    else:
        data = text.encode("utf-8", "surrogatepass")
        rest = data.translate(None, _ASCII)  # the bytes of the characters beyond ASCII
        if 4 * (len(text) - len(data) + len(rest)) > len(text):  # mostly not ASCII (or binary data)
            text = _full(text)
        else:
            chars = set(rest.decode("utf-8", "surrogatepass"))
            alone = {c: _alone(c) for c in chars} if len(chars) <= _MAX_DISTINCT else {None: None}
            if None in alone.values():
                text = _by_runs(text)
            else:
                for c, out in alone.items():
                    if out != c:
                        text = text.replace(c, out)
            # What is left to do is ASCII: bytes.lower() changes ASCII letters only (and fast).
            text = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    if "`" in text:
        text = text.replace("`", "'")
    if len(text) < 4096 or any(w in text for w in _ODD_SPACE) or not text.isascii() and any(w in text for w in _WIDE_SPACE):
        return " ".join(text.split())
    # The same without splitting a long text into its words (a JSON file's strings): only spaces.
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


# Whitespace other than the space (NFKC made no-break and wide spaces a space already).
_ODD_SPACE = ("\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_WIDE_SPACE = ("\x85", "\u1680", "\u2028", "\u2029", "\xa0", "\u3000") + tuple(map(chr, range(0x2000, 0x200B)))


def norm_keep_lines(text: str) -> str:
    """norm() for each line, the lines kept apart: for finding which line of a source holds a needle."""
    return "\n".join(norm(line) for line in text.split("\n"))


_WORD = re.compile(r"\w+")
# Paragraphs and list items, then sentences in each: both patterns start with a character the regex
# engine looks for quickly (one pattern of three alternatives tried at every position cost twice as much).
_PARAGRAPH = re.compile(r"\n\s*\n\s*|\n\s*(?:[-*+]|\d+[.)])\s+")
_STOP = re.compile(r"[.!?]\s+")
_MARK_START = frozenset("-*+0123456789")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
MIN_SENTENCE_WORDS = 8
MAX_SENTENCE_WORDS = 16


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(plain: str) -> list[str]:
    """Distinctive sentences of reader-visible text (Markdown already reduced to its words): each of at
    least MIN_SENTENCE_WORDS words, normalised, without its closing punctuation, and cut to its first
    MAX_SENTENCE_WORDS words (so a long sentence costs the audit no more than a short one)."""
    out = []
    for para in _PARAGRAPH.split(plain):
        # An ASCII paragraph is normalised once, not sentence by sentence: lower case and single spaces
        # leave its sentence ends and list marks where they were (elsewhere NFKC can make new ones: '…').
        ascii_ = para.isascii()
        for piece in _STOP.split(norm(para) if ascii_ else para):
            if not piece:
                continue
            if not ascii_:
                piece = norm(_LIST_MARK.sub("", piece))
            elif piece[0] in _MARK_START:
                piece = _LIST_MARK.sub("", piece)
            n = piece.strip(" .!?:;,")
            found = list(_WORD.finditer(n))
            if len(found) < MIN_SENTENCE_WORDS:
                continue
            if len(found) > MAX_SENTENCE_WORDS:
                n = n[:found[MAX_SENTENCE_WORDS - 1].end()]
            out.append(n)
    return out


# Markdown reduced to what a reader sees, for cutting sentences: front matter, code fences, HTML tags,
# link targets, emphasis and heading marks go; link and image texts stay.
_FRONT = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", re.S)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_REFDEF = re.compile(r"(?m)^\s*\[[^\]]+\]:\s*\S+.*$")
_MD_TAG = re.compile(r"<[^>]+>")
_MD_MARKS = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[=-]{3,}\s*$)|[*_`~]|\{[:#.][^}]*\}")


def markdown_text(md: str) -> str:
    md = _FRONT.sub("", md.replace("\r\n", "\n"), count=1)
    md = _MD_LINK.sub(lambda m: m.group(1), md)
    md = _MD_REFDEF.sub("", md)
    md = _MD_TAG.sub(" ", md)
    return _MD_MARKS.sub("", md)


def strings_in(data, other=None, lists: list | None = None) -> list[str]:
    """Every string in parsed JSON or YAML (nested dicts and lists), keys too, in document order; `other`
    turns any other value (a number, true, null) into text, or leaves it out when None. `lists`, when given,
    also gets the strings of every list that holds two or more, as one list each (in the same walk)."""
    out: list[str] = []
    stack = [data]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for k, x in reversed(list(v.items())):
                stack.append(x)
                stack.append(k)
        elif isinstance(v, (list, tuple)):
            stack.extend(reversed(v))
            if lists is not None:
                texts = [x for x in v if isinstance(x, str)]
                if len(texts) > 1:
                    lists.append(texts)
        elif other is not None:
            out.append(other(v))
    return out
