"""Pinterest boards of each brand (``GET /v5/brands/{brand_id}/boards``), fixed and deterministic."""

from __future__ import annotations

from typing import Any

_BOARD_NAMES = (
    ("Spring Style Inspiration", "Fresh looks for the new season."),
    ("Product Launches", "Everything new, first."),
    ("Behind the Scenes", ""),
    ("Customer Favourites", "The pieces you love most."),
)


#: The guide's example board, verbatim: every brand has it, so the guide's Pinterest example works as printed.
GUIDE_BOARD = {
    "description": "",
    "id": "123456789012345678",
    "name": "Spring Style Inspiration",
    "preview_url": "https://example.com/board-preview.jpg",
    "protected": False,
}


class Boards:
    """Board objects per brand, shaped as the guide's boards response."""

    def for_brand(self, brand_id: int) -> list[dict[str, Any]]:
        """The brand's boards: the guide's example board, then brand-specific ones (18-digit string ids)."""
        boards = [dict(GUIDE_BOARD)]
        for index, (name, description) in enumerate(_BOARD_NAMES[1:], start=1):
            board_id = f"{brand_id:06d}{index + 1:012d}"
            boards.append({
                "description": description,
                "id": board_id,
                "name": name,
                "preview_url": f"__SANDBOX_ORIGIN__/_boards/{board_id}.jpg",
                "protected": index == 2,
            })
        return boards
