"""The composer dialog: write one post for one or more platforms, see every rule while typing, save.

Layout, in reading order: platform choice; the shared text (with one counter per platform) and
media; a tab per platform (post type, its own fields, overrides, auto-publish, problems in words);
a preview of the current tab's platform; publishing mode and time (in the display zone); what
blocks saving; Cancel and Save. Saving goes through :class:`dashdesk.services.compose.ComposeService`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QEvent, QSize, Qt, QTime, QTimer, QTimeZone, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.platforms import (
    PLATFORM_IDS,
    MediaKind,
    MediaRef,
    Problem,
    PublishMode,
    draft_from_post,
    media_kind_of,
    rules_for,
    status_info,
)
from dashdesk.services.compose import ComposeService, Outcome, PlatformResult, post_json
from dashdesk.store.autosave import AutosaveWriter, shared_writer
from dashdesk.ui.icons import icon, platform_icon

from .boards import BoardLoader, BoardPicker
from .checks import MEDIA_PATH, TIME_PATH, Checker, counts_for, limit_tooltip
from .flow import FlowLayout
from .media import HubMediaStrip, MediaStripLike, MediaStripView, Uploader
from .platform_tab import AUTO_PATH, POST_TYPE_PATH, PlatformTab
from .state import ComposerState, MediaItem, state_for_post
from .widgets import CounterLabel, ProblemLabel, YesNoChoice, em, muted, tone_color

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000
PREVIEW_MS = 120
CLOCK_MS = 30_000
MAX_BLOCKERS = 6
COUNTER_COLUMNS = 2

#: Media problems that media still uploading can cause once they are attached.
LATER_MEDIA_CODES = frozenset({"unsupported_media_type", "mixed_media", "media_count"})

MODE_LABELS = {PublishMode.NOW: "Publish now", PublishMode.SCHEDULE: "Schedule", PublishMode.DRAFT: "Draft"}
SAVE_LABELS = {PublishMode.NOW: "Publish now", PublishMode.SCHEDULE: "Schedule", PublishMode.DRAFT: "Save draft"}


def zone_of(zone: ZoneInfo | str) -> ZoneInfo:
    """A ZoneInfo from a zone or its IANA name."""
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(str(zone))


def zone_text(zone: ZoneInfo, when: datetime) -> str:
    """``Europe/Berlin (CET, UTC+01:00)`` for the time ``when``."""
    local = when.astimezone(zone)
    offset = local.strftime("%z")
    return f"{zone.key} ({local.tzname()}, UTC{offset[:3]}:{offset[3:]})"


def default_time(now: datetime) -> datetime:
    """The next full hour at least 30 minutes away: a sensible first schedule time."""
    start = (now + timedelta(minutes=30)).replace(minute=0, second=0, microsecond=0)
    return start + timedelta(hours=1)


def media_items_of(post: Mapping[str, Any]) -> list[MediaItem]:
    """The media of an API post, in ``media_ids`` order, with kinds, names and thumbnail URLs."""
    by_id: dict[int, Mapping[str, Any]] = {}
    for m in post.get("media") or []:
        mid = m.get("id", m.get("media_id"))
        if mid is not None:
            by_id[int(mid)] = m
    items = []
    for mid in post.get("media_ids") or []:
        m = by_id.get(int(mid), {})
        meta = m.get("meta") if isinstance(m.get("meta"), Mapping) else {}
        sizes = m.get("image_sizes") if isinstance(m.get("image_sizes"), Mapping) else {}
        thumb = next((s.get("url") for s in sizes.values() if isinstance(s, Mapping) and s.get("url")), None)
        items.append(MediaItem(int(mid), media_kind_of(m) or MediaKind.IMAGE, str(meta.get("filename") or ""),
                               thumb))
    return items


def library_item(media: Any) -> MediaItem:
    """A Library ``Media`` (``attach_id``, ``kind``, ``filename``, ``thumbnail_url``) or a ``MediaItem``-like
    object as the composer's :class:`MediaItem`."""
    if isinstance(media, MediaItem):
        return media
    media_id = getattr(media, "attach_id", None) or getattr(media, "media_id", None)
    kind = str(getattr(media, "kind", None) or "IMAGE")
    return MediaItem(int(media_id), MediaKind(kind) if kind in ("IMAGE", "VIDEO") else MediaKind.IMAGE,
                     str(getattr(media, "filename", None) or getattr(media, "name", None) or ""),
                     getattr(media, "thumbnail_url", None) or getattr(media, "thumbnail", None))


class ComposerDialog(QDialog):
    """Write or edit a post.

    Signals: ``saved(list[PlatformResult])`` once every platform is saved (then the dialog accepts);
    ``resultsChanged(dict)`` after each save attempt with the per-platform results.
    """

    saved = Signal(list)
    resultsChanged = Signal(dict)

    def __init__(
        self,
        client: Any,
        brand_id: int,
        tz: ZoneInfo | str,
        *,
        post: Any = None,
        when: datetime | None = None,
        platforms: list[str] | None = None,
        service: Any = None,
        media_hub: Any = None,
        state: ComposerState | None = None,
        autosave: AutosaveWriter | None = None,
        uploader: Uploader | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        """``client``: a ``DashClient`` (boards, uploads, lookups); ``tz``: the display time zone;
        ``service``: the app's ``PostService`` (creates and edits then show in the calendar and can be
        undone; without it they go straight to ``client``);
        ``post``: an existing post to edit in place (its platform fixed); ``when``: the initial time;
        ``media_hub``: the app's ``MediaHub`` (the shared media strip and upload queue; one is made
        for ``client`` when not given); ``state``: a restored composer state; ``autosave``: where to
        autosave (the process's shared writer by default)."""
        super().__init__(parent)
        self.client = client
        self.brand_id = int(brand_id)
        self.zone = zone_of(tz)
        self.clock = clock
        self.autosave = autosave or shared_writer()
        self.compose = ComposeService(client, self.brand_id, posts=service, clock=clock)
        self.checker = Checker(self.brand_id, clock)
        self._later_checker = Checker(self.brand_id, clock)  # with the media still uploading counted
        self.results: dict[str, PlatformResult] = {}
        self.problems: dict[str, list[Problem]] = {}
        self.save_task: asyncio.Task[None] | None = None
        self.blocking: list[str] = []
        self.locked = ""  # why an opened post can't be changed (e.g. it was posted)
        self._saving = False
        self._dirty = False
        self._autosaved_clean = True
        self._closing_ok = False
        self._updating = False
        #: Platforms saved (as drafts) while media were uploading -> post id; updated when uploads end.
        self._awaiting: dict[str, int] = {}
        self._sent_media: dict[str, list[Any]] = {}
        self.follow_task: asyncio.Task[None] | None = None
        self._delete_when_done = False
        self.uploader = uploader or (self._upload if client is not None else None)
        self.media_hub = media_hub if media_hub is not None else self._make_hub(client)
        self.board_loader: BoardLoader | None = (
            (lambda: client.list_boards(self.brand_id)) if client is not None and hasattr(client, "list_boards")
            else None)

        if state is not None:
            self.state = state
        elif post is not None:
            self.state = self._state_for(post)
        else:
            self.state = ComposerState(when=when or default_time(clock()), platforms=list(platforms or []))
            self.state.set_platforms(self.state.platforms)
        if self.state.when is None:
            self.state.when = when or default_time(clock())
        self.editing = self.state.edit is not None

        self.setObjectName("composer")
        self.setWindowTitle(self._title())
        self.setAccessibleName("Composer")
        self.setSizeGripEnabled(True)
        self.tabs_by_platform: dict[str, PlatformTab] = {}
        self._tab_marks: dict[str, str] = {}
        self._build()
        self._sync_platform_buttons()
        self._rebuild_tabs()
        self._load_shared()
        for p in self.state.saved:  # a restored composer whose earlier save reached some platforms
            if p in self.tabs_by_platform:
                self.tabs_by_platform[p].mark_saved()
        self._fit_to_screen()

        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self._autosave_if_dirty)
        self._autosave_timer.start()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_MS)
        self._clock_timer.timeout.connect(self.revalidate)
        self._clock_timer.start()
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        self.revalidate()
        self.update_preview()
        if state is not None:
            self._dirty = True  # a restored composer holds unsaved work
            self.autosave_now()

    # --- construction ----------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """A roomy size from the font, never larger than the screen it opens on."""
        width, height = em(self, 78), em(self, 46)
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, round(room.width() * 0.95)), min(height, round(room.height() * 0.92))
        self.resize(width, height)

    def _title(self) -> str:
        if self.state.edit is not None:
            return f"Edit {rules_for(self.state.edit.platform).name} post"
        return "New post"

    def _make_hub(self, client: Any) -> Any:
        """A media hub for ``client`` (uploads through the shared queue), or ``None`` without one."""
        if client is None or not hasattr(client, "upload_file"):
            return None
        try:
            from dashdesk.ui.media.hub import MediaHub
        except ImportError:  # the shared media widgets are not in this build
            return None
        return MediaHub(client=client, brand_id=self.brand_id, parent=self)

    def _make_strip(self, name: str, parent: QWidget) -> MediaStripLike:
        """The shared media strip when there is a hub, else the composer's own small one."""
        strip: MediaStripLike
        if self.media_hub is not None:
            strip = HubMediaStrip(name, self.media_hub, parent)
        else:
            strip = MediaStripView(name, self.uploader, parent)
        strip.busyChanged.connect(lambda _busy: self.revalidate())
        return strip

    def _state_for(self, post: Any) -> ComposerState:
        data = post_json(post)
        platform = str(getattr(post, "platform", None) or data.get("platform") or "")
        if platform not in PLATFORM_IDS:
            raise ValueError(f"the post's platform is unknown: {platform!r}")
        draft = draft_from_post(platform, data)
        info = status_info(data.get("status"))
        if not info.editable:
            self.locked = f"This post is {info.label.lower()}: it can't be changed any more."
        return state_for_post(platform, int(data["id"]), draft, media_items_of(data))

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        gap = em(self, 0.6)
        outer.setSpacing(gap)

        # Platforms.
        row = QHBoxLayout()
        self.platforms_label = QLabel("Post to", self)
        self.platforms_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        font = self.platforms_label.font()
        font.setBold(True)
        self.platforms_label.setFont(font)
        row.addWidget(self.platforms_label)
        flow_host = QWidget(self)
        flow = FlowLayout(flow_host, spacing=em(self, 0.4))
        flow.setContentsMargins(0, 0, 0, 0)
        row.addWidget(flow_host, 1)
        self.platform_buttons: dict[str, QToolButton] = {}
        for p in PLATFORM_IDS:
            rules = rules_for(p)
            button = QToolButton(self)
            button.setCheckable(True)
            button.setIcon(platform_icon(p))
            button.setText(rules.name)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(em(self, 0.95), em(self, 0.95)))
            button.setAccessibleName(f"Post to {rules.name}")
            button.setToolTip(f"Post to {rules.name}")
            button.setAutoRaise(False)
            button.toggled.connect(lambda on, b=button: self._mark_chosen(b, on))
            button.toggled.connect(lambda on, p=p: self._platform_toggled(p, on))
            self.platform_buttons[p] = button
            flow.addWidget(button)
        outer.addLayout(row)
        self.platform_problem = ProblemLabel(self)
        outer.addWidget(self.platform_problem)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        left = QWidget(split)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        self.text_label = QLabel(left)
        self.text_label.setFont(font)
        lay.addWidget(self.text_label)
        self.editor = QPlainTextEdit(left)
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(em(self, 7))
        self.editor.setAccessibleName("Post text")
        self.editor.textChanged.connect(self._text_changed)
        self.text_label.setBuddy(self.editor)
        lay.addWidget(self.editor, 1)
        self.counter_grid = QGridLayout()
        self.counter_grid.setContentsMargins(0, 0, 0, 0)
        self.counter_grid.setHorizontalSpacing(em(self, 1))
        lay.addLayout(self.counter_grid)
        self.text_problem = ProblemLabel(left)
        lay.addWidget(self.text_problem)
        self.media_label = QLabel("Media", left)
        self.media_label.setFont(font)
        lay.addWidget(self.media_label)
        self.media = self._make_strip("Post media", left)
        self.media.changed.connect(self._media_changed)
        lay.addWidget(self.media)

        right = QWidget(split)
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(right)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Platform settings and preview")
        self.tabs.currentChanged.connect(lambda _i: self.update_preview())
        rlay.addWidget(self.tabs, 1)
        self.no_platform = muted(QLabel("Choose one or more platforms above to start.", right))
        self.no_platform.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_platform.setWordWrap(True)
        rlay.addWidget(self.no_platform, 1)
        right.setMinimumWidth(em(self, 20))
        left.setMinimumWidth(em(self, 22))
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([em(self, 42), em(self, 34)])
        self.splitter = split
        outer.addWidget(split, 1)

        # Publishing mode and time.
        when = QHBoxLayout()
        wlabel = QLabel("When", self)
        wlabel.setFont(font)
        when.addWidget(wlabel)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[PublishMode, QRadioButton] = {}
        for mode in PublishMode:
            button = QRadioButton(MODE_LABELS[mode], self)
            button.setAccessibleName(MODE_LABELS[mode])
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            button.toggled.connect(lambda on, m=mode: on and self._mode_changed(m))
            when.addWidget(button)
        self.timed = QCheckBox("Set a time", self)
        self.timed.setAccessibleName("Give the draft a time")
        self.timed.toggled.connect(self._timed_toggled)
        when.addWidget(self.timed)
        self.time_edit = QDateTimeEdit(self)
        self.time_edit.setTimeZone(QTimeZone.utc())  # shows wall-clock time of the display zone
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.time_edit.setAccessibleName("Publish date and time")
        self.time_edit.dateTimeChanged.connect(self._time_changed)
        when.addWidget(self.time_edit)
        self.zone_label = muted(QLabel(self))
        self.zone_label.setAccessibleName("Time zone")
        when.addWidget(self.zone_label)
        when.addStretch(1)
        outer.addLayout(when)
        self.time_problem = ProblemLabel(self)
        outer.addWidget(self.time_problem)

        # What blocks saving, results, buttons.
        self.blockers = QLabel(self)
        self.blockers.setWordWrap(True)
        self.blockers.setTextFormat(Qt.TextFormat.PlainText)
        self.blockers.setAccessibleName("What blocks saving")
        outer.addWidget(self.blockers)
        self.results_label = QLabel(self)
        self.results_label.setWordWrap(True)
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)
        self.results_label.setAccessibleName("Save results")
        self.results_label.hide()
        outer.addWidget(self.results_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(icon("send", role=QPalette.ColorRole.ButtonText), "Save", self)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName("Save")
        self.save_button.clicked.connect(self.save)
        self.force_button = QPushButton("Send again anyway…", self)
        self.force_button.setAccessibleName("Send the posts of unknown outcome again anyway")
        self.force_button.setToolTip("Only if you checked in Dash that these posts were not created.")
        self.force_button.clicked.connect(self.ask_force)
        self.force_button.hide()
        buttons.addWidget(self.force_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        self.setTabOrder(self.editor, self.media.list)
        self.setTabOrder(self.media.list, self.media.add_button)
        self.setTabOrder(self.media.add_button, self.media.remove_button)
        self.setTabOrder(self.media.remove_button, self.tabs)
        self.setTabOrder(self.cancel_button, self.save_button)

    def _load_shared(self) -> None:
        self._updating = True
        try:
            self.editor.setPlainText(self.state.text)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)  # keep writing where the text ends
            self.media.set_items(self.state.media)
            self.mode_buttons[self.state.mode].setChecked(True)
            self.timed.setChecked(self.state.timed_draft)
            self._show_time()
            for tab in self.tabs_by_platform.values():
                tab.load_from_state()
        finally:
            self._updating = False
        self._mode_ui()

    # --- platforms and tabs ----------------------------------------------------------------

    def _sync_platform_buttons(self) -> None:
        self._updating = True
        try:
            for p, button in self.platform_buttons.items():
                button.setChecked(p in self.state.platforms)
                if self.editing:
                    button.setVisible(p in self.state.platforms)
                    button.setEnabled(False)
                    button.setToolTip("The platform of an existing post can't change.")
                elif p in self.state.saved:
                    button.setEnabled(False)
                    button.setToolTip(f"Already saved to {rules_for(p).name}.")
        finally:
            self._updating = False

    @staticmethod
    def _mark_chosen(button: QToolButton, on: bool) -> None:
        font = button.font()
        font.setBold(on)
        button.setFont(font)
        name = button.text()
        button.setAccessibleName(f"Post to {name}" + (" (chosen)" if on else ""))

    def _platform_toggled(self, platform: str, on: bool) -> None:
        if self._updating:
            return
        chosen = [p for p in PLATFORM_IDS if self.platform_buttons[p].isChecked()]
        self.state.set_platforms(chosen)
        self._rebuild_tabs()
        if on:
            self.tabs.setCurrentWidget(self.tabs_by_platform[platform])
        self._changed(urgent=True)

    def set_platforms(self, platforms: list[str]) -> None:
        """Choose ``platforms`` as the person would (by their buttons)."""
        for p, button in self.platform_buttons.items():
            if button.isChecked() != (p in platforms):
                button.setChecked(p in platforms)

    def tab(self, platform: str) -> PlatformTab:
        """The tab of a chosen platform."""
        return self.tabs_by_platform[platform]

    def _rebuild_tabs(self) -> None:
        current = self.current_platform()
        self.tabs.blockSignals(True)
        self._tab_marks.clear()
        while self.tabs.count():
            self.tabs.removeTab(0)
        multi = len(self.state.platforms) > 1
        for p in self.state.platforms:
            tab = self.tabs_by_platform.get(p)
            if tab is None:
                tab = PlatformTab(p, self.state, board_loader=self.board_loader, make_strip=self._make_strip,
                                  parent=self)
                tab.edited.connect(lambda: self._changed())
                tab.mediaEdited.connect(lambda: self._changed(urgent=True))
                self.tabs_by_platform[p] = tab
                if tab.board is not None:
                    tab.board.start()
            tab.set_multi(multi)
            self.tabs.addTab(tab, platform_icon(p), rules_for(p).name)
        if current in self.state.platforms:
            self.tabs.setCurrentWidget(self.tabs_by_platform[current])
        self.tabs.blockSignals(False)
        self.tabs.setVisible(bool(self.state.platforms))
        self.no_platform.setVisible(not self.state.platforms)
        self._rebuild_counters()
        self._label_text()

    def current_platform(self) -> str | None:
        """The platform of the tab shown now."""
        widget = self.tabs.currentWidget() if hasattr(self, "tabs") else None
        return widget.platform if isinstance(widget, PlatformTab) else None

    # --- media from elsewhere ----------------------------------------------------------------

    def attach_media(self, media: list[Any]) -> int:
        """Attach media already in the Library (``dashdesk.api.Media`` objects, as the Media panel and
        the Library browser send them; objects with ``media_id`` work too) without uploading again.

        They join the strip of the tab shown now when that platform has its own media, else the
        shared strip, after what is there. Returns how many were attached (repeats are skipped).
        """
        if self.locked:  # a posted post can't change
            return 0
        platform = self.current_platform()
        strip: MediaStripLike = self.media
        if platform is not None and len(self.state.platforms) > 1 and self.state.part(platform).own_media is not None:
            strip = self.tabs_by_platform[platform].media
        before = len(strip.items())
        if isinstance(strip, HubMediaStrip):
            strip.add_library_media(media)
        else:
            strip.add_items([library_item(m) for m in media])
        return len(strip.items()) - before

    # --- taking the person to a field -----------------------------------------------------

    def _platform_for_path(self, path: str) -> str | None:
        """The chosen platform whose body has ``path``: the tab shown now if it does, else the first."""
        chosen = self.state.platforms
        key = path.split("[", 1)[0]
        current = self.current_platform()
        for p in ([current] if current in chosen else []) + list(chosen):
            rules = rules_for(p)
            if key in (MEDIA_PATH, TIME_PATH, POST_TYPE_PATH, AUTO_PATH) or any(f.path == key for f in rules.fields):
                return p
        return current or (chosen[0] if chosen else None)

    def focus_field(self, path: str, platform: str | None = None) -> QWidget | None:
        """Show and focus the editor of body ``path`` ("media_ids", "meta.title", "title",
        "declared_made_for_kids", "timestamp", a caption path...) on its platform's tab.

        Which widget edits a path comes from the rules table (the tab's field editors are keyed by
        body path); ``platform`` picks the tab when several platforms have the path. Returns the
        focused widget, or ``None`` when the composer has no editor for the path.
        """
        key = path.split("[", 1)[0]  # "media_ids[2]" is the media strip too
        platform = platform if platform in self.state.platforms else self._platform_for_path(key)
        tab = self.tabs_by_platform.get(platform) if platform else None
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        target: QWidget | None = None
        part = self.state.part(platform) if platform else None
        if key == MEDIA_PATH:
            own = tab is not None and part is not None and part.own_media is not None
            target = tab.media.list if own else self.media.list
        elif key == TIME_PATH:
            if self.state.mode is PublishMode.NOW:
                target = self.mode_buttons[PublishMode.SCHEDULE]
            elif self.state.mode is PublishMode.DRAFT and not self.state.timed_draft:
                target = self.timed  # "Set a time" first
            else:
                target = self.time_edit
        elif tab is not None and key == POST_TYPE_PATH:
            target = tab.post_type
        elif tab is not None and key == AUTO_PATH:
            target = tab.auto
        elif tab is not None and platform is not None and key == rules_for(platform).text_field.path:
            editor = tab.field_for_path(key)
            target = editor.editor if editor is not None else self.editor
        elif tab is not None:
            editor = tab.field_for_path(key)
            if editor is not None:
                target = editor.editor.combo if isinstance(editor.editor, BoardPicker) else editor.editor
                if isinstance(target, YesNoChoice):  # the answer given, else the first choice
                    target = target.no if target.no.isChecked() else target.yes
        if target is None:
            return None
        if tab is not None and tab.isAncestorOf(target):
            tab.ensureWidgetVisible(target)
            QTimer.singleShot(0, lambda: tab.ensureWidgetVisible(target))  # again once laid out
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

    def _label_text(self) -> None:
        platforms = self.state.platforms
        if len(platforms) == 1:
            spec = rules_for(platforms[0]).text_field
            self.text_label.setText(spec.label)
            self.editor.setPlaceholderText(f"{spec.label} for {rules_for(platforms[0]).name}")
            self.editor.setAccessibleName(f"{rules_for(platforms[0]).name} {spec.label}")
            self.editor.setToolTip(limit_tooltip(platforms[0], spec.path))
        else:
            self.text_label.setText("Text for all platforms" if platforms else "Text")
            self.editor.setPlaceholderText("Write once; each platform's tab can change it.")
            self.editor.setAccessibleName("Text for all platforms")
            self.editor.setToolTip("")
        self.media_label.setText("Media for all platforms" if len(platforms) > 1 else "Media")

    def _rebuild_counters(self) -> None:
        while self.counter_grid.count():
            widget = self.counter_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.counters: dict[str, CounterLabel] = {}
        for n, p in enumerate(self.state.platforms):
            counter = CounterLabel(self)
            counter.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            counter.setToolTip(limit_tooltip(p, rules_for(p).text_field.path))
            self.counters[p] = counter
            self.counter_grid.addWidget(counter, n // COUNTER_COLUMNS, n % COUNTER_COLUMNS)

    # --- edits -----------------------------------------------------------------------------

    def _text_changed(self) -> None:
        if self._updating:
            return
        self.state.text = self.editor.toPlainText()
        self._changed()

    def _media_changed(self, items: list[MediaItem]) -> None:
        self.state.media = list(items)
        self._changed(urgent=True)

    def _mode_changed(self, mode: PublishMode) -> None:
        if self._updating:
            return
        self.state.mode = mode
        self._mode_ui()
        self._changed()

    def _mode_ui(self) -> None:
        mode = self.state.mode
        self.timed.setVisible(mode is PublishMode.DRAFT)
        timed = mode is PublishMode.SCHEDULE or (mode is PublishMode.DRAFT and self.state.timed_draft)
        self.time_edit.setEnabled(timed)
        self.time_edit.setVisible(mode is not PublishMode.NOW)
        self.zone_label.setVisible(mode is not PublishMode.NOW)
        self._save_label()

    def _timed_toggled(self, on: bool) -> None:
        if self._updating:
            return
        self.state.timed_draft = on
        self._mode_ui()
        self._changed()

    def _show_time(self) -> None:
        when = self.state.when or default_time(self.clock())
        local = when.astimezone(self.zone)
        wall = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), QTimeZone.utc())
        self.time_edit.setDateTime(wall)
        self.zone_label.setText(zone_text(self.zone, when))

    def _time_changed(self, value: QDateTime) -> None:
        if self._updating:
            return
        d, t = value.date(), value.time()
        local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.zone)
        self.state.when = local.astimezone(UTC)
        self.zone_label.setText(zone_text(self.zone, self.state.when))
        self._changed()

    def set_time(self, when: datetime) -> None:
        """Pick ``when`` in the picker (as the person would)."""
        self.state.when = when.astimezone(UTC)
        self._show_time()

    def _changed(self, *, urgent: bool = False) -> None:
        self._dirty = True
        self._autosaved_clean = False
        self.revalidate()
        self._preview_timer.start()
        if urgent:
            self.autosave_now()

    # --- validation ------------------------------------------------------------------------

    def revalidate(self) -> None:
        """Check every chosen platform and show each problem beside what it concerns."""
        state = self.state
        multi = len(state.platforms) > 1
        text_msgs: list[str] = []
        media_msgs: list[str] = []
        time_msgs: list[str] = []
        blockers: list[str] = []
        self.problems = {}
        for p in state.platforms:
            name = rules_for(p).name
            part = state.part(p)
            if p in state.saved:
                problems: list[Problem] = []
            else:
                problems = self._while_uploading(p, self.checker.problems(state.draft_for(p)))
            self.problems[p] = problems
            tab = self.tabs_by_platform[p]
            tab.show_problems(problems)
            tab.update_counts()
            prefix = f"{name}: " if multi else ""
            text_path = rules_for(p).text_field.path
            for prob in problems:
                if prob.path == text_path and part.own_text is None:
                    text_msgs.append(prefix + prob.message)
                elif prob.path == MEDIA_PATH and part.own_media is None:
                    media_msgs.append(prefix + prob.message)
                elif prob.path == TIME_PATH and prob.message not in time_msgs:
                    time_msgs.append(prob.message)
                if prob.blocking:
                    blockers.append(f"{name}: {prob.message}")
            counter = self.counters.get(p)
            if counter is not None:
                takes_text = rules_for(p).text_field.applies_to(part.post_type)
                shared = part.own_text is None and takes_text
                counter.setVisible(shared and bool(rules_for(p).text_field.limits))
                if counter.isVisibleTo(self):
                    counts = counts_for(p, part.post_type, text_path, state.text)
                    counter.set_counts(counts, f"{name}" if multi else "")
            mark = "saved" if p in state.saved else "error" if any(x.blocking for x in problems) else "ok"
            if self._tab_marks.get(p) != mark:
                self._tab_marks[p] = mark
                self._mark_tab(tab, p, mark)
        self.text_problem.set_messages(text_msgs)
        self.media.set_problems(media_msgs)
        shared_targets = [(p, state.part(p).post_type) for p in state.platforms if state.part(p).own_media is None]
        if shared_targets != getattr(self, "_targets", None):
            self._targets = shared_targets
            self.media.set_targets(shared_targets)
        strips = [("", self.media)] + [(f"{rules_for(p).name}: ", self.tabs_by_platform[p].media)
                                       for p in state.platforms if state.part(p).own_media is not None]
        uploads_block = state.mode is not PublishMode.DRAFT  # a draft saves now and gets them later
        for prefix, strip in strips:
            blockers += [prefix + b for b in strip.blockers(uploads_block=uploads_block)]
        self.time_problem.set_messages(time_msgs)
        if not state.platforms:
            blockers.insert(0, "Choose at least one platform.")
        if self.locked:
            blockers.insert(0, self.locked)
        self.platform_problem.set_messages([] if state.platforms else ["Choose at least one platform."])
        self._show_blockers(blockers)

    def _while_uploading(self, platform: str, problems: list[Problem]) -> list[Problem]:
        """Problems as they stand with media still uploading.

        Where a platform needs media that are still uploading (it can't keep a post without them, not
        even as a draft) the problem says to wait; media the post will get when the uploads finish
        are counted now (kind, count, mixing), so a draft is never saved that its final media would
        make the API refuse.
        """
        own = self.state.part(platform).own_media is not None and platform in self.tabs_by_platform
        strip = self.tabs_by_platform[platform].media if own else self.media
        if not strip.is_busy():
            return problems
        name = rules_for(platform).name
        found = [dataclasses.replace(p, message=f"{p.message} Wait for the upload to finish: {name} can't keep "
                                     "a post without its media, not even as a draft.")
                 if p.code == "missing_media" else p for p in problems]
        pending = strip.pending_kinds()
        if pending:
            later = self.state.draft_for(platform)
            later.media = later.media + [MediaRef(-n, kind) for n, kind in enumerate(pending, 1)]
            known = {(p.path, p.code) for p in problems}
            found += [dataclasses.replace(p, message=f"{p.message} (counting the media still uploading)")
                      for p in self._later_checker.problems(later)
                      if p.path == MEDIA_PATH and p.code in LATER_MEDIA_CODES and (p.path, p.code) not in known]
        return found

    def _mark_tab(self, tab: PlatformTab, platform: str, mark: str) -> None:
        """The tab's icon says saved, needs fixing, or shows the platform's badge."""
        index = self.tabs.indexOf(tab)
        if mark == "saved":
            self.tabs.setTabIcon(index, icon("check-circle-fill", tone_color("success")))
            self.tabs.setTabToolTip(index, f"Saved to {rules_for(platform).name}")
        elif mark == "error":
            self.tabs.setTabIcon(index, icon("exclamation-circle-fill", tone_color("danger")))
            self.tabs.setTabToolTip(index, f"{rules_for(platform).name}: something to fix")
        else:
            self.tabs.setTabIcon(index, platform_icon(platform))
            self.tabs.setTabToolTip(index, f"{rules_for(platform).name}: ready")

    def _show_blockers(self, blockers: list[str]) -> None:
        self.blocking = blockers
        waiting = bool(self._awaiting) and (self.editing or all(p in self.state.saved for p in self.state.platforms))
        self.save_button.setEnabled(not blockers and not self._saving and not waiting)
        if not blockers:
            pending = sum(s.pending_count() for _n, s in self._strips())
            note = ""
            if pending and self.state.mode is PublishMode.DRAFT and not waiting:
                note = ("Saves the draft now with the ready media; the item still uploading is added to it "
                        "when its upload finishes." if pending == 1 else
                        f"Saves the draft now with the ready media; the {pending} items still uploading are "
                        "added to it when their uploads finish.")
            self.save_button.setToolTip(note)
            if self.blockers.text() != note:  # a note, not a blocker: in the secondary text colour
                self.blockers.setText(note)
                pal = self.blockers.palette()
                pal.setColor(self.blockers.foregroundRole(), self.palette().color(QPalette.ColorRole.PlaceholderText))
                self.blockers.setPalette(pal)
            self.blockers.setVisible(bool(note))
            return
        shown = blockers[:MAX_BLOCKERS]
        more = len(blockers) - len(shown)
        text = "Can't save yet:\n" + "\n".join(f"• {b}" for b in shown)
        if more:
            text += f"\n• and {more} more (see the platform tabs)"
        if self.blockers.text() != text:
            self.blockers.setText(text)
            pal = self.blockers.palette()
            pal.setColor(self.blockers.foregroundRole(), tone_color("danger"))
            self.blockers.setPalette(pal)
        self.blockers.show()
        self.save_button.setToolTip(text)

    def update_preview(self) -> None:
        """Show the current tab's platform as it will look."""
        platform = self.current_platform()
        if platform is None:
            return
        draft = self.state.draft_for(platform)
        rules = rules_for(platform)
        pt = rules.post_type(draft.effective_post_type) or rules.post_types[0]
        takes_text = rules.text_field.applies_to(pt.name)
        title = draft.extras.get("title") if rules.field("title") else None
        comment = draft.extras.get("first_comment") if rules.field("first_comment") else None
        self.tab(platform).preview.show_post(platform, pt.label, str(title or ""), draft.text if takes_text else None,
                               self.state.media_for(platform), str(comment or ""))

    # --- saving ----------------------------------------------------------------------------

    def _save_label(self) -> None:
        failed = [p for p, r in self.results.items() if not r.ok]
        if self.editing:
            text = "Save changes"
        elif failed:
            text = f"Retry {len(failed)} platforms" if len(failed) > 1 else f"Retry {rules_for(failed[0]).name}"
        else:
            text = SAVE_LABELS[self.state.mode]
        self.save_button.setText(text)
        self.save_button.setAccessibleName(text)

    def save(self, *, force: bool = False) -> None:
        """Save (or retry the platforms that failed) in the background; see ``save_task``.

        ``force`` sends platforms whose outcome is unknown again without looking them up.
        """
        if self.save_task is not None and not self.save_task.done():
            return
        if self.blocking:
            return
        self.save_task = asyncio.ensure_future(self._save(force=force))
        self.save_task.add_done_callback(self._save_ended)

    def _save_ended(self, task: asyncio.Task[None]) -> None:
        """Say so when saving stopped on an unexpected error (the work stays, autosaved)."""
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        log.error("saving failed unexpectedly", exc_info=exc)
        self._saving = False
        self.cancel_button.setEnabled(True)
        self.results_label.setText(f"Saving stopped on an unexpected error ({exc}). Your post is kept; "
                                   "try again.")
        self.results_label.show()
        self.revalidate()

    def unknown_platforms(self) -> list[str]:
        """Platforms whose last save may or may not have created the post."""
        return [p for p, r in self.results.items() if r.outcome is Outcome.UNKNOWN]

    def ask_force(self) -> QMessageBox:
        """Ask before sending posts of unknown outcome again (they may then exist twice)."""
        names = ", ".join(rules_for(p).name for p in self.unknown_platforms())
        box = QMessageBox(QMessageBox.Icon.Warning, "Send again anyway?",
                          f"DashDesk can't tell whether the {names} post was created.",
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("forceBox")
        box.setInformativeText("Check the calendar in Dash first: if the post is there, sending again "
                               "creates it twice.")
        send = box.addButton("Send again", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)

        def done(_result: int) -> None:
            if box.clickedButton() is send:
                self.save(force=True)
            box.deleteLater()

        box.finished.connect(done)
        box.open()
        self.force_box = box
        return box

    async def _save(self, *, force: bool = False) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.results_label.setText("Saving…")
        self.results_label.show()
        try:
            busy = self.uploads_running()
            if self.state.edit is not None:
                edit = self.state.edit
                sent = self.state.draft_for(edit.platform)
                result = await self.compose.update(edit.platform, edit.post_id, edit.original, sent)
                self.results = {edit.platform: result}
                if result.ok and busy:
                    self._await_uploads(edit.platform, edit.post_id, sent.media)
            else:
                drafts = {p: d for p, d in self.state.drafts().items() if p not in self.state.saved}
                previous = {p: r for p, r in self.results.items() if p in drafts}
                force_set = set(self.unknown_platforms()) if force else set()
                results = await self.compose.create_all(drafts, previous, on_result=self._show_result,
                                                        force=force_set)
                self.results.update(results)
                for p, r in results.items():
                    if r.ok and r.post_id is not None:
                        self.state.saved[p] = r.post_id
                        if busy and p in drafts:
                            self._await_uploads(p, r.post_id, drafts[p].media)
        finally:
            self._saving = False
            self.cancel_button.setEnabled(True)
        self._after_save()

    def _show_result(self, result: PlatformResult) -> None:
        tab = self.tabs_by_platform.get(result.platform)
        if tab is not None:
            tab.show_result(result.message, result.ok)

    def _after_save(self) -> None:
        results = self.results
        for r in results.values():
            self._show_result(r)
        self.resultsChanged.emit(dict(results))
        lines = []
        for p, r in results.items():
            name = rules_for(p).name
            word = {Outcome.SAVED: "saved", Outcome.FAILED: "failed", Outcome.UNKNOWN: "outcome unknown"}[r.outcome]
            detail = "" if r.ok and not r.found_by_lookup else f" — {r.message}"
            lines.append(f"{name}: {word}{detail}")
        done = (all(r.ok for r in results.values()) if self.editing
                else all(p in self.state.saved for p in self.state.platforms))
        if self._awaiting:
            pending = sum(s.pending_count() for _n, s in self._strips())
            lines.append(f"{pending} upload{'s' if pending != 1 else ''} still running: the draft gets "
                         f"{'them' if pending != 1 else 'it'} when {'they finish' if pending != 1 else 'it finishes'}"
                         + (" (you can close this window)." if done else "."))
            self._start_follow_up()
        self.results_label.setText("\n".join(lines))
        if done and not self._awaiting:
            self._finish(list(results.values()))
            return
        if done:  # saved: only the media of running uploads are still to come
            self._dirty = False
            self.autosave.discard(self.state.session_id)
            self.cancel_button.setText("Close")
            for tab in self.tabs_by_platform.values():
                tab.mark_saved()
            # Only the media strip still counts (what is ready when the uploads end is sent): the rest
            # is locked, so nothing looks editable that would not be sent.
            self.editor.setReadOnly(True)
            for widget in (*self.platform_buttons.values(), *self.mode_buttons.values(), self.timed, self.time_edit):
                widget.setEnabled(False)
            self.revalidate()
            return
        self.force_button.setVisible(bool(self.unknown_platforms()))
        for p in self.state.saved:
            if p in self.tabs_by_platform:
                self.tabs_by_platform[p].mark_saved()
        self._sync_platform_buttons()
        self._save_label()
        self.revalidate()
        self.autosave_now()

    # --- media still uploading when a draft was saved -----------------------------------------

    def _strips(self) -> list[tuple[str, MediaStripLike]]:
        """The shared media strip and the strips of platforms with their own media."""
        return [("", self.media)] + [(p, self.tabs_by_platform[p].media) for p in self.state.platforms
                                     if self.state.part(p).own_media is not None and p in self.tabs_by_platform]

    def uploads_running(self) -> bool:
        """Whether any strip is still checking or uploading media."""
        return any(strip.is_busy() for _p, strip in self._strips())

    def _await_uploads(self, platform: str, post_id: int, sent: list[Any]) -> None:
        """``platform``'s post was saved while media were uploading: update it when they finish."""
        self._awaiting[platform] = post_id
        self._sent_media[platform] = list(sent)

    def _start_follow_up(self) -> None:
        if self.follow_task is None or self.follow_task.done():
            self.follow_task = asyncio.ensure_future(self._follow_uploads())

    async def _follow_uploads(self) -> None:
        """Wait for the uploads, then PATCH each saved draft's ``media_ids`` with what is ready.

        A cancelled upload was detached from the strip, a failed one is not ready: neither is sent.
        """
        while self.uploads_running():
            await asyncio.gather(*(strip.wait_ready() for _p, strip in self._strips()))
        results: dict[str, PlatformResult] = {}
        for platform, post_id in list(self._awaiting.items()):
            after = self.state.draft_for(platform)
            before = dataclasses.replace(after, media=list(self._sent_media[platform]))
            result = await self.compose.update(platform, post_id, before, after)
            results[platform] = result
            if result.ok:
                del self._awaiting[platform]
                self._sent_media[platform] = list(after.media)
        lines = []
        for platform, result in results.items():
            name = rules_for(platform).name
            if not result.ok:
                lines.append(f"{name}: the uploaded media could not be added to the draft — {result.message}")
                log.warning("media follow-up of %s post %s failed: %s", platform, self._sent_media, result.message)
            elif result.sent:
                lines.append(f"{name}: the draft now has its {len(self.state.media_for(platform))} media.")
            else:
                lines.append(f"{name}: no media to add (uploads cancelled or failed).")
        self.results_label.setText("\n".join(lines))
        self.resultsChanged.emit(dict(results))
        done = (self.editing or all(p in self.state.saved for p in self.state.platforms)) and not self._awaiting
        if done:
            if self.isVisible():
                self._finish(list(results.values()))
            else:
                self.saved.emit(list(results.values()))
                if self._delete_when_done:
                    self.deleteLater()
        else:
            self.revalidate()

    def _finish(self, results: list[PlatformResult]) -> None:
        self._dirty = False
        self.autosave.discard(self.state.session_id)
        self.saved.emit(results)
        self._closing_ok = True
        self.accept()

    # --- autosave and closing --------------------------------------------------------------

    def autosave_now(self) -> None:
        """Write the state now (in the background); an empty composer leaves nothing behind."""
        if self.state.is_empty() and not self.state.saved:
            self.autosave.discard(self.state.session_id)
        else:
            data = {**self.state.to_json(), "brand_id": self.brand_id}
            self.autosave.submit(self.state.session_id, data, self.state.summary())
        self._autosaved_clean = True

    def keep_for_restore(self) -> bool:
        """The app is quitting with this composer open: write its unsaved work now (the next start
        offers it). Returns whether anything was written."""
        if self._closing_ok or not self.dirty:
            return False
        self.autosave_now()
        return True

    def _autosave_if_dirty(self) -> None:
        if not self._autosaved_clean:
            self.autosave_now()

    @property
    def dirty(self) -> bool:
        """Whether there is unsaved work."""
        return self._dirty and not self.state.is_empty()

    def reject(self) -> None:
        """Close; with unsaved work, ask first (without blocking: the question box is opened)."""
        if self._saving:
            return  # never close while a save is on its way
        if self._closing_ok or not self.dirty:
            self._discard_and_close()
            return
        self.ask_discard()

    def ask_discard(self) -> QMessageBox:
        """Open the "discard this post?" question; Discard closes, Keep editing stays."""
        box = QMessageBox(QMessageBox.Icon.Question, "Discard this post?",
                          "This post has not been saved. Discard it?", QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("discardBox")
        box.setInformativeText("Discarded text and media can't be brought back.")
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)

        def done(_result: int) -> None:
            if box.clickedButton() is discard:
                self._discard_and_close()
            box.deleteLater()

        box.finished.connect(done)
        box.open()
        self.discard_box = box
        return box

    def _discard_and_close(self) -> None:
        if self.follow_task is not None and not self.follow_task.done():
            # the dialog (and its strips) must outlive closing until the saved draft has its media
            self._delete_when_done = self.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._closing_ok = True
        self.autosave.discard(self.state.session_id)
        super().reject()

    def changeEvent(self, event: QEvent) -> None:
        """Follow a change of the colour scheme: counters, problems and tab marks take its colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and hasattr(self, "tabs"):
            for counter in self.findChildren(CounterLabel):
                counter.forget()
            for label in self.findChildren(ProblemLabel):
                label.retint()
            for tab in self.tabs_by_platform.values():
                tab._summary_shown = None
            self._tab_marks.clear()
            self.blockers.clear()
            self.revalidate()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks like Cancel does."""
        if self._closing_ok:
            event.accept()
            return
        event.ignore()
        self.reject()

    def done(self, result: int) -> None:
        """Stop the timers when the dialog closes."""
        self._autosave_timer.stop()
        self._clock_timer.stop()
        self._preview_timer.stop()
        super().done(result)

    # --- uploads ---------------------------------------------------------------------------

    async def _upload(self, path: Path) -> MediaItem:
        media = await self.client.upload_file(self.brand_id, path)
        kind = getattr(media, "kind", None)
        if kind not in ("IMAGE", "VIDEO"):
            from dashdesk.media.inspect import inspect_file

            info = await asyncio.get_running_loop().run_in_executor(None, inspect_file, path)
            kind = info.kind
        attach = int(getattr(media, "attach_id", None) or media.id)
        thumb: str | None = str(path)
        if MediaKind(kind) is MediaKind.VIDEO:
            thumb = await asyncio.get_running_loop().run_in_executor(None, video_thumbnail, path, attach)
        return MediaItem(attach, MediaKind(kind), path.name, thumb)


def video_thumbnail(path: Path, media_id: int) -> str | None:
    """A PNG of a video's first frame in the data folder (for the strip and preview), if it can be made."""
    from dashdesk.media.inspect import make_thumbnail
    from dashdesk.paths import data_dir

    try:
        png = make_thumbnail(path)
    except Exception as exc:  # an unreadable video keeps the film glyph
        log.info("no thumbnail for %s: %s", path.name, exc)
        return None
    folder = data_dir() / "thumbnails"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"media-{media_id}.png"
    target.write_bytes(png)
    return str(target)
