"""Composer test set-up: a qasync loop to run scenarios on, a private data folder, an autosave writer."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (import PySide6 before qasync)
import pytest
from composer_helpers import NOW

from dashdesk.platforms import MediaKind
from dashdesk.store.autosave import AutosaveWriter

Run = Callable[[Coroutine[Any, Any, Any]], Any]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own DashDesk data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def writer(data_dir: Path) -> Iterator[AutosaveWriter]:
    """An autosave writer into the test's data folder."""
    w = AutosaveWriter(data_dir / "autosave")
    yield w
    w.close()


@pytest.fixture
def frozen(sandbox: Any) -> Any:
    """The sandbox with its clock stopped at :data:`NOW`."""
    sandbox.clock.freeze(NOW)
    return sandbox


@pytest.fixture
def sample_files(tmp_path: Path) -> Callable[[MediaKind, int], Path]:
    """``sample(kind, n)``: a small local image or video file."""
    from dashdesk.sandbox.samples import make_image, make_video

    def make(kind: MediaKind, n: int = 0) -> Path:
        if kind is MediaKind.VIDEO:
            path = tmp_path / f"clip{n}.mp4"
            path.write_bytes(make_video(variant=n, seconds=1.0))
        else:
            path = tmp_path / f"photo{n}.jpg"
            path.write_bytes(make_image(320, 320, label=f"photo {n}", variant=n))
        return path

    return make
