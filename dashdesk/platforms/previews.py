"""How each platform lays out a post in its feed, as data: frame shape, media aspect, caption fold.

The preview widgets (``dashdesk.ui.previews``) draw from this table; nothing here imports Qt. The
figures follow each platform's current web/mobile design approximately (observed layouts, not a
published specification): where a platform cuts a caption in the feed and what the cut says, the
aspect ratio it shows media at, and how many images its grid holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dashdesk.i18n import N_, tr


class Family(StrEnum):
    """The kind of frame a preview is drawn in."""

    FEED = "feed"  # a card in a scrolling feed: header, text, media, actions
    VERTICAL = "vertical"  # a full-screen 9:16 video/story with the caption over it
    VIDEO_PAGE = "video_page"  # a watch page: 16:9 player, title, description fold
    PIN = "pin"  # a pin close-up: media at its own ratio, title, link, board


@dataclass(frozen=True, slots=True)
class Fold:
    """Where a platform cuts text in the feed: after ``chars`` characters or ``lines`` lines
    (whichever comes first); ``label`` is what the cut shows. ``chars=0`` means never cut."""

    chars: int = 0
    lines: int = 0
    label: str = ""


@dataclass(frozen=True, slots=True)
class Layout:
    """One platform and post type's preview layout."""

    platform: str
    post_type: str | None
    family: Family
    aspect: float  # media width / height as the feed shows it (0: the media's own ratio)
    fold: Fold
    max_grid: int = 1  # images shown at once in the card (a grid); more become a carousel or "+n"
    carousel: bool = False  # several media are stepped through one at a time (dots)
    text_over_media: bool = False  # the caption sits over the media (vertical formats)
    text_first: bool = True  # the text comes above the media (X, LinkedIn...) rather than below


NO_FOLD = Fold()

# (platform, post type) -> layout. ``None`` post type: the platform has one.
LAYOUTS: dict[tuple[str, str | None], Layout] = {
    # Instagram cuts feed captions after about two lines (~125 characters) with "… more"; a single
    # image shows at 4:5 at most (1:1 as drawn here), a carousel steps with dots under the media.
    ("instagram", "FEED"): Layout("instagram", "FEED", Family.FEED, 1.0, Fold(125, 2, N_("… more")),
                                  carousel=True, text_first=False),
    ("instagram", "REEL"): Layout("instagram", "REEL", Family.VERTICAL, 9 / 16, Fold(55, 1, N_("… more")),
                                  text_over_media=True),
    ("instagram", "STORY"): Layout("instagram", "STORY", Family.VERTICAL, 9 / 16, Fold(80, 2, N_("… more")),
                                   carousel=True, text_over_media=True),
    # Facebook shows about five lines (~480 characters) before "… See more".
    ("facebook", "POST"): Layout("facebook", "POST", Family.FEED, 1.0, Fold(480, 5, N_("… See more")), max_grid=4),
    ("facebook", "REEL"): Layout("facebook", "REEL", Family.VERTICAL, 9 / 16, Fold(60, 2, N_("… See more")),
                                 text_over_media=True),
    ("tiktok", None): Layout("tiktok", None, Family.VERTICAL, 9 / 16, Fold(70, 2, N_("… more")),
                             carousel=True, text_over_media=True),
    # YouTube: the description under the player folds after ~3 lines with "...more".
    ("youtube", None): Layout("youtube", None, Family.VIDEO_PAGE, 16 / 9, Fold(160, 3, N_("...more"))),
    # X shows the whole standard post; 1–4 images in a grid, 16:9 for one.
    ("twitter", None): Layout("twitter", None, Family.FEED, 16 / 9, NO_FOLD, max_grid=4),
    ("threads", None): Layout("threads", None, Family.FEED, 4 / 5, NO_FOLD, carousel=True),
    # LinkedIn cuts after about three lines (~210 characters) with "…see more".
    ("linkedin", None): Layout("linkedin", None, Family.FEED, 1.0, Fold(210, 3, N_("…see more")), max_grid=4),
    ("snapchat", "STORY"): Layout("snapchat", "STORY", Family.VERTICAL, 9 / 16, NO_FOLD, carousel=True,
                                  text_over_media=True),
    ("snapchat", "SPOTLIGHT"): Layout("snapchat", "SPOTLIGHT", Family.VERTICAL, 9 / 16, Fold(60, 2, N_("… more")),
                                      text_over_media=True),
    # A pin keeps its media's own ratio (2:3 recommended); its description folds after ~2 lines.
    ("pinterest", None): Layout("pinterest", None, Family.PIN, 2 / 3, Fold(100, 2, N_("… more"))),
    ("bluesky", None): Layout("bluesky", None, Family.FEED, 16 / 9, NO_FOLD, max_grid=4),
}


def layout_for(platform: str, post_type: str | None) -> Layout:
    """The layout of ``platform``'s ``post_type`` (its first one when the type is unknown)."""
    found = LAYOUTS.get((platform, post_type))
    if found is not None:
        return found
    for (p, _t), layout in LAYOUTS.items():
        if p == platform:
            return layout
    raise KeyError(platform)


@dataclass(frozen=True, slots=True)
class Folded:
    """Text as the feed shows it: ``shown`` (without the label) and whether it was ``cut``."""

    shown: str
    cut: bool
    label: str = ""


def fold_text(text: str, fold: Fold, *, line_chars: int | None = None) -> Folded:
    """Cut ``text`` where ``fold`` says, at a word boundary where one is close.

    ``line_chars`` (characters per line in the drawn width) lets a long unbroken paragraph count as
    several lines; by default only line breaks count.
    """
    text = text.rstrip()
    if not fold.chars or not text:
        return Folded(text, False)
    limit = fold.chars
    if fold.lines:
        used = 0
        pos = 0
        for line in text.split("\n"):
            width = max(1, -(-len(line) // line_chars)) if line_chars else 1
            if used + width > fold.lines:
                room = (fold.lines - used) * line_chars if line_chars else 0
                limit = min(limit, pos + max(0, room))
                break
            used += width
            pos += len(line) + 1
    if len(text) <= limit:
        return Folded(text, False)
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit * 0.6:
        cut = cut[:space]
    return Folded(cut.rstrip(" \n,.;:"), True, tr(fold.label))


def grid_cells(count: int) -> list[tuple[float, float, float, float]]:
    """Cells (x, y, w, h in 0..1 of the media box) of a 1–4 image grid as X, Bluesky and Facebook draw it."""
    if count <= 1:
        return [(0, 0, 1, 1)]
    if count == 2:
        return [(0, 0, 0.5, 1), (0.5, 0, 0.5, 1)]
    if count == 3:
        return [(0, 0, 0.5, 1), (0.5, 0, 0.5, 0.5), (0.5, 0.5, 0.5, 0.5)]
    return [(0, 0, 0.5, 0.5), (0.5, 0, 0.5, 0.5), (0, 0.5, 0.5, 0.5), (0.5, 0.5, 0.5, 0.5)]


def format_clock(seconds: float | None) -> str:
    """A video duration as players show it: ``0:07``, ``12:03``, ``1:02:03``."""
    if seconds is None or seconds < 0:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def initials(name: str) -> str:
    """Up to two initials of a brand name for its avatar (``"?"`` without a name)."""
    words = [w for w in name.replace("_", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    return (words[0][0] + (words[1][0] if len(words) > 1 else "")).upper()


def handle_of(name: str) -> str:
    """The brand name as a handle (lower case, no spaces), as feeds show it under the name."""
    handle = "".join(ch for ch in name.lower() if ch.isalnum() or ch in "._")
    return handle or "brand"




def first_link(text: str) -> str:
    """The first web address in ``text`` (X and others draw a link card for it), or ``""``."""
    import re

    found = re.search(r"https?://[^\s<>\"']+", text or "")
    return found.group(0).rstrip(").,;:!?") if found else ""


def domain_of(url: str) -> str:
    """The host of ``url`` without ``www.``, as link cards show it."""
    from urllib.parse import urlsplit

    host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.")


__all__ = ["LAYOUTS", "NO_FOLD", "Family", "Fold", "Folded", "Layout", "domain_of", "first_link", "fold_text",
           "format_clock", "grid_cells", "handle_of", "initials", "layout_for"]
