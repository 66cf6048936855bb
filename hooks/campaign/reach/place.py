"""Where the report may go, and writing it there whole or not at all.

The report is private: it must never land where the web server or the next build would publish it. OUT is
refused when it is, or lies inside, the project's site/ or docs/ (or any folder the build copies), a DEST
or its versions folder (make publish's layout), or any folder holding a built site (its status file) -
after symlinks and relative paths are resolved, for the folders that exist. OUT itself must be absent, an
empty folder, or a report this command wrote before (it carries a marker), never a symlink: replacing it
must never delete anything else.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = ".reach-report"  # in every report folder: the only kind of folder a new report replaces
STATUS_FILE = "campaign-status.json"  # every built site has it (render.status.STATUS_FILE)
PUBLISHED = ("site", "docs", "podcast", "overrides")  # folders the build publishes from or into


class PlaceError(Exception):
    pass


def _real(p: Path) -> Path:
    return Path(os.path.realpath(p))


def _inside(p: Path, folder: Path) -> bool:
    return p == folder or folder in p.parents


def check(root: Path, out: str, dest: str | None = None) -> Path:
    """The absolute report folder for OUT (relative to the project root), or PlaceError saying why not."""
    root = _real(root)
    path = Path(out) if Path(out).is_absolute() else root / out
    path = Path(os.path.abspath(path))
    if path.is_symlink():
        raise PlaceError(f"OUT={out} is a symlink; give the real folder instead")
    real = _real(path)  # symlinks in the existing part of the path resolved
    forbidden = [(root / name, f"the project's {name}/ folder (published by the build)") for name in PUBLISHED]
    if dest:
        d = Path(dest) if Path(dest).is_absolute() else root / dest
        d = Path(os.path.abspath(d))
        forbidden += [(d, f"DEST ({dest})"), (d.parent / f".{d.name}.versions", f"DEST's versions ({dest})")]
    for folder, what in forbidden:
        for candidate in {folder, _real(folder)}:
            if _inside(real, candidate) or _inside(path, candidate):
                raise PlaceError(f"OUT={out} is inside {what}: the report is private and must never be "
                                 "published; choose a folder outside it, e.g. OUT=reach")
    for parent in (real, *real.parents):
        if (parent / STATUS_FILE).is_file() or parent.name.endswith(".versions") and parent.name.startswith("."):
            raise PlaceError(f"OUT={out} is inside {parent}, which holds a built or published site; the report "
                             "is private: choose a folder outside it, e.g. OUT=reach")
    if _inside(root, real):
        raise PlaceError(f"OUT={out} holds the project itself; choose a folder of its own, e.g. OUT=reach")
    if path.exists():
        if not path.is_dir():
            raise PlaceError(f"OUT={out} is a file; remove it or choose another folder")
        if any(path.iterdir()) and not (path / MARKER).is_file():
            raise PlaceError(f"OUT={out} is a folder with files that are not a reach report; a report only "
                             "replaces an earlier report: move the folder away or choose another OUT")
    return path


def write(path: Path, files: dict[str, bytes]) -> None:
    """Write `files` into a new folder beside `path`, then put it in place of `path` (owner-only access).
    On any failure `path` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.building-{os.getpid()}"
    old = path.parent / f".{path.name}.old-{os.getpid()}"
    for leftover in (tmp, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        os.mkdir(tmp, 0o700)
        for name, data in {**files, MARKER: b"A private reach report written by make reach. Never publish it.\n"}.items():
            fd = os.open(tmp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        if path.exists():
            path.rename(old)
        tmp.rename(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not path.exists():
            old.rename(path)
        raise
    shutil.rmtree(old, ignore_errors=True)
