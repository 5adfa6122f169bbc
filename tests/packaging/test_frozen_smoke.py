"""Slow smoke test: build the PyInstaller bundle with ``packaging/build.py`` and start the frozen app.

One build per run (module fixture, into a temporary folder, as CI does from a clean clone; about a
minute on 2 cores, plus PyInstaller's cache warm-up on the first run). The frozen app runs from a
folder outside the repository with a private data folder and HOME, so it can only use what the
bundle carries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import dashdesk

from ._helpers import load

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

cfg = load("bundle_config")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Build the bundle and its archive once for this module; yield the ``BuildResult``."""
    build = load("build")
    out = tmp_path_factory.mktemp("bundle")
    yield build.build(out / "dist", out / "work", archive=True)


def frozen_env(home: Path) -> dict[str, str]:
    """Environment for the frozen app: offscreen Qt, private data/config folders, no dev leftovers."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "DASHDESK_", "QT_")) and key not in {"VIRTUAL_ENV"}
    }
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        DASHDESK_DATA_DIR=str(home / "data"),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "share"),
    )
    return env


def run_frozen(built: Any, args: list[str], home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the frozen executable from ``home`` (not the repo) and capture its output."""
    return subprocess.run(
        [str(built.executable), *args],
        cwd=home,
        env=frozen_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_version_prints_the_package_version(built: Any, tmp_path: Path) -> None:
    result = run_frozen(built, ["--version"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert dashdesk.__version__ in result.stdout


def test_demo_screenshot_writes_a_painted_png(built: Any, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = run_frozen(built, ["--demo", "--screenshot", str(shot)], tmp_path / "home", timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert shot.is_file() and shot.stat().st_size > 0, result.stderr
    with Image.open(shot) as image:
        assert image.format == "PNG"
        assert image.width >= 400 and image.height >= 300
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is None or len(colours) > 20, "the window looks blank"
    assert "Traceback" not in result.stderr, result.stderr


def test_frozen_app_finds_keyring_backends_and_bundled_data(built: Any, tmp_path: Path) -> None:
    result = run_frozen(built, ["--packaging-self-check"], tmp_path / "home")
    report = json.loads(result.stdout)
    assert report["frozen"] is True
    keyring = report["keyring"]
    # Entry-point metadata made it in: every backend keyring ships is discoverable and imports.
    assert {"SecretService", "Windows", "macOS", "KWallet", "libsecret", "chainer"} <= set(keyring["entry_points"])
    assert set(keyring["entry_points"].values()) == {"ok"}, keyring
    # Backends unusable here must say why in their own words, not with an ImportError from the bundle.
    for name, status in keyring["backends"].items():
        assert "ModuleNotFoundError" not in status and "ImportError" not in status, (name, status)
    # The app's credential store: a real keyring, or the session-only fallback with a reason.
    credentials = report["credentials"]
    assert "error" not in credentials, credentials
    if not credentials["remembered"]:
        assert credentials["session_only"] is True and credentials["reason"]
    assert all(status.startswith("ok") for status in report["data"].values()), report["data"]
    platforms = " ".join(report["qt"]["platforms"])
    for plugin in ("offscreen", "xcb", "wayland") if sys.platform.startswith("linux") else ("offscreen",):
        assert plugin in platforms, platforms
    assert report["qt"]["svg"] == "ok"
    assert set(report["dashdesk_modules"]) == {"imported"}, report["dashdesk_modules"]
    assert result.returncode == 0, result.stdout + result.stderr


def test_bundle_is_lean_and_complete(built: Any) -> None:
    internal = built.bundle_dir / "_internal"
    names = {path.relative_to(internal).as_posix() for path in internal.rglob("*")}
    for unwanted in ("libQt6Quick", "libQt6Qml", "libQt6WebEngine", "libQt6Pdf", "QtQml.", "tkinter", "_tkinter"):
        assert not [name for name in names if unwanted in name], unwanted
    # Qt's own translations: qtbase of the languages DashDesk ships, nothing else.
    shipped = {f"qtbase_{lang}.qm" for lang in ("de", "fr", "es", "pt_BR", "ja", "ar")}
    assert {name.rsplit("/", 1)[-1] for name in names if "/translations/" in name} == shipped
    assert "dashdesk/i18n/locales/de/LC_MESSAGES/dashdesk.mo" in names
    assert any(name.startswith("babel/locale-data/de.dat") for name in names)
    assert any(name.startswith("keyring-") and name.endswith(".dist-info/entry_points.txt") for name in names)
    assert "resources/app-icon/dashdesk.svg" in names
    assert any(name.startswith("twitter_text/regexp/emoji-test.txt") for name in names)
    assert any(name.startswith("tzdata/zoneinfo/") for name in names)
    print(f"\nbundle {built.bundle_dir}: {built.size_mb:.1f} MB unpacked (target < {cfg.MAX_BUNDLE_MB} MB)")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tar.gz and share/ are the Linux layout")
def test_linux_archive_carries_the_bundle_and_desktop_files(built: Any) -> None:
    assert built.archive is not None and built.archive.name.endswith(".tar.gz")
    with tarfile.open(built.archive) as tar:
        members = set(tar.getnames())
    top = built.bundle_dir.name
    assert f"{top}/{cfg.EXE_NAME}" in members
    assert f"{top}/share/applications/{cfg.DESKTOP_ID}.desktop" in members
    assert f"{top}/share/metainfo/{cfg.APP_ID}.metainfo.xml" in members
    assert f"{top}/share/icons/hicolor/256x256/apps/{cfg.DESKTOP_ID}.png" in members
    assert f"{top}/share/icons/hicolor/scalable/apps/{cfg.DESKTOP_ID}.svg" in members


def _x_windows_of(pid: int, env: dict[str, str]) -> list[dict[str, str]]:
    """Properties (WM_CLASS, desktop file) of the top-level X windows owned by ``pid``."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-children"], env=env, capture_output=True, text=True, timeout=10, check=False
    ).stdout
    found = []
    for line in tree.splitlines():
        window = line.strip().split(" ", 1)[0]
        if not window.startswith("0x"):
            continue
        props = subprocess.run(
            ["xprop", "-id", window, "_NET_WM_PID", "WM_CLASS", "_KDE_NET_WM_DESKTOP_FILE"],
            env=env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
        if f"_NET_WM_PID(CARDINAL) = {pid}" not in props or "WM_CLASS(STRING) = " not in props:
            continue
        values = {}
        for prop in props.splitlines():
            name, sep, value = prop.partition(" = ")
            if sep:
                values[name.split("(", 1)[0]] = value.strip()
        found.append(values)
    return found


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(tool) for tool in ("Xvfb", "xprop", "xwininfo")),
    reason="needs Linux with Xvfb, xprop and xwininfo (apt-get install xvfb x11-utils)",
)
def test_x11_window_matches_desktop_entry(built: Any, tmp_path: Path) -> None:
    """The frozen window's WM_CLASS and desktop-file name are what the .desktop file promises."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    app = None
    try:
        with os.fdopen(read_end) as pipe:
            display = pipe.readline().strip()
        assert display, "Xvfb did not start"
        env = frozen_env(tmp_path / "home")
        env.update(QT_QPA_PLATFORM="xcb", DISPLAY=f":{display}")
        env.pop("WAYLAND_DISPLAY", None)
        app = subprocess.Popen([str(built.executable), "--demo"], env=env, cwd=tmp_path, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        windows: list[dict[str, str]] = []
        while not windows and app.poll() is None and time.monotonic() < deadline:
            windows = _x_windows_of(app.pid, env)
            if not windows:
                time.sleep(0.25)  # polling for the window to appear, not timing anything
        assert app.poll() is None, app.stderr.read().decode() if app.stderr else ""
        assert windows, "no X11 window appeared within 90 s"
        # WM_CLASS is "instance", "class"; desktops match the class against StartupWMClass.
        classes = {w["WM_CLASS"].rsplit(",", 1)[-1].strip().strip('"') for w in windows}
        assert classes == {cfg.WM_CLASS}, f"WM_CLASS {classes}; the .desktop file says StartupWMClass={cfg.WM_CLASS}"
        # QGuiApplication.desktopFileName, which is also the Wayland app_id.
        desktop_files = {w.get("_KDE_NET_WM_DESKTOP_FILE", "unset").strip('"') for w in windows}
        assert desktop_files == {cfg.DESKTOP_ID}, f"desktopFileName {desktop_files}; expected {cfg.DESKTOP_ID}"
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
        xvfb.terminate()
        xvfb.wait(timeout=20)
