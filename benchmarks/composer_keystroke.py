"""How long one keystroke costs in the composer: validation, and validation plus the widget update.

A 2,000-character caption with 10 media, posted to three platforms (Instagram, X and LinkedIn: X is
the costly one, its weighted count). Each sample changes the text by one character, so nothing is
served from a cache. Targets: validation < 1 ms, keystroke including the widget update < 8 ms.

    QT_QPA_PLATFORM=offscreen python benchmarks/composer_keystroke.py [--samples 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-bench-"))

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from dashdesk.platforms import MediaKind, PublishMode
from dashdesk.store.autosave import AutosaveWriter
from dashdesk.ui.composer import ComposerDialog, MediaItem
from dashdesk.ui.theme import install_theme

PLATFORMS = ["instagram", "twitter", "linkedin"]
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SENTENCE = "Spring launch at https://example.com/spring 🌸 — new colours, same comfort. #spring #launch "


def caption(length: int = 2000) -> str:
    """About ``length`` characters of realistic caption text (links, emoji, hashtags, line breaks)."""
    text = ""
    while len(text) < length:
        text += SENTENCE + ("\n" if len(text) % 3 == 0 else "")
    return text[:length]


def median_ms(samples: list[float]) -> float:
    """Median of ``samples`` (seconds) in milliseconds."""
    return statistics.median(samples) * 1000


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_theme(app)
    writer = AutosaveWriter()
    dialog = ComposerDialog(None, 144, "UTC", platforms=PLATFORMS, autosave=writer, clock=lambda: NOW)
    dialog.mode_buttons[PublishMode.SCHEDULE].click()
    dialog.media.add_items([MediaItem(1000 + i, MediaKind.IMAGE, f"photo{i}.jpg") for i in range(10)])
    dialog.editor.setPlainText(caption())
    dialog.show()
    app.processEvents()
    cursor = dialog.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    dialog.editor.setTextCursor(cursor)

    # 1. Validation alone (Qt-free): every platform's draft checked after a one-character change.
    state = dialog.state
    validation = []
    for n in range(args.samples):
        state.text = state.text[:-1] + "abcdefghij"[n % 10]
        start = time.perf_counter()
        for p in PLATFORMS:
            dialog.checker.problems(state.draft_for(p))
        validation.append(time.perf_counter() - start)

    # 2. One keystroke through the editor: state, validation, counters, problem labels, Save state.
    keystroke = []
    painted = []
    for n in range(args.samples):
        start = time.perf_counter()
        dialog.editor.insertPlainText("abcdefghij"[n % 10])
        keystroke.append(time.perf_counter() - start)
        app.processEvents()  # layout and paint, as the event loop would do next
        painted.append(time.perf_counter() - start)
        dialog.editor.textCursor().deletePreviousChar()
        app.processEvents()

    counts = dialog.counters
    print(f"caption: {len(state.text):,} characters, {len(state.media)} media, platforms: {', '.join(PLATFORMS)}")
    print("counters: " + "; ".join(f"{c.text()}" for c in counts.values()))
    print(f"samples: {args.samples}")
    print(f"validation (3 platforms)            median {median_ms(validation):6.3f} ms   target < 1 ms")
    print(f"keystroke incl. widget update       median {median_ms(keystroke):6.3f} ms   target < 8 ms")
    print(f"keystroke incl. layout and paint    median {median_ms(painted):6.3f} ms")
    dialog._discard_and_close()
    writer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
