"""The fix dialog: what is wrong, what the fix will do, a preview of the result, crop and trim editors,
progress and cancel. The original file is never changed; the result is a new file in the fix cache.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.media.fix import FixPlan, FixResult
from dashdesk.media.fix.plan import longest_for, plan_for_targets, shape_for
from dashdesk.media.inspect import format_bytes, format_duration
from dashdesk.media.preflight import Finding, Verdict, preflight, ratio_label
from dashdesk.media.probe import MediaFacts
from dashdesk.platforms import MediaKind, rules_for
from dashdesk.ui.theme import is_dark

from .crop_editor import CropEditor
from .runner import FixRunner
from .trim_editor import TrimEditor

__all__ = ["FixDialog", "findings_for", "verdict_word"]

#: Word, then colour on a light and on a dark background (contrast >= 4.5:1 on the palette's window).
_VERDICT = {
    Verdict.UNUSABLE: (N_("Cannot be used"), "#c21d2a", "#ff7b72"),
    Verdict.DASH_REFUSES: (N_("Will be refused"), "#c21d2a", "#ff7b72"),
    Verdict.PLATFORM_REFUSES: (N_("Will be refused"), "#c21d2a", "#ff7b72"),
    Verdict.PLATFORM_MAY_REFUSE: (N_("May be refused"), "#8a5a00", "#e3b341"),
    Verdict.PLATFORM_ADJUSTS: (N_("Shown cropped"), "#57606a", "#a9b1ba"),
}
_SHAPES = (("9:16", 9 / 16), ("4:5", 4 / 5), ("1:1", 1.0), ("2:3", 2 / 3), ("16:9", 16 / 9), ("1.91:1", 1.91))
_FITS = ((N_("Keep its shape"), None), (N_("Crop to fit"), "crop"), (N_("Add a blurred background"), "blur"),
         (N_("Add a black background"), "#000000"), (N_("Add a white background"), "#ffffff"))


def verdict_word(verdict: Verdict, dark: bool = False) -> tuple[str, str]:
    """The short word and colour a finding's verdict is shown with (colour plus word, never colour alone)."""
    word, light_colour, dark_colour = _VERDICT[verdict]
    return tr(word), dark_colour if dark else light_colour


def findings_for(facts: MediaFacts, targets: list[tuple[str, str | None]]) -> list[Finding]:
    """Every finding of ``facts`` for each target (unknown targets are skipped)."""
    found: list[Finding] = []
    for pid, pt in targets:
        try:
            found += preflight(facts, pid, pt)
        except KeyError:
            continue
    return found


def _target_label(targets: list[tuple[str, str | None]]) -> str:
    names = []
    for pid, pt in targets:
        rules = rules_for(pid)
        post = rules.post_type(pt or rules.default_post_type)
        names.append(f"{rules.name} {tr(post.label)}" if post is not None and rules.has_post_type else rules.name)
    return ", ".join(names)


def describe_result(facts: MediaFacts) -> str:
    """``"MP4 video (H.264, AAC sound) · 1080×1920 · 0:12 · 4.2 MB"``."""
    parts = [facts.describe(article=False), f"{facts.width}×{facts.height}"]
    if facts.duration is not None:
        parts.append(format_duration(facts.duration))
    parts.append(format_bytes(facts.size))
    return " · ".join(parts)


class FixDialog(QDialog):
    """Fix one file for a post's targets: choose shape and part, see the result, run it, cancel it.

    ``fixed(FixResult)`` is emitted (and the dialog accepted) when the fixed file is ready.
    """

    fixed = Signal(object)

    def __init__(
        self,
        facts: MediaFacts,
        targets: list[tuple[str, str | None]],
        *,
        runner: FixRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.facts = facts
        self.targets = targets
        self.runner = runner or FixRunner(self)
        self.result_file: FixResult | None = None
        self._fix_token = -1
        self._preview_token = -1
        self._preview = QImage()
        self.setWindowTitle(tr("Fix {name}", name=facts.name))
        self.setObjectName("fixDialog")
        self._is_video = facts.kind is MediaKind.VIDEO or facts.animated
        self._base = plan_for_targets(facts, targets, force=True)
        self._shape = shape_for(targets, facts) or (9 / 16 if self._is_video else 4 / 5)
        self._build()
        self.runner.stillReady.connect(self._on_still)
        self.runner.previewReady.connect(self._on_preview)
        self.runner.timelineReady.connect(self._on_timeline)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(self._request_preview)
        self.runner.still(facts, 720)
        if facts.kind is MediaKind.VIDEO:
            self.runner.timeline(facts, 12, 96)
        self._refresh()

    # -- layout -----------------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(tr("<b>{name}</b> for {targets}", name=self.facts.name, targets=_target_label(self.targets)))
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        self.crop = CropEditor()
        self.crop.positionChanged.connect(lambda *_: self._refresh())
        self.trim = TrimEditor()
        if self.facts.kind is MediaKind.VIDEO:
            self.trim.set_duration(self.facts.duration or 0.0, longest_for(self.facts, self.targets))
            if self._base is not None and self._base.end is not None:
                self.trim.set_range(0.0, self._base.end)
            self.trim.rangeChanged.connect(lambda *_: self._refresh())
        else:
            self.trim.hide()
        before = QLabel(tr("Before"))
        before.setObjectName("sectionLabel")
        left = QVBoxLayout()
        left.addWidget(before)
        left.addWidget(self.crop, 1)
        left.addWidget(self.trim)

        self.fit = QComboBox()
        self.fit.setAccessibleName(tr("How to fit the shape"))
        for label, value in _FITS:
            self.fit.addItem(tr(label), value)
        self.shape = QComboBox()
        self.shape.setAccessibleName(tr("Shape"))
        for label, value in _SHAPES:
            self.shape.addItem(label, value)
        index = min(range(len(_SHAPES)), key=lambda i: abs(_SHAPES[i][1] - self._shape))
        self.shape.setCurrentIndex(index)
        if self._base is not None and self._base.aspect is not None:
            self.fit.setCurrentIndex(1)
        self.fit.currentIndexChanged.connect(lambda *_: self._refresh())
        self.shape.currentIndexChanged.connect(lambda *_: self._refresh())
        form = QFormLayout()
        form.addRow(tr("Fit"), self.fit)
        form.addRow(tr("Shape"), self.shape)

        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setAccessibleName(tr("What is wrong"))
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setAccessibleName(tr("What the fix does"))
        self.after = QLabel(tr("Preparing a preview…"))
        self.after.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.after.setMinimumSize(200, 200)
        self.after.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.after.setFrameShape(QFrame.Shape.StyledPanel)
        self.after.setAccessibleName(tr("Preview of the fixed file"))
        after_label = QLabel(tr("After"))
        after_label.setObjectName("sectionLabel")
        right = QVBoxLayout()
        wrong = QLabel(tr("What is wrong"))
        wrong.setObjectName("sectionLabel")
        right.addWidget(wrong)
        right.addWidget(self.findings)
        right.addLayout(form)
        right.addWidget(after_label)
        right.addWidget(self.after, 1)
        right.addWidget(self.steps)

        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName(tr("Fix progress"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.fix_button = QPushButton(tr("Fix"))
        self.fix_button.setDefault(True)
        self.fix_button.setAccessibleName(tr("Make the fixed copy"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.buttons.addButton(self.fix_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.fix_button.clicked.connect(self.start_fix)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.buttons)

        root = QVBoxLayout(self)
        root.addWidget(title)
        root.addLayout(grid, 1)
        root.addWidget(self.status)
        root.addLayout(bottom)
        self.setStyleSheet("QLabel#sectionLabel { font-weight: 600; }")
        self.setMinimumSize(720, 520)

    # -- the plan ---------------------------------------------------------------------------------------

    def plan(self) -> FixPlan | None:
        """The fix as the controls set it now (``None`` when the file cannot be fixed)."""
        if self._base is None:
            return None
        fit = self.fit.currentData()
        plan = replace(self._base, aspect=None)
        if fit is not None:
            aspect = float(self.shape.currentData())
            pos = self.crop.position()
            plan = replace(plan, aspect=aspect, fit="crop" if fit == "crop" else "pad",
                           pad="blur" if fit in ("crop", "blur") else fit, crop_x=pos, crop_y=pos)
        if self.facts.kind is MediaKind.VIDEO:
            start, end = self.trim.range()
            whole = start <= 0.01 and end >= (self.facts.duration or 0.0) - 0.01
            plan = replace(plan, start=0.0 if whole else start, end=None if whole else end)
        return plan

    def _refresh(self) -> None:
        fit = self.fit.currentData()
        self.shape.setEnabled(fit is not None)
        self.crop.set_aspect(float(self.shape.currentData()) if fit == "crop" else None)
        self._show_findings()
        plan = self.plan()
        if plan is None:
            self.steps.setText(tr("This file cannot be fixed here."))
            self.fix_button.setEnabled(False)
            return
        self.steps.setText(tr("The fix will:\n") + "\n".join(f"• {s}" for s in plan.steps(self.facts)))
        self._preview_timer.start()

    def _show_findings(self) -> None:
        found = findings_for(self.facts, self.targets)
        if not found:
            self.findings.setText(tr("Nothing is wrong: every platform takes it as it is."))
            return
        dark = is_dark(self.palette())
        rows = []
        for pid, pt in self.targets:
            mine = [f for f in found if f.platform == pid and (pt is None or f.post_type == pt)]
            target = f"<b>{_escape(_target_label([(pid, pt)]))}</b>"
            rows.append("<p style='margin:4px 0 2px 0'>" + (target if mine else tr(
                "{platform}: takes it as it is.", platform=target)) + "</p>")
            for f in mine:
                word, colour = verdict_word(f.verdict, dark)
                rows.append(f"<p style='margin:0 0 4px 10px'><b style='color:{colour}'>{word}.</b> "
                            f"{_escape(f.message)}</p>")
        self.findings.setText("".join(rows))

    def _request_preview(self) -> None:
        plan = self.plan()
        if plan is not None:
            self._preview_token = self.runner.preview(self.facts, plan, 480)

    # -- worker answers ---------------------------------------------------------------------------------

    def _on_still(self, _token: int, image: QImage) -> None:
        self.crop.set_image(image)

    def _on_preview(self, token: int, image: QImage) -> None:
        if token != self._preview_token:
            return
        self._preview = image
        self._show_preview()

    def _show_preview(self) -> None:
        image = self._preview
        if image.isNull():
            return
        size = self.after.contentsRect().size()
        pix = QPixmap.fromImage(image).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
        self.after.setPixmap(pix)
        plan = self.plan()
        if plan is not None and plan.aspect is not None:
            self.after.setToolTip(tr("The fixed file will be {aspect}.", aspect=ratio_label(plan.aspect)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_preview()

    def _on_timeline(self, _token: int, frames: list) -> None:
        self.trim.set_frames(frames)

    # -- running ----------------------------------------------------------------------------------------

    def start_fix(self) -> None:
        """Make the fixed copy with the current settings (progress shows; Cancel stops it)."""
        plan = self.plan()
        if plan is None or self.runner.is_running():
            return
        self._fix_token = self.runner.start(self.facts, plan)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(tr("Fixing… the original file stays as it is."))
        self.fix_button.setEnabled(False)
        for w in (self.fit, self.shape, self.crop, self.trim):
            w.setEnabled(False)

    def _controls_back(self) -> None:
        self.progress.hide()
        self.fix_button.setEnabled(True)
        for w in (self.fit, self.crop, self.trim):
            w.setEnabled(True)
        self.shape.setEnabled(self.fit.currentData() is not None)

    def _on_progress(self, token: int, done: float) -> None:
        if token == self._fix_token:
            self.progress.setValue(round(done * 1000))

    def _on_finished(self, token: int, result: FixResult) -> None:
        if token != self._fix_token:
            return
        self.result_file = result
        self.progress.setValue(1000)
        self.status.setText(tr("Ready: {facts}.", facts=describe_result(result.facts)))
        self.fixed.emit(result)
        self.accept()

    def _on_failed(self, token: int, message: str) -> None:
        if token != self._fix_token:
            return
        self._controls_back()
        self.status.setText(tr(
                "{message} Nothing was changed; try another shape or part, or choose another file.",
                message=message,
            ))

    def _on_cancelled(self, token: int) -> None:
        if token != self._fix_token:
            return
        self._controls_back()
        self.status.setText(tr("Stopped. Nothing was written and the original is unchanged."))

    def _cancel_or_close(self) -> None:
        if self.runner.is_running():
            self.runner.cancel()
            self.status.setText(tr("Stopping…"))
        else:
            self.reject()

    def done(self, code: int) -> None:
        """Close (no preview is asked for after that)."""
        self._preview_timer.stop()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.is_running():
            self.runner.cancel()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


