"""Words for the rate-limit banner: Dash is pacing requests, and when they resume (Qt-free)."""

from __future__ import annotations

import math
from datetime import datetime, tzinfo

from dashdesk.i18n import ntr, tr
from dashdesk.i18n.formats import day_text


def until_text(until: datetime, now: datetime, tz: tzinfo) -> str:
    """``14:05:30 CET``, with the day when it is not today, in the display zone."""
    local, today = until.astimezone(tz), now.astimezone(tz)
    clock = f"{local:%H:%M:%S}"
    zone = local.tzname() or ""
    day = "" if local.date() == today.date() else f"{day_text(local)} "
    return f"{day}{clock} {zone}".strip()


def wait_text(until: datetime, now: datetime) -> str:
    """"in a few seconds", "in 40 seconds", "in about 3 minutes"."""
    seconds = max(0, math.ceil((until - now).total_seconds()))
    if seconds < 5:
        return tr("in a few seconds")
    if seconds < 90:
        return ntr("in {n} second", "in {n} seconds", seconds)
    minutes = round(seconds / 60)
    return ntr("in about {n} minute", "in about {n} minutes", minutes)


def pacing_notice(until: datetime, now: datetime, tz: tzinfo, *, loading: bool = True) -> str:
    """The banner's sentence while Dash paces requests (``loading``: a load is waiting for it)."""
    values = {"until": until_text(until, now, tz), "wait": wait_text(until, now)}
    if loading:
        return tr("Dash is pacing requests from DashDesk for a moment. Loading carries on by itself at {until} "
                  "({wait}); nothing needs doing and nothing is lost.", **values)
    return tr("Dash is pacing requests from DashDesk for a moment. DashDesk carries on by itself at {until} "
              "({wait}); nothing needs doing and nothing is lost.", **values)
