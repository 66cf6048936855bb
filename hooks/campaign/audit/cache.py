"""Needles kept from one build to the next, content-addressed (never by time or mtime).

Cutting sentences from every hidden page and transcript is most of the cost of building the needles. Each
hidden item's needles are kept under a key that digests everything the computation reads directly: this
module's and the audit's code (and the `source`/`release` code it calls), the Python, Unicode and pydantic
versions, the campaign's key, the declared shared wording, the item's plan entry (every field), and the
sha256 of the bytes of every file of the item. What the computation asks of the rest of the campaign (is
this name a live item's? is this wording used by two items? do these bytes belong to a live item too? the
bytes of a file read) is recorded with its answer; a kept entry is used only when every recorded question
gets the same answer now. So an entry is reused exactly when recomputing it would give the same needles.

Kept in memory (a `make serve` rebuild) and on disk in `.cache/campaign/audit-needles.json` under the
project (gitignored, outside `site/`, never published). The disk is written only when a build has
succeeded (`Auditor.keep`, called by the adapter): `make check`, a refused build and a preview write
nothing into the project. A cache file that cannot be read, is corrupt, or
was written by other code is ignored (and rewritten); a cache that cannot be written is skipped.
"""
from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path

from ..source.plancache import CACHE_DIR, library_versions, write_file  # one folder, one way of writing, for every cache

FORMAT = 1
FILE_NAME = "audit-needles.json"
_CODE_DIRS = ("audit", "source", "release")  # what the needles are computed by

_MEMORY: dict[str, dict] = {}  # cache path (or "") -> {key: entry}, the entries the last build used
_DISK: dict[str, dict] = {}  # cache path -> the entries its file holds (as read or last written by this process)
_CODE: str | None = None


def code_digest() -> str:
    """Digest of the code that computes needles (this package's audit, source and release stages) and of
    the versions of what it relies on (Python, its Unicode database, pydantic and the other checking libraries)."""
    global _CODE
    if _CODE is None:
        h = hashlib.blake2b(digest_size=20)
        base = Path(__file__).resolve().parent.parent
        for d in _CODE_DIRS:
            for p in sorted((base / d).glob("*.py")):
                h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
        h.update(f"{sys.version}\0{unicodedata.unidata_version}\0{library_versions()}\0{FORMAT}".encode())
        _CODE = h.hexdigest()
    return _CODE


def item_key(plan_key: str, shared: tuple, item, file_digests: list) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(json.dumps([code_digest(), plan_key, list(shared), type(item).__name__, file_digests]).encode())
    h.update(b"\0" + repr(item.__dict__).encode())  # every field (plan models hold plain values)
    return h.hexdigest()


class NeedleCache:
    """Entries {key: [needles, asked]}: needles as [text, kind, item, shown], asked as [[question, arg], answer]."""

    def __init__(self, root: Path | None):
        self.path = (Path(root) / CACHE_DIR / FILE_NAME) if root is not None else None
        self.slot = str(self.path) if self.path is not None else ""
        self.old = _MEMORY.get(self.slot)
        if self.old is None:
            self.old = self._load()
        self.used: dict[str, list] = {}
        self.hits = 0  # entries reused (tests read it)

    def _load(self) -> dict:
        if self.path is None:
            return {}
        _DISK.pop(self.slot, None)
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("format") == FORMAT and data.get("code") == code_digest() and isinstance(data.get("entries"), dict):
                _DISK[self.slot] = data["entries"]
                return data["entries"]
        except (OSError, ValueError, AttributeError, TypeError, RecursionError):
            pass
        return {}

    def get(self, key: str, answer) -> list | None:
        """The needles kept under `key` if every question asked when they were made has the same answer
        now (`answer(question, arg)`); None otherwise, or for an entry of the wrong shape."""
        entry = self.old.get(key)
        if entry is None:
            return None
        try:
            needles, asked = entry
            for (question, arg), was in asked:
                if answer(question, arg) != was:
                    return None
            out = [(str(t), str(k), str(i), str(s)) for t, k, i, s in needles]
        except (TypeError, ValueError, KeyError):
            return None
        self.used[key] = entry
        self.hits += 1
        return out

    def put(self, key: str, needles: list, asked: list) -> None:
        self.used[key] = [[list(n) for n in needles], [[list(q), a] for q, a in asked]]

    def remember(self) -> None:
        """Keep what this build used in memory (a `make serve` rebuild in the same process reads it)."""
        _MEMORY[self.slot] = self.used

    def save(self) -> None:
        """Keep what this build used in memory and on disk; entries of items no longer hidden are dropped.
        Called only once a build has succeeded (not by `make check`, nor by a refused build)."""
        self.remember()
        disk = _DISK.get(self.slot)
        # The same entries (the same objects: read from that file, or written to it) need no writing. An
        # earlier check or refused build in this process may have filled the memory but not the disk.
        if self.path is None or (disk is not None and len(disk) == len(self.used)
                                 and all(disk.get(k) is v for k, v in self.used.items()) and self.path.is_file()):
            return
        data = json.dumps({"format": FORMAT, "code": code_digest(), "entries": self.used},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_file(self.path, data)
            _DISK[self.slot] = self.used
        except OSError:
            pass  # a read-only project: the next build computes the needles again
