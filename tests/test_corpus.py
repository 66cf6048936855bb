"""The bad-input corpus: broken plans, files and pages. For each case `build` and `check` exit non-zero,
print exactly the expected problems (file:line: key path: message; expected; found; fix), all in one run,
and write nothing: site/ stays byte-identical (or is not created). Cases are data: tests/corpus_cases.py.
Plan problems stop both commands before any MkDocs build, so the corpus runs in a few seconds."""
from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys

import pytest

from campaign.commands import cli
from campaign.source import messages
from conftest import ROOT, Project
from corpus_cases import CASES, DATA_CASES, Case

_PROBLEM = re.compile(r"^[^\s:][^:]*:\d+: ")


def make(tmp_path, case: Case, with_site: bool) -> Project:
    project = Project(tmp_path / "proj")
    if case.plan is None:
        project.plan(case.releases, header=case.header)
    elif case.plan != "":
        project.write("campaign_plan.yaml", case.plan)
    for rel, value in case.files.items():
        if isinstance(value, tuple) and value[0] == "symlink":
            outside = tmp_path / value[1]
            outside.write_text("a file outside the project\n")
            target = project.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(outside)
        elif isinstance(value, tuple) and value[0] == "sparse":
            target = project.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as f:
                f.truncate(value[1])  # sparse: 50 MB on paper, nothing on disk, instant
        else:
            project.write(rel, value)
    if with_site:
        project.write("site/index.html", "the previous published site\n")
    return project


def snapshot(path):
    return sorted((p.relative_to(path).as_posix(), p.is_symlink(),
                   p.stat().st_size if p.is_file() and p.stat().st_size > 1_000_000 else
                   (p.read_bytes() if p.is_file() and not p.is_symlink() else b""))
                  for p in path.rglob("*") if "__pycache__" not in p.parts)


def run(project: Project, command: str, now: str = "2026-09-09") -> tuple[int, str]:
    args = ["--root", str(project.path), *(["build", "--site-dir", str(project.site)] if command == "build"
                                           else ["check", "--no-build"])]
    old = os.environ.get("CAMPAIGN_NOW")
    os.environ["CAMPAIGN_NOW"] = now
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(args)
    finally:
        os.environ.pop("CAMPAIGN_NOW") if old is None else os.environ.__setitem__("CAMPAIGN_NOW", old)
    return code, err.getvalue()


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if _PROBLEM.match(line)]


def message_part(problem: str) -> str:
    """'file:1: key.path: message; expected ...' -> 'message' (the part the catalogue holds)."""
    rest = re.sub(r"^[^:]+:\d+: ", "", problem)
    rest = re.sub(r"^(?:front matter|[a-z_]+(?:\[\d+\]|\.[a-z_]+)*): ", "", rest)
    return re.split(r"; (?:expected|found|fix:) ", rest)[0]


ALL = CASES + DATA_CASES


def test_the_corpus_is_big_enough():
    assert len(ALL) >= 30
    assert len({c.name for c in ALL}) == len(ALL)
    assert sum(len(c.expect) >= 2 for c in ALL) >= 5  # several cases list 2+ problems at once


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_bad_input(tmp_path, case: Case):
    with_site = ALL.index(case) % 2 == 0  # half the cases have a published site, half have none yet
    project = make(tmp_path, case, with_site)
    before = snapshot(project.path)
    for command in case.commands:
        code, err = run(project, command)
        assert code != 0, f"{command} accepted {case.name}:\n{err}"
        got = problems(err)
        expect = [e.replace("{root}", str(project.path)) for e in case.expect]
        assert got == expect, f"{command}:\n" + "\n".join(got)
        assert snapshot(project.path) == before, f"{command} wrote something"
        assert project.site.exists() == with_site
    for p in case.expect:
        assert messages.matching(message_part(p)) is not None, f"not in the message catalogue: {p}"


def test_the_real_command_line(tmp_path):
    """One case through `python -m campaign`, as `make build` and `make check` run it."""
    case = next(c for c in CASES if c.name == "many-problems-at-once")
    project = make(tmp_path, case, with_site=True)
    before = snapshot(project.path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "CAMPAIGN_NOW": "2026-09-09"}
    for args in (["build"], ["check"]):
        done = subprocess.run([sys.executable, "-m", "campaign", "--root", str(project.path), *args],
                              env=env, capture_output=True, text=True, timeout=60, cwd=project.path)
        assert done.returncode == 1
        assert problems(done.stderr) == case.expect
        assert done.stdout == ""
    assert snapshot(project.path) == before


if __name__ == "__main__":  # print what each case produces now (to write or review `expect`)
    import tempfile
    from pathlib import Path

    for case in ALL:
        with tempfile.TemporaryDirectory() as tmp:
            p = make(Path(tmp), case, False)
            for command in case.commands:
                code, err = run(p, command)
                print(f"== {case.name} [{command}] exit {code}")
                print("\n".join(problems(err)) or err)
