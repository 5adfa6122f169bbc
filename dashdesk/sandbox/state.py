"""Everything one sandbox instance holds: config, clock, faults, rate limiter, store and services."""

from __future__ import annotations

import threading

from dashdesk.private_files import private_dir
from dashdesk.sandbox.boards import Boards
from dashdesk.sandbox.clock import Clock
from dashdesk.sandbox.config import SandboxConfig
from dashdesk.sandbox.faults import Faults
from dashdesk.sandbox.library import Library
from dashdesk.sandbox.ratelimit import RateLimiter
from dashdesk.sandbox.scheduler import Scheduler
from dashdesk.sandbox.store import Store


class SandboxState:
    """The mutable world of a sandbox: tests and the control routes reach it through here."""

    def __init__(self, config: SandboxConfig | None = None, faults: Faults | None = None) -> None:
        self.config = config or SandboxConfig()
        self.clock = Clock()
        self.faults = faults or Faults()
        self.limiter = RateLimiter(self.config.rate_limit, lambda: self.clock.now().timestamp())
        self.store = Store(self.config.db_path, self.config.media_dir)
        self.boards = Boards()
        self.library = Library(self.store, self.clock)
        self.scheduler = Scheduler(self.store, self.library, self.clock, self.faults, self.boards,
                                   self.config.publish_delay_s)
        self._seed_lock = threading.Lock()
        if self.config.seed_demo:
            self.seed_demo(only_if_empty=True)

    def brands_for(self, api_key: str | None) -> tuple[int, ...] | None:
        """Brands of ``api_key``, or ``None`` when the key is unknown."""
        if not api_key:
            return None
        return self.config.api_keys.get(api_key)

    def reset(self) -> None:
        """Empty store, no faults, real time, fresh rate-limit windows (keys and brands stay)."""
        self.store.clear()
        private_dir(self.library.uploads_dir)
        self.faults.clear()
        self.clock.reset()
        self.limiter.limit = self.config.rate_limit
        self.limiter.reset()

    def seed_demo(self, *, only_if_empty: bool = False) -> int:
        """Fill a month of demo posts around now for every brand; returns how many posts were made."""
        from dashdesk.sandbox.seed import seed_demo

        with self._seed_lock:
            if only_if_empty and self.store.count_posts():
                return 0
            return sum(seed_demo(self, brand) for brand in self.config.brands)

    def close(self) -> None:
        """Release the database (and the temporary media folder of an in-memory sandbox)."""
        self.store.close()
