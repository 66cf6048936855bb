"""The leak audit in a second process, reading each file as soon as MkDocs has written it.

A build with nothing kept (after a clone, `make clean`, a code change) reads every file: a quarter of its CPU
time at 1,000 releases, added to the build's time while MkDocs renders on one core. So such a build
(nothing_kept), where it can (parallel_ok: two cores or more, one thread in the process; `make build`, `make
publish`, the timer, not `make serve`), forks a worker as soon as MkDocs has its files. The worker makes the audit's needles, reads the
files written before the pages (theme assets, media, the sitemap) and each page once written, and notes in
the memo (memo.py) those read clean, by path and the sha256 of their bytes. At the end of the build it runs
the audit of the whole site as ever (audit_site), every file read again from disk: a file whose bytes it read
clean is not scanned again, the others (the search index, a file rewritten since) are. Its findings are the
build's. Nothing is trusted that the worker did not finish: if it cannot start, dies, or answers otherwise,
the build audits the site itself. Only a build that succeeds tells it to keep its caches (Auditor.keep).
"""
from __future__ import annotations

import json
import os
import queue
import resource
import signal
import threading
import time
from pathlib import Path

from ..source.lifetime import die_with_parent
from . import memo
from .auditor import INDEX, Finding, audit_site, memo_exact, site_auditor, site_files

_BATCH = 16  # pages named to the worker at a time


def parallel_ok() -> bool:
    """Whether a worker can help here: two cores or more for this process, fork, and no other thread, Python's
    or not (a fork copies the forking thread only: a lock another thread held would stay held in the worker);
    not inside a daemonic process (which may not start one)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        threads = threading.active_count()
    if cores < 2 or threads != 1 or threading.active_count() != 1:
        return False
    import multiprocessing  # (here: a build with a memo to use never needs it)

    return not multiprocessing.current_process().daemon and "fork" in multiprocessing.get_all_start_methods()


def nothing_kept(snapshot, allowed: frozenset, slot: str) -> bool:
    """Whether this build's audit finds no memo it can use (after a clone, `make clean`, a code change): the
    build it is worth a worker for. With a memo the audit reads only what changed, in less time than the
    worker's start, its reading every file ahead and again at the end would cost."""
    return not memo.kept_for(slot, memo_exact(snapshot, allowed))


class Worker:
    """The parent's side. `cpu`: the worker's CPU seconds (its audit's cost): as it last reported them, and once
    it is closed, as the system counts them."""

    def __init__(self, snapshot, allowed: frozenset, slot: str, skip: frozenset):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe()
        self._proc = ctx.Process(target=_work, args=(theirs, self._conn, os.getpid(), snapshot, allowed, slot, skip),
                                 name="campaign-audit", daemon=True)
        self._children = _children_cpu()
        self._proc.start()
        theirs.close()
        self.cpu = 0.0
        self._site: str | None = None
        self._written: list[str] = []
        self._entries: list = []
        self._last: str | None = None

    def page(self, site_dir: str, rel: str) -> None:
        """MkDocs is about to write page `rel`: the one before it is written (and, before the first, every file
        copied or rendered ahead of the pages)."""
        if self._site is None:
            self._site = site_dir
            self._send(("walk", site_dir))
        if self._last is not None:
            self._written.append(self._last)
            if len(self._written) >= _BATCH:
                self._flush(site_dir)
        self._last = rel

    def index(self, entries: list) -> None:
        """Sections the search index will hold (its plugin's entries, as they are added): sent with the next
        pages (a message a page cost the build a syscall and the worker a scan each: 0.4 s and 1 s at 10,000)."""
        self._entries.extend(entries)

    def _flush(self, site_dir: str) -> None:
        if self._entries:
            self._send(("index", self._entries))
            self._entries = []
        if self._written:
            self._send(("read", site_dir, self._written))
            self._written = []

    def finish(self, site_dir: str, skip: frozenset) -> list[Finding] | None:
        """The audit of the whole site (audit_site's findings), or None if the worker could not give it."""
        if self._last is not None:
            self._written.append(self._last)
        if self._site == site_dir:
            self._flush(site_dir)
        if not self._send(("finish", site_dir, frozenset(skip))):
            return None
        got = self._receive("done")
        if got is None or not isinstance(got[0], list) or not all(isinstance(f, Finding) for f in got[0]):
            self.close()
            return None
        return got[0]

    def keep(self) -> bool:
        """The worker keeps the audit's caches (the build succeeded) and ends."""
        kept = self._send(("keep",)) and self._receive("kept") is not None
        self.close()
        return kept

    def close(self) -> None:
        """End the worker (without keeping anything, unless `keep` did). `cpu` is then all its CPU time: as the
        system counts it once it is reaped (this process starts no other child meanwhile)."""
        try:
            self._conn.close()
        except OSError:
            pass
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        self.cpu = max(self.cpu, _children_cpu() - self._children)

    def _send(self, message) -> bool:
        try:
            self._conn.send(message)
            return True
        except Exception:  # the worker is gone, this side closed, or a plugin's entry cannot be sent: the
            return False   # audit at the end reads what the worker was not given

    def _receive(self, kind: str) -> tuple | None:
        """The worker's answer of this kind (its fields after the kind); None if it ends without one."""
        while True:
            try:
                if self._conn.poll(0.05):
                    message = self._conn.recv()
                    break
            except (EOFError, OSError):
                return None
            if not self._proc.is_alive() and not self._conn.poll(0):
                return None
        if not isinstance(message, tuple) or len(message) < 2 or message[0] != kind:
            return None
        self.cpu = float(message[-1])
        return message[1:-1] if len(message) > 2 else ()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _work(conn, parents, parent: int, snapshot, allowed: frozenset, slot: str, skip: frozenset) -> None:
    """The worker: reads what the parent names, in order, until it says to finish; then keeps or ends."""
    # The parent's end of the pipe, copied by the fork: closed, so that the parent's end (however it ends) is
    # the end of the pipe here. And the worker dies with it, whatever kills it (a publish's lock on DEST and the
    # build's output are copied here too: held on, they would hang the next publish or a log's pipe).
    parents.close()
    die_with_parent(signal.SIGKILL)  # (not Linux: the end of the pipe still ends it)
    if os.getppid() != parent:  # it died before the line above
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent ends us
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, signal.SIG_DFL)
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def receive():  # so the parent never waits on a full pipe while the needles are made
        try:
            while True:
                inbox.put(conn.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=receive, daemon=True).start()
    auditor = site_auditor(snapshot, allowed, slot)
    while True:
        if inbox.empty() and auditor.memo is not None:
            auditor.memo.digest_ahead(1.25)  # idle: what saving the memo would do at the end
        message = inbox.get()
        if message is None:  # the parent closed: nothing kept
            return
        kind = message[0]
        if kind == "walk":  # (not the theme's own files, which the audit does not read: audit_site's `skip`)
            for _, rel in site_files(message[1]):
                if rel not in skip:
                    _read(auditor, message[1], rel)
        elif kind == "read":
            for rel in message[2]:
                _read(auditor, message[1], rel)
        elif kind == "index":  # sections the search index will hold, read as its strings are (Auditor.scan_bytes)
            auditor.scan_bytes(json.dumps({"docs": message[1]}, separators=(",", ":"), default=str).encode(), INDEX)
        elif kind == "finish":
            found, _ = audit_site(snapshot, allowed, Path(message[1]), message[2], slot, auditor=auditor)
            conn.send(("done", found, time.process_time()))
        elif kind == "keep":
            auditor.keep()
            conn.send(("kept", time.process_time()))
            return


def _read(auditor, site_dir: str, rel: str) -> None:
    """Read one file ahead: clean, it is noted in the memo; anything else the audit at the end finds again."""
    path = os.path.join(site_dir, rel)
    try:
        if os.path.isfile(path):
            auditor.scan_file(path, rel)
    except OSError:  # gone or replaced meanwhile: the audit at the end reads what is there
        pass
