"""Known bots and crawlers, from the maintained `crawler-user-agents` list (pinned in requirements.lock).

Its data is a JSON list of {"pattern": <Python-compatible regular expression>, "instances": [example user
agents], ...}; the package's own `is_crawler` matches a user agent against every pattern (case-sensitive, as
the list is written) in compiled chunks. That costs about 0.2 ms, so each distinct user agent is checked
once per run; the answers live in memory only.
"""
from __future__ import annotations

import crawleruseragents

CACHE_LIMIT = 200_000  # distinct user agents remembered; past this the memory is started afresh


class Bots:
    def __init__(self):
        self.seen: dict[bytes, bool] = {}  # user agent -> answer (the counter looks here first)

    def __call__(self, agent: bytes) -> bool:
        known = self.seen.get(agent)
        if known is None:
            if len(self.seen) >= CACHE_LIMIT:
                self.seen.clear()
            known = self.seen[agent] = bool(agent) and crawleruseragents.is_crawler(
                agent.decode("utf-8", "replace"))
        return known


def patterns() -> list[dict]:
    """The list itself (for tests and the report's note on what was excluded)."""
    return crawleruseragents.CRAWLER_USER_AGENTS_DATA
