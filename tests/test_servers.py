"""make serve / make preview as a service manager and an editor meet them: real processes, real ports.

A signal to the command at the top (make, or `python -m campaign serve`) stops everything it started,
mkdocs' own server included; a busy port is one clear line and an exit; the printed address is the URL a
browser opens (with the site's sub-path); MkDocs' notice about pages deliberately out of the nav is gone.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from test_preview import _free_port, _get, env_for, project

SUBPATH = "/campaigns/spot-it/"  # the path of site_url in mkdocs.yml


def _children(pid: int) -> list[int]:
    """Every descendant of `pid`, from /proc (children of children included)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped; only its parent has not reaped it


def _port_answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _start(p, how: str, port: int, **env) -> subprocess.Popen:
    e = env_for(p, **env)
    for k in ("MAKEFLAGS", "MAKELEVEL"):
        e.pop(k, None)
    if how == "python":
        args = [sys.executable, "-m", "campaign", "--root", str(p.path), "serve", "--addr", f"127.0.0.1:{port}"]
    else:  # "make serve" or "make preview"
        target = how.split()[1]
        args = ["make", "-f", str(ROOT / "Makefile"), "-C", str(p.path), target, f"ADDR=127.0.0.1:{port}",
                f"PY={sys.executable}", "READY="]
    # Its own session, so the signal below reaches only the process named, as `kill PID` or systemd does.
    return subprocess.Popen(args, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


CASES = [("make serve", s) for s in ("SIGTERM", "SIGINT", "SIGHUP")] + \
        [("python", s) for s in ("SIGTERM", "SIGINT", "SIGHUP")] + \
        [("make preview", s) for s in ("SIGTERM", "SIGHUP")]


@pytest.mark.parametrize("how, sig", CASES, ids=[f"{h}-{s}".replace(" ", "-") for h, s in CASES])
def test_a_signal_to_the_top_process_stops_everything_it_started(tmp_path, how, sig):
    p = project(tmp_path)
    port = _free_port()
    proc = _start(p, how, port, CAMPAIGN_NOW="2026-10-05", DATE="2026-10-12 12:00")
    tree: list[int] = []
    try:
        home = _get(f"http://127.0.0.1:{port}{SUBPATH}", "Alpha first release")
        assert home
        tree = _children(proc.pid)
        assert any("mkdocs" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                   for pid in tree if _alive(pid)), "mkdocs serve is not running under the command"
        os.kill(proc.pid, getattr(signal, sig))  # the top process only, never its group
        out = proc.communicate(timeout=60)[0]  # no hang
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (any(_alive(pid) for pid in tree) or _port_answers(port)):
            time.sleep(0.2)
        left = [pid for pid in tree if _alive(pid)]
        assert left == [], f"still running after {sig}: {left}\n{out[-2000:]}"
        assert not _port_answers(port), f"something still answers on port {port} after {sig}"
        assert "Traceback" not in out, out[-3000:]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        for pid in tree:  # what a failed run left (orphans are no longer under proc)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("target", ["serve", "preview"])
def test_a_busy_port_is_one_line_naming_the_address_and_addr(tmp_path, target):
    p = project(tmp_path)
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        e = env_for(p, CAMPAIGN_NOW="2026-10-05")
        e["DATE"] = "2026-10-12"
        for k in ("MAKEFLAGS", "MAKELEVEL"):
            e.pop(k, None)
        done = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-C", str(p.path), target,
                               f"ADDR=127.0.0.1:{port}", f"PY={sys.executable}", "READY="],
                              env=e, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    ours = [line for line in done.stderr.splitlines() if not line.startswith("make")]  # make's "*** Error" line
    assert len(ours) == 1, done.stderr
    assert f"127.0.0.1:{port}" in ours[0] and "ADDR=" in ours[0], ours
    assert "Traceback" not in done.stderr + done.stdout and "Errno" not in done.stderr


@pytest.mark.parametrize("target", ["serve", "preview"])
def test_the_printed_address_is_the_url_to_open_and_the_nav_notice_is_gone(tmp_path, target):
    p = project(tmp_path)
    port = _free_port()
    proc = _start(p, f"make {target}", port, CAMPAIGN_NOW="2026-10-05", DATE="2026-10-12 12:00")
    try:
        _get(f"http://127.0.0.1:{port}{SUBPATH}", "Alpha first release")
        time.sleep(1)
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=60)[0]
    ours = [line for line in out.splitlines() if not line.startswith(("INFO", "WARNING", "DEBUG", " "))]
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    assert any(url in line for line in ours), out[-3000:]  # our own line, not only MkDocs' "Serving on"
    assert not any(f"http://127.0.0.1:{port}/ " in line or line.endswith(f"http://127.0.0.1:{port}/")
                   for line in out.splitlines()), out[-3000:]
    assert "not included in the \"nav\"" not in out, out[-3000:]
    for doc in ("README.md", "EDITORS.md"):
        assert "ADDR=" in (ROOT / doc).read_text(), f"{doc} does not say how to choose another address"


@pytest.mark.parametrize("target", ["serve", "preview"])
def test_every_interface_prints_an_address_to_open_and_says_who_can_see_it(tmp_path, target):
    """ADDR=0.0.0.0:PORT printed 'open http://0.0.0.0:PORT/...', an address browsers refuse, and said nothing
    of the whole network now reaching the server (a preview: pages not live yet). The printed URL is the
    loopback one, which answers, and a warning names ADDR=127.0.0.1:PORT to keep it to this machine."""
    p = project(tmp_path)
    port = _free_port()
    e = env_for(p, CAMPAIGN_NOW="2026-10-05")
    e["DATE"] = "2026-10-12 12:00"
    for k in ("MAKEFLAGS", "MAKELEVEL"):
        e.pop(k, None)
    proc = subprocess.Popen(["make", "-f", str(ROOT / "Makefile"), "-C", str(p.path), target, f"ADDR=0.0.0.0:{port}",
                             f"PY={sys.executable}", "READY="], env=e, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        ours = iter(line for line in proc.stdout if not line.startswith("make"))  # make's "Entering directory"
        first, second = next(ours), next(ours)
        url = f"http://127.0.0.1:{port}{SUBPATH}"
        assert f"open {url}" in first and "0.0.0.0" not in first, first
        assert "every network interface" in second and f"ADDR=127.0.0.1:{port}" in second, second
        assert ("not live yet" in second) == (target == "preview"), second
        assert _get(url, "Alpha first release")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=60)


def test_restarts_and_stopping_leave_nothing_in_the_temporary_folder(tmp_path):
    """mkdocs serve builds into a temporary folder it removes only once it is serving: each restart that
    stopped it while it started (the plan saved twice in quick succession) left a whole built site in the
    temporary folder (this machine had gathered 124 of them). After quick saves, a restart that completes and
    a stop, the temporary folder the command was given is empty, and the site was served throughout. (It held
    a SIGKILLed server's folder too: the start removes it.)"""
    p = project(tmp_path)
    port = _free_port()
    scratch = tmp_path / "tmp"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (scratch / f"campaign-serve-{gone.pid}-abc" / "mkdocs_x").mkdir(parents=True)
    proc = _start(p, "make serve", port, CAMPAIGN_NOW="2026-10-05", TMPDIR=str(scratch))
    try:
        _get(f"http://127.0.0.1:{port}{SUBPATH}", "Alpha first release")
        plan = p.path / "campaign_plan.yaml"
        for n in range(6):  # each save restarts the server, most of them while the last one is starting
            os.utime(plan, ns=(time.time_ns(), time.time_ns() + n))
            time.sleep(0.4)
        _get(f"http://127.0.0.1:{port}{SUBPATH}", "Alpha first release")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=60)[0]
    assert "restarting the server" in out, out[-2000:]
    assert sorted(x.name for x in scratch.iterdir()) == [], out[-2000:]


def test_a_killed_server_s_temporary_folder_is_removed_when_the_next_starts(tmp_path):
    """make serve/preview build into a temporary folder of their own, removed when they stop; one SIGKILLed
    (or the machine losing power) left it, a preview's holding pages not live yet. The next start removes
    the folders of servers that are gone, and no other."""
    from campaign.commands.devserver import SCRATCH, sweep_scratch

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = tmp_path / f"{SCRATCH}{gone.pid}-abc"
    (dead / "site" / "articles").mkdir(parents=True)
    (dead / "site" / "articles" / "index.html").write_text("a page not live yet")
    alive = tmp_path / f"{SCRATCH}{os.getpid()}-def"  # a server still running (this process)
    alive.mkdir()
    other = tmp_path / "campaign-serve-notapid"
    other.mkdir()
    assert sweep_scratch(str(tmp_path)) == [str(dead)]
    assert not dead.exists() and alive.exists() and other.exists()


_GC_PROBE = r"""
import gc, json, sys, time, weakref
from mkdocs.commands.build import build
from mkdocs.config import load_config

command, config_file, site_dir = sys.argv[1:]
config = load_config(config_file=config_file, site_dir=site_dir)
config.plugins.on_startup(command=command, dirty=False)

class Cycle:
    pass

gc.disable()  # the cycle stays until the build holds what is alive (mkdocs_adapter._hold)
cycle = Cycle()
cycle.me = cycle
gone = weakref.ref(cycle)
del cycle
build(config)
gc.enable()
from campaign import mkdocs_adapter as adapter
out = {"held_after_build": gc.get_freeze_count() > 0}
build(load_config(config_file=config_file, site_dir=site_dir))  # a save within the idle second: the next build
out["cycle_gone_at_next_build"] = gone() is None
adapter._release(adapter._HELD - 1)  # the first build's timer, late: what the second build holds stays held
out["stale_timer_kept_hold"] = gc.get_freeze_count() > 0
time.sleep(adapter.IDLE + 1.5)
out["held_after_idle"] = gc.get_freeze_count() > 0
print(json.dumps(out))
"""


@pytest.mark.parametrize("command", ["serve", "build"])
def test_make_serve_collects_the_last_build_s_garbage_after_the_page_is_shown(tmp_path, command):
    """A build leaves what is alive out of the garbage collector's passes until the next build starts, which
    then makes a full collection (0.02 s of a 100-release rebuild). Under mkdocs serve that collection comes a
    second after the build, off the editor's wait; a save sooner still gets it at the next build's start, and
    a late timer never lets go of what a later build holds. Other commands keep it at the next build."""
    p = project(tmp_path)
    r = subprocess.run([sys.executable, "-c", _GC_PROBE, command, str(p.path / "mkdocs.yml"), str(tmp_path / "site")],
                       cwd=p.path, env=env_for(p, CAMPAIGN_NOW="2026-10-05"), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    got = json.loads(r.stdout.splitlines()[-1])
    assert got == {"held_after_build": True, "cycle_gone_at_next_build": True, "stale_timer_kept_hold": True,
                   "held_after_idle": command != "serve"}
