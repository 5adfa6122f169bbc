"""The run step: uploads (deduplicated) and creates with bounded concurrency, paced at the rate
limit, recorded in the journal so that a second run creates only what is missing."""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from dashdesk.api import errors as api_errors
from dashdesk.platforms import (
    AutoPublish,
    Draft,
    MediaRef,
    PublishMode,
    build_body,
    draft_from_post,
    rules_for,
    validate_draft,
)

from .backend import BulkBackend, UploadedMedia
from .check import ImportPlan, RowPlan, RowProblem, find_board
from .columns import column_of_path
from .journal import CREATED, PENDING, UNKNOWN, Journal
from .limiter import RateLimiter
from .values import MediaItem

log = logging.getLogger(__name__)

#: Row outcomes.
CREATED_NOW = "created"
ALREADY = "already created"
FAILED = "failed"
NOT_SENT = "not sent"
OUTCOME_UNKNOWN = "unknown"

_MAX_RATE_RETRIES = 6
_MAX_SERVER_RETRIES = 3


@dataclass
class RowResult:
    """How one row ended: a post id, or an error (and, for rows never sent, their problems)."""

    row: int
    platform: str | None
    outcome: str
    post_id: int | None = None
    message: str = ""
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the row's post exists now."""
        return self.outcome in (CREATED_NOW, ALREADY)


@dataclass(frozen=True)
class Progress:
    """Where a run stands: rows finished of all rows to send, and an estimate of the time left."""

    done: int
    total: int
    created: int
    failed: int
    seconds_left: float | None
    #: Requests that met a 429 and were sent again (each is a row the limiter failed to protect).
    rate_limited: int = 0


@dataclass
class RunStats:
    """Counters of a finished run."""

    started: float = 0.0
    finished: float = 0.0
    uploads: int = 0
    reused_media: int = 0
    creates: int = 0
    rate_limited: int = 0
    lookups: int = 0

    @property
    def seconds(self) -> float:
        """Wall time of the run."""
        return max(0.0, self.finished - self.started)


class ImportRun:
    """Sends the ready rows of a checked :class:`ImportPlan` and reports each row's outcome.

    ``on_result`` is called once per row as it ends; ``on_progress`` after each row. Rows with
    blocking problems end as ``not sent`` without any request. :meth:`cancel` stops starting new
    rows (rows in flight finish and are journalled). Rows the journal says were created are
    skipped, unless their post has since been deleted on Dash (``verify_existing``).
    """

    def __init__(
        self,
        plan: ImportPlan,
        backend: BulkBackend,
        *,
        brand_id: int,
        journal: Journal,
        limiter: RateLimiter | None = None,
        concurrency: int = 8,
        upload_concurrency: int = 3,
        on_result: Callable[[RowResult], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = asyncio.sleep,
        verify_existing: bool = True,
        labeller: Callable[[tuple[str, int], list[str]], None] | None = None,
    ) -> None:
        self.plan = plan
        self.backend = backend
        self.brand_id = brand_id
        self.journal = journal
        self.limiter = limiter or getattr(backend, "limiter", None) or RateLimiter()
        self.concurrency = max(1, concurrency)
        self._uploads = asyncio.Semaphore(max(1, upload_concurrency))
        self.on_result = on_result
        self.on_progress = on_progress
        #: Check that posts the journal says exist are still on Dash (one listing per platform).
        self.verify_existing = verify_existing
        #: Puts a row's labels on its post once the post exists (``Planner.set_label_names``).
        self.labeller = labeller
        self._labels = {r.number: r.labels for r in plan.rows if r.labels}
        self._clock = clock
        self._sleep = sleep
        self._media: dict[str, asyncio.Future[UploadedMedia]] = {}
        self._claimed: set[tuple[str, int]] = set()
        self._journal_media: set[str] = set()
        self._cancelled = False
        self.results: dict[int, RowResult] = {}
        self.stats = RunStats()
        self._sendable = 0

    def cancel(self) -> None:
        """Start no more rows."""
        self._cancelled = True

    async def run(self) -> list[RowResult]:
        """Send everything; return one result per row of the plan, in row order."""
        self.stats.started = self._clock()
        rows = self.plan.rows
        for row in rows:
            if not row.ok:
                self._finish(RowResult(row.number, row.platform, NOT_SENT, message=_first_error(row),
                                       problems=list(row.problems)), count=False)
        ready = [r for r in rows if r.ok]
        self._sendable = len(ready)
        if ready:
            await self._resolve_boards(ready)
        ready = [r for r in ready if r.number not in self.results]
        known = dict(self.journal.entries(self.brand_id, [r.key for r in ready]))
        if self.verify_existing:
            gone = await self._deleted_since(ready, known)
            for key in gone:
                self.journal.forget(self.brand_id, key)
                known.pop(key, None)
        todo: list[RowPlan] = []
        for row in ready:
            entry = known.get(row.key)
            if entry is not None and entry.state == CREATED and entry.post_id is not None:
                self._claimed.add((row.platform or "", entry.post_id))
                self._finish(RowResult(row.number, row.platform, ALREADY, entry.post_id,
                                       "Created by an earlier import."))
            else:
                todo.append(row)
        queue: asyncio.Queue[RowPlan] = asyncio.Queue()
        for row in todo:
            queue.put_nowait(row)
        workers = [asyncio.create_task(self._worker(queue, known)) for _ in range(min(self.concurrency, len(todo)))]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
        for row in todo:
            if row.number not in self.results:
                self._finish(RowResult(row.number, row.platform, NOT_SENT, message="Cancelled before it was sent."))
        self.stats.finished = self._clock()
        return [self.results[r.number] for r in rows]

    async def _deleted_since(self, rows: Sequence[RowPlan], known: Mapping[str, Any]) -> set[str]:
        """Keys of journalled rows whose post is no longer on Dash (deleted since), so they are created
        again. One listing per platform over the rows' time span; rows without a time, and platforms
        that cannot be listed, are trusted to the journal."""
        spans: dict[str, list[RowPlan]] = {}
        for row in rows:
            entry = known.get(row.key)
            if (entry is not None and entry.state == CREATED and row.draft is not None
                    and row.draft.timestamp is not None and row.draft.mode is not PublishMode.NOW):
                spans.setdefault(row.platform or "", []).append(row)
        gone: set[str] = set()
        for platform, group in spans.items():
            stamps = [r.draft.timestamp for r in group if r.draft and r.draft.timestamp]
            try:
                posts = await self.backend.list_posts(platform, self.brand_id, min(stamps) - timedelta(minutes=1),
                                                      max(stamps) + timedelta(minutes=1))
            except api_errors.DashError:
                continue
            present = {int(p["id"]) for p in posts if p.get("id") is not None}
            gone |= {r.key for r in group if known[r.key].post_id not in present}
        return gone

    async def _worker(self, queue: asyncio.Queue[RowPlan], known: Mapping[str, Any]) -> None:
        while not self._cancelled:
            try:
                row = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            entry = known.get(row.key)
            try:
                result = await self._send_row(row, lookup_first=entry is not None)
            except api_errors.DashError as exc:
                result = RowResult(row.number, row.platform, FAILED, message=exc.user_message())
            except Exception as exc:  # a bug must fail one row, not the whole import
                result = RowResult(row.number, row.platform, FAILED, message=f"Unexpected error: {exc!r}")
            self._finish(result)

    # --- one row ----------------------------------------------------------------------------------

    async def _send_row(self, row: RowPlan, *, lookup_first: bool) -> RowResult:
        result = await self._send_row_once(row, lookup_first=lookup_first)
        stale = [k for k in row.media_keys if k in self._journal_media]
        if result.outcome == FAILED and stale and "media" in result.message.lower():
            # a Library item remembered from an earlier import may have been deleted: upload again, once
            for key in stale:
                self.journal.forget_media(self.brand_id, key)
                self._journal_media.discard(key)
                self._media.pop(key, None)
            result = await self._send_row_once(row, lookup_first=False)
        return result

    async def _send_row_once(self, row: RowPlan, *, lookup_first: bool) -> RowResult:
        assert row.draft is not None and row.platform is not None
        draft = copy.deepcopy(row.draft)
        try:
            uploaded = [await self._media_for(row, item, key) for item, key in zip(row.media, row.media_keys,
                                                                                    strict=True)]
        except api_errors.DashError as exc:
            return RowResult(row.number, row.platform, FAILED, message=f"Media upload failed: {exc.user_message()}")
        draft.media = [MediaRef(m.media_id, m.kind or ref.kind) for m, ref in zip(uploaded, draft.media, strict=True)]
        problems = [p for p in validate_draft(draft) if p.blocking]
        if problems:  # the uploaded media turned out different from what the check assumed
            found = [RowProblem(row.number, column_of_path(row.platform, p.path), p.message, p.code)
                     for p in problems]
            return RowResult(row.number, row.platform, FAILED, message=found[0].message, problems=found)
        body = build_body(draft, self.brand_id)
        if lookup_first:
            existing = await self._look_up(row.platform, draft)
            if existing is not None:
                self.journal.mark(self.brand_id, row.key, row.platform, CREATED, post_id=existing,
                                  row_number=row.number)
                return RowResult(row.number, row.platform, ALREADY, existing,
                                 "Found on Dash: an earlier import created it.")
        return await self._create(row, draft, body)

    async def _create(self, row: RowPlan, draft: Draft, body: dict[str, Any]) -> RowResult:
        platform = row.platform or ""
        source = str(self.plan.sheet.path) if self.plan.sheet.path else None
        rate_tries = server_tries = 0
        looked_up = False
        while True:
            self.journal.mark(self.brand_id, row.key, platform, PENDING, source=source, row_number=row.number)
            try:
                post = await self.backend.create_post(platform, copy.deepcopy(body))
            except api_errors.RateLimitedError as exc:
                # refused before anything was stored: wait for the window and send again
                self.stats.rate_limited += 1
                rate_tries += 1
                self.journal.forget(self.brand_id, row.key)
                reset = exc.reset_at.timestamp() if exc.reset_at else time.time() + 5
                self.limiter.block_until(reset)
                if rate_tries > _MAX_RATE_RETRIES:
                    return RowResult(row.number, platform, FAILED, message=exc.user_message())
                continue
            except api_errors.OutcomeUnknown as exc:
                self.journal.mark(self.brand_id, row.key, platform, UNKNOWN, row_number=row.number)
                if looked_up:
                    return RowResult(row.number, platform, OUTCOME_UNKNOWN, message=exc.user_message())
                looked_up = True
                try:
                    existing = await self._look_up(platform, draft)
                except api_errors.DashError:
                    return RowResult(row.number, platform, OUTCOME_UNKNOWN, message=exc.user_message()
                                     + " Import the file again later: DashDesk looks for it before sending.")
                if existing is not None:
                    self.journal.mark(self.brand_id, row.key, platform, CREATED, post_id=existing)
                    return RowResult(row.number, platform, CREATED_NOW, existing,
                                     "Created (the answer was lost; found it on Dash).")
                continue  # certainly not created: send again
            except (api_errors.ServerError, api_errors.ConnectionFailed, api_errors.RequestTimeout) as exc:
                # the client reports these for a create only when nothing can have been stored
                self.journal.forget(self.brand_id, row.key)
                server_tries += 1
                if server_tries >= _MAX_SERVER_RETRIES:
                    return RowResult(row.number, platform, FAILED, message=exc.user_message())
                await self._sleep(0.2 * 2 ** server_tries)
                continue
            except api_errors.DashError as exc:
                self.journal.forget(self.brand_id, row.key)
                return RowResult(row.number, platform, FAILED, message=exc.user_message())
            post_id = int(post["id"])
            self._claimed.add((platform, post_id))
            self.stats.creates += 1
            self.journal.mark(self.brand_id, row.key, platform, CREATED, post_id=post_id, row_number=row.number)
            return RowResult(row.number, platform, CREATED_NOW, post_id)

    async def _look_up(self, platform: str, draft: Draft) -> int | None:
        """The id of a post on Dash that is this draft (and not already claimed by another row)."""
        self.stats.lookups += 1
        if draft.timestamp is not None and draft.mode is not PublishMode.NOW:
            start, end = draft.timestamp - timedelta(minutes=1), draft.timestamp + timedelta(minutes=1)
        else:
            now = datetime.now(UTC)
            start, end = now - timedelta(days=2), now + timedelta(days=2)
        posts = await self.backend.list_posts(platform, self.brand_id, start, end)
        if draft.timestamp is None and draft.mode is PublishMode.DRAFT:
            posts += await self.backend.list_posts(platform, self.brand_id, None, None)
        wanted = comparable_body(draft, self.brand_id)
        for post in posts:
            post_id = post.get("id")
            if post_id is None or (platform, int(post_id)) in self._claimed:
                continue
            if comparable_body(draft_from_post(platform, post), self.brand_id) == wanted:
                self._claimed.add((platform, int(post_id)))
                return int(post_id)
        return None

    # --- media --------------------------------------------------------------------------------------

    async def _media_for(self, row: RowPlan, item: MediaItem, key: str) -> UploadedMedia:
        """The Library item for one media entry, uploading it once per run (and once per brand)."""
        future = self._media.get(key)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._media[key] = future
            try:
                future.set_result(await self._obtain_media(item, key))
            except BaseException as exc:
                future.set_exception(exc)
                del self._media[key]  # the next row may try again
                raise
            return future.result()
        self.stats.reused_media += 1
        return await asyncio.shield(future)

    async def _obtain_media(self, item: MediaItem, key: str) -> UploadedMedia:
        from dashdesk.platforms import MediaKind

        known = self.journal.media(self.brand_id, key)
        if known is not None:
            self.stats.reused_media += 1
            self._journal_media.add(key)
            kind = MediaKind(known.kind) if known.kind in MediaKind.__members__ else None
            return UploadedMedia(known.media_id, kind, known.url)
        async with self._uploads:
            if item.library_id is not None:
                media = await self.backend.get_media(self.brand_id, item.library_id)
            elif item.url is not None:
                from .media import url_without_hint

                media = await self.backend.media_from_url(self.brand_id, url_without_hint(item.url))
            else:
                assert item.path is not None
                media = await self.backend.upload_file(self.brand_id, item.path)
        self.stats.uploads += 1
        if item.library_id is None:
            self.journal.remember_media(self.brand_id, key, media.media_id,
                                        media.kind.value if media.kind else None, media.url)
        return media

    async def _resolve_boards(self, rows: Sequence[RowPlan]) -> None:
        """Look up boards left unresolved at the check step; rows whose board is unknown fail."""
        pending = [r for r in rows if any(p.code == "board_unresolved" for p in r.problems)]
        if not pending:
            return
        try:
            boards = await self.backend.list_boards(self.brand_id)
        except api_errors.DashError as exc:
            for row in pending:
                self._finish(RowResult(row.number, row.platform, FAILED,
                                       message=f"Could not list Pinterest boards: {exc.user_message()}"))
            return
        for row in pending:
            found = find_board(row.board or "", boards)
            if found is None or row.draft is None:
                names = ", ".join(str(b.get("name")) for b in boards[:8]) or "none"
                problem = RowProblem(row.number, "board", f"No Pinterest board {row.board!r} in this brand "
                                     f"(boards: {names}).", "unknown_board")
                self._finish(RowResult(row.number, row.platform, FAILED, message=problem.message, problems=[problem]))
            else:
                row.draft.extras["board"] = dict(found)

    # --- bookkeeping ----------------------------------------------------------------------------------

    def _finish(self, result: RowResult, *, count: bool = True) -> None:
        self.results[result.row] = result
        labels = self._labels.get(result.row)
        if labels and self.labeller is not None and result.post_id is not None and result.platform:
            try:
                self.labeller((result.platform, int(result.post_id)), labels)
            except Exception:  # labels are local extras: a failure never fails the row
                log.exception("labels of row %s could not be stored", result.row)
        if self.on_result is not None:
            self.on_result(result)
        if count and self.on_progress is not None:
            self.on_progress(self.progress())

    def progress(self) -> Progress:
        """The run's progress now, with an estimate of the time left."""
        sent = [r for r in self.results.values() if r.outcome != NOT_SENT or r.message.startswith("Cancelled")]
        done = len(sent)
        total = self._sendable
        created = sum(1 for r in sent if r.ok)
        failed = done - created
        left = max(0, total - done)
        elapsed = self._clock() - self.stats.started
        seconds: float | None = None
        if left == 0:
            seconds = 0.0
        elif done:
            measured = elapsed / done * left
            paced = self.limiter.seconds_for(left)
            seconds = max(measured, paced)
        else:
            seconds = self.limiter.seconds_for(left)
        return Progress(done, total, created, failed, seconds, self.stats.rate_limited)


def comparable_body(draft: Draft, brand_id: int) -> dict[str, Any]:
    """The body of ``draft`` reduced to what identifies a post (for finding it on Dash)."""
    rules = rules_for(draft.platform)
    d = replace(draft, media=list(draft.media), extras=dict(draft.extras))
    if rules.auto_publish is not AutoPublish.OPTIONAL:
        d.auto_publish = None
    body = build_body(d, brand_id)
    board = body.get("meta", {}).get("pinterestBoard") if isinstance(body.get("meta"), dict) else None
    if isinstance(board, Mapping):
        body["meta"]["pinterestBoard"] = {"id": str(board.get("id"))}
    if d.mode is PublishMode.NOW:
        body.pop("timestamp", None)
    if body.get("auto_publish") is True:
        del body["auto_publish"]  # true and omitted mean the same
    return body


def _first_error(row: RowPlan) -> str:
    errors = row.errors
    if not errors:
        return "Not checked."
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return errors[0].message + more
