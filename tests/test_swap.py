"""site/ is replaced by the new build in one step: at no moment is there no site/ (source/swap.py)."""
from __future__ import annotations

import os
import signal

import pytest

from campaign.source import swap


def folder(path, name: str):
    path.mkdir()
    (path / "index.html").write_text(name)
    return path


def test_two_folders_swap_in_one_step(tmp_path):
    a, b = folder(tmp_path / "a", "new"), folder(tmp_path / "b", "old")
    if not swap.exchange(a, b):
        pytest.skip("this file system cannot swap two paths in one step (the two renames are tested below)")
    assert (b / "index.html").read_text() == "new" and (a / "index.html").read_text() == "old"


def test_the_new_build_takes_the_old_one_s_place(tmp_path):
    new, site = folder(tmp_path / ".site.building", "new"), folder(tmp_path / "site", "old")
    old = swap.swap_in(new, site)
    assert (site / "index.html").read_text() == "new"
    assert (old / "index.html").read_text() == "old"  # for the caller to remove


class Stop(Exception):
    pass


@pytest.fixture
def two_renames(monkeypatch):
    """The system cannot swap in one step: the two renames, with a SIGTERM arriving between them."""
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    renames = []
    real = os.rename

    def rename(src, dst):
        real(src, dst)
        renames.append(dst)
        if len(renames) == 1:  # the old site moved away, the new one not yet in
            os.kill(os.getpid(), signal.SIGTERM)

    def stop(signum, frame):
        raise Stop(os.path.exists(renames[0].parent / "site"))  # whether site/ was there when it came

    previous = signal.signal(signal.SIGTERM, stop)
    monkeypatch.setattr(swap.os, "rename", rename)
    yield renames
    signal.signal(signal.SIGTERM, previous)


def test_a_signal_between_the_two_renames_waits_until_both_are_done(tmp_path, two_renames):
    new, site = folder(tmp_path / ".site.building", "new"), folder(tmp_path / "site", "old")
    with pytest.raises(Stop) as stopped:
        swap.swap_in(new, site)
    assert len(two_renames) == 2  # both ran before the signal was handled
    assert stopped.value.args == (True,)
    assert (site / "index.html").read_text() == "new"
