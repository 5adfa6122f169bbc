"""Typed options over QSettings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from dashdesk.settings import Settings, system_zone_name


def make(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def test_defaults_and_round_trip(qapp, tmp_path) -> None:
    s = make(tmp_path)
    assert s.time_zone == system_zone_name()
    assert 0 <= s.first_weekday <= 6
    assert s.last_view == "month"
    assert s.brand_id is None
    s.time_zone = "America/New_York"
    s.first_weekday = 6
    s.last_view = "week"
    s.brand_id = 144
    s.hidden_platforms = ["tiktok", "twitter"]
    s.sync()
    again = make(tmp_path)
    assert again.time_zone == "America/New_York"
    assert again.zone.key == "America/New_York"
    assert again.first_weekday == 6
    assert again.last_view == "week"
    assert again.brand_id == 144
    assert again.hidden_platforms == ["tiktok", "twitter"]


def test_bad_values_fall_back(qapp, tmp_path) -> None:
    s = make(tmp_path)
    s.qsettings.setValue("display/timeZone", "Mars/Olympus")
    s.qsettings.setValue("display/firstWeekday", "9")
    s.qsettings.setValue("display/lastView", "year")
    assert s.time_zone == system_zone_name()
    assert 0 <= s.first_weekday <= 6
    assert s.last_view == "month"


def test_no_secret_options() -> None:
    assert not any("key" in name.lower() or "secret" in name.lower() for name in Settings.options())
