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
import lzma
import os
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

SAMPLES = 20  # file:line samples kept per kind of problem
BATCH = 1 << 20  # bytes read at a time: lines are parsed, and requests handed over, in lists

# A request as the counter needs it:
# (time: int epoch seconds, address: bytes, user agent: bytes, method: bytes, target: bytes, status: int,
#  body bytes sent: int, digits (bytes, read only for audio) or b"-"/None when the log does not say,
#  referer: bytes, Range header: bytes)
Hit = tuple

# nginx/Apache combined: host ident user [time] "request" status bytes "referer" "agent", then any extra
# fields (nginx log_format additions such as "$http_range"); "common" stops after bytes. Quoted fields
# allow backslash escapes (Apache writes \" inside them; nginx writes \x22).
_TIME = rb'\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\]'
_Q = rb'"([^"\\]*(?:\\.[^"\\]*)*)"'
_REQUEST = rb'"(?:(\S+) (\S+) HTTP/[\d.]+|([^"\\]*(?:\\.[^"\\]*)*))"'  # method and target, or what was sent
_COMBINED = re.compile(
    rb'(\S+) \S+ (?:\S+|"[^"]*") ' + _TIME + rb' ' + _REQUEST + rb' (\d{3}) (\d+|-)'
    rb'(?: ' + _Q + rb' ' + _Q + rb')?((?: (?:"[^"\\]*(?:\\.[^"\\]*)*"|\S+))*)\s*')
# The same without backslash escapes in quoted fields (nginx writes a quote as \x22): most lines, faster.
_SIMPLE = re.compile(
    rb'([^ ]+) [^ ]+ [^ ]+ ' + _TIME + rb' "(?:(\S+) (\S+) HTTP/[\d.]+|([^"\\]*))" (\d{3}) (\d+|-)'
    rb'(?: "([^"\\]*)" "([^"\\]*)")?((?: (?:"[^"\\]*"|[^\s"]+))*)\s*')
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
    kept: dict = field(default_factory=dict)  # reason -> [(file number, line), ...]: the first SAMPLES
    paths: list = field(default_factory=list)  # file number -> path

    def bad_line(self, path: str, lineno: int, reason: str, file_no: int = 0) -> None:
        self.malformed += 1
        self.reasons[reason] += 1
        kept = self.kept.setdefault(reason, [])
        if len(kept) < SAMPLES:
            kept.append((file_no, lineno))

    @property
    def samples(self) -> dict:
        """reason -> ["file:line", ...], the first ones in file and line order."""
        return {r: [f"{self.paths[f]}:{n}" for f, n in sorted(k)[:SAMPLES]] for r, k in self.kept.items()}

    def merge(self, other: "Report") -> None:
        """Add what another process read (its lines, problems and samples) to this report."""
        self.read += other.read
        self.parsed += other.parsed
        self.malformed += other.malformed
        self.directives += other.directives
        self.reasons.update(other.reasons)
        for reason, kept in other.kept.items():
            self.kept[reason] = sorted([*self.kept.get(reason, []), *kept])[:SAMPLES]


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


class CutShort(Exception):
    """A compressed file that ends in the middle of its stream (rotated while written, or damaged)."""


def _chunks(raw):
    """The file's bytes, decompressed by content (not by name: logrotate may name a gzip file .1), in
    blocks. A compressed stream that stops early yields all it could decode, then raises CutShort."""
    magic = raw.read(6)
    if magic[:2] == b"\x1f\x8b":
        new = lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)  # noqa: E731 (gzip; members may follow)
    elif magic[:3] == b"BZh":
        new = bz2.BZ2Decompressor
    elif magic == b"\xfd7zXZ\x00":
        new = lzma.LZMADecompressor
    else:
        yield magic
        while block := raw.read(BATCH):
            yield block
        return
    d, ended = new(), False
    data = magic
    while data:
        while data:
            try:
                yield d.decompress(data)
            except (zlib.error, OSError, EOFError, lzma.LZMAError) as exc:
                raise CutShort(exc.__class__.__name__) from None
            ended, data = d.eof, d.unused_data if d.eof else b""
            if ended and data:
                d = new()  # the next member of a concatenated gzip (or bzip2) file
        data = raw.read(BATCH // 16)  # logs compress about 15:1: about BATCH bytes of lines at a time
        if data and ended:
            d, ended = new(), False
    if not ended:
        raise CutShort("the compressed stream stops early")


def _blocks(raw):
    """The file's text in blocks of whole lines (CRLF read as LF); the last block may lack its newline."""
    carry = b""
    for block in _chunks(raw):
        if not block:
            continue
        if b"\r" in block:
            block = block.replace(b"\r\n", b"\n")
        end = block.rfind(b"\n")
        if end < 0:
            carry += block
            continue
        yield carry + block[:end + 1]
        carry = block[end + 1:]
    if carry:
        yield carry


def _detect(first: bytes) -> str | None:
    if first.startswith((b"#Software:", b"#Version:", b"#Date:", b"#Fields:", b"#Remark:")):
        return "iis"
    if _COMBINED.fullmatch(first):
        return "combined"
    return None


# A piece of work: (file number, path, format, number of the line before the first, the IIS #Fields line in
# force, the block of whole lines). Made by `tasks` (one process reads and decompresses), parsed by `parse`
# (in any process: tasks may be spread over the machine's cores).
Task = tuple


def tasks(paths: list[str], report: Report):
    """Every file's lines, in blocks. Files that cannot be read, unknown formats, blank lines before the first
    line and compressed files cut short are recorded in `report` here; lines are parsed by `parse`."""
    for path in paths:
        file_no = len(report.paths)
        report.paths.append(path)
        try:
            raw = open(path, "rb")  # read-only: a log is never changed
        except OSError as exc:
            report.file_problems.append(f"{path}: cannot be read ({exc.strerror or exc.__class__.__name__})")
            continue
        with raw:
            try:
                yield from _file_tasks(file_no, path, _blocks(raw), report)
            except CutShort as exc:
                report.file_problems.append(f"{path}: the file ends in the middle of its compressed data ({exc}): "
                                            "the lines before were read")
            except OSError as exc:
                report.file_problems.append(f"{path}: cannot be read to the end ({exc.strerror or exc}): "
                                            "the lines before were read")


def _file_tasks(file_no: int, path: str, blocks, report: Report):
    lineno, fmt, fields = 0, None, None
    try:
        for block in blocks:
            if fmt is None:  # the format comes from the first non-blank line
                lines = block.split(b"\n")
                if block.endswith(b"\n"):
                    lines.pop()
                start = next((i for i, line in enumerate(lines) if line.strip()), None)
                for i in range(len(lines) if start is None else start):
                    report.read += 1
                    report.bad_line(path, lineno + i + 1, "blank line", file_no)
                if start is None:
                    lineno += len(lines)
                    continue
                lineno += start
                block = b"\n".join(lines[start:]) + (b"\n" if block.endswith(b"\n") else b"")
                fmt = _detect(lines[start]) or "unknown"
                if fmt == "unknown":
                    rest = len(lines) - start + sum(b.count(b"\n") + (not b.endswith(b"\n")) for b in blocks)
                    report.file_problems.append(f"{path}: unknown format (neither nginx/Apache combined nor IIS "
                                                f"W3C extended); its {lineno + rest:,} lines were not read")
                    return
            yield (file_no, path, fmt, lineno, fields, block)
            lineno += block.count(b"\n") + (not block.endswith(b"\n"))
            if fmt == "iis" and b"#Fields:" in block:  # the directive in force where the next block starts
                at = block.rfind(b"\n#Fields:")
                at = at + 1 if at >= 0 else (0 if block.startswith(b"#Fields:") else -1)
                if at >= 0:
                    end = block.find(b"\n", at)
                    fields = block[at:end if end >= 0 else len(block)]
    finally:
        if fmt != "unknown":
            report.files.append((path, fmt or "empty", lineno))


def parse(task: Task, report: Report, parsers: dict) -> list:
    """The requests of one task's lines; malformed lines go to `report`. `parsers` keeps each file's parser
    (its per-minute times) from one block to the next in this process."""
    file_no, path, fmt, lineno, fields, block = task
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()
    parser = parsers.get(file_no)
    if parser is None:
        parser = parsers[file_no] = (_Combined if fmt == "combined" else _Iis)(path, report, file_no)
    if fields is not None:
        parser.fields(fields)
    return parser(lines, lineno)


def read(paths: list[str], report: Report):
    """Lists of requests, file after file, all in this process (tests and small logs)."""
    parsers: dict = {}
    for task in tasks(paths, report):
        yield parse(task, report, parsers)


class _Combined:
    """nginx/Apache combined (or common) lines -> requests. A simple expression (quoted fields without
    escapes, as nginx writes them: it escapes a quote as \\x22) reads most lines; a line it does not fit
    (Apache's \\" escapes) goes through the full one before it counts as malformed."""

    def __init__(self, path: str, report: Report, file_no: int = 0):
        self.path, self.report, self.file_no = path, report, file_no
        self.minutes: dict[bytes, tuple] = {}  # b'10/Oct/2026:13:55' -> (offset, epoch of that minute)
        self.days: dict[bytes, int] = {}  # b'10/Oct/2026 +0100' -> epoch of that midnight

    def fields(self, line: bytes) -> None:
        pass

    def __call__(self, lines: list[bytes], lineno: int) -> list:
        out = []
        add = out.append
        minutes = self.minutes
        fast, full = _SIMPLE.fullmatch, _COMBINED.fullmatch
        report, path, file_no = self.report, self.path, self.file_no
        for line in lines:
            lineno += 1
            m = fast(line) or full(line)
            if m is None:
                report.bad_line(path, lineno, "blank line" if not line.strip() else
                                "not in the nginx/Apache combined format", file_no)
                continue
            ip, when, method, target, sent, status, size, referer, agent, extra = m.groups()
            known = minutes.get(when[:17])
            if known is None or known[0] != when[20:]:
                try:
                    day = self.days.get(when[:11] + when[20:])
                    if day is None:
                        day = self.days[when[:11] + when[20:]] = _clf_day(when)
                    h, mi = int(when[12:14]), int(when[15:17])
                    if h > 23 or mi > 59 or when[18:20] > b"60":
                        raise ValueError(when)
                    known = minutes[when[:17]] = (when[20:], day + h * 3600 + mi * 60)
                except (ValueError, KeyError):
                    report.bad_line(path, lineno, "the time is not readable", file_no)
                    continue
            rng = b""
            if extra and b"bytes=" in extra:
                r = _RANGE.search(extra)
                rng = r.group(1) if r else b""
            add((known[1] + int(when[18:20]), ip, agent or b"", method or sent, target or b"", int(status),
                 size, referer or b"", rng))
        report.read += len(lines)
        report.parsed += len(out)
        return out


def _clf_day(s: bytes) -> int:
    """b'10/Oct/2026:13:55:36 +0100' -> epoch seconds of that day's midnight at that offset."""
    day, month, year = int(s[:2]), _MONTHS[s[3:6]], int(s[7:11])
    off = int(s[22:24]) * 3600 + int(s[24:26]) * 60
    if s[21:22] == b"-":
        off = -off
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(s)
    return calendar.timegm((year, month, day, 0, 0, 0)) - off


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


class _Iis:
    """IIS W3C extended lines -> requests, by the fields of the last #Fields directive."""

    def __init__(self, path: str, report: Report, file_no: int = 0):
        self.path, self.report, self.file_no = path, report, file_no
        self.days: dict[bytes, int] = {}
        self.missing: tuple = ("#Fields",)
        self.width = 0

    def fields(self, line: bytes) -> None:
        names = line[8:].decode("ascii", "replace").split()
        cols = {n: i for i, n in enumerate(names)}
        self.missing = tuple(n for n in IIS_REQUIRED if n not in cols)
        self.idx = [cols.get(n) for n in IIS_REQUIRED]
        self.opt = [cols.get(n) for n in ("cs-uri-query", "cs(User-Agent)", "cs(Referer)", "sc-bytes", "sc-win32-status")]
        self.rng = next((cols[n] for n in _IIS_RANGE if n in cols), None)
        self.width = len(names)

    def __call__(self, lines: list[bytes], lineno: int) -> list:
        out = []
        report, path, days = self.report, self.path, self.days
        read = 0
        for line in lines:
            lineno += 1
            if line.startswith(b"#"):
                report.directives += 1
                if line.startswith(b"#Fields:"):
                    self.fields(line)
                continue
            read += 1
            if self.missing:
                report.bad_line(path, lineno, "IIS log line without a usable #Fields directive before it "
                                              f"(missing {', '.join(self.missing)})", self.file_no)
                continue
            f = line.split(b" ")
            if len(f) != self.width:
                report.bad_line(path, lineno, "blank line" if not line.strip() else
                                "the number of fields differs from the #Fields directive", self.file_no)
                continue
            d, t, ip, method, stem, status = (f[i] for i in self.idx)
            q, agent, referer, size, win32 = (f[i] if i is not None else b"-" for i in self.opt)
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
                report.bad_line(path, lineno, "a date, time, status or size field is not readable", self.file_no)
                continue
            if nbytes is None and win32 not in (b"-", b"0"):
                nbytes = 0  # the transfer failed and the log does not say how much was sent
            rng = b"" if self.rng is None or f[self.rng] == b"-" else f[self.rng]
            out.append((ts, ip, b"" if agent == b"-" else agent.replace(b"+", b" "), method,
                        stem if q == b"-" else stem + b"?" + q, code, nbytes,
                        b"" if referer == b"-" else referer, rng))
        report.read += read
        report.parsed += len(out)
        return out
