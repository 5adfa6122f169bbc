"""The sandbox: a local server that speaks the Dash API contract (scheduler, library, auth, Pinterest).

Start one in-process with :class:`dashdesk.sandbox.server.SandboxServer`, or from a shell with
``python -m dashdesk.sandbox --help``. Every route, rule and assumption is described in
``dashdesk/sandbox/README.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dashdesk.sandbox.app import create_app
    from dashdesk.sandbox.config import SandboxConfig
    from dashdesk.sandbox.faults import Faults
    from dashdesk.sandbox.server import SandboxServer

__all__ = ["Faults", "SandboxConfig", "SandboxServer", "create_app"]

_LAZY = {
    "create_app": "dashdesk.sandbox.app",
    "SandboxConfig": "dashdesk.sandbox.config",
    "Faults": "dashdesk.sandbox.faults",
    "SandboxServer": "dashdesk.sandbox.server",
}


def __getattr__(name: str) -> Any:
    """Import the public names lazily (keeps ``import dashdesk.sandbox`` cheap)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
