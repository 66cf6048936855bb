"""The only module that reads the real clock. Everything else takes `now` as a parameter."""
from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo

from .times import TimeFormatError, parse_instant


def real_now() -> datetime:
    return datetime.now(timezone.utc)


def campaign_now(tz: tzinfo, environ: dict | None = None) -> datetime:
    """`CAMPAIGN_NOW` if set (plan-timezone local when it has no offset), else the real clock."""
    env = os.environ if environ is None else environ
    raw = env.get("CAMPAIGN_NOW", "").strip()
    if not raw:
        return real_now()
    try:
        return parse_instant(raw, tz)
    except TimeFormatError as exc:
        raise exc.about("env-now") from exc
