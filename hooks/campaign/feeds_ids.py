"""Identifiers that feeds, calendars and the audit agree on."""
from __future__ import annotations

GUID_PREFIX = "spot-it-to-stop-it:"


def guid_of(item) -> str:
    """Stable per-item id for feed GUIDs and calendar UIDs: it never changes when a title or date does."""
    return f"{GUID_PREFIX}{item.id}"
