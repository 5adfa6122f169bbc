"""Random CSV text and bytes given to the reader and the check step: a sheet with per-row problems, or one
``FormatError`` with a plain message; nothing else comes out (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashdesk.bulk.check import check_sheet
from dashdesk.bulk.columns import ALL_COLUMNS
from dashdesk.bulk.reader import FormatError, read_sheet, read_text

HOSTILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PIECES = st.sampled_from([",", ";", "\t", "|", '"', "\n", "\r\n", "\r", " ", "#", "\ufeff", "\x00", "é", "😀",
                          "2030-06-01 10:00", "+02:00", "Europe/Paris", "x", "instagram", "pinterest", "now",
                          "draft", "true", "library:1", "https://a.test/p.jpg", "../..", "photo.jpg", "-1",
                          "9" * 30, *ALL_COLUMNS])
CSV_TEXT = st.lists(PIECES | st.text(max_size=6), max_size=80).map("".join)


def _check(sheet_or_error: object) -> None:
    if isinstance(sheet_or_error, FormatError):
        assert sheet_or_error.message and "Traceback" not in sheet_or_error.message
        return
    plan = check_sheet(sheet_or_error, now=datetime(2030, 1, 1, tzinfo=UTC), display_tz=UTC)
    assert len(plan.rows) == len(sheet_or_error.rows)
    for row in plan.rows:
        assert row.ok or row.errors
        for problem in row.problems:
            assert problem.message and problem.row == row.number


def _read(text: str) -> object:
    try:
        return read_text(text)
    except FormatError as exc:
        return exc


@HOSTILE
@given(text=CSV_TEXT)
def test_random_csv_text_gives_a_sheet_or_a_format_error(text: str) -> None:
    _check(_read(text))


@HOSTILE
@given(header=st.lists(st.sampled_from(ALL_COLUMNS), min_size=1, max_size=8, unique=True),
       rows=st.lists(st.lists(CSV_TEXT.map(lambda s: s[:40]), max_size=10), max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_known_headers_with_random_cells_give_row_problems(header: list[str], rows: list[list[str]],
                                                           delimiter: str) -> None:
    lines = [delimiter.join(["platform", *header])]
    lines += [delimiter.join(cells) for cells in rows]
    _check(_read("\r\n".join(lines)))


@HOSTILE
@given(data=st.binary(max_size=2048))
def test_random_bytes_as_a_csv_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    try:
        sheet = read_sheet(path)
    except FormatError as exc:
        assert exc.message
        return
    _check(sheet)


def test_dry_run_with_a_pixel_bomb_and_a_text_file_named_jpg(tmp_path: Path, capsys) -> None:
    """The issue's files: a 109 KB PNG of 30000×30000 pixels and a text file named .jpg give row errors."""
    from dashdesk.bulk.cli import EXIT_ROWS_FAILED, main
    from tests.media.test_hostile_files import make_pixel_bomb

    make_pixel_bomb(tmp_path / "huge.png")
    (tmp_path / "notes.jpg").write_text("hello\n" * 30)
    sheet = tmp_path / "posts.csv"
    sheet.write_text("platform,time,text,media\nx,2030-06-01 10:00,a,huge.png\nx,2030-06-01 11:00,b,notes.jpg\n")
    assert main(["import", str(sheet), "--dry-run", "--timezone", "UTC"]) == EXIT_ROWS_FAILED
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "huge.png: the picture is too large (900 megapixels)" in captured.out
    assert "notes.jpg: is not a picture or a video" in captured.out and "image2" not in captured.out
