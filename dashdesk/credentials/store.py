"""API key and brand per account in the OS keyring, with a session-only fallback.

The key is written only to the keyring (never to files, logs or QSettings). Every keyring call
runs in an executor, because backends may block (D-Bus, an unlock prompt).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, KeyringLocked, NoKeyringError, PasswordDeleteError

from dashdesk.i18n import tr

log = logging.getLogger(__name__)

SERVICE_NAME = "DashDesk"
T = TypeVar("T")


@dataclass(frozen=True)
class Credentials:
    """What DashDesk remembers for one account; ``repr`` never shows the key."""

    account: str
    api_key: str = field(repr=False)
    brand_id: int | None = None

    def __repr__(self) -> str:
        return f"Credentials(account={self.account!r}, api_key=***, brand_id={self.brand_id!r})"


class _BackendUnusable(Exception):
    """Internal: the keyring cannot keep secrets; ``args[0]`` is the reason for a person."""


def _unusable_reason(backend: KeyringBackend) -> str | None:
    """Why this backend cannot store secrets, or ``None`` when it looks usable."""
    if isinstance(backend, keyring.backends.fail.Keyring):
        return "no system keyring (such as GNOME Keyring, KWallet, macOS Keychain) is available"
    if isinstance(backend, keyring.backends.null.Keyring):
        return "the system keyring is turned off (null keyring backend)"
    if isinstance(backend, keyring.backends.chainer.ChainerBackend) and not backend.backends:
        return "no system keyring (such as GNOME Keyring, KWallet, macOS Keychain) is available"
    return None


def _reason_for(exc: BaseException) -> str:
    if isinstance(exc, KeyringLocked):
        return "the system keyring is locked and was not unlocked"
    if isinstance(exc, NoKeyringError):
        return "no system keyring (such as GNOME Keyring, KWallet, macOS Keychain) is available"
    if isinstance(exc, keyring.errors.InitError):
        return tr("the system keyring could not be opened")
    return tr("the system keyring refused the request ({error})", error=type(exc).__name__)


def _encode(api_key: str, brand_id: int | None) -> str:
    return json.dumps({"api_key": api_key, "brand_id": brand_id})


def _decode(account: str, secret: str) -> Credentials:
    """Read a stored entry; a plain string (set by hand) is taken as the key alone."""
    try:
        data: Any = json.loads(secret)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("api_key"), str):
        brand = data.get("brand_id")
        brand_id = int(brand) if isinstance(brand, int | str) and str(brand).isdigit() else None
        return Credentials(account, data["api_key"], brand_id)
    return Credentials(account, secret.strip(), None)


class CredentialStore:
    """Async store of :class:`Credentials` per account (service name ``DashDesk``).

    When no usable keyring exists (headless Linux, locked keychain, refused unlock) it keeps the
    credentials in memory for this session only: ``session_only`` turns true and ``reason``
    explains why in words a person understands.
    """

    def __init__(
        self,
        *,
        service: str = SERVICE_NAME,
        backend: KeyringBackend | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.service = service
        self._backend = backend
        self._executor = executor
        self._lock = asyncio.Lock()
        self._memory: dict[str, Credentials] = {}
        self.session_only = False
        self.reason: str | None = None

    def __repr__(self) -> str:
        return f"CredentialStore(service={self.service!r}, session_only={self.session_only})"

    @property
    def notice(self) -> str | None:
        """A sentence for the person when keys are not being remembered, else ``None``."""
        if not self.session_only:
            return None
        return (
            tr("DashDesk cannot save your API key because {reason}. It is kept for this session only; you will be "
               "asked for it again next time.",
               reason=self.reason)
        )

    async def check_backend(self) -> bool:
        """Probe the keyring once; True when keys will be remembered across sessions."""
        if not self.session_only:
            with contextlib.suppress(_BackendUnusable):
                await self._call(lambda backend: None)
        return not self.session_only

    async def save(self, account: str, api_key: str, brand_id: int | None = None) -> None:
        """Remember ``api_key`` and ``brand_id`` for ``account``."""
        creds = Credentials(account, api_key, brand_id)
        self._memory[account] = creds
        if self.session_only:
            return
        secret = _encode(api_key, brand_id)
        try:
            await self._call(lambda backend: backend.set_password(self.service, account, secret))
        except _BackendUnusable:
            return
        # stored in the keyring: do not also keep it in memory longer than needed
        self._memory.pop(account, None)

    async def load(self, account: str) -> Credentials | None:
        """The credentials saved for ``account``, or ``None``."""
        if self.session_only:
            return self._memory.get(account)
        try:
            secret = await self._call(lambda backend: backend.get_password(self.service, account))
        except _BackendUnusable:
            return self._memory.get(account)
        return _decode(account, secret) if secret else None

    async def delete(self, account: str) -> None:
        """Forget ``account`` (no error when nothing was saved)."""
        self._memory.pop(account, None)
        if self.session_only:
            return
        try:
            await self._call(lambda backend: _delete_quietly(backend, self.service, account))
        except _BackendUnusable:
            return

    async def _call(self, work: Callable[[KeyringBackend], T]) -> T:
        """Run ``work(backend)`` in the executor; an unusable backend switches to session-only."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            try:
                return await loop.run_in_executor(self._executor, self._run, work)
            except _BackendUnusable as exc:
                self._fall_back(str(exc))
                raise
            except (KeyringError, OSError, RuntimeError) as exc:
                # never log the exception text: a backend might echo what it was given
                log.warning("keyring %s failed: %s", self.service, type(exc).__name__)
                self._fall_back(_reason_for(exc))
                raise _BackendUnusable(self.reason) from None

    def _run(self, work: Callable[[KeyringBackend], T]) -> T:
        backend = self._backend or keyring.get_keyring()
        reason = _unusable_reason(backend)
        if reason is not None:
            raise _BackendUnusable(reason)
        return work(backend)

    def _fall_back(self, reason: str) -> None:
        if not self.session_only:
            log.warning("keeping credentials for this session only: %s", reason)
        self.session_only = True
        self.reason = reason


def _delete_quietly(backend: KeyringBackend, service: str, account: str) -> None:
    with contextlib.suppress(PasswordDeleteError):
        backend.delete_password(service, account)
