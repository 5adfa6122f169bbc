"""A signed-in session: the API client, the chosen brand and, in demo mode, the embedded sandbox.

Qt-free; blocking work (starting the sandbox thread) runs in an executor. asyncio is imported where
it is used: the start-up builds a session to paint the cached calendar before asyncio is imported.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashdesk.i18n import tr
from dashdesk.paths import data_dir

SANDBOX_ACCOUNT = "sandbox"
CACHE_NAME = "posts.db"
SANDBOX_CACHE_NAME = "posts-sandbox.db"


@dataclass
class Session:
    """Everything the main window needs to talk to one brand."""

    client: Any  # dashdesk.api.DashClient
    brand_id: int
    brand_name: str = ""
    brands: list[Any] = field(default_factory=list)  # dashdesk.api.models.Brand
    sandbox: Any = None  # dashdesk.sandbox.server.SandboxServer when embedded
    account: str = "default"
    api_url: str | None = None
    #: The key is held in memory only (no usable keyring): it is forgotten when DashDesk quits.
    key_session_only: bool = False

    @property
    def is_sandbox(self) -> bool:
        """Whether this session talks to the embedded sandbox."""
        return self.sandbox is not None

    @property
    def cache_name(self) -> str:
        """File name of this session's posts cache (the sandbox's kept apart from real data)."""
        return SANDBOX_CACHE_NAME if self.is_sandbox else CACHE_NAME

    def brand_label(self) -> str:
        """The brand's name, or its id."""
        return self.brand_name or f"Brand {self.brand_id}"

    async def aclose(self) -> None:
        """Close the client and stop an embedded sandbox."""
        with contextlib.suppress(Exception):
            await self.client.aclose()
        if self.sandbox is not None:
            import asyncio

            await asyncio.to_thread(self.sandbox.stop)
            self.sandbox = None


class LazyClient:
    """A ``dashdesk.api.DashClient`` built on first use.

    Importing the API layer (httpx, pydantic) costs ~110 ms; a start from a saved key paints the
    cached calendar first and builds the client when the first request is made. The key may also
    arrive after construction (:meth:`set_key`): the start-up paints before it reads the keyring,
    which can block on D-Bus or an unlock prompt.
    """

    def __init__(self, api_key: str | None, *, api_url: str | None = None) -> None:
        self._api_key = api_key
        self._api_url = api_url
        self._client: Any = None

    def __repr__(self) -> str:
        return f"LazyClient(api_url={self._api_url!r}, built={self._client is not None})"

    @property
    def has_key(self) -> bool:
        """Whether the key is known (requests can be made)."""
        return bool(self._api_key)

    def set_key(self, api_key: str) -> None:
        """Give the key read from the keyring after start-up (before the first request)."""
        if self._client is not None:
            raise RuntimeError("the client is already built")
        self._api_key = api_key

    @property
    def client(self) -> Any:
        """The DashClient (imported and built now if it wasn't yet)."""
        if self._client is None:
            if not self._api_key:
                raise RuntimeError("the API key has not been read from the keyring yet")
            from dashdesk.api import DashClient

            self._client = DashClient(self._api_key, api_url=self._api_url)
        return self._client

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.client, name)

    async def aclose(self) -> None:
        """Close the client if it was built."""
        if self._client is not None:
            await self._client.aclose()


async def identify(client: Any) -> list[Any]:
    """Ask who-am-I and return the brands the key reaches (raises the API's typed errors)."""
    identity = await client.whoami()
    return list(identity.brands)


def _pick_brand(brands: list[Any], wanted: int | None) -> tuple[int, str]:
    for b in brands:
        if wanted is not None and int(b.id) == int(wanted):
            return int(b.id), b.label
    if wanted is not None:
        return int(wanted), ""
    if brands:
        return int(brands[0].id), brands[0].label
    raise LookupError(tr("This API key does not reach any brand."))


async def open_api(api_key: str, *, api_url: str | None = None, brand_id: int | None = None,
                   account: str = "default") -> Session:
    """Connect to the Dash API (or ``api_url``) and choose ``brand_id`` (or the first brand)."""
    from dashdesk.api import DashClient

    client = DashClient(api_key, api_url=api_url or None)
    try:
        brands = await identify(client)
        bid, name = _pick_brand(brands, brand_id)
    except BaseException:
        await client.aclose()
        raise
    return Session(client, bid, name, brands, account=account, api_url=api_url)


async def open_sandbox(folder: Path | None = None) -> Session:
    """Start the embedded sandbox, persisted in the data folder and seeded with demo data once."""
    import asyncio

    from dashdesk.api import DashClient
    from dashdesk.sandbox.server import SandboxServer

    folder = folder or data_dir() / "sandbox"
    folder.mkdir(parents=True, exist_ok=True)
    server = SandboxServer(db_path=folder / "sandbox.db", seed_demo=True)
    url = await asyncio.to_thread(server.start)
    client = DashClient(server.api_key, api_url=url)
    try:
        brands = await identify(client)
        bid, name = _pick_brand(brands, server.brand_id)
    except BaseException:
        await client.aclose()
        await asyncio.to_thread(server.stop)
        raise
    return Session(client, bid, name, brands, sandbox=server, account=SANDBOX_ACCOUNT, api_url=url)
