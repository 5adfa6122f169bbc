"""The check step: every row becomes a neutral draft, checked with the rules table and its media
inspected, with each problem tied to its row and cell. Nothing here touches the network."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from dashdesk.i18n import ntr, tr
from dashdesk.media.checks import check_media_for_platform
from dashdesk.platforms import (
    Draft,
    FieldKind,
    FieldSpec,
    MediaKind,
    MediaRef,
    PlatformRules,
    PublishMode,
    format_timestamp,
    new_draft,
    rules_for,
    validate_draft,
)

from .columns import PLATFORM_COLUMNS, column_of_path, platform_id, platform_spellings, text_column_aliases
from .media import MediaCache, guess_url_kind
from .reader import RawRow, Sheet
from .values import (
    CellError,
    MediaItem,
    parse_bool,
    parse_mode,
    parse_post_type,
    parse_time,
    parse_zone,
    split_labels,
    split_media,
)

Severity = Literal["error", "warning", "note"]

#: Problem codes of a media file that cannot be read (the row then has no content key).
_FILE_PROBLEMS = frozenset({"not_found", "unreadable", "empty", "corrupt", "unsupported", "too_large"})


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row, tied to a CSV column (``None``: the row as a whole)."""

    row: int
    column: str | None
    message: str
    code: str
    severity: Severity = "error"

    @property
    def blocking(self) -> bool:
        """Whether the row cannot be sent while this problem remains."""
        return self.severity == "error"


@dataclass
class RowPlan:
    """A checked row: its draft (when it could be built), media, board and problems."""

    raw: RawRow
    platform: str | None = None
    draft: Draft | None = None
    media: list[MediaItem] = field(default_factory=list)
    #: Content key of each media item (``sha256:...`` for files, the URL, or ``library:<id>``).
    media_keys: list[str] = field(default_factory=list)
    board: str | None = None
    #: DashDesk labels to put on the created post (the ``labels`` column).
    labels: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: Identity of the row's content (plus its occurrence among identical rows), for the journal.
    key: str = ""
    #: Mode ``queue``: the draft's time is the next free posting time, given just before sending.
    queued: bool = False

    @property
    def number(self) -> int:
        """The row number as the spreadsheet shows it (header = 1)."""
        return self.raw.number

    @property
    def ok(self) -> bool:
        """Whether the row can be sent."""
        return self.draft is not None and not any(p.blocking for p in self.problems)

    @property
    def errors(self) -> list[RowProblem]:
        """Blocking problems."""
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[RowProblem]:
        """Non-blocking problems (and notes)."""
        return [p for p in self.problems if not p.blocking]

    def add(self, column: str | None, message: str, code: str, severity: Severity = "error") -> None:
        """Record a problem on this row."""
        self.problems.append(RowProblem(self.number, column, message, code, severity))

    def problems_in(self, column: str | None) -> list[RowProblem]:
        """The problems marked on ``column``."""
        return [p for p in self.problems if p.column == column]


@dataclass
class ImportPlan:
    """Every row of a file, checked; what the confirm step shows and the run step sends."""

    sheet: Sheet
    rows: list[RowPlan]
    #: File-level remarks (ignored columns, ...), never blocking.
    notes: list[str] = field(default_factory=list)

    @property
    def ready(self) -> list[RowPlan]:
        """Rows that can be sent."""
        return [r for r in self.rows if r.ok]

    @property
    def failed(self) -> list[RowPlan]:
        """Rows with blocking problems."""
        return [r for r in self.rows if not r.ok]

    @property
    def warning_count(self) -> int:
        """Rows that can be sent but have warnings."""
        return sum(1 for r in self.rows if r.ok and any(p.severity == "warning" for p in r.problems))

    def summary(self) -> str:
        """One line: how many rows are ready, how many have errors or warnings."""
        total, ready = len(self.rows), len(self.ready)
        parts = [ntr("{ready} of {n} row ready", "{ready} of {n} rows ready", total, ready=ready)]
        if total - ready:
            parts.append(ntr("{n} with errors (will not be sent)", "{n} with errors (will not be sent)",
                             total - ready))
        if self.warning_count:
            parts.append(ntr("{n} with warnings", "{n} with warnings", self.warning_count))
        return tr(", ").join(parts)


def check_sheet(
    sheet: Sheet,
    *,
    now: datetime | None = None,
    display_tz: tzinfo | None = None,
    boards: Sequence[Mapping[str, Any]] | None = None,
    media_cache: MediaCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Check every row of ``sheet``.

    ``now`` (default: the current time) refuses scheduled times in the past; ``display_tz``
    (default: the computer's zone) reads times without an offset or zone; ``boards`` (the brand's
    Pinterest boards, when known) resolves board names and ids, otherwise boards are left to be
    resolved when sending. ``progress(done, total)`` is called now and then.
    """
    now = now or datetime.now(UTC)
    zone = display_tz or datetime.now().astimezone().tzinfo or UTC
    cache = media_cache or MediaCache()
    plan = ImportPlan(sheet, [])
    if sheet.unknown_columns:
        plan.notes.append(ntr("Ignored column: {columns}.", "Ignored columns: {columns}.",
                              len(sheet.unknown_columns), columns=", ".join(sheet.unknown_columns)))
    seen: dict[str, int] = {}
    first_row: dict[str, int] = {}
    total = len(sheet.rows)
    base_dir = sheet.base_dir
    for i, raw in enumerate(sheet.rows):
        row = check_row(raw, base_dir, now=now, zone=zone, boards=boards, cache=cache)
        if row.key:
            count = seen.get(row.key, 0)
            seen[row.key] = count + 1
            if count:
                row.add(None, tr("Same post as row {number}: it will be created twice.",
                                 number=first_row[row.key]), "duplicate_row", "warning")
            else:
                first_row[row.key] = row.number
            row.key = f"{row.key}#{count}"
        plan.rows.append(row)
        if progress is not None and (i % 200 == 0 or i == total - 1):
            progress(i + 1, total)
    return plan


def check_row(
    raw: RawRow,
    base_dir: Path,
    *,
    now: datetime,
    zone: tzinfo,
    boards: Sequence[Mapping[str, Any]] | None,
    cache: MediaCache,
) -> RowPlan:
    """Check one row (see :func:`check_sheet`)."""
    row = RowPlan(raw)
    if raw.overflow:
        row.add(None, tr("More cells than the header has columns ({cells}): is a delimiter missing its quotes?",
                         cells=", ".join(raw.overflow[:3])), "extra_cells", "warning")
    name = raw.get("platform")
    pid = platform_id(name) if name else None
    if pid is None:
        message = (tr("Unknown platform {name}: write one of {platforms}.", name=repr(name),
                      platforms=platform_spellings()) if name
                   else tr("Missing platform: write one of {platforms}.", platforms=platform_spellings()))
        row.add("platform", message, "unknown_platform")
        return row
    row.platform = pid
    rules = rules_for(pid)

    zone_for_row = zone
    try:
        zone_for_row = parse_zone(raw.get("timezone")) or zone
    except CellError as exc:
        row.add("timezone", str(exc), "invalid_timezone")
    when = None
    try:
        when, warning = parse_time(raw.get("time"), zone_for_row)
        if warning:
            row.add("time", warning, "dst_gap", "warning")
    except CellError as exc:
        row.add("time", str(exc), "invalid_time")
    bad_time = any(p.column == "time" and p.blocking for p in row.problems)
    row.queued = raw.get("mode").strip().lower() == "queue"
    try:
        mode = PublishMode.SCHEDULE if row.queued else parse_mode(raw.get("mode"), when is not None or bad_time)
    except CellError as exc:
        row.add("mode", str(exc), "invalid_mode")
        mode = PublishMode.DRAFT
    if row.queued and (when is not None or bad_time):
        row.add("time", tr("A queued post takes the next free posting time: leave the time empty, or use mode "
                           "schedule."), "time_with_queue")
        bad_time = True
    if row.queued:
        when = now + timedelta(days=1)  # a stand-in future time for the checks; the slot comes later
    if mode is PublishMode.NOW and when is not None:
        row.add("time", tr("Ignored: a post with mode now publishes right away."), "time_ignored", "warning")
    try:
        post_type = parse_post_type(raw.get("post_type"), rules)
    except CellError as exc:
        row.add("post_type", str(exc), "invalid_post_type")
        return row
    if not rules.has_post_type and raw.get("post_type"):
        label = rules.post_types[0].label
        if raw.get("post_type").lower() not in (label.lower(), label.lower() + "s", "post"):
            row.add("post_type", tr("{platform} has no post types; {value} is ignored.", platform=rules.name,
                                    value=repr(raw.get("post_type"))), "post_type_ignored", "warning")

    draft = new_draft(pid, mode=mode, timestamp=when, post_type=post_type)
    draft.text = _main_text(row, rules)
    _read_platform_columns(row, rules, draft, post_type, boards)
    try:
        auto = parse_bool(raw.get("auto_publish"))
        if auto is not None:
            draft.auto_publish = auto
    except CellError as exc:
        row.add("auto_publish", str(exc), "invalid_value")
    row.labels = split_labels(raw.get("labels"))

    kinds = _read_media(row, base_dir, rules, post_type, cache)
    draft.media = [MediaRef(i + 1, k) for i, k in enumerate(kinds)]
    seen_problem: set[tuple[str, str]] = {(p.column or "", p.code) for p in row.problems}
    for problem in validate_draft(draft, now=now):
        column = column_of_path(pid, problem.path)
        if (column, problem.code) in seen_problem:
            continue
        seen_problem.add((column, problem.code))
        if column == "time" and bad_time:
            continue  # already said why
        row.add(column, problem.message, problem.code, problem.severity)
    if row.queued:
        draft.timestamp = None
    row.draft = draft
    if not any(p.code in _FILE_PROBLEMS for p in row.problems):
        row.key = row_content_key(draft, row.media_keys, row.board, queued=row.queued)
    return row


def _main_text(row: RowPlan, rules: PlatformRules) -> str:
    """The main text from ``text`` (or ``description`` where the platform's text is a description)."""
    text = row.raw.cells.get("text") or ""
    aliases = text_column_aliases(rules.id)
    if "description" in aliases:
        description = row.raw.cells.get("description") or ""
        if description.strip() and text.strip() and description.strip() != text.strip():
            row.add("description", tr("{platform} has one description: put it in text or in description, "
                                      "not both.", platform=rules.name), "duplicate_text")
        elif description.strip() and not text.strip():
            text = description
    return text


@lru_cache(maxsize=64)
def _column_specs(platform: str, post_type: str | None) -> tuple[tuple[str, FieldSpec | None], ...]:
    """The field (or ``None``) behind each platform column."""
    rules = rules_for(platform)
    skip_description = "description" in text_column_aliases(platform)
    specs = []
    for column in PLATFORM_COLUMNS:
        if column == "description" and skip_description:
            continue
        spec = rules.field(column)
        specs.append((column, spec if spec is not None and spec.applies_to(post_type) else None))
    return tuple(specs)


def _read_platform_columns(row: RowPlan, rules: PlatformRules, draft: Draft, post_type: str | None,
                           boards: Sequence[Mapping[str, Any]] | None) -> None:
    """Fill ``draft.extras`` from the platform columns; flag cells the platform has no field for."""
    specs = _column_specs(rules.id, post_type)
    what = rules.describe(rules.post_type(post_type) or rules.post_types[0])
    for column, spec in specs:
        cell = row.raw.get(column)
        if spec is None:
            if cell:
                row.add(column, tr("{posts} have no {column} column: clear this cell or choose another platform "
                                   "or post type.", posts=what, column=column), "field_not_supported")
            draft.extras.pop(column, None)
            continue
        if not cell:
            continue
        if spec.kind is FieldKind.BOOL:
            try:
                draft.extras[column] = parse_bool(cell)
            except CellError as exc:
                row.add(column, str(exc), "invalid_value")
        elif spec.kind is FieldKind.BOARD:
            row.board = cell
            draft.extras[column] = _resolve_board(row, cell, boards)
        else:
            draft.extras[column] = cell if spec.kind in (FieldKind.URL, FieldKind.LOCALE) else row.raw.cells[column]


def _resolve_board(row: RowPlan, cell: str, boards: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    """The board object for a board written by id or name; a placeholder when boards are unknown."""
    if boards is None:
        row.add("board", tr("Board {board} will be looked up among the brand's boards when sending.",
                            board=repr(cell)), "board_unresolved", "note")
        return {"id": cell, "name": cell}
    found = find_board(cell, boards)
    if found is None:
        if boards:
            message = tr("No Pinterest board {board} in this brand (boards: {boards}).", board=repr(cell),
                         boards=", ".join(str(b.get("name")) for b in boards[:8]))
        else:
            message = tr("No Pinterest board {board}: this brand has no boards.", board=repr(cell))
        row.add("board", message, "unknown_board")
        return {"id": cell, "name": cell}
    return dict(found)


def find_board(cell: str, boards: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The board whose id is ``cell``, else the one whose name is ``cell`` (any case)."""
    value = cell.strip()
    for board in boards:
        if str(board.get("id")) == value:
            return board
    lowered = value.casefold()
    for board in boards:
        if str(board.get("name", "")).strip().casefold() == lowered:
            return board
    return None


def _read_media(row: RowPlan, base_dir: Path, rules: PlatformRules, post_type: str | None,
                cache: MediaCache) -> list[MediaKind]:
    """Inspect each media entry; return the kinds to validate with (guessed for URLs)."""
    row.media = split_media(row.raw.get("media"), base_dir)
    pt = rules.post_type(post_type) or rules.post_types[0]
    fallback = MediaKind.VIDEO if pt.media.kinds == {MediaKind.VIDEO} else MediaKind.IMAGE
    kinds: list[MediaKind] = []
    for index, item in enumerate(row.media):
        if item.path is not None:
            local = cache.get(item.path)
            if local.problem is not None:
                row.add("media", local.problem.message, local.problem.code)
                kinds.append(fallback)
                row.media_keys.append(str(item.path))
                continue
            assert local.info is not None and local.sha256 is not None
            kinds.append(local.info.kind)
            row.media_keys.append(f"sha256:{local.sha256}")
            for problem in check_media_for_platform(local.info, rules.id, post_type, index=index):
                if problem.severity == "warning":
                    row.add("media", problem.message, problem.code, "warning")
        elif item.url is not None:
            kind = guess_url_kind(item.url)
            if kind is None:
                row.add("media", tr("{address}: can't tell from the address whether it is an image or a video; "
                                    "it is checked again after it is fetched.", address=item.url),
                        "media_kind_unknown", "note")
            kinds.append(kind or fallback)
            row.media_keys.append(item.url)
        else:
            kinds.append(fallback)
            row.media_keys.append(f"library:{item.library_id}")
    return kinds


def row_content_key(draft: Draft, media_keys: Sequence[str], board: str | None, *, queued: bool = False) -> str:
    """A stable hash of what a row asks for: same content, same key, whatever row it sits in (a queued
    row's key leaves out the time it is given, so importing the file again finds it)."""
    extras = {k: v for k, v in sorted(draft.extras.items()) if k != "board"}
    payload = {
        "platform": draft.platform,
        "post_type": draft.effective_post_type,
        "mode": "queue" if queued else draft.mode.value,
        "time": format_timestamp(draft.timestamp) if draft.timestamp and draft.mode is not PublishMode.NOW else None,
        "text": draft.text,
        "media": list(media_keys),
        "extras": extras,
        "board": board,
        "auto_publish": draft.auto_publish,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
