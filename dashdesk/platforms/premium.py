"""Which brands' X accounts have Premium: X then allows 25,000 characters instead of 280.

A per-brand setting the person makes in Settings ("This X account has Premium"); the app tells this
module which brands have it, and the composer's counters and checks, the review queue and the
validator's callers read it here. Pure Python (no Qt): the settings layer stores it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .rules import PlatformRules, TextLimit

_premium: set[int] = set()
_active: list[int | None] = [None]  # the brand the app shows; counters without a brand ask about it


def set_x_premium_brands(brand_ids: Iterable[int], active: int | None = None) -> None:
    """Say which brands' X accounts have Premium (replacing what was said before), and which brand is shown."""
    _premium.clear()
    _premium.update(int(b) for b in brand_ids)
    _active[0] = active


def has_x_premium(brand_id: int | None = None) -> bool:
    """Whether the X account of ``brand_id`` (default: the brand shown) has Premium."""
    brand = _active[0] if brand_id is None else brand_id
    return brand is not None and int(brand) in _premium


def allowed(rules: PlatformRules, limit: TextLimit, brand_id: int | None = None) -> int:
    """The figure ``limit`` allows for ``brand_id`` (X's premium limit when the brand has Premium)."""
    premium = rules.extra.get("premium_limit")
    return int(premium) if premium and has_x_premium(brand_id) else limit.limit
