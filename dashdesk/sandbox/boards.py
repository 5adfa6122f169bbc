"""Pinterest boards of each brand (``GET /v5/brands/{brand_id}/boards``), fixed and deterministic."""

from __future__ import annotations

from typing import Any

_BOARD_NAMES = (
    ("Spring Style Inspiration", "Fresh looks for the new season."),
    ("Product Launches", "Everything new, first."),
    ("Behind the Scenes", ""),
    ("Customer Favourites", "The pieces you love most."),
)


class Boards:
    """Board objects per brand, shaped as the guide's boards response."""

    def for_brand(self, brand_id: int) -> list[dict[str, Any]]:
        """The brand's boards (ids are 18-digit strings, as the guide shows)."""
        boards = []
        for index, (name, description) in enumerate(_BOARD_NAMES):
            board_id = f"{brand_id:06d}{index + 1:012d}"
            boards.append({
                "description": description,
                "id": board_id,
                "name": name,
                "preview_url": f"__SANDBOX_ORIGIN__/_boards/{board_id}.jpg",
                "protected": index == 2,
            })
        return boards
