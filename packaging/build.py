"""Build DashDesk for the current OS: a PyInstaller one-folder bundle plus an archive of it.

    python packaging/build.py                 # -> dist/dashdesk/ and dist/dashdesk-<ver>-<os>-<arch>.tar.gz
    python packaging/build.py --no-archive    # bundle only
    python packaging/build.py --clean         # ignore PyInstaller's cache

Linux: ``.tar.gz`` of ``dashdesk/`` (the executable, ``_internal/`` and a ``share/`` tree with the
``.desktop`` file, AppStream metainfo and hicolor icons). Windows: ``.zip`` of ``dashdesk/``.
macOS: ``.zip`` of ``DashDesk.app`` made with ``ditto`` so the Qt frameworks' symlinks survive.
It prints the bundle's unpacked size and warns above the 250 MB budget.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_config as cfg
import icons

SPEC = cfg.PACKAGING_DIR / "dashdesk.spec"
LINUX_DIR = cfg.PACKAGING_DIR / "linux"


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    bundle_dir: Path
    """The one-folder bundle (``dist/dashdesk``; ``dist/DashDesk.app`` on macOS)."""
    executable: Path
    archive: Path | None
    size_bytes: int
    seconds: float

    @property
    def size_mb(self) -> float:
        """Unpacked size in MB (10^6 bytes)."""
        return self.size_bytes / 1_000_000


def run_pyinstaller(dist: Path, work: Path, icon_dir: Path, *, clean: bool = False) -> None:
    """Run PyInstaller on the spec in a child process (its output goes to this process's stderr)."""
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work / "pyinstaller"),
    ]  # fmt: skip
    if clean:
        command.append("--clean")
    env = {**os.environ, "DASHDESK_ICON_DIR": str(icon_dir)}
    subprocess.run(command, check=True, cwd=cfg.ROOT, env=env)


def add_linux_share(bundle_dir: Path, icon_dir: Path) -> None:
    """Lay out ``share/`` (desktop entry, metainfo, hicolor icons) inside the bundle, ready to copy."""
    share = bundle_dir / "share"
    if share.exists():
        shutil.rmtree(share)
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(LINUX_DIR / f"{cfg.DESKTOP_ID}.desktop", share / "applications" / f"{cfg.DESKTOP_ID}.desktop")
    shutil.copy2(LINUX_DIR / f"{cfg.APP_ID}.metainfo.xml", share / "metainfo" / f"{cfg.APP_ID}.metainfo.xml")
    for size in icons.PNG_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(icon_dir / f"dashdesk-{size}.png", target / f"{cfg.DESKTOP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(icons.SVG_SOURCE, scalable / f"{cfg.DESKTOP_ID}.svg")


def make_archive(bundle_dir: Path, version: str) -> Path:
    """Archive the bundle next to it: ``.tar.gz`` on Linux, ``.zip`` on Windows and macOS."""
    stem = bundle_dir.parent / f"{cfg.EXE_NAME}-{version}-{cfg.platform_tag()}"
    if sys.platform == "darwin":
        archive = stem.with_suffix(".zip")
        archive.unlink(missing_ok=True)
        subprocess.run(
            ["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(bundle_dir), str(archive)], check=True
        )
        return archive
    if sys.platform == "win32":
        return Path(shutil.make_archive(str(stem), "zip", bundle_dir.parent, bundle_dir.name))
    archive = Path(f"{stem}.tar.gz")
    # compresslevel 6: within a few per cent of 9 on these binaries, in half the time.
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle_dir, arcname=bundle_dir.name)
    return archive


def build(dist: Path, work: Path, *, archive: bool = True, clean: bool = False) -> BuildResult:
    """Render the icons, freeze the app, add the Linux desktop files, archive; return the result."""
    started = time.monotonic()
    version = cfg.read_version()
    icon_dir = work / "icons"
    # In a child process: rendering needs a QGuiApplication, which must not leak into the caller.
    subprocess.run(
        [sys.executable, str(cfg.PACKAGING_DIR / "icons.py"), str(icon_dir)], check=True, stdout=subprocess.DEVNULL
    )
    run_pyinstaller(dist, work, icon_dir, clean=clean)
    folder = dist / cfg.EXE_NAME
    bundle_dir = dist / f"{cfg.APP_NAME}.app" if sys.platform == "darwin" else folder
    if sys.platform.startswith("linux"):
        add_linux_share(bundle_dir, icon_dir)
    archive_path = make_archive(bundle_dir, version) if archive else None
    return BuildResult(
        bundle_dir=bundle_dir,
        executable=cfg.bundle_executable(bundle_dir),
        archive=archive_path,
        size_bytes=cfg.tree_size(bundle_dir),
        seconds=time.monotonic() - started,
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry; prints what was built and its size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=cfg.ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=cfg.ROOT / "build", help="scratch folder (default: build/)")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz/.zip")
    parser.add_argument("--clean", action="store_true", help="clear PyInstaller's cache first")
    args = parser.parse_args(argv)

    result = build(args.dist.resolve(), args.work.resolve(), archive=not args.no_archive, clean=args.clean)
    print(f"bundle:     {result.bundle_dir}")
    print(f"executable: {result.executable}")
    print(f"unpacked:   {result.size_mb:.1f} MB (budget {cfg.MAX_BUNDLE_MB} MB)")
    if result.archive is not None:
        print(f"archive:    {result.archive} ({result.archive.stat().st_size / 1_000_000:.1f} MB)")
    print(f"took:       {result.seconds:.0f} s")
    if result.size_mb > cfg.MAX_BUNDLE_MB:
        print(f"warning: bundle is over the {cfg.MAX_BUNDLE_MB} MB budget", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
