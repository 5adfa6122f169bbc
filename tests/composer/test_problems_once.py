"""Each problem is printed once: beside the shared text or media, and only counted in "Can't save yet"."""

from __future__ import annotations

from composer_helpers import NOW

from dashdesk.platforms import MediaKind, PublishMode
from dashdesk.ui.composer import ComposerDialog, MediaItem

TEXT = ("Our spring collection is here: three new colours, softer fabrics and the same fit you love. "
        "Read the story behind it on our blog. ") * 3


def test_every_problem_is_printed_once(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "twitter", "bluesky"], autosave=writer,
                            clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.mode_buttons[PublishMode.SCHEDULE].click()
    dialog.editor.insertPlainText(TEXT)
    dialog.media.add_items([MediaItem(901, MediaKind.VIDEO, "clip1.mp4", "")])
    dialog.revalidate()
    shown = dialog.text_problem.messages + dialog.media.problem.messages + dialog.blockers.text().splitlines()
    messages = [p.message for ps in dialog.problems.values() for p in ps if p.blocking]
    assert len(messages) >= 3  # X too long, Bluesky too long, Bluesky takes no video
    for message in messages:
        assert sum(message in line for line in shown) == 1, (message, shown)
    assert dialog.blockers.text().startswith(f"Can't save yet: fix the {len(messages)} problems marked above")
    assert not dialog.save_button.isEnabled() and len(dialog.blocking) == len(messages)


def test_a_problem_with_no_place_above_is_still_listed(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["youtube"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.editor.insertPlainText("A video description")
    dialog.revalidate()
    text = dialog.blockers.text()
    assert "Title is required" in text  # the title lives on the YouTube tab: listed here in words
