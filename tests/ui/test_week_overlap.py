"""Week view: overlapping posts stay readable; those with no room of their own gather in a "+N" block."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from test_views import make, post

from dashdesk.ui.calendar.week_view import WeekView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_overlapping_posts_never_get_unreadably_narrow(qtbot, width: int) -> None:
    t = datetime(2026, 3, 11, 18, tzinfo=UTC)  # Wednesday 19:00 Berlin, like the demo week
    posts = [post(i, t + timedelta(minutes=15 * (i % 3)), text=f"Post number {i}") for i in range(1, 6)]
    _, _, view = make(WeekView, posts, qtbot, size=(width, 700))
    view.scroll_to_minutes(18 * 60)
    chips = view.placed()
    column = view.column_rect(2).width() - 4
    for chip in chips:  # as wide as a readable chip, or the whole column beside the "+N" block
        assert chip.rect.width() >= min(view.min_chip_width(), column - view.more_width()) - 3
    hidden = [k for b in view.more for k in b.keys]
    assert sorted([c.key for c in chips] + hidden) == sorted(p.key for p in posts)  # none lost
    if hidden:
        block = view.more[0]
        assert block.day == date(2026, 3, 11)
        tip = view.more_text(block)
        assert tip.startswith(f"{len(block.keys)} more at this time") and "Post number" in tip


def test_two_overlapping_posts_still_sit_side_by_side(qtbot) -> None:
    t = datetime(2026, 3, 12, 9, tzinfo=UTC)
    a, b = post(1, t), post(2, t + timedelta(minutes=15))
    _, _, view = make(WeekView, [a, b], qtbot, size=(1280, 700))
    view.placed()
    assert view.more == []
    assert view.chip_rect(a.key).right() < view.chip_rect(b.key).left()
