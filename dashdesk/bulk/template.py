"""The template the app saves for people to fill in: every column and one example row per platform."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from .columns import ALL_COLUMNS

_EXAMPLES: tuple[dict[str, str], ...] = (
    {"platform": "Instagram", "post_type": "FEED", "mode": "schedule", "time": "2030-03-10 15:00",
     "timezone": "Europe/Paris", "text": "Launching our new product today!", "media": "images/launch.jpg",
     "first_comment": "Let us know what you think"},
    {"platform": "X", "mode": "schedule", "time": "2030-03-10T15:00:00+01:00",
     "text": "Launching something new today"},
    {"platform": "Facebook", "post_type": "POST", "mode": "draft", "text": "Check out our newest launch!",
     "link": "https://example.com/launch"},
    {"platform": "TikTok", "mode": "schedule", "time": "2030-03-11 18:00", "text": "Behind the scenes",
     "media": "videos/bts.mp4", "disable_comment": "false", "disable_duet": "false", "disable_stitch": "false"},
    {"platform": "YouTube", "mode": "schedule", "time": "2030-03-12 17:00", "title": "Product Launch",
     "text": "Watch our newest launch announcement.", "media": "videos/launch.mp4", "made_for_kids": "false"},
    {"platform": "Pinterest", "mode": "schedule", "time": "2030-03-12 20:45", "title": "Linen blazer ideas",
     "text": "Styled three ways for spring.", "media": "https://example.com/pins/blazer.jpg",
     "board": "Spring Style Inspiration", "link": "https://example.com/products/blazer"},
    {"platform": "Snapchat", "post_type": "SPOTLIGHT", "mode": "schedule", "time": "2030-03-12 18:00",
     "text": "3 quick ways to style sweaters", "media": "videos/sweaters.mp4", "save_to_profile": "true",
     "locale": "en_US"},
    {"platform": "Bluesky", "mode": "now", "text": "A few recent favourites.",
     "media": "images/a.jpg|images/b.jpg"},
)


def template_text() -> str:
    """The template as CSV text (header plus examples)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(ALL_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for example in _EXAMPLES:
        writer.writerow({c: example.get(c, "") for c in ALL_COLUMNS})
    return buf.getvalue()


def save_template(path: str | os.PathLike[str]) -> Path:
    """Write the template to ``path`` (UTF-8 with BOM, which Excel needs to read accents)."""
    out = Path(path)
    out.write_text(template_text(), encoding="utf-8-sig", newline="")
    return out
