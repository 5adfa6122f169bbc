"""How long one preview refresh with 10 images costs on the UI thread (target < 16 ms).

    QT_QPA_PLATFORM=offscreen python3 benchmarks/preview_refresh.py

The pictures are decoded beforehand (as the worker threads do); what is measured is what the UI
thread does when the person types: ``show_post`` with new text (layout pass) plus one full paint,
for an Instagram carousel, an X grid and a Facebook post, each with 10 images.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QApplication

from dashdesk.ui.previews import PlatformPreview, PreviewItem, PreviewPost
from dashdesk.ui.previews.media import Picture, PreviewMedia

TARGET_MS = 16.0


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    media = PreviewMedia()
    items = []
    for n in range(10):
        img = QImage(1080, 1350, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(QColor.fromHsv(n * 36, 200, 220))
        ref = f"bench://{n}"
        media.put(ref, Picture(img))
        items.append(PreviewItem(ref))
    worst = 0.0
    for platform, post_type in (("instagram", "FEED"), ("twitter", None), ("facebook", "POST")):
        preview = PlatformPreview(media=media)
        preview.show_post(PreviewPost(platform, post_type, "Brand", "warm-up", media=tuple(items)))
        preview.resize(preview.sizeHint())
        target = QPixmap(preview.size())
        preview.render(target)
        times = []
        for n in range(60):
            start = time.perf_counter()
            preview.show_post(PreviewPost(platform, post_type, "Brand", "Typing… " * (n % 20 + 1), media=tuple(items)))
            preview.render(target)
            times.append((time.perf_counter() - start) * 1000)
        med, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95)]
        worst = max(worst, p95)
        print(f"{platform:10s} refresh with 10 images: median {med:.2f} ms, p95 {p95:.2f} ms (target < {TARGET_MS} ms)")
    media.close()
    ok = worst < TARGET_MS
    print("OK" if ok else "TOO SLOW")
    app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
