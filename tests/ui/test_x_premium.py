"""X Premium per brand: ticked in Settings for one brand, X's limit becomes 25,000 for that brand only."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dashdesk.api.models import Brand
from dashdesk.platforms import Draft
from dashdesk.platforms.premium import has_x_premium, set_x_premium_brands
from dashdesk.services.session import Session
from dashdesk.ui.composer.checks import Checker, counts_for, limit_tooltip
from dashdesk.ui.session_controller import SessionController
from dashdesk.ui.settings_dialog import SettingsDialog


@pytest.fixture(autouse=True)
def no_premium() -> Iterator[None]:
    set_x_premium_brands([])
    yield
    set_x_premium_brands([])


def x_draft(text: str) -> Draft:
    return Draft(platform="twitter", text=text)


def session() -> Session:
    return Session(client=None, brand_id=1, brand_name="Acme",
                   brands=[Brand(id=1, name="Acme"), Brand(id=2, name="Other")])


def test_premium_is_per_brand_and_switches_the_limit(qtbot, settings) -> None:
    dialog = SettingsDialog(None, settings, session())
    qtbot.addWidget(dialog)
    assert not dialog.x_premium.isChecked()
    dialog.x_premium.setChecked(True)  # for Acme (brand 1)
    dialog.brand.setCurrentIndex(dialog.brand.findData(2))
    assert not dialog.x_premium.isChecked()  # the other brand keeps its own setting
    dialog.brand.setCurrentIndex(dialog.brand.findData(1))
    assert dialog.x_premium.isChecked()
    dialog._accept()
    assert settings.x_premium_brands == ["1"]

    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    SessionController(window, session(), settings, lambda: "")
    assert has_x_premium(1) and not has_x_premium(2) and has_x_premium()  # brand 1 is the one shown

    long_post = "a" * 300
    assert Checker(brand_id=1).problems(x_draft(long_post)) == []
    (problem,) = Checker(brand_id=2).problems(x_draft(long_post))
    assert problem.code == "text_limit" and "allows 280" in problem.message
    (count,) = counts_for("twitter", None, "tweet_status", long_post)
    assert (count.used, count.limit) == (300, 25000)
    assert "25,000" in limit_tooltip("twitter", "tweet_status")


def test_without_premium_x_counts_to_280() -> None:
    (count,) = counts_for("twitter", None, "tweet_status", "hi")
    assert count.limit == 280
    (problem,) = Checker(brand_id=1).problems(x_draft("a" * 281))
    assert problem.code == "text_limit"
