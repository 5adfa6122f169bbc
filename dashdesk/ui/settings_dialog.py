"""Settings: display time zone, first day of the week, brand, media privacy, and signing out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.i18n.formats import weekday_name
from dashdesk.services.session import Session
from dashdesk.settings import Settings, all_zone_names, system_zone_name


class SettingsDialog(QDialog):
    """Edits the display options; emits ``applied`` after saving them."""

    applied = Signal()
    brandChosen = Signal(int)
    signOut = Signal()
    signOutAndForget = Signal()
    """Sign out and remove this account's local data (caches, journal, drafts, thumbnails)."""

    def __init__(self, parent: QWidget | None, settings: Settings, session: Session) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.session = session
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItems(all_zone_names())
        completer = QCompleter(all_zone_names(), self.zone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.setCompleter(completer)
        self.zone.setCurrentText(settings.time_zone)
        self.zone.setAccessibleName(tr("Display time zone"))
        self.zone.setToolTip(tr("Any IANA time zone; this computer uses {zone}", zone=system_zone_name()))
        form.addRow(tr("Display time &zone:"), self.zone)
        self.first_day = QComboBox(self)
        self.first_day.addItems([weekday_name(day) for day in range(7)])  # in the language's own words
        self.first_day.setCurrentIndex(settings.first_weekday)
        self.first_day.setAccessibleName(tr("First day of the week"))
        form.addRow(tr("&First day of the week:"), self.first_day)
        from dashdesk.i18n.language import NAMES

        self.language = QComboBox(self)
        self.language.setAccessibleName(tr("Language"))
        self.language.addItem(tr("System language"), "")
        for code, name in NAMES.items():  # each language in its own name
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setToolTip(tr("The language DashDesk speaks; it changes when DashDesk starts again"))
        form.addRow(tr("&Language:"), self.language)
        self.language_note = self._hint(tr("A new language applies the next time DashDesk starts."))
        self.language_note.setVisible(False)
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_note.setVisible(self.language.currentData() != settings.language)
        )
        form.addRow("", self.language_note)
        self.brand = QComboBox(self)
        self.brand.setAccessibleName(tr("Brand"))
        for b in session.brands:
            self.brand.addItem(b.label, int(b.id))
        i = self.brand.findData(session.brand_id)
        if i < 0:
            self.brand.addItem(session.brand_label(), session.brand_id)
            i = self.brand.count() - 1
        self.brand.setCurrentIndex(i)
        form.addRow(tr("&Brand:"), self.brand)
        self.x_premium = QCheckBox(tr("This X account has Premium (posts up to 25,000 characters)"), self)
        self.x_premium.setAccessibleName(tr("This brand's X account has Premium"))
        self.x_premium.setToolTip(tr("X allows 280 characters per post, or 25,000 for Premium accounts."))
        self._premium = {int(b) for b in settings.x_premium_brands if str(b).isdigit()}
        self._show_premium()
        self.x_premium.toggled.connect(self._premium_toggled)
        self.brand.currentIndexChanged.connect(self._show_premium)
        form.addRow("", self.x_premium)
        self.notify = QCheckBox(tr("Tell me when a post goes &live or fails"), self)
        self.notify.setAccessibleName(tr("Desktop notifications when a post goes live or fails"))
        self.notify.setToolTip(tr("Shown by the system tray while DashDesk is open"))
        self.notify.setChecked(settings.notify_outcomes)
        form.addRow(tr("Notifications:"), self.notify)
        lay.addLayout(form)
        lay.addWidget(self._heading(tr("Uploads")))
        self.keep_metadata = QCheckBox(tr("&Keep location and camera details in uploaded photos and videos"), self)
        self.keep_metadata.setChecked(settings.keep_media_metadata)
        self.keep_metadata.setAccessibleName(tr("Keep location and camera details in uploads"))
        lay.addWidget(self.keep_metadata)
        lay.addWidget(
            self._hint(
                tr(
                        "When this is off, DashDesk uploads a copy without where it was taken, the camera's serial "
                        "number or its owner's name. Your files on this computer are never changed."
                    )
            )
        )
        lay.addWidget(self._heading(tr("Account")))
        if session.is_sandbox:
            words = tr("You are trying DashDesk with demo posts; nothing is published. Signing out ends the demo.")
        elif getattr(session, "key_session_only", False):
            words = tr("Signed in with your Dash API key. This computer has no usable keyring, so the key was not "
                       "saved: it is forgotten when DashDesk quits, or when you sign out.")
        else:
            words = tr("Signed in with your Dash API key. Signing out removes the saved key from this computer.")
        note = QLabel(words, self)
        note.setObjectName("signOutNote")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.forget = QCheckBox(tr("Also &remove this account's local data from this computer"), self)
        self.forget.setAccessibleName(tr("Also remove this account's local data"))
        self.forget.toggled.connect(self._forget_toggled)
        lay.addWidget(self.forget)
        lay.addWidget(
            self._hint(
                tr("Deletes the demo posts and media, unsaved drafts, posts waiting to send, repeating posts, the "
                   "posting schedule, the import journal, thumbnails and copies made for upload. Your own photo and "
                   "video files are not touched.") if session.is_sandbox else
                tr("Deletes the cached calendar, unsaved drafts, posts waiting to send, repeating posts, the "
                   "posting schedule, the import journal, thumbnails and copies made for upload. Your own photo and "
                   "video files are not touched.")
            )
        )
        self.sign_out = QPushButton(tr("Sign out"), self)
        self.sign_out.setAccessibleName(tr("Sign out"))
        self.sign_out.clicked.connect(self._sign_out)
        lay.addWidget(self.sign_out, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addSpacing(self.fontMetrics().height())
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        # wide enough for its longest row (the X Premium choice), whatever the language
        self.setMinimumWidth(max(self.fontMetrics().horizontalAdvance("M") * 46, lay.sizeHint().width()))

    def _heading(self, text: str) -> QLabel:
        """A bold section title with room above it."""
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, self.fontMetrics().height() // 2, 0, 0)
        return label

    def _hint(self, text: str) -> QLabel:
        """A secondary line under a check box (indented to its text)."""
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setObjectName("hint")
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the secondary text colour
        style = self.style()
        indent = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing
        )
        label.setContentsMargins(indent, 0, 0, 0)
        return label

    def _forget_toggled(self, on: bool) -> None:
        self.sign_out.setText(tr("Sign out and remove local data") if on else tr("Sign out"))
        self.sign_out.setAccessibleName(self.sign_out.text())

    def _accept(self) -> None:
        zone = self.zone.currentText().strip()
        if zone not in all_zone_names():
            self.error.setText(tr(
                    "“{zone}” is not a time zone. Pick one from the list, e.g. Europe/Berlin.",
                    zone=zone,
                ))
            self.error.show()
            return
        self.settings.time_zone = zone
        self.settings.first_weekday = self.first_day.currentIndex()
        self.settings.language = str(self.language.currentData() or "")
        self.settings.notify_outcomes = self.notify.isChecked()
        self.settings.keep_media_metadata = self.keep_metadata.isChecked()
        self.settings.x_premium_brands = [str(b) for b in sorted(self._premium)]
        self.settings.sync()
        brand = int(self.brand.currentData())
        self.accept()
        self.applied.emit()
        if brand != self.session.brand_id:
            self.brandChosen.emit(brand)

    def _show_premium(self) -> None:
        """Tick the Premium box for the brand chosen in the Brand list (the setting is per brand)."""
        brand = self.brand.currentData()
        self.x_premium.blockSignals(True)
        self.x_premium.setChecked(brand is not None and int(brand) in self._premium)
        self.x_premium.blockSignals(False)

    def _premium_toggled(self, on: bool) -> None:
        brand = self.brand.currentData()
        if brand is not None:
            (self._premium.add if on else self._premium.discard)(int(brand))

    def _sign_out(self) -> None:
        self.reject()
        (self.signOutAndForget if self.forget.isChecked() else self.signOut).emit()
