"""Media fix UI: the fix dialog (findings, preview, progress, cancel), the crop and trim editors, and
the worker that runs fixes off the UI thread. The fixes themselves are Qt-free (:mod:`dashdesk.media.fix`).
"""

from __future__ import annotations

from .crop_editor import CropEditor
from .dialog import FixDialog, findings_for, verdict_word
from .runner import FixRunner
from .trim_editor import TrimEditor

__all__ = ["CropEditor", "FixDialog", "FixRunner", "TrimEditor", "findings_for", "verdict_word"]
