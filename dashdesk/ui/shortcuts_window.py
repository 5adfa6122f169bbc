"""Help > Keyboard shortcuts: a window listing every shortcut, generated from the actions themselves."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.ui.actions import BuiltActions, shortcut_rows


class ShortcutsWindow(QDialog):
    """Non-modal list of the shortcuts, grouped by menu, as the actions really bind them."""

    def __init__(self, built: BuiltActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsWindow")
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.setAccessibleName(tr("Keyboard shortcuts"))
        lay = QVBoxLayout(self)
        intro = QLabel(tr("Keys that work in the calendar window. Letter keys act when no text field has the focus."),
                       self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsList")
        self.tree.setAccessibleName(tr("Shortcuts by menu"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr("Command"), tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)  # the arrows walk the rows
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        bold = QFont(self.font())
        bold.setBold(True)
        fm = self.fontMetrics()
        row = QSize(0, round(fm.height() * 1.45))
        heading = QSize(0, round(fm.height() * 2.1))  # a gap above each group
        group_item: QTreeWidgetItem | None = None
        for group, keys, command in shortcut_rows(built):
            if group_item is None or group_item.text(0) != group:
                group_item = QTreeWidgetItem(self.tree, [group, ""])
                group_item.setFont(0, bold)
                group_item.setFirstColumnSpanned(True)
                group_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group_item.setSizeHint(0, heading)
                group_item.setTextAlignment(0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            item = QTreeWidgetItem(self.tree, ["    " + command, keys])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setSizeHint(0, row)
            item.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"{command}: {keys}")
        lay.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.tree.setAlternatingRowColors(False)
        height = sum(self.tree.topLevelItem(i).sizeHint(0).height() for i in range(self.tree.topLevelItemCount()))
        # reached with Tab like any list, so a keyboard or screen-reader user can read it row by row
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        limit = round(parent.height() * 0.9) if parent is not None else fm.lineSpacing() * 48
        self.resize(fm.averageCharWidth() * 84, min(height + fm.height() * 8, limit))

    def rows(self) -> list[tuple[str, str]]:
        """(command, keys) of every listed shortcut, for tests."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.text(1):
                out.append((item.text(0).strip(), item.text(1)))
        return out
