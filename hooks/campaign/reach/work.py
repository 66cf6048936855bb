"""Counting on every core: one process reads and decompresses the logs into blocks of lines (logs.tasks),
worker processes parse and count them (each into its own Tally), and the main process adds the workers'
counts up (Tally.merge). Every count is a sum, a set union or a minimum, so the figures do not depend on
how the blocks were shared out. Workers are forked: they inherit the run's device key in memory, and
nothing passes between processes but blocks of log text and counts (never through a file).
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import traceback

from . import logs

WAIT = 1.0  # seconds between checks that the workers are still alive


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def count(paths: list[str], tally, report: logs.Report, workers: int = 0) -> None:
    """Read `paths` into `tally` and `report`, with `workers` processes (0: one per core)."""
    workers = workers or cores()
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        tally.add_all(logs.read(paths, report))
        return
    tally.bots(b"-")  # compile the crawler list once, before the workers are forked
    ctx = multiprocessing.get_context("fork")
    todo, done = ctx.Queue(maxsize=2 * workers), ctx.Queue()  # bounded: memory stays a few blocks deep
    procs = [ctx.Process(target=_work, args=(todo, done, tally), daemon=True) for _ in range(workers)]
    for p in procs:
        p.start()
    try:
        for task in logs.tasks(paths, report):
            _put(todo, task, procs)
        for _ in procs:
            _put(todo, None, procs)
        for _ in procs:
            kind, data = _get(done, procs)
            if kind == "error":
                raise RuntimeError(f"a counting process failed:\n{data}")
            state, theirs = data
            tally.merge(state)
            report.merge(theirs)
    finally:
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()


def _work(todo, done, tally) -> None:
    report, parsers = logs.Report(), {}
    try:
        while (task := todo.get()) is not None:
            tally.add_all([logs.parse(task, report, parsers)])
        done.put(("ok", (tally.state(), report)))
    except BaseException:  # noqa: BLE001 - the main process reports it and stops
        done.put(("error", traceback.format_exc()))


def _put(q, item, procs) -> None:
    while True:
        try:
            q.put(item, timeout=WAIT)
            return
        except queue.Full:
            _check(procs)


def _get(q, procs):
    while True:
        try:
            return q.get(timeout=WAIT)
        except queue.Empty:
            _check(procs)


def _check(procs) -> None:
    """A worker that died (killed, out of memory) would leave the queues waiting for ever."""
    if any(p.exitcode not in (None, 0) for p in procs):
        raise RuntimeError("a counting process stopped unexpectedly")
