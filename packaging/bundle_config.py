"""What goes into the DashDesk bundle: pure helpers shared by the spec, ``build.py`` and the tests.

Nothing here imports PyInstaller or Qt, so it can be unit-tested quickly. The one clever bit is
:func:`excluded_modules`: the spec leaves out Qt modules and heavy libraries that DashDesk does not use,
but never one the source tree mentions, so a new ``from PySide6.QtSvgWidgets import ...`` or
``import numpy`` in ``dashdesk/`` keeps working in the frozen app without anyone editing the spec.
"""

from __future__ import annotations

import platform
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "dashdesk"
PACKAGING_DIR = ROOT / "packaging"

APP_ID = "app.dashdesk.DashDesk"
"""Reverse-DNS id: the AppStream component id and the macOS bundle identifier."""
APP_NAME = "DashDesk"
EXE_NAME = "dashdesk"
DESKTOP_ID = "dashdesk"
"""Basename of the ``.desktop`` file and the icon name. The app passes the same string to
``QGuiApplication.setDesktopFileName``: it becomes the Wayland ``app_id`` (and X11's
``_KDE_NET_WM_DESKTOP_FILE``/``_GTK_APPLICATION_ID``), which desktops match against the file name."""
WM_CLASS = "DashDesk"
"""X11 ``WM_CLASS`` class of the window = ``QCoreApplication.applicationName()``; the ``.desktop``
file's ``StartupWMClass``."""
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

# Codec modules left out unconditionally. DashDesk takes JPEG, PNG, WebP and GIF images; Pillow's AVIF
# codec alone is 5 MB (libavif). Without it Pillow reports an AVIF file as unidentified, and the app
# refuses it as an unsupported image, as it would anyway.
UNUSED_CODECS: tuple[str, ...] = ("PIL._avif",)

# DashDesk modules a bundle leaves out, with the Qt modules only they use. The preview's own video
# player needs the optional ``video`` extra (Qt Multimedia, which drags in Qt Quick and Qt Network);
# a frozen app opens videos in the system's player instead (see ``dashdesk/ui/previews/player.py``).
FROZEN_SKIPPED_MODULES: tuple[str, ...] = ("dashdesk.ui.previews.player_window",)
FROZEN_SKIPPED_QT_MODULES: tuple[str, ...] = ("QtMultimedia", "QtMultimediaWidgets")

# Qt libraries and plugins no bundle needs, by name. PySide6-Addons (the optional ``video`` extra) adds
# a virtual-keyboard input plugin that would drag Qt Quick and QML (about 20 MB) in with it.
UNWANTED_BINARIES: tuple[str, ...] = (
    "Qt6Quick", "Qt6Qml", "Qt6VirtualKeyboard", "qtvirtualkeyboard", "QtQuick.framework", "QtQml",
    "Qt6Multimedia", "QtMultimedia.framework", "Qt6WebEngine", "Qt6Pdf",
)  # fmt: skip


#: Babel's locale data kept in a bundle: the languages DashDesk ships (all their regions), English and root.
BABEL_LANGUAGES: frozenset[str] = frozenset({"root", "en", "de", "fr", "es", "pt", "ja", "ar"})


def wanted_babel_data(dest: str) -> bool:
    """Whether one of Babel's data files (destination path in the bundle) is kept: ``global.dat`` and the
    locale data of :data:`BABEL_LANGUAGES` (the other ~700 locales are about 30 MB)."""
    path = dest.replace("\\", "/")
    if "babel/locale-data/" not in path:
        return True
    return path.rsplit("/", 1)[-1].split(".", 1)[0].split("_", 1)[0] in BABEL_LANGUAGES


def wanted_binary(dest: str) -> bool:
    """Whether a collected binary (its destination path in the bundle) belongs in the bundle."""
    return not any(part in dest for part in UNWANTED_BINARIES)


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


def bundled_module(name: str) -> bool:
    """Return whether the dashdesk module ``name`` goes into a bundle (the spec's submodule filter)."""
    return not any(name == skipped or name.startswith(skipped + ".") for skipped in FROZEN_SKIPPED_MODULES)


def _module_name(package_dir: Path, path: Path) -> str:
    parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
    return ".".join(part for part in parts if part != "__init__")


def _sources(package_dir: Path) -> Iterable[str]:
    for path in sorted(package_dir.rglob("*.py")):
        if not bundled_module(_module_name(package_dir, path)):
            continue
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
    qt += [f"PySide6.{name}" for name in FROZEN_SKIPPED_QT_MODULES if f"PySide6.{name}" not in qt]
    top = [name for name in UNUSED_TOP_LEVEL if name not in used_top]
    return sorted(qt + top + list(UNUSED_CODECS) + list(FROZEN_SKIPPED_MODULES))


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


def _load_segments_aligned(path: Path) -> bool:
    """True when every PT_LOAD segment of the ELF file has offset ≡ vaddr (mod align).

    The dynamic loader refuses a library that breaks this rule ("ELF load command address/offset not
    page-aligned"). ``strip`` can produce such files from libraries that patchelf already rewrote
    (the ones auditwheel vendors into ``*.libs/``), so every stripped file is checked before use.
    """
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:  # only 64-bit ELF is handled; treat others as unsafe
        return False
    endian = "<" if data[5] == 1 else ">"
    (phoff,) = struct.unpack_from(endian + "Q", data, 0x20)
    phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x36)
    for index in range(phnum):
        base = phoff + index * phentsize
        p_type, _flags, p_offset, p_vaddr = struct.unpack_from(endian + "IIQQ", data, base)
        (p_align,) = struct.unpack_from(endian + "Q", data, base + 0x30)
        if p_type == 1 and p_align > 1 and (p_offset - p_vaddr) % p_align:
            return False
    return True


def strip_binaries(folder: Path) -> tuple[int, int]:
    """Strip symbols from the ELF files under ``folder`` in place, safely; return (bytes before, after).

    Only ``_internal/`` is touched: the executable next to it carries PyInstaller's archive appended
    to its ELF image, which ``strip`` would cut off. Skips libraries vendored by auditwheel (``*.libs/``
    folders: already stripped, rewritten by patchelf) and keeps the original of any file whose
    stripped copy would not load. A no-op where ``strip`` is missing.
    """
    strip = shutil.which("strip")
    before = after = 0
    if strip is None:
        return before, after
    for path in sorted((folder / "_internal").rglob("*")):
        if not path.is_file() or path.is_symlink() or any(part.endswith(".libs") for part in path.parts):
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        size = path.stat().st_size
        with tempfile.TemporaryDirectory() as tmp:
            stripped = Path(tmp) / path.name
            result = subprocess.run([strip, "-o", str(stripped), str(path)], capture_output=True, check=False)
            if result.returncode != 0 or not _load_segments_aligned(stripped):
                continue
            new_size = stripped.stat().st_size
            if new_size < size:
                shutil.copymode(path, stripped)
                shutil.move(str(stripped), path)
                before += size
                after += new_size
    return before, after
