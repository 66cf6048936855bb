"""A child process that ends with its parent, however the parent ends (even SIGKILL): Linux's PR_SET_PDEATHSIG.

Used by make serve's MkDocs child (commands/devserver.py) and the audit's worker (audit/parallel.py): either left
running would hold what its parent held (a port, a publish's lock on DEST, the build's output pipe)."""
from __future__ import annotations

import ctypes

_PR_SET_PDEATHSIG = 1  # prctl(2)


def die_with_parent(signum: int) -> bool:
    """Ask the kernel to send `signum` to this process when the thread that forked it ends. False where it
    cannot (not Linux): the caller's other means of noticing (a closed pipe, signal handlers) still hold."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
