"""PySide6.QtGui hook for DashDesk: PyInstaller's own, minus Qt plugins a desktop app never loads.

- ``platformthemes/libqgtk3.so`` drags in the GTK stack (cairo, pango, atk, gdk-pixbuf, ...) from the
  build machine, yet cannot load without the user's own ``libgtk-3``, and mixing bundled cairo/pango
  with a system GTK is a classic source of crashes. DashDesk uses the Fusion style and reads the
  colour scheme through Qt's portal/GNOME themes, so the GTK3 theme adds nothing.
- Of the ``platforms`` plugins only the desktop ones stay (xcb, wayland, offscreen for headless runs
  and tests; windows; cocoa): eglfs, linuxfb, vnc, minimal and vkkhrdisplay are for kiosks and
  embedded boards and pull in their own device-integration libraries, as do ``egldeviceintegrations``
  and the ``generic`` input plugins.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

KEEP_PLATFORMS = ("qoffscreen", "qxcb", "qwayland", "qwindows", "qcocoa", "qdirect2d")
DROP_DIRS = ("/egldeviceintegrations", "/generic")


def _wanted(dest: str, src: str) -> bool:
    path = (dest + "/" + src.rsplit("/", 1)[-1]).replace("\\", "/")
    if "libqgtk3" in path:
        return False
    if any(part in dest.replace("\\", "/") for part in DROP_DIRS):
        return False
    if dest.replace("\\", "/").endswith("/platforms"):
        return any(name in path.rsplit("/", 1)[-1] for name in KEEP_PLATFORMS)
    return True


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if _wanted(dest, src)]
