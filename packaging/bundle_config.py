"""What goes into the DashDesk bundle: pure helpers shared by the spec, ``build.py`` and the tests.

Nothing here imports PyInstaller or Qt, so it can be unit-tested quickly. The one clever bit is
:func:`excluded_modules`: the spec leaves out Qt modules and heavy libraries that DashDesk does not use,
but never one the source tree mentions, so a new ``from PySide6.QtSvgWidgets import ...`` or
``import numpy`` in ``dashdesk/`` keeps working in the frozen app without anyone editing the spec.
"""

from __future__ import annotations

import platform
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "dashdesk"
PACKAGING_DIR = ROOT / "packaging"

APP_ID = "app.dashdesk.DashDesk"
"""Reverse-DNS id: AppStream component id, ``.desktop`` file name and ``QGuiApplication.desktopFileName``."""
APP_NAME = "DashDesk"
EXE_NAME = "dashdesk"
"""Executable name; also the X11 ``WM_CLASS`` class the app must report (``applicationName``)."""
WM_CLASS = "dashdesk"
MAX_BUNDLE_MB = 250

# Qt modules DashDesk has no use for. Each is dropped from the bundle unless dashdesk/ imports it.
UNUSED_QT_MODULES: tuple[str, ...] = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)  # fmt: skip

# Other top-level modules a desktop build never needs (other Qt bindings, GUI toolkits, dev tools).
UNUSED_TOP_LEVEL: tuple[str, ...] = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data", "ensurepip",
    "PyQt5", "PyQt6", "PySide2", "shiboken2", "IPython", "matplotlib", "numpy", "pandas", "scipy",
    "pytest", "_pytest", "pytestqt", "hypothesis", "PyInstaller",
    # uvicorn's optional extras: the loopback sandbox runs on asyncio + h11 without them.
    "yaml", "dotenv", "uvloop", "httptools", "websockets", "wsproto", "watchfiles",
)  # fmt: skip

_QT_DOTTED = re.compile(r"PySide6\.(Qt\w+)")
_FROM_PYSIDE = re.compile(r"from\s+PySide6\s+import\s+(\([^)]*\)|[^\n]+)")
_IMPORT_TOP = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", re.MULTILINE)


def read_version(package_dir: Path = PACKAGE_DIR) -> str:
    """Return ``__version__`` from ``dashdesk/__init__.py`` without importing the package."""
    text = (package_dir / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    if not match:
        raise ValueError(f"no __version__ in {package_dir / '__init__.py'}")
    return match.group(1)


def _sources(package_dir: Path) -> Iterable[str]:
    for path in sorted(package_dir.rglob("*.py")):
        try:
            yield path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue


def referenced_qt_modules(package_dir: Path = PACKAGE_DIR) -> set[str]:
    """Return the ``PySide6.Qt*`` module names the source tree mentions (imports or dotted uses)."""
    found: set[str] = set()
    for text in _sources(package_dir):
        found.update(_QT_DOTTED.findall(text))
        for group in _FROM_PYSIDE.findall(text):
            found.update(re.findall(r"\b(Qt\w+)\b", group))
    return found


def referenced_top_level(package_dir: Path = PACKAGE_DIR) -> set[str]:
    """Return the top-level module names imported anywhere in the source tree."""
    found: set[str] = set()
    for text in _sources(package_dir):
        found.update(_IMPORT_TOP.findall(text))
    return found


def excluded_modules(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Return the PyInstaller ``excludes``: unused Qt modules and libraries the source never imports."""
    used_qt = referenced_qt_modules(package_dir)
    used_top = referenced_top_level(package_dir)
    qt = [f"PySide6.{name}" for name in UNUSED_QT_MODULES if name not in used_qt]
    top = [name for name in UNUSED_TOP_LEVEL if name not in used_top]
    return sorted(qt + top)


def platform_tag() -> str:
    """Return ``linux-x86_64`` / ``windows-amd64`` / ``macos-arm64`` style tag for archive names."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower() or 'unknown'}"


def bundle_executable(bundle_dir: Path) -> Path:
    """Return the path of the frozen executable inside a one-folder bundle directory."""
    if sys.platform == "win32":
        return bundle_dir / f"{EXE_NAME}.exe"
    if sys.platform == "darwin" and bundle_dir.suffix == ".app":
        return bundle_dir / "Contents" / "MacOS" / EXE_NAME
    return bundle_dir / EXE_NAME


def tree_size(path: Path) -> int:
    """Return the total size in bytes of the regular files under ``path`` (symlinks not followed)."""
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
    return total
