"""Fast checks of the packaging inputs: desktop entry, AppStream metainfo, icon rendering, excludes.

The slow end-to-end check (build the bundle, start the frozen app) is in ``test_frozen_smoke.py``.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

import dashdesk

from ._helpers import PACKAGING, ROOT, load

cfg = load("bundle_config")
DESKTOP = PACKAGING / "linux" / f"{cfg.DESKTOP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{cfg.APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_version_read_without_import_matches_package() -> None:
    assert cfg.read_version() == dashdesk.__version__


def test_desktop_entry_names_the_app_its_icon_and_window_class() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == cfg.EXE_NAME
    assert entry["Icon"] == cfg.DESKTOP_ID
    assert entry["StartupWMClass"] == cfg.WM_CLASS
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_matches_app_id_version_and_desktop_file() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == cfg.APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("summary")
    assert root.find("description/p") is not None
    assert root.find("content_rating").get("type") == "oars-1.1"
    releases = root.findall("releases/release")
    assert releases, "metainfo has no release"
    newest = releases[0]
    assert newest.get("version") == dashdesk.__version__, "bump the metainfo release with the version"
    assert newest.find("description/p") is not None, "the release needs notes"
    assert root.findtext("provides/binary") == cfg.EXE_NAME


def test_metainfo_screenshots_point_at_docs_pngs() -> None:
    root = ET.parse(METAINFO).getroot()
    images = [image.text or "" for image in root.iter("image")]
    assert images
    for url in images:
        assert url.startswith("https://") and "/docs/" in url and url.endswith(".png"), url


def test_metainfo_screenshots_exist_in_docs() -> None:
    root = ET.parse(METAINFO).getroot()
    for image in root.iter("image"):
        path = ROOT / "docs" / (image.text or "").rsplit("/docs/", 1)[-1]
        assert path.is_file(), f"metainfo screenshot missing from docs/: {path.name}"
        with Image.open(path) as shot:
            assert shot.format == "PNG" and shot.width >= 600, path.name


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates_with_appstreamcli() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_render_every_size_and_container(tmp_path: Path) -> None:
    icons = load("icons")
    # A child process: rendering creates a QGuiApplication, which must not clash with pytest-qt's.
    subprocess.run(
        [sys.executable, str(PACKAGING / "icons.py"), str(tmp_path)], check=True, timeout=120, capture_output=True
    )
    for size in icons.PNG_SIZES:
        with Image.open(tmp_path / f"dashdesk-{size}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
            alpha = image.getchannel("A").getextrema()
            assert alpha == (0, 255), "rounded tile: transparent corners, opaque middle"
    with Image.open(tmp_path / "dashdesk.ico") as ico:
        assert {(s, s) for s in icons.ICO_SIZES} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "dashdesk.icns") as icns:
        assert icns.size[0] >= 512


def test_excludes_keep_what_the_source_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "from PySide6 import (\n    QtCore,\n    QtNetwork,\n)\n"
        "def f():\n    import numpy\n    return PySide6.QtQml\n"
    )
    excluded = set(cfg.excluded_modules(package))
    assert "PySide6.QtNetwork" not in excluded
    assert "PySide6.QtQml" not in excluded
    assert "numpy" not in excluded
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQuick", "PySide6.Qt3DCore", "tkinter"} <= excluded
    assert not any(name in excluded for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"))


def test_real_source_never_loses_core_qt_modules() -> None:
    excluded = set(cfg.excluded_modules())
    for needed in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "keyring"):
        assert needed not in excluded


def test_bundle_leaves_out_the_optional_video_player() -> None:
    """A frozen app plays videos in the system's player: no Qt Multimedia (and its Qt Quick) inside."""
    launcher = load("launcher")

    excluded = set(cfg.excluded_modules())
    assert {"PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", *cfg.FROZEN_SKIPPED_MODULES} <= excluded
    assert not cfg.bundled_module("dashdesk.ui.previews.player_window")
    assert cfg.bundled_module("dashdesk.ui.previews.player")
    assert set(launcher.SKIPPED_MODULES) == set(cfg.FROZEN_SKIPPED_MODULES)


def test_unused_qt_libraries_and_plugins_stay_out() -> None:
    keyboard = "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"
    framework = "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick"
    for dest in ("PySide6/Qt/lib/libQt6Quick.so.6", keyboard, "PySide6\\Qt6Qml.dll", framework):
        assert not cfg.wanted_binary(dest), dest
    for dest in ("PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/plugins/imageformats/libqsvg.so",
                 "PySide6/Qt/plugins/platforms/libqxcb.so", "PIL/_imaging.so"):
        assert cfg.wanted_binary(dest), dest


def test_bundle_keeps_the_locale_data_of_shipped_languages_only() -> None:
    for name in ("de", "de_AT", "pt_BR", "ar_EG", "ja", "root", "en_GB"):
        assert cfg.wanted_babel_data(f"babel/locale-data/{name}.dat"), name
    for name in ("zu", "sr_Latn_BA", "haw"):
        assert not cfg.wanted_babel_data(f"babel/locale-data/{name}.dat"), name
    assert cfg.wanted_babel_data("babel/global.dat")
