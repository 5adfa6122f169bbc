"""Status presentation contrast, icon files and tinting."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from dashdesk.ui import icons, status, theme


def _luminance(c: QColor) -> float:
    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_status_words_contrast_in_both_schemes(qapp) -> None:
    for dark in (False, True):
        pal = theme.build_palette(dark)
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window, QPalette.ColorRole.AlternateBase):
            bg = pal.color(role)
            for key in status.FILTER_ORDER:
                assert contrast(status.status_look(key).color(dark), bg) >= 4.5, (key, dark, role)


def test_every_status_has_an_icon_file_and_a_word() -> None:
    for key in status.FILTER_ORDER:
        look = status.status_look(key)
        assert (icons.ICON_DIR / f"{look.icon}.svg").is_file()
        assert look.word
    assert status.status_look("SOMETHING_NEW").word == "Something new"
    assert (icons.ICON_DIR / f"{status.status_look('SOMETHING_NEW').icon}.svg").is_file()
    assert len(status.FILTER_ORDER) == 12  # Dash's 11 and DashDesk's own "Waiting to send"


def test_platform_marks_exist_and_badges_render(qapp) -> None:
    from dashdesk.platforms import PLATFORM_IDS

    for platform in PLATFORM_IDS:
        assert (icons.ICON_DIR / f"{icons.platform_icon_name(platform)}.svg").is_file()
        pm = icons.platform_badge(platform, 16, 2.0, dark=False)
        assert pm.width() == 32 and not pm.toImage().isNull()
    assert (icons.ICON_DIR / "LICENSE-bootstrap-icons.txt").is_file()


def test_black_marks_turn_light_in_dark_mode(qapp) -> None:
    assert icons.platform_accent("tiktok", dark=False).lightness() < 40
    assert icons.platform_accent("tiktok", dark=True).lightness() > 200
    assert icons.platform_accent("instagram", dark=True) == icons.platform_accent("instagram", dark=False)


def test_tinted_icon_uses_requested_colour(qapp) -> None:
    pm = icons.render_svg("check-circle-fill", 16, QColor("#ff0000"), 1.0)
    img = pm.toImage()
    center = img.pixelColor(8, 8)
    assert center.red() > 200 and center.green() < 50


def test_icons_follow_a_scheme_change(qapp) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    old = QApplication.palette()
    try:
        glyph = icons.icon("calendar3")
        badge = icons.platform_icon("tiktok")
        QApplication.setPalette(theme.build_palette(False))
        light = glyph.pixmap(QSize(32, 32)).toImage()
        light_badge = badge.pixmap(QSize(32, 32)).toImage()
        QApplication.setPalette(theme.build_palette(True))
        dark = glyph.pixmap(QSize(32, 32)).toImage()
        dark_badge = badge.pixmap(QSize(32, 32)).toImage()
        assert light != dark
        assert light_badge != dark_badge  # the black TikTok mark turns light
    finally:
        QApplication.setPalette(old)
