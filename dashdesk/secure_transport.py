"""How DashDesk talks to the network: the API key only over TLS, the OS trust store, the usual proxies.

* An API origin must be ``https://``; plain ``http://`` is accepted only for this computer (the
  sandbox, a local proxy): :func:`check_origin` refuses anything else before a connection is opened.
* Certificates are always verified, against the operating system's trust store (``truststore``, as
  pip does): a corporate root CA installed in Windows, macOS Keychain or the Linux system bundle works
  without extra settings.
* ``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` are honoured (httpx reads them when a
  client is built without its own transport); loopback addresses never go through a proxy.

Every HTTP client of the app and of the headless commands takes its options from
:func:`client_options`. Qt-free and cheap to import (``truststore``/``ssl`` load on first use), so
the app can check an address before it imports the API layer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dashdesk.i18n import tr

if TYPE_CHECKING:
    import ssl

LOOPBACK_MOUNTS = ("all://127.0.0.1", "all://localhost", "all://[::1]")
"""URL patterns that bypass any proxy (httpx mounts): the sandbox and local proxies are on this computer."""


class InsecureOriginError(ValueError):
    """An ``http://`` API origin that is not this computer: the key would travel in clear text."""

    def __init__(self, url: str) -> None:
        host = urlsplit(url).hostname or url
        self.url = url
        super().__init__(
            tr("DashDesk sends your API key only over an encrypted connection, so it won't use http://{host}. Use the "
               "address that starts with https:// instead (plain http:// is accepted only for this computer, such as "
               "a local test server or proxy).",
               host=host)
        )

    def user_message(self) -> str:
        """The plain message (what is wrong and what to do)."""
        return str(self)


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` names this computer: ``localhost`` (RFC 6761) or a loopback IP. No DNS lookup."""
    if not host:
        return False
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    import ipaddress  # not needed before the start-up's first paint

    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def check_origin(url: str) -> str:
    """Return ``url`` if the API key may be sent to it; raise :class:`InsecureOriginError` if not.

    ``https://`` anywhere; ``http://`` only on a loopback host. (Other schemes are the caller's to refuse.)
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname):
        raise InsecureOriginError(url)
    return url


def origin_problem(url: str | None) -> str | None:
    """The plain message refusing ``url`` as an API origin, or ``None`` when it is fine (or empty)."""
    if not url:
        return None
    try:
        check_origin(url)
    except InsecureOriginError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1)
def ssl_context() -> ssl.SSLContext:
    """A client TLS context that verifies certificates against the operating system's trust store."""
    import ssl  # ~8 ms: not before the start-up's first paint

    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def client_options(**extra: Any) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client``/``AsyncClient``: verified TLS, proxy variables, loopback direct.

    A caller that passes its own ``transport`` (tests) loses the proxy variables: httpx reads them only
    for the transports it builds itself.
    """
    options: dict[str, Any] = {"verify": ssl_context(), "trust_env": True,
                               "mounts": dict.fromkeys(LOOPBACK_MOUNTS)}
    options.update(extra)
    return options


__all__ = [
    "InsecureOriginError",
    "check_origin",
    "client_options",
    "is_loopback_host",
    "origin_problem",
    "ssl_context",
]
