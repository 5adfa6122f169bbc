"""Each documented rule, broken through the widgets, shows its message where it belongs and blocks Save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from composer_helpers import NOW

from dashdesk.platforms import MediaKind, PublishMode
from dashdesk.ui.composer import ComposerDialog, MediaItem

IMG, VID = MediaKind.IMAGE, MediaKind.VIDEO


def media(*kinds: MediaKind) -> list[MediaItem]:
    return [MediaItem(100 + i, k, f"m{i}") for i, k in enumerate(kinds)]


def post_type(name: str) -> Callable[[ComposerDialog, str], None]:
    def apply(d: ComposerDialog, p: str) -> None:
        tab = d.tab(p)
        tab.post_type.setCurrentIndex(tab.post_type.findData(name))
    return apply


def attach(*kinds: MediaKind) -> Callable[[ComposerDialog, str], None]:
    return lambda d, p: d.media.add_items(media(*kinds))


def steps(*fns: Callable[[ComposerDialog, str], None]) -> Callable[[ComposerDialog, str], None]:
    def apply(d: ComposerDialog, p: str) -> None:
        for fn in fns:
            fn(d, p)
    return apply


def text(value: str) -> Callable[[ComposerDialog, str], None]:
    return lambda d, p: d.editor.setPlainText(value)


def field(key: str, value: str) -> Callable[[ComposerDialog, str], None]:
    def apply(d: ComposerDialog, p: str) -> None:
        editor = d.tab(p).fields[key].editor
        (editor.setPlainText if hasattr(editor, "setPlainText") else editor.setText)(value)
    return apply


def auto_off(d: ComposerDialog, p: str) -> None:
    d.tab(p).auto.click()


def past(d: ComposerDialog, p: str) -> None:
    d.set_time(NOW - timedelta(hours=2))
    d.time_edit.dateTimeChanged.emit(d.time_edit.dateTime())


def clear_locale(d: ComposerDialog, p: str) -> None:
    d.tab(p).fields["locale"].editor.clear()


# (id, platform, setup, code, where: "media" | "time" | "text" | a field key | "post_type")
RULES = [
    ("tiktok-image", "tiktok", attach(IMG), "unsupported_media_type", "media"),
    ("bluesky-video", "bluesky", attach(VID), "unsupported_media_type", "media"),
    ("threads-video", "threads", attach(VID), "unsupported_media_type", "media"),
    ("reel-two-videos", "instagram", steps(post_type("REEL"), attach(VID, VID)), "media_count", "media"),
    ("feed-eleven", "instagram", attach(*[IMG] * 11), "media_count", "media"),
    ("story-two-publishing", "instagram", steps(post_type("STORY"), attach(IMG, IMG)), "media_count", "media"),
    ("facebook-eleven-images", "facebook", attach(*[IMG] * 11), "media_count", "media"),
    ("facebook-mixed", "facebook", attach(IMG, VID), "mixed_media", "media"),
    ("x-five-images", "twitter", attach(*[IMG] * 5), "media_count", "media"),
    ("x-mixed", "twitter", attach(IMG, VID), "mixed_media", "media"),
    ("linkedin-two-videos", "linkedin", attach(VID, VID), "media_count", "media"),
    ("linkedin-mixed", "linkedin", attach(IMG, VID), "mixed_media", "media"),
    ("threads-21-images", "threads", attach(*[IMG] * 21), "media_count", "media"),
    ("pinterest-two", "pinterest", attach(IMG, IMG), "media_count", "media"),
    ("bluesky-five", "bluesky", attach(*[IMG] * 5), "media_count", "media"),
    ("snapchat-story-two", "snapchat", attach(IMG, VID), "mixed_media", "media"),
    ("spotlight-image", "snapchat", steps(post_type("SPOTLIGHT"), attach(IMG)), "unsupported_media_type", "media"),
    ("youtube-no-video", "youtube", text("x"), "missing_media", "media"),
    ("snapchat-no-media", "snapchat", text("x"), "missing_media", "media"),
    ("facebook-reel-no-video", "facebook", post_type("REEL"), "missing_media", "media"),
    ("instagram-scheduled-no-media", "instagram", text("x"), "missing_media", "media"),
    ("tiktok-scheduled-no-media", "tiktok", text("x"), "missing_media", "media"),
    ("pinterest-scheduled-no-media", "pinterest", text("x"), "missing_media", "media"),
    ("youtube-title", "youtube", attach(VID), "missing_field", "title"),
    ("youtube-made-for-kids", "youtube", steps(attach(VID), field("title", "T")), "missing_field", "made_for_kids"),
    ("pinterest-title", "pinterest", attach(IMG), "missing_field", "title"),
    ("pinterest-board", "pinterest", attach(IMG), "missing_field", "board"),
    ("spotlight-save-to-profile", "snapchat", steps(post_type("SPOTLIGHT"), attach(VID)), "missing_field",
     "save_to_profile"),
    ("spotlight-locale", "snapchat", steps(post_type("SPOTLIGHT"), attach(VID), clear_locale), "missing_field",
     "locale"),
    ("spotlight-locale-shape", "snapchat", steps(post_type("SPOTLIGHT"), attach(VID), field("locale", "english")),
     "invalid_value", "locale"),
    ("instagram-first-comment-no-auto", "instagram",
     steps(attach(IMG), field("first_comment", "Hi"), auto_off), "needs_auto_publish", "first_comment"),
    ("facebook-first-comment-no-auto", "facebook", steps(field("first_comment", "Hi"), text("x"), auto_off),
     "needs_auto_publish", "first_comment"),
    ("facebook-link-shape", "facebook", steps(text("x"), field("link", "example.com")), "invalid_value", "link"),
    ("x-280", "twitter", text("a" * 281), "text_limit", "text"),
    ("threads-500", "threads", text("a" * 501), "text_limit", "text"),
    ("bluesky-300-graphemes", "bluesky", text("é" * 301), "text_limit", "text"),
    ("instagram-2200", "instagram", steps(attach(IMG), text("a" * 2201)), "text_limit", "text"),
    ("instagram-31-hashtags", "instagram", steps(attach(IMG), text(" ".join(f"#t{i}" for i in range(31)))),
     "hashtag_limit", "text"),
    ("linkedin-3000", "linkedin", text("a" * 3001), "text_limit", "text"),
    ("youtube-title-100", "youtube", steps(attach(VID), field("title", "t" * 101)), "text_limit", "title"),
    ("youtube-angle-brackets", "youtube", steps(attach(VID), field("title", "<b>")), "forbidden_characters",
     "title"),
    ("youtube-description-bytes", "youtube", steps(attach(VID), text("é" * 2501)), "text_limit", "text"),
    ("pinterest-note-500", "pinterest", steps(attach(IMG), text("a" * 501)), "text_limit", "text"),
    ("empty-x-post", "twitter", text(""), "empty_post", "text"),
    ("past-time", "linkedin", steps(text("x"), past), "past_time", "time"),
]


def _shown_where(dialog: ComposerDialog, platform: str, where: str) -> list[str]:
    tab = dialog.tab(platform)
    if where == "media":
        return dialog.media.problem.messages
    if where == "time":
        return dialog.time_problem.messages
    if where == "text":
        return dialog.text_problem.messages
    return tab.fields[where].problem.messages


@pytest.mark.parametrize(("platform", "setup", "code", "where"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rule_is_shown_beside_its_field_and_blocks_save(qtbot, writer, platform, setup, code, where) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=[platform], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    setup(dialog, platform)
    tab = dialog.tab(platform)
    path = tab.fields[where].spec.path if where in tab.fields else None
    problems = [p for p in dialog.problems[platform] if p.code == code and path in (None, p.path)]
    assert problems, [p.code for p in dialog.problems[platform]]
    message = problems[0].message
    assert message in _shown_where(dialog, platform, where)
    assert message in dialog.tab(platform).summary.text()  # the tab lists it in words
    name = dialog.tab(platform).rules.name
    # a message that starts with its platform's name is not prefixed with it again
    assert (message if message.startswith(name + " ") else f"{name}: {message}") in dialog.blocking
    assert dialog.blockers.isVisibleTo(dialog) and "Can't save yet" in dialog.blockers.text()
    assert not dialog.save_button.isEnabled()


def test_a_draft_may_hold_what_publishing_may_not(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("Caption only")
    assert not dialog.save_button.isEnabled()
    dialog.mode_buttons[PublishMode.DRAFT].click()
    assert dialog.blocking == [] and dialog.save_button.isEnabled()
    assert dialog.save_button.text() == "Save draft"


def test_required_fields_once_filled_unblock_save(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["youtube"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.media.add_items(media(VID))
    tab = dialog.tab("youtube")
    tab.fields["title"].editor.setText("Launch")
    assert not dialog.save_button.isEnabled()
    tab.fields["made_for_kids"].editor.no.click()
    assert dialog.blocking == [] and dialog.save_button.isEnabled()
    assert tab.fields["made_for_kids"].problem.messages == []
    assert dialog.state.draft_for("youtube").extras["made_for_kids"] is False


def test_locked_auto_publish_says_why(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["linkedin", "threads"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    assert "LinkedIn posts always publish automatically" in dialog.tab("linkedin").auto_reason.text()
    assert "Threads always publishes automatically" in dialog.tab("threads").auto_reason.text()
    assert not dialog.tab("linkedin").auto.isEnabled() and dialog.tab("linkedin").auto.isChecked()
