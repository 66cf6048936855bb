"""Identifiers that feeds, calendars and the audit agree on."""
from __future__ import annotations

GUID_PREFIX = "spot-it-to-stop-it:"


def guid_of(item) -> str:
    """Stable per-item id for feed GUIDs and calendar UIDs: it never changes when a title or date does."""
    return f"{GUID_PREFIX}{item.id}"


# Calendar UIDs (RFC 5545: globally unique, conventionally id@domain). A fixed, never-resolving domain
# keeps them stable when the site moves; they differ from the release schedule's UIDs, so importing
# both calendars into Outlook never makes one overwrite the other.
UID_DOMAIN = "events.spot-it-to-stop-it.invalid"


def uid_of(item) -> str:
    return f"{item.id}@{UID_DOMAIN}"
