"""Base URLs of the Dash services the client talks to."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from dashdesk.secure_transport import check_origin

DEFAULT_SCHEDULER = "https://scheduler.dashsocial.com"
DEFAULT_LIBRARY = "https://library-backend.dashsocial.com"
DEFAULT_AUTH = "https://auth.dashsocial.com"
DEFAULT_PINTEREST = "https://pinterest.dashsocial.com"


def _origin(url: str) -> tuple[str, str, int | None]:
    parsed = httpx.URL(url)
    return (parsed.scheme, parsed.host, parsed.port)


@dataclass(frozen=True)
class Hosts:
    """The four Dash hosts; defaults are the real ones, each overridable (e.g. by the sandbox)."""

    scheduler: str = DEFAULT_SCHEDULER
    library: str = DEFAULT_LIBRARY
    auth: str = DEFAULT_AUTH
    pinterest: str = DEFAULT_PINTEREST

    def __post_init__(self) -> None:
        for name in ("scheduler", "library", "auth", "pinterest"):
            value = getattr(self, name).rstrip("/")
            if not value.startswith(("http://", "https://")):
                raise ValueError(f"{name} host must be an http(s) URL, got {value!r}")
            check_origin(value)  # the key goes to these hosts: TLS, or plain HTTP on this computer only
            object.__setattr__(self, name, value)

    @classmethod
    def single(cls, origin: str) -> Hosts:
        """Point every service at one origin, such as a running sandbox."""
        return cls(scheduler=origin, library=origin, auth=origin, pinterest=origin)

    def origins(self) -> frozenset[tuple[str, str, int | None]]:
        """The (scheme, host, port) triples the API key may be sent to."""
        return frozenset(_origin(u) for u in (self.scheduler, self.library, self.auth, self.pinterest))

    def is_dash_url(self, url: httpx.URL | str) -> bool:
        """True when ``url`` points at one of these hosts (so it may carry the API key)."""
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
        return (parsed.scheme, parsed.host, parsed.port) in self.origins()
