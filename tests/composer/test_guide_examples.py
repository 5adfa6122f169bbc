"""Each of the guide's request examples, composed through the composer's widgets, reaches the sandbox
with the same keys and values (timestamps compared as instants; ``declared_made_for_kids`` a boolean)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from composer_helpers import NOW, Recording, sandbox_client, upload
from guide_examples import EXAMPLES, normalize
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone

from dashdesk.platforms import PublishMode, coerce_made_for_kids, parse_timestamp, rules_for
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.composer.widgets import YesNoChoice

ZONE = "America/New_York"  # the picker shows wall-clock time here; the API receives UTC


def _pick_time(dialog: ComposerDialog, stamp: str) -> None:
    local = parse_timestamp(stamp).astimezone(dialog.zone)
    dialog.time_edit.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                           QTime(local.hour, local.minute), QTimeZone.utc()))


async def _compose(dialog: ComposerDialog, platform: str, example: dict[str, Any], media: list) -> None:
    """Fill the composer as a person would, from the example's values."""
    dialog.platform_buttons[platform].click()
    tab = dialog.tab(platform)
    if "post_type" in example:
        tab.post_type.setCurrentIndex(tab.post_type.findData(example["post_type"]))
    dialog.mode_buttons[PublishMode.SCHEDULE].click()
    _pick_time(dialog, example["timestamp"])
    dialog.media.add_items(media)
    rules = rules_for(platform)
    text_path = rules.text_field.path
    if text_path in example:
        dialog.editor.setFocus()
        dialog.editor.insertPlainText(example[text_path])
    for spec in rules.fields:
        if spec.key == "text":
            continue
        value: Any = example
        for part in spec.path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue
        editor = tab.fields[spec.key].editor
        if spec.key == "board":
            await tab.board.task
            tab.board.select_id(value["id"])
        elif isinstance(editor, YesNoChoice):
            (editor.yes if coerce_made_for_kids(value) else editor.no).click()
        elif hasattr(editor, "setChecked"):
            if editor.isChecked() != value:
                editor.click()
        elif hasattr(editor, "insertPlainText"):
            editor.clear()
            editor.insertPlainText(value)
        else:
            editor.clear()
            editor.insert(value)


@pytest.mark.parametrize(("name", "platform", "example", "kinds"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_guide_example_through_the_widgets(qtbot, run, frozen, writer, sample_files, name, platform, example,
                                           kinds) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            media = [await upload(client, frozen.brand_id, sample_files, k, n) for n, k in enumerate(kinds)]
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, ZONE, autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            await _compose(dialog, platform, example, media)
            assert dialog.blocking == [], dialog.blocking
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            assert dialog.result() == ComposerDialog.DialogCode.Accepted

            expected = copy.deepcopy(example)
            expected["brand_id"] = frozen.brand_id
            if "media_ids" in expected:
                expected["media_ids"] = [m.media_id for m in media]
            expected.setdefault("auto_publish", True)  # ASSUMPTIONS: omitted auto_publish means true
            [(sent_platform, sent)] = rec.creates
            assert sent_platform == platform
            assert normalize(sent) == normalize(expected)
            assert isinstance(sent.get("declared_made_for_kids", False), bool)

            stored = (await client.get_post(platform, dialog.results[platform].post_id)).model_dump(mode="json")
            stored_view = {k: stored.get(k) for k in expected}
            assert normalize(stored_view) == normalize(expected)

    run(scenario())
