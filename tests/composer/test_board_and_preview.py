"""The Pinterest board picker loads in the background with loading and error states; the preview shows
text with its line breaks, media and the first comment."""

from __future__ import annotations

import asyncio

import pytest
from composer_helpers import NOW, sandbox_client

from dashdesk.platforms import MediaKind
from dashdesk.ui.composer import ComposerDialog, MediaItem


class FlakyBoards:
    """A client whose boards call fails once, then answers."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()

    async def list_boards(self, brand_id: int) -> list[dict]:
        self.calls += 1
        await self.release.wait()
        if self.calls == 1:
            raise ConnectionError("no route to host")
        return [{"id": "42", "name": "Linen Looks", "description": "", "preview_url": "", "protected": False}]


def test_board_picker_shows_loading_error_and_retry(qtbot, run, writer) -> None:
    async def scenario() -> None:
        client = FlakyBoards()
        dialog = ComposerDialog(client, 144, "UTC", platforms=["pinterest"], autosave=writer, clock=lambda: NOW)
        qtbot.addWidget(dialog)
        picker = dialog.tab("pinterest").board
        assert picker.task is not None
        assert picker.combo.currentText() == "Loading boards…" and not picker.combo.isEnabled()
        client.release.set()
        await picker.task
        assert "Boards didn't load" in picker.status.text() and "no route to host" in picker.status.text()
        assert picker.retry.isVisibleTo(dialog)
        picker.retry.click()
        await picker.task
        assert picker.combo.isEnabled() and picker.error == ""
        picker.select_id("42")
        assert dialog.state.part("pinterest").extras["board"]["name"] == "Linen Looks"
        assert not [p for p in dialog.problems["pinterest"] if p.path == "meta.pinterestBoard"]

    run(scenario())


@pytest.mark.usefixtures("frozen")
def test_boards_come_from_the_boards_endpoint(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            dialog = ComposerDialog(client, frozen.brand_id, "UTC", platforms=["pinterest"], autosave=writer,
                                    clock=lambda: NOW)
            qtbot.addWidget(dialog)
            picker = dialog.tab("pinterest").board
            await picker.task
            expected = [b.name for b in await client.list_boards(frozen.brand_id)]
            shown = [picker.combo.itemText(i) for i in range(1, picker.combo.count())]
            assert shown == expected and picker.combo.itemText(0) == "Choose a board…"

    run(scenario())


def test_preview_shows_line_breaks_media_and_first_comment(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "snapchat"], autosave=writer,
                            clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("Line one\n\nLine three")
    dialog.media.add_items([MediaItem(1, MediaKind.IMAGE, "a"), MediaItem(2, MediaKind.VIDEO, "b")] +
                           [MediaItem(10 + i, MediaKind.IMAGE, f"c{i}") for i in range(4)])
    dialog.tab("instagram").fields["first_comment"].editor.setPlainText("First!")
    dialog.tabs.setCurrentWidget(dialog.tab("instagram"))
    dialog.update_preview()
    preview = dialog.tab("instagram").preview
    assert preview.post.text == "Line one\n\nLine three"
    assert preview.post.first_comment == "First!"
    assert preview.media_count() == 6 and [m.is_video for m in preview.post.media][:2] == [False, True]
    assert (preview.post.platform, preview.post.post_type) == ("instagram", "FEED")
    # A Snapchat Story has no description: its preview shows no text.
    dialog.tabs.setCurrentWidget(dialog.tab("snapchat"))
    dialog.update_preview()
    snap = dialog.tab("snapchat").preview
    assert (snap.post.platform, snap.post.post_type) == ("snapchat", "STORY") and snap.post.text is None
