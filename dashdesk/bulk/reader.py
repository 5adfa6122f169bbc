"""Read a bulk CSV the way spreadsheets write it: BOM, CRLF, quoted newlines, `;` or `,` or tabs.

Only the csv module parses; this module decides the encoding and the delimiter, maps headers onto
column keys and keeps each row's number as the spreadsheet shows it (header = row 1).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from dashdesk.i18n import ntr, ptr, tr

from .columns import ALL_COLUMNS, REQUIRED_COLUMNS, normalise_header

_DELIMITERS = ",;\t|"


class FormatError(Exception):
    """The file as a whole cannot be read (encoding, no header, missing columns); nothing was sent."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class RawRow:
    """One data row: its spreadsheet row number and its cells by column key (blank cells are ``""``)."""

    number: int
    cells: dict[str, str]
    #: Cells beyond the header's width (a stray delimiter), kept to report them.
    overflow: list[str] = field(default_factory=list)

    def get(self, column: str) -> str:
        """The trimmed cell of ``column`` (``""`` when the column is absent)."""
        return (self.cells.get(column) or "").strip()


@dataclass
class Sheet:
    """A whole file: recognised columns, ignored headers, and the data rows."""

    path: Path | None
    columns: list[str]
    unknown_columns: list[str]
    rows: list[RawRow]
    delimiter: str
    encoding: str

    @property
    def base_dir(self) -> Path:
        """The folder relative media paths are read from."""
        return self.path.parent if self.path is not None else Path.cwd()


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding used: UTF-8 (with or without BOM), or UTF-16 with a BOM.

    Anything else raises :class:`FormatError` naming the first bad byte's line, because guessing a
    legacy code page silently corrupts accents and emoji.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(
            tr("The file is not UTF-8 text (byte {byte} on line {line} cannot be read). Save it again as "
               "\"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8; Google Sheets and Numbers export UTF-8 "
               "already).", byte=f"0x{data[exc.start]:02x}", line=line),
            code="encoding",
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of ``text``: csv.Sniffer on the first lines, else the commonest candidate in the header."""
    head = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    first = text.splitlines()[0] if text else ""
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_delimiter(text: str) -> str:
    """Prefer the delimiter that splits the header into known column names (Sniffer can be fooled
    by commas inside quoted text)."""
    first = text.splitlines()[0] if text else ""
    best, best_hits = "", 0
    for d in _DELIMITERS:
        hits = sum(1 for cell in first.split(d) if normalise_header(cell.strip('"')) in ALL_COLUMNS)
        if hits > best_hits:
            best, best_hits = d, hits
    return best if best_hits >= 2 or (best_hits == 1 and best) else sniff_delimiter(text)


def read_text(text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Sheet:
    """Parse CSV ``text`` into a :class:`Sheet` (``path`` anchors relative media paths)."""
    if not text.strip():
        raise FormatError(tr("The file is empty: it needs a header row and at least one post."), code="empty")
    text = text.lstrip("\ufeff")
    delimiter = _header_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError(tr("The file is empty."), code="empty") from None
    keys = [normalise_header(h) for h in header]
    columns: list[str] = []
    unknown: list[str] = []
    index: dict[str, int] = {}
    for i, (raw, key) in enumerate(zip(header, keys, strict=True)):
        if key in ALL_COLUMNS and key not in index:
            index[key] = i
            columns.append(key)
        elif raw.strip():
            unknown.append(raw.strip())
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or ptr("no columns found", "nothing")
        raise FormatError(
            ntr("Missing column {columns}: row 1 must name the columns (found {found}). Save the template to "
                "see the format.", "Missing columns {columns}: row 1 must name the columns (found {found}). "
                "Save the template to see the format.", len(missing), columns=", ".join(missing), found=found),
            code="missing_columns",
        )
    if "text" not in index and "media" not in index and "description" not in index:
        raise FormatError(tr("The file has neither a text nor a media column, so no post has any content."),
                          code="missing_columns")
    rows: list[RawRow] = []
    width = len(header)
    try:
        # a spreadsheet numbers records, not lines: a quoted line break stays in its row
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            cells = {key: record[i] if i < len(record) else "" for key, i in index.items()}
            rows.append(RawRow(number, cells, [c for c in record[width:] if c.strip()]))
    except csv.Error as exc:
        raise FormatError(tr("The file could not be read as CSV near line {line}: {reason}.",
                             line=reader.line_num, reason=exc),
                          code="csv") from None
    return Sheet(path, columns, unknown, rows, delimiter, encoding)


def read_sheet(path: str | os.PathLike[str]) -> Sheet:
    """Read the bulk CSV at ``path``."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise FormatError(tr("{path}: there is no such file.", path=p), code="not_found") from None
    except OSError as exc:
        raise FormatError(tr("{path}: cannot be read ({reason}).", path=p, reason=exc.strerror or exc),
                          code="unreadable") from None
    text, encoding = decode(data)
    return read_text(text, path=p.resolve(), encoding=encoding)
