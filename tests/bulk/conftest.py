"""Fixtures of the bulk tests: a private data folder, CSV writers and sample media."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

from dashdesk.media import samples


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test journals into its own data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder


def csv_text(rows: Iterable[Mapping[str, str]], columns: list[str], delimiter: str = ",") -> str:
    """CSV text of ``rows`` with ``columns`` as the header."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buf.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (dicts) as a CSV file in the test folder and return its path."""

    def write(rows: Iterable[Mapping[str, str]], columns: list[str] | None = None, *, name: str = "posts.csv",
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
        rows = list(rows)
        cols = columns or list(dict.fromkeys(k for r in rows for k in r))
        path = tmp_path / name
        path.write_bytes(csv_text(rows, cols, delimiter).encode(encoding))
        return path

    return write


@pytest.fixture
def media_files(tmp_path: Path) -> dict[str, Path]:
    """A small image, a second image, a short vertical video and a corrupt file beside the CSVs."""
    return {
        "image": samples.make_image(tmp_path / "photo.jpg", 320, 320),
        "image2": samples.make_image(tmp_path / "photo2.png", 320, 400, seed=3),
        "video": samples.make_video(tmp_path / "clip.mp4", duration=3.5, width=180, height=320, fps=12),
        "corrupt": samples.make_corrupt(tmp_path / "broken.jpg"),
    }


