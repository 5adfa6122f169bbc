"""Credentials in the keyring (the in-memory test backend), and the session-only fallback."""

from __future__ import annotations

import json
import logging
import threading

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import InitError, KeyringLocked, NoKeyringError, PasswordSetError

from dashdesk.credentials import SERVICE_NAME, Credentials, CredentialStore

KEY = "sk_live_VERY_SECRET_987"


@pytest.mark.asyncio
async def test_save_load_delete_round_trip(memory_keyring) -> None:
    store = CredentialStore()
    await store.save("work", KEY, 144)
    assert json.loads(memory_keyring.store[(SERVICE_NAME, "work")]) == {"api_key": KEY, "brand_id": 144}
    loaded = await store.load("work")
    assert loaded == Credentials("work", KEY, 144)
    assert await store.load("other") is None
    await store.delete("work")
    assert await store.load("work") is None
    await store.delete("work")  # deleting twice is fine
    assert not store.session_only and store.notice is None


@pytest.mark.asyncio
async def test_accounts_are_kept_apart() -> None:
    store = CredentialStore()
    await store.save("a", "key-a", 1)
    await store.save("b", "key-b", None)
    assert (await store.load("a")).api_key == "key-a"  # type: ignore[union-attr]
    assert (await store.load("b")) == Credentials("b", "key-b", None)


@pytest.mark.asyncio
async def test_a_plain_string_entry_is_read_as_the_key(memory_keyring) -> None:
    memory_keyring.store[(SERVICE_NAME, "manual")] = KEY
    assert await CredentialStore().load("manual") == Credentials("manual", KEY, None)


@pytest.mark.asyncio
async def test_keyring_calls_run_off_the_event_loop_thread() -> None:
    threads: list[int] = []

    class Watching(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            threads.append(threading.get_ident())
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            threads.append(threading.get_ident())

        def delete_password(self, service: str, username: str) -> None:
            threads.append(threading.get_ident())

    keyring.set_keyring(Watching())
    store = CredentialStore()
    await store.save("a", KEY)
    await store.load("a")
    await store.delete("a")
    assert len(threads) == 3 and threading.get_ident() not in threads


def test_repr_never_shows_the_key() -> None:
    assert KEY not in repr(Credentials("a", KEY, 1)) and KEY not in str(Credentials("a", KEY, 1))


class Failing(KeyringBackend):
    """A backend whose every call raises the given error."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("backend", "reason_word"),
    [
        (keyring.backends.fail.Keyring(), "no system keyring"),
        (keyring.backends.null.Keyring(), "turned off"),
        (Failing(NoKeyringError()), "no system keyring"),
        (Failing(KeyringLocked("locked")), "locked"),
        (Failing(InitError("dbus")), "could not be opened"),
        (Failing(PasswordSetError("user refused unlock")), "refused"),
    ],
)
async def test_no_usable_backend_keeps_the_key_for_this_session_only(
    backend: KeyringBackend, reason_word: str, caplog: pytest.LogCaptureFixture, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)
    keyring.set_keyring(backend)
    store = CredentialStore()
    await store.save("work", KEY, 7)
    assert store.session_only
    assert store.reason and reason_word in store.reason
    assert store.notice and "this session only" in store.notice
    assert await store.load("work") == Credentials("work", KEY, 7)
    await store.delete("work")
    assert await store.load("work") is None
    assert KEY not in caplog.text
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


@pytest.mark.asyncio
async def test_check_backend_reports_up_front() -> None:
    assert await CredentialStore().check_backend() is True
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    assert await store.check_backend() is False and store.session_only


@pytest.mark.asyncio
async def test_an_explicit_backend_wins_over_the_global_one(memory_keyring) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore(backend=memory_keyring)
    await store.save("x", KEY)
    assert not store.session_only and (SERVICE_NAME, "x") in memory_keyring.store
