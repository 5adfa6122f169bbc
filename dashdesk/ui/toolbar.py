"""The calendar's two bars: navigation/view/brand/new on top, filters below."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from dashdesk.i18n import N_, ntr, tr
from dashdesk.platforms import PLATFORM_IDS
from dashdesk.ui import icons
from dashdesk.ui.fields import enable_clear_button
from dashdesk.ui.status import FILTER_ORDER, status_look

VIEW_LABELS = {"month": N_("Month"), "week": N_("Week"), "list": N_("List")}


def _tool(parent: QWidget, icon_name: str, tip: str, name: str) -> QToolButton:
    b = QToolButton(parent)
    b.setIcon(icons.icon(icon_name))
    b.setToolTip(tip)
    b.setAccessibleName(name)
    b.setAutoRaise(True)
    return b


class PeriodTitle(QLabel):
    """The shown period's title: where a crowded toolbar (a long language, a narrow window) has less room than
    the words need, it ends in "…" and shows the whole title as its tooltip instead of cutting it off."""

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect().width()
        full = self.text()
        if self.fontMetrics().horizontalAdvance(full) <= room:
            self.setToolTip("")
            super().paintEvent(event)
            return
        self.setToolTip(full)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, room))


class NavBar(QWidget):
    """Today, previous/next, the period title, the view switch, brand, refresh and New post."""

    viewChosen = Signal(str)
    brandChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fm = self.fontMetrics()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(fm.height() // 2, fm.height() // 3, fm.height() // 2, fm.height() // 6)
        lay.setSpacing(fm.height() // 3)
        self.today = QPushButton(tr("Today"), self)
        self.today.setToolTip(tr("Go to today (T)"))
        self.today.setAccessibleName(tr("Today"))
        self.prev = _tool(self, "chevron-left", tr("Previous (Page Up)"), tr("Previous period"))
        self.next = _tool(self, "chevron-right", tr("Next (Page Down)"), tr("Next period"))
        self.title = PeriodTitle(self)
        f = QFont(self.font())
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(f)
        self.title.setAccessibleName(tr("Shown period"))
        # measured in the title's own (larger, bold) font: "December 2026" must never clip
        self.title.setMinimumWidth(QFontMetrics(f).horizontalAdvance("September 2026") + fm.height() // 2)
        lay.addWidget(self.today)
        lay.addWidget(self.prev)
        lay.addWidget(self.next)
        lay.addWidget(self.title)
        self.sandbox_badge = QLabel(tr("SANDBOX · demo data"), self)
        self.sandbox_badge.setObjectName("sandboxBadge")
        self.sandbox_badge.setAccessibleName(tr("Sandbox mode"))
        self.sandbox_badge.setToolTip(tr(
                "DashDesk is talking to its embedded sandbox, not to Dash: nothing is published"
            ))
        self.sandbox_badge.setStyleSheet(
            "#sandboxBadge { background: #805300; color: white; border-radius: 9px; padding: 2px 9px;"
            " font-weight: 600; }"
        )
        self.sandbox_badge.hide()
        lay.addWidget(self.sandbox_badge)
        lay.addStretch(1)
        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[str, QToolButton] = {}
        seg = QHBoxLayout()
        seg.setSpacing(0)
        for key, (icon_name, letter) in {
            "month": ("calendar3", "M"),
            "week": ("calendar-week", "W"),
            "list": ("list-ul", "L"),
        }.items():
            b = QToolButton(self)
            b.setText(tr(VIEW_LABELS[key]))
            b.setIcon(icons.icon(icon_name))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setCheckable(True)
            b.setToolTip(tr("{view} view ({letter})", view=tr(VIEW_LABELS[key]), letter=letter))
            b.setAccessibleName(tr("{view} view", view=tr(VIEW_LABELS[key])))
            b.clicked.connect(lambda _=False, k=key: self.viewChosen.emit(k))
            self.view_group.addButton(b)
            self.view_buttons[key] = b
            seg.addWidget(b)
        lay.addLayout(seg)
        lay.addStretch(1)
        self.brand = QComboBox(self)
        self.brand.setAccessibleName(tr("Brand"))
        self.brand.setToolTip(tr("The brand whose posts are shown"))
        self.brand.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.brand.activated.connect(lambda i: self.brandChosen.emit(int(self.brand.itemData(i))))
        lay.addWidget(self.brand)
        self.refresh = _tool(self, "arrow-clockwise", tr("Refresh (F5)"), tr("Refresh"))
        lay.addWidget(self.refresh)
        self.new_post = QPushButton(icons.icon("plus-lg"), tr("New post"), self)
        self.new_post.setToolTip(tr("Write a new post (N)"))
        self.new_post.setAccessibleName(tr("New post"))
        self.new_post.setDefault(False)
        self.new_post.setAutoDefault(False)
        f2 = QFont(self.font())
        f2.setWeight(QFont.Weight.DemiBold)
        self.new_post.setFont(f2)
        lay.addWidget(self.new_post)

    def set_view(self, view: str) -> None:
        """Check the button of ``view``."""
        self.view_buttons[view].setChecked(True)

    def set_brands(self, brands: list[tuple[int, str]], current: int) -> None:
        """Fill the brand picker."""
        self.brand.blockSignals(True)
        self.brand.clear()
        for bid, name in brands:
            self.brand.addItem(name, bid)
        i = self.brand.findData(current)
        if i < 0:
            self.brand.addItem(tr("Brand {id}", id=current), current)
            i = self.brand.count() - 1
        self.brand.setCurrentIndex(i)
        self.brand.setEnabled(self.brand.count() > 1)
        self.brand.blockSignals(False)


class FilterBar(QWidget):
    """A toggle per platform, the status filter and the search field."""

    platformToggled = Signal(str, bool)
    statusesChanged = Signal(object)  # set[str]
    searchChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fm = self.fontMetrics()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(fm.height() // 2, 0, fm.height() // 2, fm.height() // 3)
        lay.setSpacing(2)
        label = QLabel(tr("Platforms"), self)  # a label, not a disabled control: normal text colour
        lay.addWidget(label)
        lay.addSpacing(fm.height() // 3)
        self.platform_buttons: dict[str, QToolButton] = {}
        size = round(fm.height() * 1.25)
        for platform in PLATFORM_IDS:
            b = QToolButton(self)
            b.setCheckable(True)
            b.setChecked(True)
            b.setIcon(icons.platform_icon(platform, fade_off=True))
            b.setIconSize(QSize(size, size))
            b.setAutoRaise(True)
            name = icons.platform_name(platform)
            b.setToolTip(tr("Show {name} posts", name=name))
            b.setAccessibleName(tr("Show {name}", name=name))
            b.toggled.connect(lambda on, p=platform: self._toggled(p, on))
            self.platform_buttons[platform] = b
            lay.addWidget(b)
        lay.addSpacing(fm.height())
        # A push button with a menu: Fusion draws its arrow whole, centred on the right (a tool
        # button's instant-popup arrow is a clipped sliver in the bottom corner).
        self.status_button = QPushButton(self)
        self.status_button.setText(tr("All statuses"))
        self.status_button.setIcon(icons.icon("check-circle"))
        self.status_button.setAccessibleName(tr("Status filter"))
        self.status_button.setToolTip(tr("Show only some statuses"))
        self.status_menu = QMenu(self.status_button)
        self.status_actions: dict[str, QAction] = {}
        self.all_action = self.status_menu.addAction(tr("All statuses"))
        self.all_action.triggered.connect(self.clear_statuses)
        self.status_menu.addSeparator()
        group = QActionGroup(self)
        group.setExclusive(False)
        for status in FILTER_ORDER:
            look = status_look(status)
            act = self.status_menu.addAction(icons.icon(look.icon), look.word)
            act.setCheckable(True)
            act.toggled.connect(self._statuses_changed)
            group.addAction(act)
            self.status_actions[status] = act
        self.status_button.setMenu(self.status_menu)
        lay.addWidget(self.status_button)
        lay.addStretch(1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search posts"))
        enable_clear_button(self.search, tr("Clear search"))
        self.search.setAccessibleName(tr("Search posts"))
        self.search.setToolTip(tr("Show only posts whose text contains this (Ctrl+F)"))
        glass = self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        glass.setText(tr("Search posts"))  # its button is otherwise a nameless control to a screen reader
        self.search.setMinimumWidth(fm.horizontalAdvance(tr("Search posts")) * 2)
        self.search.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.search.textChanged.connect(self.searchChanged)
        lay.addWidget(self.search)

    def _toggled(self, platform: str, on: bool) -> None:
        name = icons.platform_name(platform)
        tip = tr("Hide {name} posts", name=name) if on else tr("Show {name} posts", name=name)
        self.platform_buttons[platform].setToolTip(tip)
        self.platformToggled.emit(platform, on)

    def selected_statuses(self) -> set[str]:
        """The checked statuses (empty: all)."""
        return {s for s, a in self.status_actions.items() if a.isChecked()}

    def _statuses_changed(self) -> None:
        chosen = self.selected_statuses()
        if not chosen:
            self.status_button.setText(tr("All statuses"))
        elif len(chosen) == 1:
            self.status_button.setText(status_look(next(iter(chosen))).word)
        else:
            self.status_button.setText(ntr("{n} status", "{n} statuses", len(chosen)))
        self.statusesChanged.emit(chosen)

    def clear_statuses(self) -> None:
        """Show every status."""
        for a in self.status_actions.values():
            a.blockSignals(True)
            a.setChecked(False)
            a.blockSignals(False)
        self._statuses_changed()
