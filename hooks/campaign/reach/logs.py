"""Access logs, read line by line: nginx/Apache "combined" (or "common") and IIS W3C extended, detected per
file; plain, gzip, bzip2 or xz. Files are opened read-only and never changed.

Every line ends up counted: as a request (a `Hit`), as a malformed line (with a `file:line` sample and a
reason, never the line's text: it holds an address and a user agent), or, for IIS, as a directive line.
A file that cannot be read, or whose format is unknown, is reported with its line count.

Why streaming Python and not an embedded engine such as DuckDB: a SQL reader cannot say which file:line a
malformed line came from without a second pass, it may spill to temporary files (which would hold addresses
and user agents) when memory runs short, and the IAB byte-range rule is a per-device state machine that SQL
expresses poorly. Here each raw address lives for one line; 1 million lines take a few seconds (make bench).
"""
from __future__ import annotations

import bz2
import calendar
import glob
import gzip
import io
import lzma
import os
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

SAMPLES = 20  # file:line samples kept per kind of problem

# A request as the counter needs it:
# (time: int epoch seconds, address: bytes, user agent: bytes, method: bytes, target: bytes, status: int,
#  body bytes sent: int or None when the log does not say, referer: bytes, Range header: bytes)
Hit = tuple

# nginx/Apache combined: host ident user [time] "request" status bytes "referer" "agent", then any extra
# fields (nginx log_format additions such as "$http_range"); "common" stops after bytes. Quoted fields
# allow backslash escapes (Apache writes \" inside them; nginx writes \x22).
_Q = rb'"([^"\\]*(?:\\.[^"\\]*)*)"'
_COMBINED = re.compile(
    rb'(\S+) \S+ (?:\S+|"[^"]*") \[([^\]]{26})\] ' + _Q + rb' (\d{3}) (\d+|-)'
    rb'(?: ' + _Q + rb' ' + _Q + rb')?((?: (?:"[^"\\]*(?:\\.[^"\\]*)*"|\S+))*)\s*')
_RANGE = re.compile(rb'"(bytes=[^"]*)"')
_MONTHS = {m.encode(): i for i, m in enumerate(calendar.month_abbr) if m}

# IIS W3C extended: fields named by the last #Fields directive; spaces in values are written as '+'.
IIS_REQUIRED = ("date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status")
_IIS_RANGE = ("cs(range)", "range", "cs(Range)", "Range")


@dataclass
class Report:
    """What reading the logs met, beside the requests: for the report and stderr."""
    files: list = field(default_factory=list)  # (path, format, lines) of every file read
    file_problems: list = field(default_factory=list)  # "path: what" for unreadable / unknown files
    read: int = 0  # request lines: parsed + malformed
    parsed: int = 0
    malformed: int = 0
    directives: int = 0  # IIS '#...' lines
    reasons: Counter = field(default_factory=Counter)  # malformed lines by reason
    samples: dict = field(default_factory=dict)  # reason -> ["file:line", ...]

    def bad_line(self, path: str, lineno: int, reason: str) -> None:
        self.malformed += 1
        self.reasons[reason] += 1
        kept = self.samples.setdefault(reason, [])
        if len(kept) < SAMPLES:
            kept.append(f"{path}:{lineno}")


def expand(specs: list[str]) -> tuple[list[str], list[str]]:
    """Paths from LOG's parts (paths or globs), sorted, each file once; and the parts that match nothing."""
    paths, missing, seen = [], [], set()
    for spec in specs:
        matches = sorted(glob.glob(spec)) if glob.has_magic(spec) else ([spec] if os.path.lexists(spec) else [])
        if not matches:
            missing.append(spec)
        for m in matches:
            key = os.path.realpath(m)
            if key not in seen:
                seen.add(key)
                paths.append(m)
    return paths, missing


def _open(path: str):
    """The file's lines as bytes, decompressed by content (not by name): logrotate may name a gzip file .1."""
    raw = open(path, "rb")  # read-only: a log is never changed
    try:
        magic = raw.read(6)
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    if magic[:2] == b"\x1f\x8b":
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"), 1 << 16), raw
    if magic[:3] == b"BZh":
        return io.BufferedReader(bz2.BZ2File(raw, "rb"), 1 << 16), raw
    if magic == b"\xfd7zXZ\x00":
        return io.BufferedReader(lzma.LZMAFile(raw, "rb"), 1 << 16), raw
    return raw, raw


def _detect(first: bytes) -> str | None:
    if first.startswith((b"#Software:", b"#Version:", b"#Date:", b"#Fields:", b"#Remark:")):
        return "iis"
    if _COMBINED.fullmatch(first.rstrip(b"\r\n")):
        return "combined"
    return None


def read(paths: list[str], report: Report):
    """Every request of every file, in file order. Problems go to `report`."""
    for path in paths:
        try:
            fh, raw = _open(path)
        except OSError as exc:
            report.file_problems.append(f"{path}: cannot be read ({exc.strerror or exc.__class__.__name__})")
            continue
        with raw, fh:
            try:
                yield from _read_file(path, fh, report)
            except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
                # A truncated gzip (a log rotated while written) or a read error: what came before counts.
                report.file_problems.append(f"{path}: the rest of the file cannot be read after the lines "
                                            f"counted ({exc.__class__.__name__}: damaged or cut short)")


def _read_file(path: str, fh, report: Report):
    lines = iter(fh)
    lineno = 0
    first = b""
    for first in lines:  # the format comes from the first non-blank line
        lineno += 1
        if first.strip():
            break
        report.read += 1
        report.bad_line(path, lineno, "blank line")
    else:
        report.files.append((path, "empty", lineno))
        return
    fmt = _detect(first)
    if fmt is None:
        rest = sum(1 for _ in lines)
        report.file_problems.append(f"{path}: unknown format (neither nginx/Apache combined nor IIS W3C extended); "
                                    f"its {lineno + rest:,} lines were not read")
        return
    reader = _combined if fmt == "combined" else _iis
    last = yield from reader(path, _chain(first, lines), lineno, report)
    report.files.append((path, fmt, last))


def _chain(first: bytes, rest):
    yield first
    yield from rest


def _combined(path: str, lines, lineno: int, report: Report):
    match = _COMBINED.fullmatch
    clf_time = _ClfTime()
    read = parsed = 0
    lineno -= 1
    try:
        for line in lines:
            lineno += 1
            read += 1
            m = match(line.rstrip(b"\r\n"))
            if m is None:
                report.bad_line(path, lineno, "blank line" if not line.strip() else "not in the nginx/Apache combined format")
                continue
            ip, when, request, status, size, referer, agent, extra = m.groups()
            try:
                ts = clf_time(when)
            except (ValueError, KeyError):
                report.bad_line(path, lineno, "the time is not readable")
                continue
            parts = request.split(b" ")
            method, target = (parts[0], parts[1]) if len(parts) == 3 else (request, b"")
            rng = b""
            if extra and b"bytes=" in extra:
                r = _RANGE.search(extra)
                rng = r.group(1) if r else b""
            parsed += 1
            yield (ts, ip, agent or b"", method, target, int(status), 0 if size == b"-" else int(size),
                   referer or b"", rng)
    finally:  # also when a damaged file stops the reading: the lines before count
        report.read += read
        report.parsed += parsed
    return lineno


class _ClfTime:
    """b'10/Oct/2026:13:55:36 +0100' -> epoch seconds; the date and offset part is cached."""

    def __init__(self):
        self.days: dict[bytes, int] = {}

    def __call__(self, s: bytes) -> int:
        key = s[:11] + s[20:]
        base = self.days.get(key)
        if base is None:
            if s[2:3] != b"/" or s[6:7] != b"/" or s[11:12] != b":" or s[20:22] not in (b" +", b" -"):
                raise ValueError(s)
            day, month, year = int(s[:2]), _MONTHS[s[3:6]], int(s[7:11])
            off = int(s[22:24]) * 3600 + int(s[24:26]) * 60
            if s[21:22] == b"-":
                off = -off
            calendar.monthrange(year, month)  # raises for a month out of range
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                raise ValueError(s)
            base = self.days[key] = calendar.timegm((year, month, day, 0, 0, 0)) - off
        h, mi, se = int(s[12:14]), int(s[15:17]), int(s[18:20])
        if h > 23 or mi > 59 or se > 60 or s[14:15] != b":" or s[17:18] != b":":
            raise ValueError(s)
        return base + h * 3600 + mi * 60 + se


def _iis_day(cache: dict, d: bytes) -> int:
    base = cache.get(d)
    if base is None:
        if len(d) != 10 or d[4:5] != b"-" or d[7:8] != b"-":
            raise ValueError(d)
        y, mo, da = int(d[:4]), int(d[5:7]), int(d[8:10])
        if not (1 <= mo <= 12 and 1 <= da <= calendar.monthrange(y, mo)[1]):
            raise ValueError(d)
        base = cache[d] = calendar.timegm((y, mo, da, 0, 0, 0))
    return base


def _iis(path: str, lines, lineno: int, report: Report):
    days: dict[bytes, int] = {}
    cols = None  # field name -> index, from the last #Fields directive
    missing: tuple = ("#Fields",)
    read = parsed = 0
    lineno -= 1
    try:
        for line in lines:
            lineno += 1
            line = line.rstrip(b"\r\n")
            if line.startswith(b"#"):
                report.directives += 1
                if line.startswith(b"#Fields:"):
                    names = line[8:].decode("ascii", "replace").split()
                    cols = {n: i for i, n in enumerate(names)}
                    missing = tuple(n for n in IIS_REQUIRED if n not in cols)
                    idx = [cols.get(n) for n in ("date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status")]
                    opt = [cols.get(n) for n in ("cs-uri-query", "cs(User-Agent)", "cs(Referer)", "sc-bytes",
                                                 "sc-win32-status")]
                    rng_i = next((cols[n] for n in _IIS_RANGE if n in cols), None)
                    width = len(names)
                continue
            read += 1
            if missing:
                report.bad_line(path, lineno, "IIS log line without a usable #Fields directive before it "
                                              f"(missing {', '.join(missing)})")
                continue
            f = line.split(b" ")
            if len(f) != width:
                report.bad_line(path, lineno, "blank line" if not line.strip() else
                                "the number of fields differs from the #Fields directive")
                continue
            d, t, ip, method, stem, status = (f[i] for i in idx)
            q, agent, referer, size, win32 = (f[i] if i is not None else b"-" for i in opt)
            try:
                if len(t) != 8 or t[2:3] != b":" or t[5:6] != b":":
                    raise ValueError(t)
                h, mi, se = int(t[:2]), int(t[3:5]), int(t[6:8])
                if h > 23 or mi > 59 or se > 60:
                    raise ValueError(t)
                ts = _iis_day(days, d) + h * 3600 + mi * 60 + se  # IIS logs UTC
                code = int(status)
                nbytes = None if size == b"-" else int(size)
            except ValueError:
                report.bad_line(path, lineno, "a date, time, status or size field is not readable")
                continue
            if nbytes is None and win32 not in (b"-", b"0"):
                nbytes = 0  # the transfer failed and the log does not say how much was sent
            parsed += 1
            yield (ts, ip, b"" if agent == b"-" else agent.replace(b"+", b" "), method,
                   stem if q == b"-" else stem + b"?" + q, code, nbytes,
                   b"" if referer == b"-" else referer, b"" if rng_i is None or f[rng_i] == b"-" else f[rng_i])
    finally:  # also when a damaged file stops the reading: the lines before count
        report.read += read
        report.parsed += parsed
    return lineno
