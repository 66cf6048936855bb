"""What the leak audit has already read without finding a trace, kept for the next build in this process.

`make serve` rebuilds the whole site after every save, and nearly every output file comes out as it was.
The audit reads each file again unless this memo can prove the answer cannot have changed:

- a file is skipped when its bytes (sha256) and its path equal those of a file the last build read and
  found clean; the lines of pages (and strings of JSON files) read clean are kept too, so a page of which
  one line changed (its nav) is read only where it changed;
- the memo is used only when everything the audit looks for now was looked for then, word for word (every
  needle with its kind and item, every hidden file's hash, every hidden address and file name), and what it
  allows (declared shared wording) and how it resolves links (site_url) are the same. A text that held none
  of a larger set of needles holds none of a subset: when an item goes live, or a page is edited, the memo
  holds; when an item becomes hidden, gets a new needle, or shared wording is withdrawn, it is dropped and
  every file is read again.

Only clean answers are kept (a file with a finding is read again every build), only in memory (a new
process, `make build`, `make publish`, reads everything), and never across different audit code (the
hooks are imported once per process). The file's own path is still checked every build.
"""
from __future__ import annotations

MAX_LINES = 500_000  # lines kept per memo (a long `make serve` session): past that, the memo starts afresh

_MEMORY: dict[str, "_Kept"] = {}  # slot (the project's root) -> what the last audit there found clean


class _Kept:
    __slots__ = ("looked_for", "exact", "files", "lines")

    def __init__(self, looked_for: frozenset, exact: tuple, files: dict, lines: dict):
        self.looked_for, self.exact, self.files, self.lines = looked_for, exact, files, lines


class CleanMemo:
    """`looked_for`: one string per needle, hash and hidden target the audit uses (a subset of the last
    audit's, or the memo is not used); `exact`: what must not change at all (allowed wording, site_url)."""

    def __init__(self, slot: str, looked_for: frozenset, exact: tuple):
        self.slot, self.looked_for, self.exact = slot, looked_for, exact
        old = _MEMORY.get(slot)
        self.used = old is not None and old.exact == exact and looked_for <= old.looked_for
        self.old_files: dict[str, str] = old.files if self.used else {}
        lines = old.lines if self.used else {}
        if sum(map(len, lines.values())) > MAX_LINES:
            lines = {}
        self.lines: dict[str, set[str]] = lines  # extension -> lines read clean (Auditor._clean_lines)
        self.files: dict[str, str] = {}  # path -> sha256 of the bytes read clean by this audit
        self.skipped = 0  # files not read again (tests read it)

    def is_clean(self, rel: str, digest: str) -> bool:
        if self.old_files.get(rel) == digest:
            self.files[rel] = digest
            self.skipped += 1
            return True
        return False

    def record(self, rel: str, digest: str) -> None:
        self.files[rel] = digest

    def remember(self) -> None:
        """Keep this audit's clean answers for the next audit in this process (under this audit's needles)."""
        _MEMORY[self.slot] = _Kept(self.looked_for, self.exact, self.files, self.lines)


def forget(slot: str | None = None) -> None:
    """Drop the memo of one project (or all): tests, and anything that must read every file again."""
    if slot is None:
        _MEMORY.clear()
    else:
        _MEMORY.pop(slot, None)
