"""Prove a change is behaviour-neutral: build the default campaign with the hooks of a git ref and with the
working tree's hooks, at 12 instants spread over the campaign, and compare the two `site/` trees byte by byte.

    .venv/bin/python scripts/same_output.py [REF]     # REF defaults to HEAD; exit 1 on any difference

The ref's whole tree is checked out in a temporary worktree (so its plan, docs and hooks are its own); the
same CAMPAIGN_NOW is given to both builds. Used for moves and speed-ups (issues 22 and 27).
"""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Before launch, ten instants over the campaign (releases, take-downs, month turns, DST changes) and after
# the evaluation ends: the same spread as the default campaign's sampled strict builds.
INSTANTS = ("2026-09-01 00:00", "2026-09-07 08:00", "2026-10-06 09:30", "2026-10-25T01:30+01:00",
            "2026-11-23 12:00", "2027-01-01 00:00", "2027-02-15 08:00", "2027-03-28T01:30+00:00",
            "2027-05-10 10:00", "2027-07-01 00:00", "2027-09-07 08:00", "2028-01-02 00:00")


def build(root: Path, now: str, out: Path) -> str | None:
    """None when the build succeeded, else its exit code and what it wrote to stderr (a refused build is an
    outcome to compare too: both sides must refuse it with the same message)."""
    env = dict(os.environ, CAMPAIGN_NOW=now, PYTHONPATH=str(root / "hooks"), NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run([sys.executable, "-m", "campaign", "build", "--site-dir", str(out)], cwd=root, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return f"exit {run.returncode}:\n{run.stderr.replace(str(root), '<root>')}" if run.returncode else None


def differences(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b)
    out += [f"only before: {p}" for p in cmp.left_only] + [f"only after: {p}" for p in cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    out += [f"differs: {p}" for p in mismatch + errors]
    for sub in cmp.common_dirs:
        out += [f"{sub}/{d}" for d in differences(a / sub, b / sub)]
    return out


def main(ref: str = "HEAD") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), ref], check=True)
        try:
            bad = 0
            for i, now in enumerate(INSTANTS):
                before, after = tmp / f"before-{i}", tmp / f"after-{i}"
                failed = build(base, now, before), build(ROOT, now, after)
                if any(failed):
                    same = failed[0] == failed[1]
                    print(f"{now}: {'both builds fail with the same message' if same else 'the builds end differently'}")
                    for side, text in zip(("before", "after"), failed if not same else failed[:1]):
                        print(f"    {side}: " + (text or "built").strip().replace("\n", "\n    "))
                    bad += not same
                    continue
                diff = differences(before, after)
                files = sum(len(f) for _, _, f in os.walk(after))
                print(f"{now}: {files} files, {'identical' if not diff else f'{len(diff)} differences'}")
                for d in diff[:20]:
                    print(f"    {d}")
                bad += bool(diff)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    print("identical at every instant" if not bad else f"{bad} of {len(INSTANTS)} instants differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
