"""The editor's wait on save (make bench): how long after saving a release page, or the plan, `make serve`
shows the change, as a ratio to plain `mkdocs serve` rebuilding the same pages after the same page edit.

Both servers run as editors run them (our CLI's `serve`, which runs `mkdocs serve` and restarts it when the
plan changes; plain `python -m mkdocs serve` on the hook-free twin of the same site), on loopback ports.
A measurement writes a unique marker into the file and polls the page that must show it; the time is wall
clock from the write to the first response holding the marker (what an editor waits for). MkDocs rebuilds
the whole site on any change, so one page edit is the plain baseline for both edits.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.05  # seconds between requests while waiting for a rebuild
START_TIMEOUT = 600  # wall seconds for a server's first build (10,000 releases on a busy machine)
EDIT_TIMEOUT = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, needle: str | None, timeout: float, proc: subprocess.Popen) -> float:
    """Seconds until `url` answers (holding `needle`, when given); fails if the server dies or times out."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _get(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter() - start
        if proc.poll() is not None:
            raise SystemExit(f"bench: the server stopped (exit {proc.returncode}) while waiting for {url}")
        time.sleep(POLL)
    raise SystemExit(f"bench: {url} did not show {needle!r} within {timeout:.0f} s")


def _served_base(project: Path, port: int) -> str:
    """The address MkDocs' dev server uses: site_url's path on the loopback port."""
    m = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text(), re.M)
    path = re.sub(r"^[a-z]+://[^/]+", "", m.group(1) if m else "/") or "/"
    return f"http://127.0.0.1:{port}{path if path.endswith('/') else path + '/'}"


class Server:
    def __init__(self, cmd: list[str], project: Path, env: dict, log: Path):
        self.port = _free_port()
        self.base = _served_base(project, self.port)
        cmd = [c.replace("{addr}", f"127.0.0.1:{self.port}") for c in cmd]
        self.log = open(log, "ab")
        self.proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=self.log, stderr=self.log,
                                     start_new_session=True)

    def __enter__(self):
        _wait_for(self.base, None, START_TIMEOUT, self.proc)
        return self

    def __exit__(self, *exc):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


def _edit_and_wait(server: Server, path: Path, new_text: str, page: str, marker: str) -> float:
    time.sleep(1.0)  # let the watcher settle after the previous rebuild
    start = time.perf_counter()
    path.write_text(new_text, encoding="utf-8")
    _wait_for(server.base + page, marker, EDIT_TIMEOUT, server.proc)
    return time.perf_counter() - start


def measure(project: Path, plain: Path, article, env: dict, log: Path, edits: int = 3) -> dict:
    """Seconds from saving to seeing, per edit: hooked page edit, hooked plan edit, plain page edit; medians
    and ratios to the plain page edit. Every file is put back as it was."""
    page_url = article.source.removeprefix("docs/").removesuffix(".md") + "/"
    out: dict[str, list[float]] = {}

    def page_edits(server: Server, root: Path, tag: str) -> list[float]:
        path = root / article.source
        original = path.read_text(encoding="utf-8")
        try:
            return [_edit_and_wait(server, path, original.rstrip("\n") + f"\n\nBench edit {tag}{i}.\n", page_url,
                                   f"Bench edit {tag}{i}.") for i in range(edits)]
        finally:
            path.write_text(original, encoding="utf-8")

    def plan_edits(server: Server) -> list[float]:
        path = project / "campaign_plan.yaml"
        original = path.read_text(encoding="utf-8")
        line = next(ln for ln in original.splitlines() if ln.strip().startswith("title:") and article.title in ln)
        try:  # the newest live article, retitled: its new title shows first on What's new
            return [_edit_and_wait(server, path, original.replace(line, line.replace(article.title, f"{article.title} rev{i}"), 1),
                                   "whats-new/", f"{article.title} rev{i}") for i in range(edits)]
        finally:
            path.write_text(original, encoding="utf-8")

    hooked = [sys.executable, "-m", "campaign", "--root", str(project), "serve", "--addr", "{addr}"]
    with Server(hooked, project, env, log) as s:
        out["hooks_page"] = page_edits(s, project, "h")
        out["hooks_plan"] = plan_edits(s)
    plain_cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "{addr}", "--config-file", str(plain / "mkdocs.yml")]
    with Server(plain_cmd, plain, env, log) as s:
        out["plain_page"] = page_edits(s, plain, "p")
    med = {k: statistics.median(v) for k, v in out.items()}
    return {"runs": out, "median": med, "page_ratio": med["hooks_page"] / med["plain_page"],
            "plan_ratio": med["hooks_plan"] / med["plain_page"]}
