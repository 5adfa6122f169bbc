"""What happened to a post: a read-only view with Dash's outcome in plain words and what to do next.

Opened for posts whose form can no longer say it all: posted (when it went out, "Open live post"),
failed (why, "Fix and reschedule", "Retry now"), waiting for someone to publish it by hand, expired,
publishing. "Duplicate" is offered for every post. The window performs the actions (they change
posts, so they go through the post service); this dialog only asks for them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import ntr, tr
from dashdesk.services.lifecycle import (
    DUPLICATE,
    EDIT,
    FIX_AND_RESCHEDULE,
    OPEN_LIVE,
    RETRY_NOW,
    Explanation,
    explain,
    failing_field,
)
from dashdesk.services.post import Post
from dashdesk.ui import icons
from dashdesk.ui.calendar.chips import mix
from dashdesk.ui.posts_model import post_time_text
from dashdesk.ui.status import TONE_COLORS, status_look

TONE_ICON = {"success": "check-circle-fill", "danger": "exclamation-octagon-fill",
             "warning": "exclamation-triangle-fill", "progress": "send", "info": "exclamation-circle-fill"}


def tone_color(tone: str, palette: QPalette) -> QColor:
    """The tone's text colour for the palette's scheme."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    light_hex, dark_hex = TONE_COLORS.get(tone, TONE_COLORS["neutral"])
    return QColor(dark_hex if dark else light_hex)


class OutcomeBanner(QFrame):
    """A tinted box at the top of an opened post: the outcome's icon, title and plain sentences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeBanner")
        fm = self.fontMetrics()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(fm.height() * 3 // 4, fm.height() // 2, fm.height() * 3 // 4, fm.height() // 2)
        lay.setSpacing(fm.height() // 2)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts.addWidget(self.title)
        texts.addWidget(self.body)
        lay.addWidget(self.icon, 0)
        lay.addLayout(texts, 1)
        self.explanation: Explanation | None = None
        self.hide()

    def set_explanation(self, explanation: Explanation | None) -> None:
        """Show ``explanation`` (hide the banner for ``None``)."""
        self.explanation = explanation
        if explanation is None:
            self.hide()
            return
        pal = self.palette()
        tone = tone_color(explanation.tone, pal)
        base = pal.color(QPalette.ColorRole.Window)
        self.setStyleSheet(
            f"#outcomeBanner {{ background: {mix(base, tone, 0.12).name()};"
            f" border: 1px solid {mix(base, tone, 0.5).name()}; border-radius: 6px; }}"
        )
        size = self.fontMetrics().height() * 2
        self.icon.setPixmap(icons.render_svg(TONE_ICON.get(explanation.tone, "exclamation-circle-fill"), size, tone,
                                             self.devicePixelRatioF()))
        self.title.setText(explanation.title)
        self.title.setStyleSheet(f"color: {tone.name()};")
        self.body.setText(explanation.body)
        self.setAccessibleName(explanation.title)
        self.setAccessibleDescription(explanation.body)
        self.show()


class PostDetailsDialog(QDialog):
    """A post, read-only, with its outcome and the actions it offers (signals carry the post's key)."""

    fixRequested = Signal(object, object)  # PostKey, body path to focus (or None)
    retryRequested = Signal(object)  # PostKey
    duplicateRequested = Signal(object)  # PostKey
    editRequested = Signal(object)  # PostKey

    def __init__(self, post: Post, tz: ZoneInfo, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postDetails")
        self.tz, self.now = tz, now
        self.post = post
        fm = self.fontMetrics()
        self.setMinimumWidth(fm.averageCharWidth() * 70)
        lay = QVBoxLayout(self)
        lay.setSpacing(fm.height() // 2)
        self.banner = OutcomeBanner(self)
        lay.addWidget(self.banner)
        form = QFormLayout()
        form.setHorizontalSpacing(fm.height())
        self.platform = QLabel(self)
        self.status = QLabel(self)
        self.when = QLabel(self)
        self.link = QLabel(self)
        self.link.setOpenExternalLinks(True)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.media = QLabel(self)
        form.addRow(tr("Platform:"), self.platform)
        form.addRow(tr("Status:"), self.status)
        self.when_label = QLabel(tr("Time:"), self)
        form.addRow(self.when_label, self.when)
        self.link_label = QLabel(tr("Live post:"), self)
        form.addRow(self.link_label, self.link)
        form.addRow(tr("Text:"), self.text)
        form.addRow(tr("Media:"), self.media)
        lay.addLayout(form)
        lay.addStretch(1)
        self.buttons = QHBoxLayout()
        self.open_live = self._button("box-arrow-up-right", tr("Open live post"),
                                      tr("Open the published post in your browser"))
        self.fix = self._button("pencil-square", tr("Fix and reschedule…"), tr("Edit the post and pick a new time"))
        self.retry = self._button("arrow-repeat", tr("Retry now"), tr("Send the same post again, to publish at once"))
        self.duplicate = self._button("copy", tr("Duplicate…"), tr("Start a new post with this one's content"))
        self.edit = self._button("pencil-square", tr("Edit…"), tr("Open the post to change it"))
        self.edit.clicked.connect(lambda: self.editRequested.emit(self.post.key))
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        self.open_live.clicked.connect(self._open_live)
        self.fix.clicked.connect(lambda: self.fixRequested.emit(self.post.key, failing_field(self.post)))
        self.retry.clicked.connect(self._retry)
        self.duplicate.clicked.connect(lambda: self.duplicateRequested.emit(self.post.key))
        self.buttons.addWidget(self.edit)
        self.buttons.addWidget(self.open_live)
        self.buttons.addWidget(self.fix)
        self.buttons.addWidget(self.retry)
        self.buttons.addWidget(self.duplicate)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.close_button)
        lay.addLayout(self.buttons)
        self.set_post(post)

    def _button(self, icon: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(icons.icon(icon), text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        return button

    def set_post(self, post: Post, now: datetime | None = None) -> None:
        """Show ``post`` (again, e.g. when the tracker learns its outcome while this is open)."""
        self.post = post
        self.now = now or self.now
        explanation = explain(post, self.now, self.tz)
        self.banner.set_explanation(explanation)
        name = icons.platform_name(post.platform)
        kind = f" · {post.post_type.title()}" if post.post_type else ""
        self.platform.setText(f"{name}{kind}")
        look = status_look(post.status)
        color = tone_color(look.tone, self.palette())
        self.status.setText(f"<span style='color:{color.name()}'><b>{look.word}</b></span>")
        if post.status == "POSTED" and post.timestamp is not None:
            self.when_label.setText(tr("Went out:"))
        elif post.is_publish_now:
            self.when_label.setText(tr("Sent:"))
        else:
            self.when_label.setText(tr("Time:"))
        self.when.setText(post_time_text(post, self.tz))
        link = post.live_post_url
        self.link.setText(f"<a href='{_attr(link)}'>{_html(link)}</a>" if link else "")
        self.link.setVisible(bool(link))
        self.link_label.setVisible(bool(link))
        self.text.setText(post.text or "(no text)")
        n = post.media_count
        if not n:
            self.media.setText(tr("None"))
        elif post.first_media_kind == "VIDEO":
            self.media.setText(ntr("{n} video", "{n} videos", n))
        else:
            self.media.setText(ntr("{n} image", "{n} images", n))
        actions = explanation.actions if explanation else (DUPLICATE,)
        self.open_live.setVisible(OPEN_LIVE in actions)
        self.fix.setVisible(FIX_AND_RESCHEDULE in actions)
        self.retry.setVisible(RETRY_NOW in actions)
        self.retry.setEnabled(True)
        self.duplicate.setVisible(DUPLICATE in actions)
        self.edit.setVisible(EDIT in actions)
        title = explanation.title if explanation else tr("{name} post", name=name)
        self.setWindowTitle(title)
        # as wide as the buttons shown need (a long language), and never narrower than 70 characters
        self.setMinimumWidth(max(self.fontMetrics().averageCharWidth() * 70, self.layout().minimumSize().width()))

    def _open_live(self) -> None:
        if self.post.live_post_url:
            QDesktopServices.openUrl(QUrl(self.post.live_post_url))

    def _retry(self) -> None:
        # One click, one new post: the button stays off until the window reports back.
        self.retry.setEnabled(False)
        self.retry.setText(tr("Sending…"))
        self.retryRequested.emit(self.post.key)

    def retry_finished(self, error: str | None) -> None:
        """The window's answer to "Retry now": ``None`` when the new post was created, else why not."""
        self.retry.setText(tr("Retry now"))
        if error:
            self.retry.setEnabled(True)
            self.banner.body.setText(tr(
                    "{text}  Retrying didn't work: {error}",
                    text=self.banner.body.text(),
                    error=error,
                ))
        else:
            self.retry.setEnabled(False)
            self.banner.body.setText(tr(
                    "Sent again as a new post, to publish at once. It shows in the calendar where it was sent, with "
                    "its outcome when Dash has one."
                ))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _html(text).replace("'", "&#39;").replace('"', "&quot;")
