"""LazyClient: the API client of a saved-key start is built on first use (after the first paint)."""

from __future__ import annotations

import asyncio

from dashdesk.services.session import LazyClient


def test_built_on_first_use_and_closed_only_if_built() -> None:
    lazy = LazyClient("secret-key", api_url="http://127.0.0.1:9")
    assert lazy._client is None
    assert "secret-key" not in repr(lazy)
    asyncio.run(lazy.aclose())  # nothing built: nothing to close
    assert lazy._client is None

    fetch = lazy.fetch_range  # first use builds the DashClient
    from dashdesk.api import DashClient

    assert isinstance(lazy.client, DashClient)
    assert callable(fetch)
    assert lazy.client is lazy.client
    asyncio.run(lazy.aclose())


def test_private_names_are_not_forwarded() -> None:
    lazy = LazyClient("k")
    try:
        lazy._missing  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("private attribute lookups must not build the client")
    assert lazy._client is None


def test_key_given_after_construction() -> None:
    """The start-up paints before it reads the keyring: the key arrives later, before any request."""
    import pytest

    lazy = LazyClient(None, api_url="http://127.0.0.1:9")
    assert not lazy.has_key
    with pytest.raises(RuntimeError, match="not been read"):
        lazy.fetch_range  # noqa: B018
    assert lazy._client is None
    lazy.set_key("later-key")
    assert lazy.has_key and "later-key" not in repr(lazy)
    assert lazy.client is not None
    with pytest.raises(RuntimeError, match="already built"):
        lazy.set_key("another-key")
    asyncio.run(lazy.aclose())
