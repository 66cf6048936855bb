"""`make serve` and `make preview`: MkDocs' live-reload server, restarted when the plan, hooks or data change.

MkDocs reloads Markdown by itself, but it imports the hooks once per process, and it does not watch the
plan; so this runs `mkdocs serve` as a child and restarts it whenever a file it cannot reload changes.
MkDocs serves from a temporary folder of its own: neither command writes `site/`.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

WATCHED = ("campaign_plan.yaml", "mkdocs.yml", "hooks", "data", "podcast", "overrides")


def _stamp(root: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
        for p in paths:
            if p.is_file() and "__pycache__" not in p.parts:
                try:
                    out[p.relative_to(root).as_posix()] = p.stat().st_mtime_ns
                except OSError:
                    pass
    return out


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def run(root: Path, addr: str, env_extra: dict[str, str], poll: float = 0.5) -> int:
    env = dict(os.environ, **env_extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root / "hooks"), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", addr, "--config-file", str(root / "mkdocs.yml")]
    proc = None
    try:
        while True:
            stamp = _stamp(root)
            proc = subprocess.Popen(cmd, cwd=root, env=env)
            announced = False
            while True:
                time.sleep(poll)
                changed = _changed(stamp, _stamp(root))
                if changed:
                    print(f"serve: {', '.join(changed[:3])} changed; restarting the server", file=sys.stderr)
                    break
                if proc.poll() is not None and not announced:
                    print("serve: the server stopped (the error is above); fix it and save: it restarts when "
                          f"any of {', '.join(WATCHED)} changes. Ctrl+C to quit.", file=sys.stderr)
                    announced = True
            _stop(proc)
    except KeyboardInterrupt:
        return 0
    finally:
        if proc is not None:
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
