"""The sums the evaluation page shows from a survey wave's questions (survey.py checks the waves): each option's
share of those who answered, the headline share, the change between waves. Works on the checked records
(records.py) as on the models."""
from __future__ import annotations

from dataclasses import dataclass


def answered(q) -> int:
    """How many answered the question: its counts added up."""
    return sum(q.counts)


@dataclass(frozen=True)
class Share:
    option: str
    count: int
    answered: int

    @property
    def pct(self) -> float:
        """Percentage of those who answered, to one decimal place (what the page shows)."""
        return round(100 * self.count / self.answered, 1)


def shares(q) -> list[Share]:
    return [Share(o, c, answered(q)) for o, c in zip(q.options, q.counts)]


def positive_share(q) -> Share | None:
    if not q.positive:
        return None
    return Share(" or ".join(q.positive), sum(c for o, c in zip(q.options, q.counts) if o in q.positive), answered(q))


def pp_change(before: Share, after: Share) -> float:
    """Percentage-point change between the shown (rounded) percentages, so the page adds up."""
    return round(after.pct - before.pct, 1)
