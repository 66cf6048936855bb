"""Identifiers that feeds, calendars and the audit agree on, derived from the campaign's own key
(`Plan.key`: campaign.id, else its title as a slug), so two campaigns never share one."""
from __future__ import annotations


def guid_of(plan, item) -> str:
    """Stable per-item id for feed GUIDs and schedule UIDs: it never changes when a title or date does.
    The default campaign's ("Spot It to Stop It") are spot-it-to-stop-it:<id>, as they always were."""
    return f"{plan.key}:{item.id}"


# Calendar UIDs (RFC 5545: globally unique, conventionally id@domain). A fixed, never-resolving domain
# keeps them stable when the site moves; they differ from the release schedule's UIDs, so importing
# both calendars into Outlook never makes one overwrite the other.
def uid_of(plan, item) -> str:
    return f"{item.id}@events.{plan.key}.invalid"


def prodid(plan, what: str) -> str:
    """A calendar's PRODID (RFC 5545 3.7.3): who made it and what it is."""
    return f"-//{plan.campaign.title}//{what}//EN"
