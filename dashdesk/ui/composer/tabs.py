"""The composer's platform tabs: one :class:`PlatformTab` per chosen platform, each marked ok, to fix or saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from dashdesk.i18n import tr
from dashdesk.platforms import rules_for
from dashdesk.services.compose import Outcome, PlatformResult
from dashdesk.ui.icons import icon, platform_icon

from .platform_tab import PlatformTab
from .widgets import tone_color


class PlatformTabs(QTabWidget):
    """A tab per chosen platform (kept while the platform stays chosen), in the order chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_platform: dict[str, PlatformTab] = {}
        self._marks: dict[str, str] = {}
        self.setDocumentMode(True)
        self.setAccessibleName(tr("Platform settings and preview"))

    def show_platforms(self, platforms: list[str], make_tab: Callable[[str], PlatformTab]) -> None:
        """Show the tabs of ``platforms`` (the tab shown stays if its platform does); ``make_tab(platform)``
        builds a platform's tab the first time it is chosen."""
        current = self.current_platform()
        self.blockSignals(True)
        self._marks.clear()
        while self.count():
            self.removeTab(0)
        multi = len(platforms) > 1
        for p in platforms:
            tab = self.by_platform.get(p)
            if tab is None:
                tab = self.by_platform[p] = make_tab(p)
            tab.set_multi(multi)
            self.addTab(tab, platform_icon(p), rules_for(p).name)
        if current in platforms:
            self.setCurrentWidget(self.by_platform[current])
        self.blockSignals(False)

    def current_platform(self) -> str | None:
        """The platform of the tab shown now."""
        widget = self.currentWidget()
        return widget.platform if isinstance(widget, PlatformTab) else None

    def mark(self, platform: str, mark: str) -> None:
        """Say on the tab whether ``platform`` is "saved", has an "error" to fix, or is "ok"."""
        if self._marks.get(platform) == mark:
            return
        self._marks[platform] = mark
        index = self.indexOf(self.by_platform[platform])
        name = rules_for(platform).name
        if mark == "saved":
            self.setTabIcon(index, icon("check-circle-fill", tone_color("success")))
            self.setTabToolTip(index, tr("Saved to {name}", name=name))
        elif mark == "error":
            self.setTabIcon(index, icon("exclamation-circle-fill", tone_color("danger")))
            self.setTabToolTip(index, tr("{platform}: something to fix", platform=name))
        else:
            self.setTabIcon(index, platform_icon(platform))
            self.setTabToolTip(index, tr("{platform}: ready", platform=name))

    def forget_marks(self) -> None:
        """Draw every mark again next time (the colours changed)."""
        self._marks.clear()
        for tab in self.by_platform.values():
            tab.forget_summary()

    def show_result(self, result: PlatformResult) -> None:
        """Say on ``result``'s platform tab how saving it went."""
        tab = self.by_platform.get(result.platform)
        if tab is not None:
            tab.show_result(result.message, result.ok, kept=result.outcome is Outcome.KEPT)
