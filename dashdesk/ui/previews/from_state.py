"""What the composer's state looks like as previews: one :class:`PreviewPost` per chosen platform."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from dashdesk.platforms import rules_for

from .paint import PreviewPost, any_to_item


def brand_name_near(widget: QWidget | None) -> str:
    """The signed-in brand's name, found on the window that owns ``widget`` (``""`` when none is known)."""
    while widget is not None:
        session = getattr(widget, "session", None)
        label = getattr(session, "brand_name", None)
        if isinstance(label, str) and label:
            return label
        widget = widget.parentWidget()
    return ""


def preview_post(state: Any, platform: str, brand: str = "") -> PreviewPost:
    """``platform``'s post in the composer ``state`` (its own text and media where it has them)."""
    draft = state.draft_for(platform)
    rules = rules_for(platform)
    pt = rules.post_type(draft.effective_post_type) or rules.post_types[0]
    takes_text = rules.text_field.applies_to(pt.name)
    extras = draft.extras

    def extra(key: str) -> str:
        value = extras.get(key) if rules.field(key) else None
        if isinstance(value, dict):  # a board chosen from the list: {"id": ..., "name": ...}
            value = value.get("name") or ""
        return str(value or "")

    return PreviewPost(platform, pt.name, brand, draft.text if takes_text else None, title=extra("title"),
                       media=tuple(any_to_item(m) for m in state.media_for(platform)), link=extra("link"),
                       board=extra("board"), first_comment=extra("first_comment"))
