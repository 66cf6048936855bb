"""`make serve` and `make preview`: MkDocs' live-reload server, restarted when the plan, hooks or data change.

MkDocs reloads Markdown by itself, but it imports the hooks once per process, and it does not watch the
plan; so this runs `mkdocs serve` as a child and restarts it whenever a file it cannot reload changes.
MkDocs serves from a temporary folder of its own: neither command writes `site/`.

Stopping: SIGTERM, SIGINT and SIGHUP stop the child and then this process, whoever sends them; the child
also dies with this process (PR_SET_PDEATHSIG), even on SIGKILL. Under `make`, a SIGINT or SIGHUP sent to
make alone never reaches us (make forwards only SIGTERM, then waits for its recipe), so while make is our
parent we watch it: once make stops catching a signal it caught at start, its fatal-signal handler has run
and it is waiting for us to finish.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..source.lifetime import die_with_parent

WATCHED = ("campaign_plan.yaml", "mkdocs.yml", "hooks", "data", "podcast", "overrides")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class AddressError(Exception):
    """The address cannot be served: one line for the editor, naming it and how to choose another."""


def _stamp(root: Path) -> dict[str, int]:
    """Project file (from the root) -> its mtime, for the files whose change restarts the server: polled
    four times a second (a plan edit waits half a poll on average) while MkDocs rebuilds, so one scandir per
    folder (into real folders, not links; no __pycache__), not a Path per file: 1 ms at 10,000 releases."""
    out: dict[str, int] = {}

    def add(rel: str, path: str) -> None:
        try:
            out[rel] = os.stat(path).st_mtime_ns
        except OSError:
            pass

    def walk(rel: str, path: str) -> None:
        try:
            with os.scandir(path) as it:
                entries = list(it)
        except OSError:
            return
        for e in entries:
            if e.name == "__pycache__":
                continue
            try:
                if e.is_dir():
                    if not e.is_symlink():
                        walk(f"{rel}/{e.name}", e.path)
                elif e.is_file():
                    add(f"{rel}/{e.name}", e.path)
            except OSError:
                pass

    for name in WATCHED:
        top = os.path.join(root, name)
        if os.path.isfile(top):
            add(name, top)
        elif os.path.isdir(top):
            walk(name, top)
    return out


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def split_addr(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError(f"ADDR={addr} is not an address to serve on; write host:port, e.g. ADDR=127.0.0.1:8001")
    return host, int(port)


def check_addr(addr: str) -> None:
    """Bind the address as MkDocs will (SO_REUSEADDR, as its server sets), then let it go: a busy port is
    one clear line now, not a traceback after a whole build."""
    host, port = split_addr(addr)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise AddressError(f"{addr}: unknown host {host!r}; choose another address with ADDR=, "
                           f"e.g. ADDR=127.0.0.1:{port}") from None
    family, _, _, _, sockaddr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(sockaddr)
        except OSError as exc:
            why = "is in use (another server is running there)" if exc.errno == errno.EADDRINUSE else \
                f"cannot be used ({exc.strerror})"
            raise AddressError(f"{addr} {why}; stop it, or choose another address with ADDR=, "
                               f"e.g. ADDR={host}:{port % 65535 + 1}") from None


WILDCARD = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # every interface, and the address a browser here opens


def url(addr: str, site_path: str) -> str:
    host, port = split_addr(addr)
    host = WILDCARD.get(host, host)  # http://0.0.0.0/ is no address to open (browsers refuse it)
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}{'/' + site_path.strip('/') + '/' if site_path.strip('/') else '/'}"


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop(signum)


def _die_with_parent() -> None:
    """In the mkdocs child, before exec: SIGTERM it when this process dies, however it dies (not Linux: the
    signal handlers below still stop the child)."""
    die_with_parent(signal.SIGTERM)


class _ParentWatch:
    """Notices that make, our parent, was told to stop (see the module's docstring)."""

    def __init__(self):
        self.ppid = os.getppid()
        self.caught = self._caught() if self._is_make() else None

    def _is_make(self) -> bool:
        try:
            return Path(f"/proc/{self.ppid}/comm").read_text().strip() in ("make", "gmake")
        except OSError:
            return False

    def _caught(self) -> int | None:
        try:
            for line in Path(f"/proc/{self.ppid}/status").read_text().splitlines():
                if line.startswith("SigCgt:"):
                    mask = int(line.split()[1], 16)
                    return sum(1 << (s - 1) for s in STOP_SIGNALS if mask & (1 << (s - 1)))
        except (OSError, ValueError):
            return None
        return None

    def stopping(self) -> bool:
        if os.getppid() != self.ppid:
            return True  # our parent is gone
        if not self.caught:
            return False
        now = self._caught()
        return now is not None and now != self.caught


def run(root: Path, addr: str, env_extra: dict[str, str], announce: str, name: str = "serve",
        poll: float = 0.25) -> int:
    """Serve until stopped. `announce` is printed once the address is known to be free ({url} in it)."""
    from ..mkdocs_adapter import served_path

    try:
        check_addr(addr)
    except AddressError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 1
    env = dict(os.environ, **env_extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root / "hooks"), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", addr, "--config-file", str(root / "mkdocs.yml")]
    print(announce.format(url=url(addr, served_path(root))), file=sys.stderr)
    host, port = split_addr(addr)
    if host in WILDCARD:
        shows = " It shows releases that are not live yet." if env_extra.get("CAMPAIGN_PREVIEW") else ""
        print(f"{name}: warning: ADDR={addr} listens on every network interface: anyone who can reach this "
              f"machine can open it.{shows} ADDR=127.0.0.1:{port} keeps it to this machine.", file=sys.stderr)
    previous = {s: signal.signal(s, _raise_stop) for s in STOP_SIGNALS}
    watch = _ParentWatch()
    proc = scratch = None
    try:
        # mkdocs serve builds into a temporary folder it removes only once it is serving: stopped while it
        # starts (a restart when the plan is saved twice quickly), it left a whole site in the temp folder
        # each time. Its temporary files go in a folder of ours, emptied after every stop, removed at the end.
        sweep_scratch(tempfile.gettempdir())
        scratch = env["TMPDIR"] = tempfile.mkdtemp(prefix=f"{SCRATCH}{os.getpid()}-")
        while True:
            stamp = _stamp(root)
            # Its own process group: a terminal's Ctrl+C reaches us only, and we stop it once, cleanly.
            proc = subprocess.Popen(cmd, cwd=root, env=env, preexec_fn=_die_with_parent, process_group=0)
            announced = False
            while True:
                time.sleep(poll)
                if watch.stopping():
                    raise _Stop()
                changed = _changed(stamp, _stamp(root))
                if changed:
                    print(f"{name}: {', '.join(changed[:3])} changed; restarting the server", file=sys.stderr)
                    break
                if proc.poll() is not None and not announced:
                    print(f"{name}: the server stopped (the error is above); fix it and save: it restarts when "
                          f"any of {', '.join(WATCHED)} changes. Ctrl+C to quit.", file=sys.stderr)
                    announced = True
            _stop(proc)
            _empty(scratch)
    except (_Stop, KeyboardInterrupt):
        return 0
    finally:
        for s in STOP_SIGNALS:  # a second signal during the shutdown below must not cut it short
            signal.signal(s, signal.SIG_IGN)
        if proc is not None:
            _stop(proc)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        for s, handler in previous.items():
            signal.signal(s, handler)
        print(f"{name}: stopped", file=sys.stderr)


SCRATCH = "campaign-serve-"


def sweep_scratch(tmp: str) -> list[str]:
    """Remove the temporary folders of servers that are gone (SIGKILL, a crash, a power cut: nothing of theirs
    ran to remove it), named after their process; a preview's holds pages not live yet. Only this user's, and
    only where no process has that number now (a number used again keeps its folder: never one in use).
    Returns those removed."""
    removed = []
    try:
        entries = list(os.scandir(tmp))
    except OSError:
        return removed
    for entry in entries:
        pid = entry.name[len(SCRATCH):].split("-", 1)[0]
        if not entry.name.startswith(SCRATCH) or not pid.isdigit():
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.getuid() or not entry.is_dir(follow_symlinks=False):
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:  # no such process: its server is gone
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
        except (OSError, OverflowError):  # another user's process (still running), or unreadable: left alone
            continue
    return removed


def _empty(folder: str) -> None:
    """What a stopped server left in its temporary folder (the next one starts in an empty one)."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)


def _stop(proc: subprocess.Popen) -> None:
    """SIGINT first, as Ctrl+C: mkdocs serve then removes its temporary site folder; harder if it hangs."""
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, None)):
        if proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
