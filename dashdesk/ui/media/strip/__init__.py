"""The media strip: a post's media in order, added by drop, dialog, paste, URL or from the Library.

The package's rooms:

* :mod:`.item`: :class:`StripItem` and :class:`ItemState` (one item and what it shows), and how an
  upload's state maps onto an item's;
* :mod:`.model`: :class:`MediaStripModel`, the items in ``media_ids`` order;
* :mod:`.delegate`: :class:`StripDelegate`, which paints one tile;
* :mod:`.view`: :class:`StripView`, the horizontal list that takes drops and reorders by drag;
* :mod:`.tracker`: :class:`StripTracker`, the work behind each item (inspect, check, upload);
* :mod:`.widget`: :class:`MediaStrip`, the widget a composer uses (see its module docstring).
"""

from dashdesk.media.attached import AttachedMedia

from .delegate import StripDelegate
from .item import FILE_FILTER, ItemState, StripItem, state_for_upload
from .model import ROW_MIME, ItemRole, MediaStripModel
from .tracker import StripTracker
from .view import StripView
from .widget import MediaStrip

__all__ = [
    "FILE_FILTER",
    "ROW_MIME",
    "AttachedMedia",
    "ItemRole",
    "ItemState",
    "MediaStrip",
    "MediaStripModel",
    "StripDelegate",
    "StripItem",
    "StripTracker",
    "StripView",
    "state_for_upload",
]
