"""The composer: one dialog to write a post for one or more platforms, with every rule shown live.

The app uses :class:`ComposerDialog` (``MainWindow.open_composer``) and calls
:func:`restore_composers` once at start to offer the posts a crash or kill left unsaved.
"""

from dashdesk.store.autosave import pending_restores

from .dialog import ComposerDialog
from .restore import RestoreDialog, keep_open_composers, offer_restores, restore_composers
from .state import ComposerState, MediaItem

__all__ = [
    "ComposerDialog",
    "ComposerState",
    "MediaItem",
    "RestoreDialog",
    "keep_open_composers",
    "offer_restores",
    "pending_restores",
    "restore_composers",
]
