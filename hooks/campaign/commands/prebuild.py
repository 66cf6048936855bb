"""The checks every command that builds runs first (make build, publish, preview, preview-pack), and when
they refuse, what the leak audit finds besides: one run names every mistake, as make check does."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..audit import tree
from ..mkdocs_adapter import BuildFailed, LeakFound, build_into
from ..release.snapshot import Snapshot
from ..source.errors import Problem


def refusals(snap: Snapshot, extra: dict | None = None) -> list[Problem]:
    """What tree.before_build finds (mangled pages, links, copies, includes and shared titles) and, only
    when it finds something, the leak audit's findings at lines not named already. Empty: go ahead."""
    problems = tree.before_build(snap)
    return problems + audit_anyway(snap, problems, extra) if problems else []


def audit_anyway(snap: Snapshot, named: list[Problem], extra: dict | None = None) -> list[Problem]:
    """The site built into a throwaway folder (never site/, a DEST or a pack; no cache written) and audited,
    less what is at a line already named."""
    with tempfile.TemporaryDirectory(prefix="campaign-refused-") as tmp:
        try:
            build_into(snap.plan.root, snap.plan, snap.now, Path(tmp) / "site", extra=extra, quiet=True,
                       keep_caches=False)
        except LeakFound as exc:
            return tree.not_named(exc.problems, named)
        except BuildFailed:
            pass  # what stopped MkDocs follows from a problem named already (a page it could not read)
    return []
