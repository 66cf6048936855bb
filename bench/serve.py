"""The editor's wait on save (make bench): how long after saving a release page, or the plan, `make serve`
shows the change, as a ratio to plain `mkdocs serve` rebuilding the same pages after the same page edit.

Both servers run as editors run them (our CLI's `serve`, which runs `mkdocs serve` and restarts it when the
plan changes; plain `python -m mkdocs serve` on the hook-free twin of the same site), on loopback ports.
A measurement writes a unique marker into the file and polls the page that must show it; the time is wall
clock from the write to the first response holding the marker (what an editor waits for). MkDocs rebuilds
the whole site on any change, so one page edit is the plain baseline for both edits.

Fairness: both servers run at once and their edits alternate (hooked page, plain page, hooked plan, ...), so a
slow phase of a shared machine hits both; both are polled by the same loop; an edit starts only once the
previous one (and a restore of the file) is visible. MkDocs notices a save at its next look at the files
(every 0.5 s), so where in that poll a save falls moves the wait by up to half a second. Editors save at any
moment of it: each server's page edits are written at evenly spread moments after the start of one of its
looks at the docs folder (`phases`, timed by `PollClock`), the same moments for both servers. (Edits a fixed
time after the last was seen landed at one moment for each server, a different one for each: 1.61x at 100
releases for rebuilds of 1.12x the CPU; spread over a poll whose moment drifts, the medians of 9 still read
0.98x-1.29x.) Beside the wall clock, each edit records the CPU seconds the server spent (every process of its
session, restarted children included, from /proc): steadier than wall-clock time when other work shares the
machine.
"""
from __future__ import annotations

import ctypes
import errno
import inspect
import os
import random
import re
import select
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


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def session_cpu(sid: int) -> float:
    """CPU seconds (user + system) of every process in session `sid`, with the children they reaped (a
    restarted mkdocs counts in its parent): the server's own work, whatever else runs on the machine."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[3]) == sid:  # fields from 'state' on: session is field 6 of proc(5)
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return total / _TICK


def _wait_gone(server: "Server", page: str, marker: str) -> None:
    """Until the served page no longer holds `marker` (a file put back has been rebuilt)."""
    start = time.perf_counter()
    while time.perf_counter() - start < EDIT_TIMEOUT:
        body = _get(server.base + page)
        if body is not None and marker not in body:
            return
        time.sleep(POLL)
    raise SystemExit(f"bench: {server.base + page} still shows {marker!r} after {EDIT_TIMEOUT} s")


def watch_period() -> float:
    """How often MkDocs' dev server looks for changed files (its PollingObserver's interval, 0.5 s in 1.6)."""
    from mkdocs.livereload import LiveReloadServer

    return inspect.signature(LiveReloadServer.__init__).parameters["polling_interval"].default


def phases(edits: int, period: float, seed: str) -> list[float]:
    """Delays that put the edits at evenly spread moments of the server's poll: (k + 1/2) / edits of a
    period each, in a shuffled order (fixed by `seed`). An editor saves at any moment of the poll; edits
    made a fixed time after the last one was seen land at one moment of it (the time from a save to the
    next look is then the same every time, and not the same for both servers: the last such run read plain
    MkDocs' page edit at 0.70 s for 0.51 s of CPU)."""
    out = [(k + 0.5) / edits * period for k in range(edits)]
    random.Random(seed).shuffle(out)
    return out


def middle_wait(waits: list[float], moments: list[float], period: float) -> float:
    """The wait of a save at the middle of the poll, from edits written at known moments of it: a save `moment`
    seconds after a look is noticed at the next, `period - moment` later, so wait + moment is the rest of the
    wait (the next look, MkDocs' 0.1 s pause, the build, the page fetched), the same at every moment. Its median,
    plus half a period. The median of the waits themselves is the same figure on average, but which rebuild
    was slow at which moment moves it: 9 edits gave 0.97 s for a middle wait of 0.92 s."""
    return statistics.median(w + m for w, m in zip(waits, moments)) - period / 2


class PollClock:
    """When a MkDocs dev server starts each look at its docs folder. Its PollingObserver lists the folder every
    0.5 s plus the time a listing takes, in a thread of its own that a build slows down: the moment of that
    poll drifts from one edit to the next, so an edit a fixed time after the last was seen falls at an unknown
    moment of it (its wait then varies by up to 0.5 s: medians of 9 such edits read 0.98x-1.29x for one CPU
    ratio). inotify tells when the folder is opened (Linux; elsewhere, `after_next_poll` returns None and edits
    fall at no known moment). ctypes on libc's three calls: no inotify library is in the pinned set, and
    watchdog's own wrapper is its internals."""

    IN_OPEN, IN_CLOEXEC, IN_NONBLOCK = 0x20, 0o2000000, 0o4000
    QUIET = 0.1  # seconds without an opening before one that starts a look (a look opens the folder once)

    def __init__(self, folder: Path):
        self.fd = -1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(self.IN_CLOEXEC | self.IN_NONBLOCK)
        except (OSError, AttributeError):
            return
        if fd >= 0 and libc.inotify_add_watch(fd, os.fsencode(folder), self.IN_OPEN) >= 0:
            self.fd = fd
        elif fd >= 0:
            os.close(fd)

    def _drain(self) -> None:
        while True:
            try:
                if not os.read(self.fd, 65536):
                    return
            except BlockingIOError:
                return
            except OSError as exc:
                if exc.errno != errno.EINTR:
                    raise

    def after_next_poll(self, timeout: float = 10.0) -> float | None:
        """perf_counter() at the start of the server's next look at the folder, or None (no inotify here,
        or no look within `timeout`)."""
        if self.fd < 0:
            return None
        last = start = time.perf_counter()
        self._drain()
        while (left := timeout - (time.perf_counter() - start)) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return None
            now = time.perf_counter()
            self._drain()
            if now - last >= self.QUIET:
                return now
            last = now  # an opening just after the drain: the end of a look already under way
        return None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _edit_and_wait(server: Server, path: Path, new_text: str, page: str, marker: str,
                   phase: float = 0.0, clock: PollClock | None = None) -> tuple[float, float, bool]:
    """(wall seconds, server CPU seconds, whether it was timed from a look) from writing `new_text` until `page`
    shows `marker`, written `phase` seconds after the start of one of the server's looks at its files (by
    `clock`; with none, or no look seen, after a second from the last rebuild)."""
    time.sleep(1.0)  # let the watcher settle after the previous rebuild
    polled = clock.after_next_poll() if clock is not None else None
    time.sleep(max(0.0, phase - (time.perf_counter() - polled)) if polled is not None else phase)
    cpu = session_cpu(server.proc.pid)
    start = time.perf_counter()
    path.write_text(new_text, encoding="utf-8")
    _wait_for(server.base + page, marker, EDIT_TIMEOUT, server.proc)
    return time.perf_counter() - start, session_cpu(server.proc.pid) - cpu, polled is not None


def measure(project: Path, plain: Path, article, env: dict, log: Path, edits: int = 3) -> dict:
    """Seconds from saving to seeing, per edit: hooked page edit, hooked plan edit, plain page edit, run
    alternately on two servers that run at once; medians and ratios to the plain page edit, in wall-clock
    and in CPU seconds. Every file is put back as it was (and that rebuild awaited)."""
    page_url = article.source.removeprefix("docs/").removesuffix(".md") + "/"
    plan_path = project / "campaign_plan.yaml"
    plan_text = plan_path.read_text(encoding="utf-8")
    line = next(ln for ln in plan_text.splitlines() if ln.strip().startswith("title:") and article.title in ln)
    pages = {"hooks": project / article.source, "plain": plain / article.source}
    originals = {k: p.read_text(encoding="utf-8") for k, p in pages.items()}
    out: dict[str, list[float]] = {k: [] for k in ("hooks_page", "hooks_plan", "plain_page")}
    cpu: dict[str, list[float]] = {k: [] for k in out}
    at: dict[str, list[float]] = {k: [] for k in out}  # each edit's moment of the poll

    period = watch_period()
    moments = {k: phases(edits, period, k) for k in out}

    # A page edit is noticed by MkDocs' look at the docs folder; a plan edit by our server's own look at the
    # plan (every 0.25 s, devserver.run), which no clock here follows: its edits fall at no known moment of it.
    clocks = {"hooks_page": PollClock(project / "docs"), "plain_page": PollClock(plain / "docs")}

    missed = 0  # page edits no look was seen before (written at an unknown moment of the poll)

    def timed(key: str, server: Server, path: Path, text: str, page: str, marker: str) -> None:
        nonlocal missed
        phase = moments[key].pop()
        wall, used, polled = _edit_and_wait(server, path, text, page, marker, phase, clocks.get(key))
        missed += key in clocks and not polled
        at[key].append(phase)
        out[key].append(wall)
        cpu[key].append(used)

    hooked = [sys.executable, "-m", "campaign", "--root", str(project), "serve", "--addr", "{addr}"]
    plain_cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "{addr}", "--config-file", str(plain / "mkdocs.yml")]
    with Server(hooked, project, env, log) as h, Server(plain_cmd, plain, env, log) as p:
        try:
            for i in range(edits):
                for key, server, tag in (("hooks_page", h, "h"), ("plain_page", p, "p")):
                    side = key.split("_")[0]
                    timed(key, server, pages[side], originals[side].rstrip("\n") + f"\n\nBench edit {tag}{i}.\n",
                          page_url, f"Bench edit {tag}{i}.")
                # The newest live article, retitled in the plan: its new title shows first on What's new.
                timed("hooks_plan", h, plan_path, plan_text.replace(line, line.replace(article.title, f"{article.title} rev{i}"), 1),
                      "whats-new/", f"{article.title} rev{i}")
        finally:
            aligned = not missed
            for c in clocks.values():
                c.close()
            plan_path.write_text(plan_text, encoding="utf-8")
            for side, path in pages.items():
                path.write_text(originals[side], encoding="utf-8")
        # The files put back: wait for those rebuilds, so nothing measured next overlaps them.
        _wait_gone(h, "whats-new/", f"{article.title} rev{edits - 1}")
        _wait_gone(h, page_url, f"Bench edit h{edits - 1}.")
        _wait_gone(p, page_url, f"Bench edit p{edits - 1}.")
    raw = {k: statistics.median(v) for k, v in out.items()}
    med = dict(raw)
    if aligned:
        for k in clocks:
            med[k] = middle_wait(out[k], at[k], period)
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    return {"runs": out, "cpu": cpu, "median": med, "median_raw": raw, "median_cpu": med_cpu, "phases": at,
            "aligned": aligned, "period": period,
            "page_ratio": med["hooks_page"] / med["plain_page"],
            "plan_ratio": med["hooks_plan"] / med["plain_page"],
            "page_ratio_cpu": med_cpu["hooks_page"] / med_cpu["plain_page"] if med_cpu["plain_page"] else float("nan"),
            "plan_ratio_cpu": med_cpu["hooks_plan"] / med_cpu["plain_page"] if med_cpu["plain_page"] else float("nan")}
