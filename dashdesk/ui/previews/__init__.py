"""Previews drawn in each platform's own layout, the side-by-side view, and the Instagram grid planner.

* :mod:`.widget`: :class:`PlatformPreview`, one post in one platform's layout (carousel stepping).
* :mod:`.feed`, :mod:`.vertical`, :mod:`.pages`: the drawing of each platform family.
* :mod:`.media`: the real pictures (local files, Library and posts' media; a video's frame and length),
  decoded off the UI thread.
* :mod:`.side_by_side`: every chosen platform's preview next to each other.
* :mod:`.grid_planner`: the brand's Instagram grid as it will look; drag to swap times.

The layout figures (aspect ratios, where captions fold) are data in :mod:`dashdesk.platforms.previews`.
"""

from __future__ import annotations

from .paint import PreviewItem, PreviewPost, any_to_item
from .widget import NOTE, PlatformPreview, multimedia_available

__all__ = ["NOTE", "PlatformPreview", "PreviewItem", "PreviewPost", "any_to_item", "multimedia_available"]
