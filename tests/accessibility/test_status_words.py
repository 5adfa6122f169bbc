"""A post's status is never told by colour alone: each status has its own word and icon, and the
calendar views, the list and the review queue give that word to screen readers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from dashdesk.platforms.statuses import STATUSES
from dashdesk.services.post import Post
from dashdesk.services.review import REVIEW_STATUSES
from dashdesk.ui.calendar import layout
from dashdesk.ui.posts_model import Roles
from dashdesk.ui.status import status_look

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole


def test_each_status_has_its_own_word_and_icon() -> None:
    """No two statuses share a word or an icon, so neither colour nor anything else alone tells them apart."""
    looks = [status_look(s) for s in STATUSES]
    words = [look.word for look in looks]
    assert all(w.strip() for w in words)
    assert len(set(words)) == len(words)
    assert len({look.icon for look in looks}) == len(looks)


def _fill(window: Any) -> dict[tuple[str, int], str]:
    """One Threads post per status on the shown day; returns each post's key and status word."""
    day = window.navigator.anchor
    posts = []
    for i, status in enumerate(STATUSES):
        when = layout.local_instant(day, (i + 1) * 60, window.tz)
        posts.append(Post.from_json("threads", {"id": 9000 + i, "status": status, "text": f"post {i}",
                                                "timestamp": when.isoformat(), "auto_publish": True}))
    window.service.set_posts(posts)
    return {p.key: status_look(p.status).word for p in posts}


def test_model_gives_the_word_in_every_role(main_window: Any) -> None:
    """The status column, the hover text and the accessible text of each post carry its word."""
    words = _fill(main_window)
    model = main_window.model
    assert model.rowCount() == len(words)
    for row in range(model.rowCount()):
        word = words[model.index(row, 0).data(Roles.Key)]
        assert model.index(row, 2).data() == word
        assert f"Status: {word}" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert f", {word}:" in model.index(row, 0).data(ACCESSIBLE)


@pytest.mark.parametrize("view_name", ["month", "week"])
def test_calendar_selection_is_described_with_the_word(qloop: Any, main_window: Any, view_name: str) -> None:
    """Selecting a chip in the month or week view describes the post with its status word."""
    words = _fill(main_window)
    main_window.set_view(view_name, reload=False)
    view = main_window.current_view
    view.rebuild()
    for key, word in words.items():
        assert view.find_post(key) is not None, key
        view.select(key)
        assert f", {word}:" in view.accessibleDescription(), (key, view.accessibleDescription())


def test_list_rows_carry_the_word(main_window: Any) -> None:
    """Each row of the list view has its status word in its accessible text."""
    words = _fill(main_window)
    main_window.set_view("list", reload=False)
    model = main_window.list_view.model()
    seen = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        seen[index.data(Roles.Key)] = index.data(ACCESSIBLE)
    assert seen.keys() == words.keys()
    assert all(f", {words[key]}:" in text for key, text in seen.items())


def test_review_rows_carry_the_word(main_window: Any) -> None:
    """Each post in the review queue has its status word in its accessible text."""
    from dashdesk.ui.review import dock as review_dock

    window = main_window
    words = _fill(window)
    review_dock.install(window)
    model = window.review_panel.list.model()
    window.review_panel.proxy.set_range(window.clock() - timedelta(days=40), window.clock() + timedelta(days=40))
    statuses = {model.index(r, 0).data(Roles.Status) for r in range(model.rowCount())}
    assert statuses == set(REVIEW_STATUSES)
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        assert f", {words[index.data(Roles.Key)]}:" in index.data(ACCESSIBLE)
