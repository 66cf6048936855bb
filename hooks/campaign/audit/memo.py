"""What the leak audit has already read without finding a trace, kept for the next build.

A build rewrites the whole site, and nearly every output file comes out as it was: after a save in `make
serve`, and when the timer publishes at a release instant (a few dozen of 785 files change at 1,000 releases).
The audit reads each file again unless this memo proves the answer cannot have changed:

- a file is skipped when its path and bytes (sha256) equal those of a file an earlier audit read and found
  clean; the runs of lines of pages and the strings of JSON files read clean are kept too, so a page or
  search index of which a few lines changed is read only where it changed;
- the memo is used only when everything the audit looks for now was looked for then, word for word (every
  needle with its kind and item, every hidden file's hash, every hidden address and file name), and what it
  allows (declared shared wording), how it resolves links (site_url) and the audit's code are the same. A
  text that held none of a larger set of needles holds none of a subset: when an item goes live, or a page
  is edited, the memo holds; when an item becomes hidden, gets a new needle, or shared wording is withdrawn,
  it is dropped and every file is read again.

Only clean answers are kept (a file with a finding is read again every build), and the file's own path is
still checked every build. A build that looks ahead for the traces of live items to be taken down (auditor.audit_site)
keeps, with each file, those of them it holds: the file is read again once one of them is. Kept in memory (make serve's rebuilds) and, once a build has succeeded, on disk in
`.cache/campaign/audit-clean.bin` (the files, as JSON; then the search index's strings, the pages' runs of lines and
what is looked for as 128-bit digests, packed: 13 MB of JSON at 10,000 releases took 0.2 s a build to write and
read). Like every cache
there, it is trusted as the project's code is: whoever can write `.cache/` can write `hooks/`. A file that
cannot be read, is corrupt or was written by other code is ignored.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..source.plancache import CACHE_DIR, write_file
from .cache import code_digest

FILE_NAME = "audit-clean.bin"
FORMAT = 5
_MAGIC = b"campaign audit memo\n"
JSON_LINES = "json"  # the extension the auditor keeps JSON files' clean strings under (Auditor._unread)
_DIGEST_BYTES = 16  # bytes of every digest the memo keeps (128 bits: see _digest)
MAX_LINES = 500_000  # lines kept per memo (a long `make serve` session): past that, the memo starts afresh

_MEMORY: dict[str, "_Kept"] = {}  # slot (the project's root) -> what the last audit there found clean


class _Kept:
    __slots__ = ("whole", "looked_for", "exact", "files", "lines", "strings", "runs")

    def __init__(self, whole: bytes, looked_for: "_Packed", exact: str, files: dict, lines: dict,
                 strings: "_Packed | None" = None, runs: "_Runs | None" = None):
        self.whole, self.looked_for, self.exact, self.files, self.lines = whole, looked_for, exact, files, lines
        self.strings = strings if strings is not None else _Packed()  # digests of JSON strings read clean (the search index's)
        self.runs = runs if runs is not None else _Runs()  # digests of pages' runs of lines read clean


class _Packed:
    """Digests as on disk (`packed`: _DIGEST_BYTES each), made a set only once something asks."""

    __slots__ = ("packed", "_known")

    def __init__(self, packed: bytes = b"", known: frozenset | None = None):
        self.packed = packed
        self._known = known

    def known(self) -> frozenset:
        if self._known is None:
            p = self.packed
            self._known = frozenset(p[i:i + _DIGEST_BYTES] for i in range(0, len(p), _DIGEST_BYTES))
        return self._known

    def __len__(self) -> int:
        return len(self.packed) // _DIGEST_BYTES

    @classmethod
    def of(cls, digests) -> "_Packed":
        digests = frozenset(digests)
        return cls(b"".join(sorted(digests)), digests)


class _Runs(_Packed):
    """Digests of the pages' runs of lines read clean (Auditor._unread), by an earlier process (`packed`, as
    on disk, made a set only once a page needs them) and by this one (`mine`: run -> digest, per kind of
    file, so a save digests each run once). A fresh process (the timer's build, a restarted make serve)
    then reads a changed page only where it changed, as a rebuild in the same process does."""

    __slots__ = ("mine",)

    def __init__(self, packed: bytes = b""):
        super().__init__(packed)
        self.mine: dict[str, dict[tuple, bytes]] = {}

    def digest(self, key: str, run: tuple) -> bytes:
        """The digest of a run of lines of files read as `key`, taken once per process."""
        mine = self.mine.setdefault(key, {})
        d = mine.get(run)
        if d is None:
            d = mine[run] = _digest(key + "\x02" + "\n".join(run))
        return d


class CleanMemo:
    """`looked_for`: one string per needle, hash and hidden target the audit uses (a subset of the last
    audit's, or the memo is not used); `exact`: what must not change at all (allowed wording, site_url).
    `slot`: the project's root (its memo in memory, and on disk under it)."""

    def __init__(self, slot: str, looked_for: frozenset, exact: tuple):
        self.slot = slot
        # What is looked for as one digest: a build that looks for what the last one did (an unchanged rebuild,
        # the timer's take-down after the build a minute before) need not digest each of its strings (63,000
        # at 10,000 releases); any other compares them one by one (a subset of the last audit's holds).
        ordered = sorted(looked_for)
        self.whole = hashlib.blake2b("\0".join(ordered).encode("utf-8", "surrogatepass"), digest_size=_DIGEST_BYTES).digest()
        self.exact = exact_digest(exact)
        old = _MEMORY.get(slot) or self._load()
        if old is not None and old.exact == self.exact and old.whole == self.whole:
            self.used, self.looked_for = True, old.looked_for
        else:
            self.looked_for = _Packed.of(map(_digest, ordered))
            self.used = old is not None and old.exact == self.exact and self.looked_for.known() <= old.looked_for.known()
        self.old_files: dict[str, list] = old.files if self.used else {}
        lines = old.lines if self.used else {}
        if sum(map(len, lines.values())) > MAX_LINES:
            lines = {}
        self.lines: dict[str, set] = lines  # extension -> runs of lines or strings read clean (Auditor._unread)
        # The strings of JSON files read clean by an earlier process (the search index changes with every
        # release, its strings mostly do not), as digests: on disk they cost 16 bytes each, not the text.
        self.strings: _Packed = old.strings if self.used else _Packed()
        self.runs: _Runs = old.runs if self.used and lines is old.lines else _Runs()
        self.files: dict[str, list] = {}  # path -> [sha256 of the bytes read clean, ids of live items traced in them]
        self.skipped = 0  # files not read again (tests read it)
        self.recorded = 0  # files read (clean) by this audit
        self.runs_known = 0  # runs of lines known clean from an earlier process's digests (tests read it)
        self._digested: dict[str, dict] = {}  # key -> {run: its digest}, made ahead of save (digest_ahead)
        self._digest_walked = 0  # runs there were when digest_ahead last walked them

    def _path(self) -> Path:
        return Path(self.slot) / CACHE_DIR / FILE_NAME

    def _load(self) -> _Kept | None:
        return read_kept(self._path())

    def is_clean(self, rel: str, digest: str, expected: frozenset = frozenset()) -> bool:
        """Whether the file was read clean with these bytes, but for the traces of items that are all still
        `expected` (live now: see auditor.audit_site); one of them taken down makes it read again. Read clean
        by this audit already (as it was written: parallel.py), or by the last."""
        for entry in (self.files.get(rel), self.old_files.get(rel)):
            if entry is not None and entry[0] == digest and expected.issuperset(entry[1]):
                self.files[rel] = entry
                self.skipped += 1
                return True
        return False

    def record(self, rel: str, digest: str, items: set | frozenset = frozenset()) -> None:
        """The file was read clean with these bytes, but for the traces of `items` (live now)."""
        self.files[rel] = [digest, sorted(items)]
        self.recorded += 1

    def known_strings(self, strings: list[str], known: list[bool]) -> None:
        """Mark in `known` the strings an earlier process read clean (by digest)."""
        if self.strings.packed:
            # Each distinct string digested once: the search index repeats most of its strings (155,652 strings,
            # 57,763 distinct at 10,000 releases: section titles, addresses).
            digests, seen = self.strings.known(), {}
            for i, text in enumerate(strings):
                if not known[i]:
                    hit = seen.get(text)
                    if hit is None:
                        hit = seen[text] = _digest(text) in digests
                    known[i] = hit

    def known_runs(self, key: str, runs: list[tuple], known: list[bool], clean: set) -> None:
        """Mark in `known` the runs of lines (of files read as `key`) an earlier process read clean (by
        digest), and add them to `clean`, as this process had read them."""
        if not self.runs.packed:
            return
        have, digest = self.runs.known(), self.runs.digest
        for i, run in enumerate(runs):
            if not known[i]:
                if digest(key, run) in have:
                    known[i] = True
                    clean.add(run)
                    self.runs_known += 1

    def remember(self) -> None:
        """Keep this audit's clean answers for the next audit in this process (under this audit's needles)."""
        _MEMORY[self.slot] = _Kept(self.whole, self.looked_for, self.exact, self.files, self.lines, self.strings, self.runs)

    def save(self) -> None:
        """Keep them on disk too: only once a build has succeeded (the adapter's keep); a project that cannot
        be written is skipped (the next process reads every file)."""
        if self.used and not self.recorded and self._path().is_file():
            # Nothing read (an unchanged rebuild): what is on disk still holds. It may look for more than this
            # audit did, and name files gone since; both are answers that remain true (13 MB at 10,000 releases).
            return
        # The strings an earlier build read clean stay (they hold none of a larger set of needles): a build
        # that skipped the unchanged search index read none of its strings, and would otherwise forget them.
        strings = _merged(self.strings, set(map(_digest, self.lines.get(JSON_LINES, ()))))
        header = json.dumps({"format": FORMAT, "exact": self.exact, "whole": self.whole.hex(), "files": self.files,
                             "sizes": [len(self.looked_for.packed), len(strings)]}, separators=(",", ":")).encode()
        data = b"".join((_MAGIC, len(header).to_bytes(8, "big"), header, self.looked_for.packed, strings,
                         self._packed_runs()))
        try:
            write_file(self._path(), data)
        except OSError:
            pass

    def _packed_runs(self) -> bytes:
        """Every run of lines this process holds read clean, digested (once each), after those an earlier
        process read clean (they hold none of a larger set of needles). A build that read no page (an
        unchanged rebuild) keeps the earlier ones as they were, without unpacking them."""
        self.digest_ahead()
        new = set()
        for done in self._digested.values():
            new.update(done.values())
        return _merged(self.runs, new)

    def digest_ahead(self, at_least: float = 1.0) -> None:
        """Digest the runs of lines read clean so far (what save keeps), each once: the audit's worker does it
        while it waits for the next page (parallel.py), so that saving at the end has little left to do.
        `at_least`: only once there are that many times as many runs as when it last did (finding the new ones
        walks them all: each time they grow by a quarter, not after every page, else 10,000 pages cost 4 s)."""
        total = sum(len(runs) for runs in self.lines.values())
        if total < at_least * self._digest_walked:
            return
        self._digest_walked = total
        digest = self.runs.digest
        for key, runs in self.lines.items():
            if key.split("\0", 1)[0] == JSON_LINES:
                continue  # JSON strings, not runs of lines (the search index's are kept as `strings`)
            done = self._digested.setdefault(key, {})
            if len(done) < len(runs):
                for run in runs - done.keys():
                    done[run] = digest(key, run)


def _merged(old: _Packed, new: set) -> bytes:
    """The digests an earlier process kept (`old`, as they were when nothing is new) and `new` ones, packed;
    past MAX_LINES, the new ones only."""
    if not new:
        return old.packed
    if not old.packed or len(old) + len(new) > MAX_LINES:
        return b"".join(new)
    return old.packed + b"".join(new - old.known())


def exact_digest(exact: tuple) -> str:
    """What must be the same for a memo to hold (see CleanMemo), as one digest."""
    return _digest(json.dumps([code_digest(), FORMAT, *exact])).hex()


_EXACT = re.compile(rb'"exact":"([0-9a-f]+)"')


def kept_for(slot: str, exact: tuple) -> bool:
    """Whether the memo on disk under `slot` was kept for this code, these settings (`exact`): read from the
    start of its file only. (It may still look for less than a build does: an item hidden again.)"""
    try:
        with open(Path(slot) / CACHE_DIR / FILE_NAME, "rb") as fh:
            head = fh.read(len(_MAGIC) + 8 + 256)
    except OSError:
        return False
    found = _EXACT.search(head) if head.startswith(_MAGIC) else None
    return found is not None and found.group(1).decode() == exact_digest(exact)


def _digest(text: str) -> bytes:
    """128 bits: a new needle taken for an old one by chance is as likely as guessing a random key."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_DIGEST_BYTES).digest()


def read_kept(path: Path) -> _Kept | None:
    """A memo file as written by `save`, or None when it cannot be read, is corrupt or of another format."""
    try:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        at = len(_MAGIC) + 8
        end = at + int.from_bytes(data[len(_MAGIC):at], "big")
        head = json.loads(data[at:end])
        if head["format"] != FORMAT:
            return None
        files = head["files"]
        if not (isinstance(files, dict) and all(
                isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], list)
                and all(isinstance(i, str) for i in v[1]) for v in files.values())):
            return None
        wanted, got = head["sizes"], []
        for size in wanted:
            if not isinstance(size, int) or size < 0 or size % _DIGEST_BYTES:
                return None
            got.append(data[end:end + size])
            end += size
        runs = data[end:]
        if len(got[0]) != wanted[0] or len(got[1]) != wanted[1] or len(runs) % _DIGEST_BYTES:
            return None
        whole, exact = bytes.fromhex(head["whole"]), head["exact"]
        if not isinstance(exact, str) or len(whole) != _DIGEST_BYTES:
            return None
        return _Kept(whole, _Packed(got[0]), exact, files, {}, _Packed(got[1]), _Runs(runs))
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def forget(slot: str | None = None) -> None:
    """Drop the memo of one project (or all): tests, and anything that must read every file again."""
    if slot is None:
        _MEMORY.clear()
    else:
        _MEMORY.pop(slot, None)
