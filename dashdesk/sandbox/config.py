"""Configuration of a sandbox instance: keys, brands, limits and storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_API_KEY = "sandbox-key"
DEFAULT_BRAND_ID = 144
#: The documented per-application limit, reported in ``x-ratelimit-limit`` when no limit is enforced.
DOCUMENTED_RATE_LIMIT = 1000


@dataclass(frozen=True)
class BrandInfo:
    """A brand the sandbox knows: what ``/api/self`` reports about it."""

    id: int
    name: str
    slug: str
    organization_id: int = 501
    organization_name: str = "Sandbox Organization"


@dataclass
class SandboxConfig:
    """Everything that shapes one sandbox instance.

    ``api_keys`` maps each accepted Bearer key to the brand ids it may act for. ``rate_limit`` is the
    enforced number of requests per minute per key (``None``: report the documented 1,000 but never
    refuse). ``db_path`` ``None`` keeps everything in memory (media bytes then live in a temp dir).
    ``page_size`` ``None`` answers a scheduler list in one page unless the request sends ``limit``.
    """

    api_keys: dict[str, tuple[int, ...]] = field(
        default_factory=lambda: {DEFAULT_API_KEY: (DEFAULT_BRAND_ID,)}
    )
    brands: dict[int, BrandInfo] = field(default_factory=dict)
    rate_limit: int | None = None
    db_path: Path | None = None
    media_dir: Path | None = None
    page_size: int | None = None
    publish_delay_s: float = 5.0
    seed_demo: bool = False

    def __post_init__(self) -> None:
        for brand_ids in self.api_keys.values():
            for brand_id in brand_ids:
                if brand_id not in self.brands:
                    self.brands[brand_id] = default_brand(brand_id)

    @property
    def first_key(self) -> str:
        """The first configured key (the one the embedded server hands to the app)."""
        return next(iter(self.api_keys))

    @property
    def first_brand(self) -> int:
        """The first brand of the first key."""
        return self.api_keys[self.first_key][0]


def default_brand(brand_id: int) -> BrandInfo:
    """A plausible brand record for an id nobody described."""
    return BrandInfo(id=brand_id, name=f"Sandbox Brand {brand_id}", slug=f"sandbox-brand-{brand_id}")
