"""Names the build and `make publish` share, and the site's status file. Kept apart from publish.py so a
build does not import the publishing machinery (and the message catalogue behind it)."""
from __future__ import annotations

import json
from datetime import datetime

from ..release.changes import next_changes
from ..release.snapshot import Snapshot
from ..source.times import fmt

STATUS_FILE = "campaign-status.json"
PREVIEW_MARKER = "PREVIEW-NOT-FOR-PUBLICATION.txt"


def status_json(snap: Snapshot) -> str:
    """The site's own status file: change instants only (no clock time, so builds stay deterministic)."""
    tz = snap.plan.tz
    nxt = next_changes(snap.plan, snap.now, 1)
    latest = snap.source_date_epoch
    return json.dumps({
        "campaign": snap.plan.campaign.title,
        "latest_change": fmt(datetime.fromtimestamp(latest, tz), tz) if latest else None,
        "next_change": fmt(nxt[0], tz) if nxt else None,
    }, indent=2) + "\n"
