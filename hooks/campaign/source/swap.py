"""Putting a newly built folder where the old one is, so that a reader always finds one or the other.

`make build` writes site/ as a real folder (design.md: never a symlink), and a folder cannot be renamed over
one that holds files. Two renames (old away, new in) leave a moment with no site/ at all: a signal or a
kill between them left it missing. Linux swaps two paths in one step (renameat2 with RENAME_EXCHANGE, glibc
2.28 and later; the standard library has no call for it, hence ctypes). Where the system or its file system
cannot, the two renames run with the stop signals held, so Ctrl+C, SIGTERM or SIGHUP lands after both.
"""
from __future__ import annotations

import ctypes
import errno
import os
import signal
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1
_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_CANNOT = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM}


def swap_in(new: Path, target: Path) -> Path:
    """Put folder `new` at `target` (an existing folder); return where the old folder now is, for the caller
    to remove: `new`'s path when swapped in one step, else `target` with '.old-<pid>' (beside it)."""
    if exchange(new, target):
        return new
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    held = _hold_signals()
    try:
        os.rename(target, old)
        try:
            os.rename(new, target)
        except BaseException:
            os.rename(old, target)  # the old folder back: never none
            raise
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # a signal that came meanwhile is handled now
    return old


def exchange(a: Path, b: Path) -> bool:
    """Swap paths `a` and `b` in one step; False where the system or the file system cannot (nothing moved)."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _CANNOT:
        return False
    raise OSError(err, os.strerror(err), str(b))


_FN: list = []


def _renameat2():
    if not _FN:
        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2
            fn.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
            fn.restype = ctypes.c_int
        except (OSError, AttributeError):  # no renameat2 in the C library (not glibc 2.28 or later): two renames
            fn = None
        _FN.append(fn)
    return _FN[0]


def _hold_signals() -> bool:
    if not hasattr(signal, "pthread_sigmask"):
        return False
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (OSError, ValueError):
        return False
    return True
