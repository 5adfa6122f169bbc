"""One item of the media strip: its states, what it shows, and how an upload's state maps onto it (Qt-light)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from PySide6.QtGui import QPixmap

from dashdesk.i18n import N_, tr
from dashdesk.media.inspect import MediaInfo
from dashdesk.media.upload import UploadState
from dashdesk.platforms import MediaKind, Problem

__all__ = ["FILE_FILTER", "REFUSAL_CODES", "ItemState", "StripItem", "privacy_note", "state_for_upload"]

#: Files the Add dialog lists: what platforms take, and what a fix converts (WebM, AVI, AVIF, HEIC, TIFF...).
FILE_FILTER = N_(
    "Photos and videos (*.jpg *.jpeg *.png *.gif *.webp *.mp4 *.mov *.m4v *.webm *.mkv *.avi *.avif *.heic "
    "*.heif *.tif *.tiff *.bmp);;All files (*)"
)


class ItemState(StrEnum):
    """Where one strip item is."""

    CHECKING = "checking"  # being inspected locally
    REFUSED = "refused"  # not media we can use; never uploaded
    WAITING = "waiting"  # queued for upload (or waiting for a brand / connection)
    UPLOADING = "uploading"
    RETRYING = "retrying"
    FAILED = "failed"  # upload failed; can be retried
    ADDING = "adding"  # being added to the Library from a URL
    READY = "ready"  # has a media id
    FIXING = "fixing"  # a fixed copy is being made (see dashdesk.ui.media.fixing)


@dataclass(eq=False)
class StripItem:
    """One item of the strip."""

    key: str
    name: str
    state: ItemState
    path: Path | None = None
    url: str | None = None
    info: MediaInfo | None = None
    kind: MediaKind | None = None
    media_id: int | None = None
    upload_id: str | None = None
    message: str | None = None  # why it was refused / failed
    code: str | None = None
    fraction: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    thumb: QPixmap | None = None
    thumbnail_ref: str | None = None  # path or URL a composer can show later
    privacy_note: str = ""  # "location removed" when the uploaded copy was cleaned

    @property
    def errors(self) -> list[Problem]:
        """Platform refusals."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Platform warnings (peer guidance)."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def busy(self) -> bool:
        """Whether something is still happening to this item."""
        return self.state in (
            ItemState.CHECKING,
            ItemState.WAITING,
            ItemState.UPLOADING,
            ItemState.RETRYING,
            ItemState.ADDING,
            ItemState.FIXING,
        )

    @property
    def badge(self) -> str | None:
        """``"danger"``, ``"warning"`` or ``None``: the tone of the item's problem badge."""
        if self.state in (ItemState.REFUSED, ItemState.FAILED) or self.errors:
            return "danger"
        if self.warnings:
            return "warning"
        return None

    def short_status(self) -> str:
        """The status in as few characters as possible (when the tile is narrow)."""
        if self.state in (ItemState.UPLOADING, ItemState.FIXING):
            return f"{round(self.fraction * 100)}%"
        text = self.status_text()
        if self.privacy_note and text == _note_words(self.privacy_note):
            return tr(_SHORT_NOTES.get(self.privacy_note, N_("Cleaned")))  # "Location" alone says the opposite
        return text.split(" ")[0].rstrip(",")

    def status_text(self) -> str:
        """A few words under the thumbnail."""
        if self.state is ItemState.UPLOADING:
            return tr("Finishing…") if self.fraction >= 1 else tr("Uploading {percent}%",
                                                                   percent=round(self.fraction * 100))
        if self.state is ItemState.FIXING:
            return tr("Fixing {percent}%", percent=round(self.fraction * 100))
        if self.state is ItemState.READY:
            if self.errors:
                return tr("Not accepted")
            if self.warnings:
                return tr("Warning")
            return _note_words(self.privacy_note) if self.privacy_note else tr("Ready")
        if self.state is ItemState.REFUSED:
            return tr(_REFUSED_WORDS.get(self.code or "", N_("Can't use")))
        return tr(_STATE_WORDS[self.state])

    def tooltip(self) -> str:
        """Everything known about the item, for hovering."""
        lines = [self.name]
        if self.info is not None:
            lines.append(self.info.summary())
            if not self.info.suffix_matches:
                lines.append(
                    tr("The name says {value}, the content is {mime_type}.",
                       value=self.path.suffix if self.path else '?', mime_type=self.info.mime_type)
                )
        lines.append(self.status_text())
        if self.message:
            lines.append(self.message)
        for p in self.problems:
            lines.append(tr("Not accepted: {message}", message=p.message) if p.severity == "error" else
                         tr("Warning: {message}", message=p.message))
        if self.privacy_note:
            lines.append(tr("Uploaded without {get}; the file on this computer is unchanged.",
                            get=tr(_WITHOUT.get(self.privacy_note, N_("its camera details")))))
        if self.media_id is not None:
            lines.append(tr("Library media id {id}", id=self.media_id))
        return "\n".join(lines)


_WITHOUT = {"location removed": N_("where it was taken or its camera details")}
_SHORT_NOTES = {"location removed": N_("No location")}
_NOTE_WORDS = {"location removed": N_("Location removed"), "camera details removed": N_("Camera details removed")}
_REFUSED_WORDS = {"corrupt": N_("Damaged file"), "empty": N_("Empty file"), "needs_fix": N_("Needs a fix")}
_STATE_WORDS = {
    ItemState.CHECKING: N_("Checking…"),
    ItemState.WAITING: N_("Waiting to upload"),
    ItemState.RETRYING: N_("Retrying soon"),
    ItemState.FAILED: N_("Upload failed"),
    ItemState.ADDING: N_("Adding…"),
}


def _note_words(note: str) -> str:
    """What the strip says for a privacy note ("location removed") under a thumbnail."""
    return tr(_NOTE_WORDS[note]) if note in _NOTE_WORDS else note.capitalize()


def privacy_note(removed: frozenset[str]) -> str:
    """The strip's words for what the upload's prepare step removed (see ``dashdesk.media.clean``)."""
    if "location" in removed:
        return "location removed"
    return "camera details removed" if removed else ""


#: Upload failures that mean the file itself cannot be used (shown as refused, not as a failed upload).
REFUSAL_CODES = frozenset({"corrupt", "empty", "unsupported", "unreadable", "not_found"})


def state_for_upload(state: UploadState, error_code: str | None = None) -> ItemState | None:
    """The strip state an upload in ``state`` shows as; ``None`` for a cancelled upload (it leaves the strip)."""
    if state is UploadState.CANCELLED:
        return None
    if state is UploadState.DONE:
        return ItemState.READY
    if state is UploadState.FAILED:
        return ItemState.REFUSED if error_code in REFUSAL_CODES else ItemState.FAILED
    if state is UploadState.WAITING:
        return ItemState.RETRYING
    if state is UploadState.UPLOADING:
        return ItemState.UPLOADING
    return ItemState.WAITING
