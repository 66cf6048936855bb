"""The engine's layers hold (README "How the code is laid out"; contracts in .importlinter): stages import only
downwards, only the adapter imports MkDocs, nothing imports commands, and no module of a stage is in an
import cycle, counting imports inside functions. Each rule is also shown to catch a breach."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint(hooks: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(hooks))
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--config", str(ROOT / ".importlinter"),
                           "--no-cache"], cwd=hooks, env=env, capture_output=True, text=True)


def test_the_contracts_are_kept():
    run = lint(ROOT / "hooks")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout


# (module, line added inside a function, the contract that must break)
BREACHES = [
    ("source/times.py", "from ..release import snapshot", "Stages import only downwards"),
    ("release/changes.py", "from ..render import common", "Stages import only downwards"),
    ("render/common.py", "from ..audit import auditor", "Stages import only downwards"),
    ("render/feeds.py", "import mkdocs.config", "Only the adapter imports MkDocs"),
    ("audit/auditor.py", "from ..commands import schedule", "Nothing outside commands imports commands"),
    ("source/errors.py", "from . import plan", "No import cycles between the modules of a stage"),
    ("render/common.py", "from . import champions", "No import cycles between the modules of a stage"),
    ("reach/count.py", "from ..render import podcast", "Stages import only downwards"),
    ("render/podcast.py", "from ..reach import count", "Stages import only downwards"),
    ("reach/logs.py", "import mkdocs.config", "Only the adapter imports MkDocs"),
    ("reach/devices.py", "from . import count", "No import cycles between the modules of a stage"),
]


@pytest.mark.parametrize("module,line,contract", BREACHES, ids=[f"{m}:{c.split()[0]}" for m, _, c in BREACHES])
def test_a_breach_is_caught_even_inside_a_function(tmp_path, module, line, contract):
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "hooks", hooks, ignore=shutil.ignore_patterns("__pycache__"))
    path = hooks / "campaign" / module
    path.write_text(path.read_text() + f"\n\ndef _breach():\n    {line}\n")
    run = lint(hooks)
    assert run.returncode != 0
    broken = [ln for ln in run.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(ln.startswith(contract[:60]) for ln in broken), run.stdout
