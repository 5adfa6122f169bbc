"""Helpers shared by the composer tests: a client on the sandbox, uploads, and a recording client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashdesk.api import DashClient, Hosts
from dashdesk.platforms import MediaKind
from dashdesk.ui.composer import MediaItem

#: Composer tests run at a fixed time before the guide's March 2026 examples.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def sandbox_client(sandbox: Any) -> DashClient:
    """A DashClient on the sandbox whose retries never wait."""

    async def no_sleep(_seconds: float) -> None:
        return None

    return DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=no_sleep)


async def upload(client: DashClient, brand_id: int, sample: Callable[[MediaKind, int], Path],
                 kind: MediaKind, n: int = 0) -> MediaItem:
    """Upload a sample file of ``kind`` to the sandbox Library."""
    path = sample(kind, n)
    media = await client.upload_file(brand_id, path)
    return MediaItem(media.attach_id, kind, path.name, str(path) if kind is MediaKind.IMAGE else None)


class Recording:
    """Wraps a client and records every create and update it is asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.creates: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[tuple[str, int, dict[str, Any]]] = []
        self.lookups: list[str] = []

    async def create_post(self, platform: str, body: dict[str, Any]) -> Any:
        self.creates.append((platform, dict(body)))
        return await self.inner.create_post(platform, body)

    async def update_post(self, platform: str, post_id: int, changes: dict[str, Any]) -> Any:
        self.updates.append((platform, post_id, dict(changes)))
        return await self.inner.update_post(platform, post_id, changes)

    async def list_posts(self, platform: str, *args: Any, **kw: Any) -> Any:
        self.lookups.append(platform)
        return await self.inner.list_posts(platform, *args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
