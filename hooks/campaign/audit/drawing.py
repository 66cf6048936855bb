"""A drawing's own data: the path data of an SVG, as tokens, so a copy reformatted by hand or by a tool is
still the same drawing.

Signs are drawings with few or no words: once an editor's text editor adds a final newline, or a tool
re-indents the markup, re-orders attributes, adds an XML declaration or drops a comment, the file's
content hash no longer matches, and pasted inline into a page it is no file at all. What all of these keep
is the geometry: the `d=` of each `<path>` and the `points=` of each `<polyline>` and `<polygon>`. Each
value is read as tokens (command letters and numbers), numbers written one way (`+5`, `05` and `5.0` are
`5`), a command repeated implicitly written once ('l10 10l20 20' and 'l10 10 20 20', 'M0 0L5 5' and
'M0 0 5 5'), and the tokens joined by one space. Short values ('M120 80v140', a line) are everywhere;
only values with MIN_NUMBERS numbers or more are a drawing's own (see needles.Needles).
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

# An element that draws a shape from path data (an SVG file, or SVG inline in HTML; any namespace prefix).
_ELEMENT = re.compile(r"<\s*(?:[\w.-]+:)?(?:path|polyline|polygon)\b([^>]*)>", re.I)
_DATA = re.compile(r"""(?<![\w:.-])(?:d|points)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
MIN_NUMBERS = 6  # a drawing's own path data: 'M40 220v-150l50-40l30 50' (6 numbers) and longer
SEPARATOR = "\0"  # between two values of one text: no value spans another


def canonical(value: str) -> str:
    """Path data or a points list as its tokens, one way ('M 40,220 V -150' -> 'M 40 220 V -150')."""
    return _canonical_kept(value) if len(value) <= _KEPT_LENGTH else _canonical(value)


_KEPT_LENGTH = 4096  # values up to this long are kept (a page's icons); a long illustration's are not


@lru_cache(maxsize=8192)  # the theme's icons recur on every page: each value is read once
def _canonical_kept(value: str) -> str:
    return _canonical(value)


def _canonical(value: str) -> str:
    out: list[str] = []
    current = None  # the command that applies to the next numbers without a letter of their own
    for tok in _TOKEN.findall(html.unescape(value) if "&" in value else value):
        if tok.isalpha():
            if tok in "Mm":  # numbers after a move are lines ('M0 0 5 5' is 'M0 0 L5 5'); a move is never elided
                out.append(tok)
                current = "L" if tok == "M" else "l"
            elif tok in "Zz":
                out.append(tok)
                current = None
            elif tok != current:
                out.append(tok)
                current = tok
            continue
        try:
            f = float(tok)
        except ValueError:  # pragma: no cover - the pattern only matches numbers
            out.append(tok)
            continue
        out.append(str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f))
    return " ".join(out)


def numbers_in(data: str) -> int:
    return sum(1 for t in data.split(" ") if not t.isalpha())


def distinctive(data: str) -> bool:
    """Path data long enough to be one drawing's own (MIN_NUMBERS numbers, not all the same)."""
    nums = [t for t in data.split(" ") if not t.isalpha()]
    return len(nums) >= MIN_NUMBERS and len(set(nums)) >= 3


def drawings(text: str) -> list[tuple[int, str]]:
    """(offset of the value in `text`, canonical data) of every path data or points value in markup."""
    out = []
    for el in _ELEMENT.finditer(text):
        for m in _DATA.finditer(el.group(1)):
            value = m.group(1) if m.group(1) is not None else m.group(2)
            data = canonical(value)
            if data:
                out.append((el.start(1) + m.start(), data))
    return out


def drawing_text(text: str) -> str:
    """Every path data value in `text`, canonical, apart by SEPARATOR ('' when it holds none): the form
    of a file or page the audit reads for drawings."""
    if "<" not in text:
        return ""
    return SEPARATOR.join(data for _, data in drawings(text))
