"""DashDesk ui layer (PySide6 widgets, models and views).

Importing it applies :func:`keep_none_alive`, a guard against a shiboken6 6.12 defect on
Python 3.11.
"""

from __future__ import annotations

import sys


def keep_none_alive() -> None:
    """Stop ``None`` (and ``True``/``False``) from being deallocated under PySide6 6.12 on Python < 3.12.

    shiboken6 6.12 returns ``None`` from every void method (``QPainter.setPen``, ``QRect.setWidth``,
    ``QObject.setObjectName`` …) without adding a reference, as if ``None`` were immortal (it is only
    from Python 3.12). Each call then drops one reference, and after a few thousand calls Python
    aborts with "none_dealloc: deallocating None". Giving ``None`` a huge reference count makes it
    effectively immortal, as it is on 3.12+. Measured: ``sys.getrefcount(None)`` falls by exactly
    one per void call on 3.11 with 6.12.0.
    """
    if sys.version_info >= (3, 12):
        return
    import ctypes

    # ``SignalInstance.emit()`` likewise returns ``True`` without a reference (see
    # dashdesk.ui.media._pyside_fix, which measured it), so True and False get the same treatment.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < 1 << 40:
            refcount.value += 1 << 50


keep_none_alive()
