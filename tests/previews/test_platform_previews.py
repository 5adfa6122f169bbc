"""Each platform and post type draws its preview with the real media: the media's colours appear
inside the preview's frame; videos show their frame and length; carousels step."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from preview_helpers import share_of
from PySide6.QtCore import QPoint, Qt

from dashdesk.platforms.previews import LAYOUTS, Family
from dashdesk.ui.previews import PlatformPreview, PreviewItem, PreviewPost
from dashdesk.ui.previews.media import PreviewMedia

TEXT = "Spring collection drops Friday. " * 8

VIDEO_FIRST = {("instagram", "REEL"), ("facebook", "REEL"), ("tiktok", None), ("youtube", None),
               ("snapchat", "SPOTLIGHT")}


@pytest.fixture
def media() -> Iterator[PreviewMedia]:
    loader = PreviewMedia()
    yield loader
    loader.close()


def shown(qtbot, preview: PlatformPreview, post: PreviewPost):
    preview.show_post(post)
    preview.show()
    qtbot.waitUntil(lambda: all(preview.media.picture(m.ref, m.is_video) is not None for m in post.media),
                    timeout=20000)
    preview.resize(preview.sizeHint())
    return preview.grab().toImage()


@pytest.mark.parametrize("key", sorted(LAYOUTS, key=lambda k: (k[0], k[1] or "")), ids=lambda k: f"{k[0]}-{k[1]}")
def test_each_layout_draws_its_real_media(qtbot, media, image_file, video_file, key) -> None:
    platform, post_type = key
    if key in VIDEO_FIRST:
        item, colour = PreviewItem(str(video_file("orange")), True), "orange"
    else:
        item, colour = PreviewItem(str(image_file("green", 800, 1000))), "green"
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    post = PreviewPost(platform, post_type, "Northwind Studio", TEXT, title="A title", media=(item,),
                       link="https://example.com/a", board="Spring")
    image = shown(qtbot, preview, post)
    frame = preview.frame_rect()
    assert frame.width() >= 240 and frame.height() > 0
    least = 0.08 if platform == "youtube" else 0.3
    assert share_of(image, frame, colour) > least, key
    if LAYOUTS[key].family is Family.VERTICAL:
        assert frame.height() == pytest.approx(frame.width() * 16 / 9, abs=2)
    if item.is_video:
        picture = media.picture(item.ref, True)
        assert picture is not None and picture.duration == pytest.approx(3.0, abs=0.3)
        assert "duration" in preview._hits and "play" in preview._hits


def test_video_frame_shows_in_a_feed_post_too(qtbot, media, video_file) -> None:
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    item = PreviewItem(str(video_file("purple", seconds=2.0)), True)
    image = shown(qtbot, preview, PreviewPost("instagram", "FEED", "Brand", "Hi", media=(item,)))
    assert share_of(image, preview.frame_rect(), "purple") > 0.3


@pytest.mark.parametrize("platform", ["twitter", "bluesky", "facebook", "linkedin"])
def test_grids_show_up_to_four_images(qtbot, media, image_file, platform) -> None:
    colours = ["red", "green", "blue", "yellow"]
    items = tuple(PreviewItem(str(image_file(c))) for c in colours)
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    post = PreviewPost(platform, "POST" if platform == "facebook" else None, "Brand", "Four pictures", media=items)
    image = shown(qtbot, preview, post)
    for colour in colours:
        assert share_of(image, preview.frame_rect(), colour) > 0.04, (platform, colour)


def test_instagram_carousel_steps_with_arrows_and_keys(qtbot, media, image_file) -> None:
    items = tuple(PreviewItem(str(image_file(c))) for c in ("red", "green", "blue"))
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    image = shown(qtbot, preview, PreviewPost("instagram", "FEED", "Brand", "Three", media=items))
    frame = preview.frame_rect()
    assert share_of(image, frame, "red") > 0.3 and share_of(image, frame, "green") < 0.01
    assert "prev" not in preview._hits and "next" in preview._hits  # no step back from the first
    with qtbot.waitSignal(preview.stepped) as stepped:
        centre = preview._hits["next"].center() + QPoint(frame.x(), frame.y())
        qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=centre)
    assert stepped.args == [1]
    assert share_of(preview.grab().toImage(), frame, "green") > 0.3
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    assert preview.index == 2 and share_of(preview.grab().toImage(), frame, "blue") > 0.3
    preview.step(1)  # already at the last one
    assert preview.index == 2 and "next" not in preview._hits
    qtbot.keyClick(preview, Qt.Key.Key_Left)
    assert preview.index == 1
    # the same media with new words keeps the carousel where it is; new media start again
    preview.show_post(PreviewPost("instagram", "FEED", "Brand", "New words", media=items))
    assert preview.index == 1
    preview.show_post(PreviewPost("instagram", "FEED", "Brand", "New words", media=items[:2]))
    assert preview.index == 0


def test_unreadable_media_gets_a_neutral_placeholder(qtbot, media, tmp_path) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    preview.show_post(PreviewPost("threads", None, "Brand", "Hello", media=(PreviewItem(str(bad)),)))
    qtbot.waitUntil(lambda: media.failed(str(bad)), timeout=20000)
    preview.grab()  # draws the placeholder without raising


def test_the_note_says_layouts_are_approximate(qtbot, media) -> None:
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    preview.show_post(PreviewPost("linkedin", None, "Brand", "Hello"))
    assert "approximately" in preview.accessibleDescription()
