"""A dry run of a CSV with bad rows speaks the person's language: every problem, every row's status and
the summary, with the same exit code as in English. The pseudo-locale proves nothing on the way is left
out of the catalog; each shipped language proves its catalog covers it and changes every line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashdesk.bulk.cli import EXIT_ROWS_FAILED, main
from dashdesk.i18n import install, tools
from dashdesk.media import samples

ROWS = [
    {"platform": "X", "time": "2030-06-01 10:00", "text": "hello"},
    {"platform": "Myspace", "text": "x"},
    {"platform": "", "text": "x"},
    {"platform": "youtube", "time": "2030-06-01 10:00", "text": "d", "media": "gone.mp4"},
    {"platform": "X", "time": "2030-06-01 10:00", "text": "x" * 300},
    {"platform": "Instagram", "time": "yesterday", "text": "hi", "media": "photo.jpg"},
    {"platform": "Instagram", "time": "2030-06-01 10:00", "mode": "sometimes", "text": "hi", "media": "broken.jpg"},
    {"platform": "Pinterest", "time": "2030-06-01 10:00", "text": "pin", "media": "photo.jpg", "board": "Recipes"},
    {"platform": "LinkedIn", "time": "2020-01-01 10:00", "text": "old"},
    {"platform": "TikTok", "time": "2030-06-01 10:00", "text": "no video", "timezone": "Mars/Base"},
    {"platform": "X", "time": "2030-06-01 10:00", "text": "hello"},
    {"platform": "Facebook", "time": "2030-06-01 10:00", "text": "fb", "post_type": "Carousel"},
    {"platform": "Threads", "mode": "now", "time": "2030-06-01 10:00", "text": "now"},
]
COLUMNS = ["platform", "mode", "time", "timezone", "text", "media", "post_type", "board", "title", "notes"]


@pytest.fixture(autouse=True)
def english_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(tmp_path / "data"))
    yield
    install("en")


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    samples.make_image(tmp_path / "photo.jpg", 320, 320)
    samples.make_corrupt(tmp_path / "broken.jpg")
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in ROWS:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def dry_run(path: Path, language: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    install(language)
    code = main(["import", str(path), "--dry-run", "--timezone", "UTC"])
    return code, capsys.readouterr().out.splitlines()


def test_every_line_of_the_report_comes_from_the_catalog(bad_csv: Path, capsys) -> None:
    code, lines = dry_run(bad_csv, "en_XA", capsys)
    assert code == EXIT_ROWS_FAILED
    assert len(lines) > len(ROWS) + 10  # rows, their problems, a note and the summary
    for line in lines:
        assert "⟦" in line, f"not translatable: {line!r}"


@pytest.mark.parametrize("language", tools.LANGUAGES)
def test_a_dry_run_reports_in_each_shipped_language(bad_csv: Path, capsys, language: str) -> None:
    english_code, english = dry_run(bad_csv, "en", capsys)
    code, lines = dry_run(bad_csv, language, capsys)
    assert code == english_code == EXIT_ROWS_FAILED
    assert len(lines) == len(english)
    unchanged = [line for line, source in zip(lines, english, strict=True) if line == source]
    assert unchanged == [], f"{language}: lines still in English"
    assert "Dry run" not in lines[-1] and "3" in lines[-1] and "13" in lines[-1]
    # what people wrote, column names and platform names stay as they are
    for kept in ("'Myspace'", "'Mars/Base'", "[timezone]", "gone.mp4", "YouTube"):
        assert any(kept in line for line in lines), kept


@pytest.mark.parametrize("language", tools.LANGUAGES)
def test_each_catalog_is_complete(language: str) -> None:
    assert tools.problems(language) == []
