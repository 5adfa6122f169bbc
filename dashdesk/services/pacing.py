"""Words for the rate-limit banner: Dash is pacing requests, and when they resume (Qt-free)."""

from __future__ import annotations

import math
from datetime import datetime, tzinfo

from dashdesk.i18n import tr


def until_text(until: datetime, now: datetime, tz: tzinfo) -> str:
    """``14:05:30 CET``, with the day when it is not today, in the display zone."""
    local, today = until.astimezone(tz), now.astimezone(tz)
    clock = f"{local:%H:%M:%S}"
    zone = local.tzname() or ""
    day = "" if local.date() == today.date() else f"{local:%a} {local.day} {local:%b} "
    return f"{day}{clock} {zone}".strip()


def wait_text(until: datetime, now: datetime) -> str:
    """"in a few seconds", "in 40 seconds", "in about 3 minutes"."""
    seconds = max(0, math.ceil((until - now).total_seconds()))
    if seconds < 5:
        return "in a few seconds"
    if seconds < 90:
        return f"in {seconds} seconds"
    minutes = round(seconds / 60)
    return f"in about {minutes} minute" + ("s" if minutes != 1 else "")


def pacing_notice(until: datetime, now: datetime, tz: tzinfo, *, loading: bool = True) -> str:
    """The banner's sentence while Dash paces requests (``loading``: a load is waiting for it)."""
    what = "Loading carries on" if loading else "DashDesk carries on"
    return (tr("Dash is pacing requests from DashDesk for a moment. {what} by itself at {until} ({until2}); nothing "
               "needs doing and nothing is lost.",
               what=what, until=until_text(until, now, tz), until2=wait_text(until, now)))
