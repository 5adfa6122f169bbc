"""Keeping the API key out of reprs, logs, exception messages and tracebacks."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from dashdesk.api.hosts import Hosts

REDACTED = "***"


class ApiKey:
    """An API key wrapper whose ``repr``/``str`` never show the key; call :meth:`reveal` to use it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        value = (value or "").strip()
        if not value:
            raise ValueError("an API key is required")
        self._value = value

    def reveal(self) -> str:
        """Return the key itself, for the Authorization header only."""
        return self._value

    def redact(self, text: str) -> str:
        """Return ``text`` with every occurrence of the key replaced by ``***``."""
        return text.replace(self._value, REDACTED) if self._value in text else text

    def __repr__(self) -> str:
        return f"ApiKey({REDACTED})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("ApiKey", self._value))

    def __reduce__(self) -> object:  # never pickle the key by accident
        raise TypeError("ApiKey cannot be pickled")


class DashBearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <key>`` only to requests bound for a Dash host.

    A presigned upload URL (S3) or a paging link pointing elsewhere never receives the key.
    """

    def __init__(self, key: ApiKey, hosts: Hosts) -> None:
        self._key = key
        self._hosts = hosts

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._hosts.is_dash_url(request.url):
            request.headers["Authorization"] = f"Bearer {self._key.reveal()}"
        yield request

    def __repr__(self) -> str:
        return f"DashBearerAuth({REDACTED})"
