"""Reading what spreadsheets write: BOM, CRLF, quoted newlines, semicolons, odd headers, bad encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashdesk.bulk.reader import FormatError, read_sheet, read_text


def test_bom_crlf_quoted_newlines_and_commas(tmp_path: Path) -> None:
    text = ('Platform,TEXT,Mode\r\n'
            'X,"Hello, world\r\nsecond line",draft\r\n'
            'LinkedIn,"He said ""hi""",draft\r\n')
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    sheet = read_sheet(path)
    assert sheet.columns == ["platform", "text", "mode"]
    assert [r.number for r in sheet.rows] == [2, 3]  # the quoted line break stays in row 2
    assert sheet.rows[0].cells["text"] == "Hello, world\r\nsecond line"
    assert sheet.rows[1].get("text") == 'He said "hi"'


def test_semicolon_separated_with_headers_in_any_order_and_case(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_text("Text;Time;PLATFORM;Post Type\n\"a; b\";2030-01-02 10:00;instagram;reel\n", encoding="utf-8")
    sheet = read_sheet(path)
    assert sheet.delimiter == ";"
    assert sheet.rows[0].cells == {"text": "a; b", "time": "2030-01-02 10:00", "platform": "instagram",
                                   "post_type": "reel"}


def test_tab_separated_and_unknown_columns_are_listed() -> None:
    sheet = read_text("platform\ttext\tcampaign\nx\thello\tspring\n")
    assert sheet.delimiter == "\t"
    assert sheet.unknown_columns == ["campaign"]


def test_blank_rows_are_skipped_but_counted() -> None:
    sheet = read_text("platform,text\nx,a\n\n,\nx,b\n")
    assert [r.number for r in sheet.rows] == [2, 5]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes("platform,text\nx,café ☕\n".encode("utf-16"))
    assert read_sheet(path).rows[0].get("text") == "café ☕"


def test_bad_encoding_is_a_clear_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("platform,text\nx,ok\nx,caf\xe9\n".encode("latin-1"))
    with pytest.raises(FormatError) as err:
        read_sheet(path)
    assert err.value.code == "encoding"
    assert "line 3" in err.value.message and "UTF-8" in err.value.message


def test_missing_platform_column() -> None:
    with pytest.raises(FormatError) as err:
        read_text("network_name,text\nx,hi\n")
    assert err.value.code == "missing_columns"
    assert "platform" in err.value.message


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError):
        read_text("  \n")
    with pytest.raises(FormatError) as err:
        read_sheet(tmp_path / "nope.csv")
    assert err.value.code == "not_found"
