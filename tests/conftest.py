"""Shared test set-up: offscreen Qt, an in-memory keyring, and the loopback sandbox."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps secrets in a dict, so tests never touch the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True, scope="session")
def _no_automatic_gc():
    """Keep Python's cyclic collector off the other threads for the session.

    The collector runs in whichever thread happens to allocate, such as the sandbox's server thread;
    a QObject with timers finalised there makes Qt warn ("Timers cannot be stopped from another
    thread"), which fails an unrelated test. As qutebrowser does, collect on the Qt thread instead.
    """
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def collect_garbage_on_main_thread():
    """Collect each test's garbage after it, on the Qt thread."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def memory_keyring() -> MemoryKeyring:
    """Every test gets a fresh in-memory keyring backend."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


# --- The loopback sandbox (owned by the sandbox engineer) -----------------------------------------

SANDBOX_OTHER_KEY = "sandbox-other-key"
SANDBOX_OTHER_BRAND = 145


@pytest.fixture(scope="session")
def sandbox_server():
    """One in-memory sandbox for the whole session, on a free loopback port.

    Its key (``.api_key``) belongs to brand ``.brand_id`` (144); a second key ``SANDBOX_OTHER_KEY``
    belongs to brand 145, for "another brand" cases.
    """
    from dashdesk.sandbox.server import SandboxServer

    server = SandboxServer(extra_keys={SANDBOX_OTHER_KEY: (SANDBOX_OTHER_BRAND,)})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server):
    """The session's sandbox, reset for this test: empty store, no faults, real time, fresh rate limits."""
    return sandbox_server.reset()


# --- Qt + asyncio ------------------------------------------------------------------------------------


@pytest.fixture
def qloop(qapp) -> Iterator[Any]:
    """A qasync event loop on the test QApplication, closed (its leftover tasks cancelled) afterwards."""
    import PySide6  # noqa: F401  (qasync picks the binding that is already imported)
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def run(qloop) -> Callable[..., Any]:
    """``run(scenario())`` runs a coroutine on the Qt loop (Qt and asyncio together) and returns its result."""

    def runner(coro: Coroutine[Any, Any, Any], timeout: float = 60) -> Any:
        return qloop.run_until_complete(asyncio.wait_for(coro, timeout))

    return runner
