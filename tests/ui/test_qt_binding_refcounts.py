"""The installed Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 on CPython 3.11 loses a reference to ``True`` on every ``Signal.emit()`` and to
``None`` on every call of a ``void`` C++ method, and the interpreter aborts ("bool_dealloc") after a
few hundred emits. pyproject.toml therefore excludes 6.12; this test fails if such a build comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(int)


def test_emit_and_void_calls_keep_true_and_none_references() -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.changed.connect(seen.append)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(200):
        emitter.changed.emit(n)
        emitter.setObjectName("x")
    assert len(seen) == 200
    assert sys.getrefcount(True) >= true_before - 20
    assert sys.getrefcount(None) >= none_before - 20
