"""The upload queue says why a file failed (also after a restart), how to stop failed ones coming back,
and fits a narrow Media panel without a horizontal scrollbar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from dashdesk.media.queue import QueueProgress
from dashdesk.media.upload import UploadItem, UploadState
from dashdesk.ui.media import UploadQueueView
from dashdesk.ui.media.queue_view import describe_progress, failure_reason

from .conftest import FakeLibrary, make_hub


def failed(error: str | None, code: str | None = None) -> UploadItem:
    return UploadItem("u1", 1, Path("/tmp/clip.mp4"), 10, state=UploadState.FAILED, error=error, error_code=code)


def test_failure_reason_is_never_hidden_in_a_tooltip() -> None:
    assert failure_reason(failed("whatever", "corrupt")) == "damaged file"
    # after a restart only the message is kept: its first sentence is shown, shortened if long
    assert failure_reason(failed("Dash could not reach the server. Check your connection.")) == \
        "Dash could not reach the server"
    long = failure_reason(failed("x" * 200))
    assert len(long) <= 48 and long.endswith("…")
    assert failure_reason(failed(None)) == "stopped before it finished"
    assert "tooltip" not in failure_reason(failed(None))


def test_finished_summary_offers_to_clear_failed_uploads() -> None:
    words = describe_progress(QueueProgress(0, 0, 0.0, None, 0, 0, 2, 1))
    assert "1 failed" in words and "Clear finished" in words and "come back" in words


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_narrow_queue_has_no_horizontal_scrollbar(qtbot: Any, fake_library: FakeLibrary) -> None:
    view = UploadQueueView(make_hub(fake_library))
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.show()
    assert view.table.horizontalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert view.table.isColumnHidden(3) and view.table.isColumnHidden(4)
    view.resize(900, 300)
    assert not view.table.isColumnHidden(3) and not view.table.isColumnHidden(4)
