"""Which language DashDesk speaks: the setting, DASHDESK_LANGUAGE, the POSIX variables in gettext's
order, the OS's languages on macOS and Windows; odd values never break it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashdesk.i18n.language import NAMES, SUPPORTED, choose_language, is_right_to_left, normalize


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de_DE.UTF-8", "de"),
        ("de_AT", "de"),
        ("fr_CA.utf8", "fr"),
        ("pt-BR", "pt_BR"),
        ("pt_PT", "pt_BR"),
        ("ja_JP.eucJP", "ja"),
        ("ar_EG@latin", "ar"),
        ("es-419", "es"),
        ("en_GB", "en"),
        ("zh_CN", None),
        ("C", None),
        ("POSIX", None),
        ("C.UTF-8", None),
        ("", None),
        ("en_XA", "en_XA"),
        ("sr_Latn_RS", None),
    ],
)
def test_normalize(tag: str, expected: str | None) -> None:
    assert normalize(tag) == expected


def test_linux_follows_gettexts_order() -> None:
    env = {"LANGUAGE": "zh_CN:fr_FR:de", "LC_ALL": "", "LC_MESSAGES": "es_ES.UTF-8", "LANG": "de_DE.UTF-8"}
    assert choose_language("", env, platform="linux") == "fr"  # LANGUAGE's first shipped language
    env["LANGUAGE"] = ""
    assert choose_language("", env, platform="linux") == "es"  # then LC_ALL, LC_MESSAGES, LANG
    env["LC_ALL"] = "ja_JP.UTF-8"
    assert choose_language("", env, platform="linux") == "ja"
    assert choose_language("", {"LANG": "C.UTF-8"}, platform="linux") == "en"
    assert choose_language("", {}, platform="linux") == "en"


def test_the_setting_wins_and_the_development_override_wins_over_it() -> None:
    env = {"LANG": "de_DE.UTF-8"}
    assert choose_language("ar", env, platform="linux") == "ar"
    assert choose_language("", env, platform="linux") == "de"
    assert choose_language("xx", env, platform="linux") == "de"  # an unknown setting: the system's
    assert choose_language("ar", {**env, "DASHDESK_LANGUAGE": "en_XA"}, platform="linux") == "en_XA"


def test_macos_and_windows_read_the_os_languages() -> None:
    env = {"LANG": "de_DE.UTF-8"}  # a terminal's variables do not speak for the OS there
    assert choose_language("", env, ["ja-JP", "en-US"], platform="darwin") == "ja"
    assert choose_language("", env, ["zh-Hans-CN", "pt-BR"], platform="win32") == "pt_BR"
    assert choose_language("", env, ["zh-Hans-CN"], platform="win32") == "en"


def test_right_to_left() -> None:
    assert is_right_to_left("ar") and not is_right_to_left("de") and not is_right_to_left("en_XA")
    assert set(NAMES) | {"en_XA"} == set(SUPPORTED)


@given(
    st.dictionaries(
        st.sampled_from(["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "DASHDESK_LANGUAGE"]), st.text(max_size=40)
    ),
    st.one_of(st.none(), st.text(max_size=20)),
    st.lists(st.text(max_size=20), max_size=3),
    st.sampled_from(["linux", "darwin", "win32"]),
)
def test_any_environment_gives_a_supported_language(env, setting, ui, platform) -> None:
    assert choose_language(setting, env, ui, platform=platform) in SUPPORTED
