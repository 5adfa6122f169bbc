"""Each platform and post type shows exactly its own fields, labels and counters, from the rules table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from composer_helpers import NOW

from dashdesk.platforms import PLATFORM_IDS, AutoPublish, FieldKind, rules_for
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.composer.widgets import YesNoChoice

CASES = [(p, pt.name) for p in PLATFORM_IDS for pt in rules_for(p).post_types]


def _dialog(qtbot, writer, platforms: list[str]) -> ComposerDialog:
    dialog = ComposerDialog(None, 144, "Europe/Berlin", platforms=platforms, autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize(("platform", "post_type"), CASES, ids=[f"{p}-{t}" for p, t in CASES])
def test_fields_labels_and_counters_follow_the_table(qtbot, writer, platform, post_type) -> None:
    dialog = _dialog(qtbot, writer, [platform])
    tab = dialog.tab(platform)
    rules = rules_for(platform)
    if len(rules.post_types) > 1:
        assert tab.post_type.isVisibleTo(dialog)
        tab.post_type.setCurrentIndex(tab.post_type.findData(post_type))
    else:
        assert not tab.post_type.isVisibleTo(dialog)
    text = rules.text_field
    dialog.editor.setPlainText("Hello")
    # The main text: the shared editor wears the platform's own label, with its counter.
    assert dialog.text_label.text() == text.label
    counter = dialog.counters[platform]
    takes_text = text.applies_to(post_type)
    assert counter.isVisibleTo(dialog) == (takes_text and bool(text.limits))
    if takes_text and text.limits:
        assert counter.text().startswith("5 / ")
    assert tab.text_note.isVisibleTo(dialog) == (not takes_text)
    # Only this platform's fields of this post type are shown, each with its label and counter.
    shown = {key for key, editor in tab.fields.items() if editor.isVisibleTo(dialog)}
    expected = {f.key for f in rules.fields_for(post_type) if f.key != "text"}
    assert shown == expected
    for key in expected:
        editor = tab.fields[key]
        spec = editor.spec
        if spec.kind is not FieldKind.BOOL or isinstance(editor.editor, YesNoChoice):
            assert editor.title.text().startswith(spec.label)
        else:
            assert editor.editor.text() == spec.label
        assert editor.counter.isVisibleTo(dialog) == bool(spec.limits)
        if spec.required and spec.kind is FieldKind.BOOL and spec.default is None:
            assert isinstance(editor.editor, YesNoChoice) and editor.editor.value() is None
    # Auto-publish: switchable, or locked on with the reason.
    assert tab.auto.isChecked()
    assert tab.auto.isEnabled() == (rules.auto_publish is AutoPublish.OPTIONAL)
    assert tab.auto_reason.isVisibleTo(dialog) == (rules.auto_publish is not AutoPublish.OPTIONAL)


def test_counters_use_each_platforms_counting(qtbot, writer) -> None:
    dialog = _dialog(qtbot, writer, ["twitter", "bluesky", "instagram"])
    dialog.editor.setPlainText("Read https://example.com/a/very/long/path/indeed 👩‍👩‍👧")
    assert dialog.counters["twitter"].text().startswith("X 31 / 280")  # "Read " 5 + URL 23 + " " 1 + emoji 2
    assert dialog.counters["bluesky"].text().startswith("Bluesky 50 / 300")  # graphemes
    assert dialog.counters["instagram"].text().startswith("Instagram 54 / 2,200")  # code points
    dialog.set_platforms(["youtube"])
    dialog.editor.setPlainText("é" * 10)
    assert dialog.tab("youtube").fields["title"].counter.text() == "0 / 100"
    assert "20 / 5,000 bytes" in dialog.counters["youtube"].text()


def test_counter_turns_red_past_the_limit(qtbot, writer) -> None:
    dialog = _dialog(qtbot, writer, ["twitter"])
    dialog.editor.setPlainText("a" * 280)
    assert not dialog.counters["twitter"].over
    dialog.editor.insertPlainText("bc")
    assert dialog.counters["twitter"].over and "2 over" in dialog.counters["twitter"].text()
    assert not dialog.save_button.isEnabled()


def test_several_platforms_get_a_tab_each_with_overrides(qtbot, writer) -> None:
    dialog = _dialog(qtbot, writer, [])
    assert not dialog.save_button.isEnabled() and "Choose at least one platform." in dialog.blocking
    assert dialog.platform_problem.messages == ["Choose at least one platform."]
    assert "Choose at least one platform." not in dialog.blockers.text()  # said once, beside the buttons
    assert dialog.blockers.text().startswith("Can't save yet: fix the problem marked above")
    dialog.platform_buttons["instagram"].click()
    dialog.platform_buttons["threads"].click()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["Instagram", "Threads"]
    assert dialog.text_label.text() == "Text for all platforms"
    tab = dialog.tab("threads")
    assert tab.own_text.isVisibleTo(dialog) and not tab.text_field.isVisibleTo(dialog)
    dialog.editor.setPlainText("Shared")
    tab.own_text.click()
    assert tab.text_field.isVisibleTo(dialog) and tab.text_field.editor.toPlainText() == "Shared"
    tab.text_field.editor.setPlainText("Only on Threads")
    assert dialog.state.text_for("threads") == "Only on Threads"
    assert dialog.state.text_for("instagram") == "Shared"
    assert not dialog.counters["threads"].isVisibleTo(dialog)
    assert tab.text_field.counter.text() == "15 / 500"


def test_no_platform_names_in_the_composer_code() -> None:
    """Fields come only from the rules table: no platform id appears in the composer's code."""
    folder = Path(__file__).resolve().parents[2] / "dashdesk" / "ui" / "composer"
    names = "|".join(PLATFORM_IDS)
    for path in folder.glob("*.py"):
        found = re.findall(rf"[\"']({names})[\"']", path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} names platforms {found}"


def test_colours_follow_a_scheme_change(qtbot, writer, qapp) -> None:
    from PySide6.QtGui import QPalette

    from dashdesk.ui.status import TONE_COLORS
    from dashdesk.ui.theme import build_palette

    dialog = _dialog(qtbot, writer, ["twitter"])
    dialog.editor.setPlainText("a" * 300)
    counter = dialog.counters["twitter"]
    role = QPalette.ColorRole.WindowText
    before = qapp.palette()
    try:
        qapp.setPalette(build_palette(False))
        qapp.processEvents()
        assert counter.palette().color(role).name() == TONE_COLORS["danger"][0]
        qapp.setPalette(build_palette(True))
        qapp.processEvents()
        assert counter.palette().color(role).name() == TONE_COLORS["danger"][1]
        assert dialog.text_problem.label.palette().color(role).name() == TONE_COLORS["danger"][1]
    finally:
        qapp.setPalette(before)


def test_a_tab_can_use_its_own_media(qtbot, writer) -> None:
    from dashdesk.platforms import MediaKind
    from dashdesk.ui.composer import MediaItem

    dialog = _dialog(qtbot, writer, ["instagram", "tiktok"])
    dialog.editor.setPlainText("Behind the scenes")
    dialog.media.add_items([MediaItem(1, MediaKind.IMAGE, "photo")])
    assert any("TikTok" in m for m in dialog.media.problem.messages)  # shared strip: TikTok takes video
    tab = dialog.tab("tiktok")
    dialog.tabs.setCurrentWidget(tab)
    tab.own_media.click()
    assert tab.media.isVisibleTo(dialog) and tab.media.items() == dialog.state.media
    assert tab.media.problem.messages  # the image is still wrong, now shown on TikTok's own strip
    assert not any("TikTok" in m for m in dialog.media.problem.messages)
    tab.media.list.selectAll()
    tab.media.remove_selected()
    tab.media.add_items([MediaItem(2, MediaKind.VIDEO, "clip")])
    assert tab.media.problem.messages == []
    assert dialog.blocking == []
    assert [m.media_id for m in dialog.state.media_for("tiktok")] == [2]
    assert [m.media_id for m in dialog.state.media_for("instagram")] == [1]
