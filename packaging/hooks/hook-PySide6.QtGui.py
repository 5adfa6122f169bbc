"""PySide6.QtGui hook for DashDesk: PyInstaller's own, minus the GTK3 platform theme plugin.

``libqgtk3.so`` drags in the GTK stack (cairo, pango, atk, gdk-pixbuf, ...) from the build machine,
yet it cannot load without the user's own ``libgtk-3``, and mixing bundled cairo/pango with a
system GTK is a classic source of crashes. DashDesk uses the Fusion style and reads the colour
scheme through Qt's portal/GNOME themes, so the GTK3 theme adds nothing.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if "libqgtk3" not in entry[0]]
