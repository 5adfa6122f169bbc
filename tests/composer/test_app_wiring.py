"""The composer as the main window opens it: keyword arguments filtered by its signature, saves through
the app's PostService (so the calendar shows them and Undo works)."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from composer_helpers import sandbox_client

from dashdesk.services.posts import PostService
from dashdesk.ui.composer import ComposerDialog

BERLIN = ZoneInfo("Europe/Berlin")
#: The main window passes no clock: the composer uses real time, so the post is two days ahead.
WHEN = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)


def _open_like_main_window(offered: dict[str, Any]) -> ComposerDialog:
    params = inspect.signature(ComposerDialog).parameters
    return ComposerDialog(**{k: v for k, v in offered.items() if k in params})


def test_main_window_keywords_create_and_edit_through_post_service(qtbot, run, sandbox, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            service = PostService(client, sandbox.brand_id)
            records = []
            service.on_record(records.append)
            offered = {"parent": None, "service": service, "session": object(), "post": None, "when": WHEN,
                       "tz": BERLIN, "brand_id": sandbox.brand_id, "client": client}
            dialog = _open_like_main_window(offered)
            qtbot.addWidget(dialog)
            dialog.autosave = writer
            assert dialog.time_edit.dateTime().time().hour() == WHEN.astimezone(BERLIN).hour  # Berlin wall time
            dialog.set_platforms(["threads", "linkedin"])
            dialog.editor.insertPlainText("Made in the composer")
            assert dialog.blocking == []
            dialog.save()
            await dialog.save_task
            keys = {(p, r.post_id) for p, r in dialog.results.items()}
            assert keys <= set(service.posts)
            assert sorted(r.text for r in records) == ["Create LinkedIn post", "Create Threads post"]

            post = service.posts[("threads", dialog.results["threads"].post_id)]
            editor = _open_like_main_window({**offered, "post": post})
            qtbot.addWidget(editor)
            editor.autosave = writer
            assert editor.editor.toPlainText() == "Made in the composer"
            editor.editor.insertPlainText("!")
            editor.save()
            await editor.save_task
            assert editor.results["threads"].sent == {"text": "Made in the composer!"}
            assert service.posts[post.key].data["text"] == "Made in the composer!"
            assert records[-1].kind == "update"

    run(scenario())
