"""Survey waves at an instant: the follow-up wave shows once its `survey` release is live; until then its
label and wording are secrets the leak audit looks for."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (its fields: what the build gets is a record of it, source/records.py)
    from ..source.survey import SurveyWave


def live_follow_up(snap):
    """(release, wave) of the latest live survey release, or None."""
    data = snap.plan.data
    if data is None:
        return None
    live = [r for r in snap.live if r.kind == "survey" and r.id in data.waves]
    return (live[-1], data.waves[live[-1].id]) if live else None


def hidden_texts(snap) -> tuple:
    data = snap.plan.data
    if data is None:
        return ()
    shown = live_follow_up(snap)
    shown_texts = _texts(shown[1]) if shown else set()
    if data.baseline is not None:
        shown_texts |= _texts(data.baseline)
    out = []
    for r in snap.hidden:
        wave = data.waves.get(r.id) if r.kind == "survey" else None
        if wave is not None:
            # Wording shared with a published wave (e.g. the same "you said" line) is not a secret.
            out.extend((t, r.id) for t in sorted(_texts(wave) - shown_texts))
    return tuple(out)


def _texts(wave: SurveyWave) -> set[str]:
    return {wave.label, *(y.you_said for y in wave.you_said_we_did), *(y.we_did for y in wave.you_said_we_did)}


