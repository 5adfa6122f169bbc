"""A guard against reference-count bugs in PySide6 6.12 on CPython 3.11 (True and None run out).

Measured with PySide6 6.12.0 on CPython 3.11.7:

* ``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so every emit from
  Python lowers ``True``'s reference count by one;
* calling a C++ method that returns ``void`` (``setObjectName``, ``setText``...) returns ``None``
  without a reference, so every such call lowers ``None``'s count by one.

``True`` starts near 600 references and ``None`` near a few tens of thousands, so a running app soon
aborts with "Fatal Python error: bool_dealloc" or "none_dealloc". CPython 3.12+ makes these objects
immortal, where the bugs are harmless.

:func:`protect_singletons` checks for each bug with throw-away objects and, only when present, gives
the affected singletons (``True``, ``False``, ``None``) a huge reference count once, which makes them
immortal in practice, as on 3.12. They are static objects that are never freed anyway, so nothing
else changes. The guard is process-wide and belongs at application start-up; ``dashdesk.ui.media``
calls it on import.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

__all__ = ["emit_drops_true", "protect_singletons", "void_call_drops_none"]

_BUMP = 1 << 40
_protected: set[str] = set()


class _Probe(QObject):
    ping = Signal()


def emit_drops_true() -> bool:
    """Whether ``Signal.emit()`` loses a reference to ``True`` here."""
    probe = _Probe()
    probe.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.ping.emit()
    return sys.getrefcount(True) <= before - 16


def void_call_drops_none() -> bool:
    """Whether calling a ``void`` C++ method loses a reference to ``None`` here."""
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - 16


def _immortalize(value: object) -> None:
    # ob_refcnt is the first field of every object (a Py_ssize_t), at the object's address.
    ctypes.c_ssize_t.from_address(id(value)).value += _BUMP


def protect_singletons() -> list[str]:
    """Make the singletons the bugs drain immortal; returns which were protected now."""
    if sys.version_info >= (3, 12):
        return []
    done: list[str] = []
    if "bool" not in _protected and emit_drops_true():
        _immortalize(True)
        _immortalize(False)
        _protected.add("bool")
        done.append("bool")
    if "none" not in _protected and void_call_drops_none():
        _immortalize(None)
        _protected.add("none")
        done.append("none")
    return done
