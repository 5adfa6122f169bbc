"""The composer's helpers: snippet popup (;name and Ctrl+;), manager, hashtags to first comment, link
tracking, labels and the "no posting" warning."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from composer_helpers import NOW
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from dashdesk.services.compose import Outcome, PlatformResult
from dashdesk.services.planning import Planner
from dashdesk.store.planning import PlanningStore, Snippet
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.composer.snippets_dialog import SnippetsDialog

# A shown dialog on the offscreen platform logs this for every layout change (as in the other
# composer tests that show the dialog).
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def planner(tmp_path):
    store = PlanningStore(tmp_path / "planning.sqlite3")
    store.save_snippet(Snippet("sig", "— Team Linen", "signature"))
    store.save_snippet(Snippet("spring-tags", " ".join(f"#t{i}" for i in range(12)), "hashtags"))
    store.save_snippet(Snippet("shop", "https://shop.example/linen?c=1#top", "link",
                               {"utm_source": "dashdesk", "utm_campaign": "spring"}))
    yield Planner(store, 144)
    store.close()


def _dialog(qtbot, writer, planner, platforms, **kw) -> ComposerDialog:
    dialog = ComposerDialog(None, 144, "Europe/Berlin", platforms=platforms, autosave=writer, clock=lambda: NOW,
                            planner=planner, **kw)
    # closed without the "discard?" question, so no dialog stays open for the next test
    qtbot.addWidget(dialog, before_close_func=lambda d: d._discard_and_close())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type(qtbot, editor, text: str) -> None:
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, text)


def test_typing_a_semicolon_and_a_name_offers_and_inserts_a_snippet(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    completer = dialog.helpers.completer_for(dialog.editor)
    _type(qtbot, dialog.editor, "New linen is here ;si")
    assert completer.is_open()
    assert completer.popup.current().name == "sig"
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert not completer.is_open()
    assert dialog.editor.toPlainText() == "New linen is here — Team Linen"
    assert dialog.state.text == "New linen is here — Team Linen"  # the state (and so the counter) follows
    assert "30" in dialog.counters["instagram"].text() or dialog.counters["instagram"].text()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.editor.toPlainText() == "New linen is here ;si"  # one undo step


def test_escape_closes_and_no_match_says_so(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    completer = dialog.helpers.completer_for(dialog.editor)
    _type(qtbot, dialog.editor, ";zzz")
    assert completer.is_open() and completer.popup.current() is None
    assert "No snippet matches" in completer.popup.list.item(0).text()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    assert not completer.is_open() and dialog.editor.toPlainText() == ";zzz"


def test_ctrl_semicolon_offers_every_snippet_at_the_cursor(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    completer = dialog.helpers.completer_for(dialog.editor)
    _type(qtbot, dialog.editor, "Hello")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Semicolon, Qt.KeyboardModifier.ControlModifier)
    assert completer.is_open() and len(completer.popup.snippets) == 3
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Down)
    assert completer.popup.current().name == "spring-tags"
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Tab)
    assert dialog.editor.toPlainText().startswith("Hello #t0 #t1")


def test_over_30_hashtags_after_inserting_is_flagged(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    dialog.text_part.set_text(" ".join(f"#a{i}" for i in range(20)))
    dialog._changed(text=dialog.editor.toPlainText())
    completer = dialog.helpers.completer_for(dialog.editor)
    _type(qtbot, dialog.editor, " ;spring")
    assert "32 hashtags, at most 30" in completer.popup.footer.text()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    codes = [p.code for p in dialog.problems["instagram"]]
    assert "hashtag_limit" in codes


def test_snippets_in_a_platform_field_and_link_presets(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    comment = dialog.tab("instagram").fields["first_comment"].editor
    completer = dialog.helpers.completer_for(comment)
    comment.setFocus()
    qtbot.keyClicks(comment, ";shop")
    qtbot.keyClick(comment, Qt.Key.Key_Return)
    assert completer is not None
    assert dialog.state.part("instagram").extras["first_comment"] == \
        "https://shop.example/linen?c=1&utm_source=dashdesk&utm_campaign=spring#top"


def test_track_links_tags_every_link_on_save(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["facebook"])
    dialog.text_part.set_text("Read https://blog.example/post?id=3#part2 today.")
    dialog._changed(text=dialog.editor.toPlainText())
    helpers = dialog.helpers
    assert helpers.preset.count() == 1 and helpers.preset.currentText() == "shop"
    helpers.track.setChecked(True)
    sent = []
    dialog.runner.save = lambda drafts, *a, **k: sent.append(drafts)  # what would be saved
    dialog.save()
    link = dialog.state.text.split()[1]
    assert link.startswith("https://blog.example/post?id=3&") and link.endswith("#part2")
    assert sorted(link.split("?")[1].split("#")[0].split("&")) == ["id=3", "utm_campaign=spring",
                                                                  "utm_source=dashdesk"]
    assert dialog.editor.toPlainText() == dialog.state.text


def test_move_hashtags_gives_instagram_its_own_text_when_x_shares_it(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["instagram", "twitter"])
    dialog.text_part.set_text("Linen is back.\n#linen #spring")
    dialog._changed(text=dialog.editor.toPlainText())
    assert dialog.helpers.hashtags_button.isEnabled()
    assert dialog.helpers.move_hashtags() == ["instagram"]
    part = dialog.state.part("instagram")
    assert part.own_text == "Linen is back." and part.extras["first_comment"] == "#linen #spring"
    assert dialog.state.text_for("twitter") == "Linen is back.\n#linen #spring"  # X keeps its hashtags


def test_move_hashtags_needs_a_platform_with_a_first_comment(qtbot, writer, planner) -> None:
    dialog = _dialog(qtbot, writer, planner, ["twitter"])
    assert not dialog.helpers.hashtags_button.isEnabled()
    dialog.picker.set_chosen(["facebook"])
    dialog.state.part("facebook").auto_publish = False
    dialog.helpers.refresh_hashtags()
    assert not dialog.helpers.hashtags_button.isEnabled()
    assert "auto-publish" in dialog.helpers.hashtags_button.toolTip()


def test_labels_chosen_in_the_composer_go_on_the_saved_posts(qtbot, writer, planner) -> None:
    launch = planner.add_label("Launch", "#e0484e")
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    dialog.helpers.toggle_label(launch.id, True)
    assert dialog.helpers.labels_button.text() == "Labels: Launch"
    result = PlatformResult("instagram", Outcome.SAVED, post={"id": 4242})
    dialog.saved.emit([result])
    assert planner.labels_of(("instagram", 4242)) == [launch]


def test_a_no_posting_day_warns_but_does_not_block(qtbot, writer, planner) -> None:
    planner.add_note(date(2026, 3, 10), date(2026, 3, 10), "Press embargo", no_posting=True)
    dialog = _dialog(qtbot, writer, planner, ["instagram"])
    dialog.set_time(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    warning = dialog.helpers.blackout
    assert warning.isVisible() and "Tue 10 Mar is marked \u201cno posting\u201d (Press embargo)" in warning.label.text()
    assert not any("no posting" in b for b in dialog.blocking)
    dialog.set_time(datetime(2026, 3, 11, 8, 0, tzinfo=UTC))
    assert not warning.isVisible()


def test_the_snippets_manager_adds_renames_and_checks_names(qtbot, planner) -> None:
    dlg = SnippetsDialog(planner.store)
    qtbot.addWidget(dlg)
    dlg.new()
    dlg.name.setText("Has space")
    dlg.body.setPlainText("x")
    assert not dlg.save() and "no spaces" in dlg.problem.label.text()
    dlg.name.setText("sig")
    assert not dlg.save() and "exists" in dlg.problem.label.text()
    dlg.name.setText("thanks")
    dlg.body.setPlainText("Thanks for reading!")
    assert dlg.save()
    dlg.name.setText("thank-you")
    assert dlg.save()
    names = [s.name for s in planner.store.snippets()]
    assert "thank-you" in names and "thanks" not in names
    dlg.kind.setCurrentIndex(dlg.kind.findData("link"))
    dlg.utm["utm_source"].setText("news")
    assert dlg.save()
    assert next(s for s in planner.store.snippets() if s.name == "thank-you").utm == {"utm_source": "news"}
    dlg.delete()
    assert "thank-you" not in [s.name for s in planner.store.snippets()]
