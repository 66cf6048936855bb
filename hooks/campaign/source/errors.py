"""Problems an editor can act on: file, line, key path, what is wrong, expected, found, fix."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

# The campaign's folder as the command line named it (make ... ROOT=campaigns/x), when that is not the
# working folder: files are shown from where the editor typed the command, so campaign_plan.yaml:12 never
# points at the plan of the campaign in the working folder. Set once by the command line (commands/cli.py).
_shown_under = ""


def show_files_under(folder: str) -> None:
    global _shown_under
    _shown_under = folder


def shown_folder() -> str:
    """The campaign's folder as the command line named it, or "" when it is the working folder."""
    return _shown_under


def shown(file: str) -> str:
    """A campaign file's path (from the campaign's folder) as the editor should open it."""
    return posixpath.join(_shown_under, file) if _shown_under and not posixpath.isabs(file) else file


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    path: str
    message: str
    expected: str | None = None
    found: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        parts = [self.message]
        if self.expected:
            parts.append(f"expected {self.expected}")
        if self.found is not None:
            parts.append(f"found {self.found}")
        if self.fix:
            parts.append(f"fix: {self.fix}")
        where = f"{shown(self.file)}:{self.line}: "
        return where + (f"{self.path}: " if self.path else "") + "; ".join(parts)


class CampaignError(Exception):
    """One or more problems, all reported together."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message)))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found; nothing was built or changed:"
        return "\n".join([head, *(str(p) for p in self.problems)])
