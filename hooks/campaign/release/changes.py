"""Change instants: every instant at which the built site changes. `make schedule` and the build
(SOURCE_DATE_EPOCH) both use them."""
from __future__ import annotations

from datetime import datetime

from ..source.partner_dates import change_instants as stale_instants
from ..source.plan import Plan
from ..source.times import month_starts


def change_instants(plan: Plan) -> tuple[datetime, ...]:
    """Every instant at which the built site changes: releases, take-downs, event starts ("Happening now")
    and ends, the month
    boundaries that change the home page's "this month" focus and the instants partners entries become
    due for re-verification. Held items never change the output."""
    out: set[datetime] = set()
    for r in plan.releases:
        if plan.campaign.require_approval and not r.approved_by:
            continue
        out.add(r.release)
        if r.until is not None:
            out.add(r.until)
        if r.kind == "event":
            out.update((r.starts, r.ends))
    out.add(plan.campaign.starts)
    out.update(month_starts(plan.campaign.starts, plan.last_instant, plan.tz))
    if plan.data is not None:  # partners entries start showing "not verified for 6 months"
        out.update(stale_instants(plan.data.partners, plan.tz))
    return tuple(sorted(out))


def next_changes(plan: Plan, now: datetime, limit: int | None = None) -> tuple[datetime, ...]:
    future = tuple(t for t in change_instants(plan) if t > now)
    return future if limit is None else future[:limit]
