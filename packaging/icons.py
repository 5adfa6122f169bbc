"""Render the DashDesk app icon from its SVG source into PNG sizes, a Windows ``.ico`` and a macOS ``.icns``.

The SVG (``resources/app-icon/dashdesk.svg``) is the only committed artwork; everything else is made here,
at build time. Rendering uses Qt's SVG renderer on the offscreen platform (no display needed); Pillow
writes the ``.ico`` and ``.icns`` containers.

Usage: ``python packaging/icons.py OUT_DIR`` (prints the files it wrote).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG_SOURCE = ROOT / "resources" / "app-icon" / "dashdesk.svg"
PNG_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)


def render_pngs(svg: Path, out_dir: Path, sizes: tuple[int, ...] = PNG_SIZES) -> dict[int, Path]:
    """Render ``svg`` to ``out_dir/dashdesk-<size>.png`` for every size; return ``{size: path}``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"cannot parse SVG icon {svg}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"dashdesk-{size}.png"
        if not image.save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        written[size] = path
    return written


def write_containers(pngs: dict[int, Path], out_dir: Path) -> tuple[Path, Path]:
    """Write ``dashdesk.ico`` and ``dashdesk.icns`` from the rendered PNGs; return their paths."""
    from PIL import Image

    images = {size: Image.open(path).convert("RGBA") for size, path in pngs.items()}
    ico = out_dir / "dashdesk.ico"
    largest_ico = max(s for s in ICO_SIZES if s in images)
    images[largest_ico].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES if s in images],
        append_images=[images[s] for s in ICO_SIZES if s in images and s != largest_ico],
    )
    icns = out_dir / "dashdesk.icns"
    largest = max(images)
    images[largest].save(icns, format="ICNS", append_images=[im for s, im in images.items() if s != largest])
    return ico, icns


def make_icons(out_dir: Path, svg: Path = SVG_SOURCE) -> list[Path]:
    """Render every icon artefact into ``out_dir``; return the written paths."""
    pngs = render_pngs(svg, out_dir)
    ico, icns = write_containers(pngs, out_dir)
    return [*pngs.values(), ico, icns]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``icons.py OUT_DIR``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: icons.py OUT_DIR", file=sys.stderr)
        return 2
    for path in make_icons(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
