"""The guard against PySide6 6.12 draining True/None on CPython 3.11 keeps long sessions alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import dashdesk.ui.media  # noqa: F401  (installs the guard)
from dashdesk.ui.media._pyside_fix import protect_singletons


class _Emitter(QObject):
    changed = Signal(int)


def test_many_emits_and_void_calls_survive() -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.changed.connect(seen.append)
    for n in range(20_000):  # far more than True's natural reference count
        emitter.changed.emit(n)
        emitter.setObjectName("x")
    assert len(seen) == 20_000
    assert sys.getrefcount(True) > 1000 and sys.getrefcount(None) > 1000


def test_guard_is_idempotent() -> None:
    assert protect_singletons() == []
