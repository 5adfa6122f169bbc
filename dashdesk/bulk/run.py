"""The run step: deduplicated uploads, paced creates, journalled so a rerun creates only what is missing."""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from dashdesk.api import errors as api_errors
from dashdesk.i18n import tr
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

from .backend import BulkBackend, UploadedMedia, origin_of
from .check import ImportPlan, RowPlan, RowProblem, find_board
from .columns import column_of_path
from .journal import CREATED, PENDING, UNKNOWN, Journal, JournalEntry
from .limiter import RateLimiter
from .matching import PostMatcher
from .outcomes import (
    ALREADY,
    CREATED_NOW,
    FAILED,
    NOT_CHECKED,
    NOT_SENT,
    OUTCOME_UNKNOWN,
    Progress,
    RowResult,
    RunStats,
)
from .values import MediaItem
from .wording import import_message

log = logging.getLogger(__name__)

_MAX_RATE_RETRIES = 6
_MAX_SERVER_RETRIES = 3

#: Errors that stop a whole run at once: every further request would meet the same refusal.
STOPPING_ERRORS = (api_errors.AuthenticationError, api_errors.PermissionDeniedError)


class ImportRun:
    """Sends the ready rows of a checked :class:`ImportPlan` and reports each row's outcome.

    ``on_result`` is called once per row as it ends; ``on_progress`` after each row. Rows with
    blocking problems end as ``not sent`` without any request. :meth:`cancel` stops starting new
    rows (rows in flight finish and are journalled).

    Before anything is sent, the posts of each platform over the rows' times are listed once: a row
    whose post is already there (found by platform, time, text and media content, see
    :mod:`.matching`) ends as ``already created`` with that post's id, whatever the journal says. A
    row the journal records as created is reported so only when the listing shows its post now; when
    Dash cannot be asked, it ends as ``not checked`` with the day of the record and the reason. A
    refused API key (or brand) stops the run at once: :attr:`stopped_by` holds the error.
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
        self._scope = journal.scope(origin_of(backend), brand_id)
        self._matcher = PostMatcher(backend, brand_id)
        #: The error that stopped the run (a refused API key), if one did.
        self.stopped_by: api_errors.DashError | None = None
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
        known = dict(self._scope.entries([r.key for r in ready]))
        todo = await self._already_on_dash(ready, known) if ready and not self._cancelled else []
        queue: asyncio.Queue[RowPlan] = asyncio.Queue()
        for row in todo:
            queue.put_nowait(row)
        workers = [asyncio.create_task(self._worker(queue, known)) for _ in range(min(self.concurrency, len(todo)))]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
        stopped = (tr("Not sent: the import stopped. {reason}", reason=import_message(self.stopped_by))
                   if self.stopped_by else tr("Cancelled before it was sent."))
        for row in ready:
            if row.number not in self.results:
                self._finish(RowResult(row.number, row.platform, NOT_SENT, message=stopped))
        self.stats.finished = self._clock()
        return [self.results[r.number] for r in rows]

    async def _already_on_dash(self, rows: Sequence[RowPlan], known: Mapping[str, JournalEntry]) -> list[RowPlan]:
        """Finish the rows whose post is on Dash already (or cannot be checked); return the rest."""
        listings = await self._listings(rows) if self.verify_existing else {}
        todo: list[RowPlan] = []
        for row in rows:
            if self._cancelled:
                break
            entry = known.get(row.key)
            listing = listings.get(_listing_key(row))
            if entry is not None and entry.state == CREATED and entry.post_id is not None:
                if not self.verify_existing:
                    self._claim_already(row, entry.post_id, tr("Created by an earlier import."))
                    continue
                if not isinstance(listing, list):
                    reason = (import_message(listing) if isinstance(listing, api_errors.DashError)
                              else tr("a post sent to publish at once cannot be looked up by its time."))
                    self._finish(RowResult(row.number, row.platform, NOT_CHECKED, entry.post_id,
                                           tr("Recorded as created on {day} (post {id}), not checked: {reason}",
                                              day=entry.recorded_on, id=entry.post_id, reason=reason)))
                    continue
                if any(p.get("id") is not None and int(p["id"]) == entry.post_id for p in listing):
                    earlier = tr("Already on Dash as post {id} (an earlier import created it).", id=entry.post_id)
                    self._claim_already(row, entry.post_id, earlier)
                    continue
                self._scope.forget(row.key)  # deleted on Dash since: create it again
            if isinstance(listing, api_errors.DashError):
                self._finish(RowResult(row.number, row.platform, FAILED,
                                       message=tr("Could not check whether Dash already has this post, so it was "
                                                  "not sent: {reason}", reason=import_message(listing))))
                continue
            if isinstance(listing, list):
                try:
                    match = await self._matcher.find(row, listing, self._claimed)
                except STOPPING_ERRORS as exc:
                    self._stop(exc)
                    break
                if match is not None and not match.undecided:
                    self._scope.mark(row.key, row.platform or "", CREATED, post_id=match.post_id,
                                     row_number=row.number)
                    self._claim_already(row, match.post_id, tr("Already on Dash as post {id} (same time, text and "
                                                               "media): not created again.", id=match.post_id))
                    continue
                if match is not None:
                    self._finish(RowResult(row.number, row.platform, FAILED, match.post_id,
                                           tr("Post {post_id} on Dash has the same time and text, but its media could "
                                              "not be compared ({undecided}), so this row was not sent. Import the "
                                              "file again later.",
                                              post_id=match.post_id, undecided=match.undecided)))
                    continue
            todo.append(row)
        return todo

    async def _listings(self, rows: Sequence[RowPlan]) -> dict[tuple[str, bool], list[dict[str, Any]]
                                                                   | api_errors.DashError]:
        """One listing per platform over the rows' times (and one of undated drafts, where rows have no
        time); a platform Dash could not list maps to the error."""
        spans: dict[tuple[str, bool], list[RowPlan]] = {}
        for row in rows:
            key = _listing_key(row)
            if key is not None:
                spans.setdefault(key, []).append(row)
        out: dict[tuple[str, bool], list[dict[str, Any]] | api_errors.DashError] = {}
        for (platform, dated), group in spans.items():
            start = end = None
            if dated:
                stamps = [r.draft.timestamp for r in group if r.draft and r.draft.timestamp]
                start, end = min(stamps) - timedelta(minutes=1), max(stamps) + timedelta(minutes=1)
            try:
                out[(platform, dated)] = await self.backend.list_posts(platform, self.brand_id, start, end)
            except STOPPING_ERRORS as exc:
                self._stop(exc)
                return out
            except api_errors.DashError as exc:
                out[(platform, dated)] = exc
        return out

    def _claim_already(self, row: RowPlan, post_id: int, message: str) -> None:
        self._claimed.add((row.platform or "", post_id))
        self._finish(RowResult(row.number, row.platform, ALREADY, post_id, message))

    def _stop(self, exc: api_errors.DashError) -> None:
        """Stop the run: no further row is started (the key or brand was refused)."""
        if self.stopped_by is None:
            self.stopped_by = exc
        self._cancelled = True

    async def _worker(self, queue: asyncio.Queue[RowPlan], known: Mapping[str, Any]) -> None:
        while not self._cancelled:
            try:
                row = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            entry = known.get(row.key)
            try:
                result = await self._send_row_once(row, lookup_first=entry is not None)
            except STOPPING_ERRORS as exc:
                self._stop(exc)
                return
            except api_errors.DashError as exc:
                result = RowResult(row.number, row.platform, FAILED, message=import_message(exc))
            except Exception as exc:  # a bug must fail one row, not the whole import
                log.exception("row %d failed unexpectedly", row.number)
                result = RowResult(row.number, row.platform, FAILED,
                                   message=tr("DashDesk met an unexpected problem with this row ({error}); it was "
                                              "not sent.",
                                              error=type(exc).__name__))
            self._finish(result)

    # --- one row ----------------------------------------------------------------------------------

    async def _send_row_once(self, row: RowPlan, *, lookup_first: bool) -> RowResult:
        assert row.draft is not None and row.platform is not None
        draft = copy.deepcopy(row.draft)
        try:
            uploaded = [await self._media_for(row, item, key) for item, key in zip(row.media, row.media_keys,
                                                                                    strict=True)]
        except STOPPING_ERRORS:
            raise
        except api_errors.DashError as exc:
            failed = tr("Media upload failed: {reason}", reason=import_message(exc))
            return RowResult(row.number, row.platform, FAILED, message=failed)
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
                self._scope.mark(row.key, row.platform, CREATED, post_id=existing,
                                  row_number=row.number)
                return RowResult(row.number, row.platform, ALREADY, existing,
                                 tr("Found on Dash: an earlier import created it."))
        return await self._create(row, draft, body)

    async def _create(self, row: RowPlan, draft: Draft, body: dict[str, Any]) -> RowResult:
        platform = row.platform or ""
        source = str(self.plan.sheet.path) if self.plan.sheet.path else None
        rate_tries = server_tries = 0
        looked_up = False
        while True:
            self._scope.mark(row.key, platform, PENDING, source=source, row_number=row.number)
            try:
                post = await self.backend.create_post(platform, copy.deepcopy(body))
            except api_errors.RateLimitedError as exc:
                # refused before anything was stored: wait for the window and send again
                self.stats.rate_limited += 1
                rate_tries += 1
                self._scope.forget(row.key)
                reset = exc.reset_at.timestamp() if exc.reset_at else time.time() + 5
                self.limiter.block_until(reset)
                if rate_tries > _MAX_RATE_RETRIES:
                    return RowResult(row.number, platform, FAILED, message=import_message(exc))
                continue
            except api_errors.OutcomeUnknown as exc:
                self._scope.mark(row.key, platform, UNKNOWN, row_number=row.number)
                if looked_up:
                    return RowResult(row.number, platform, OUTCOME_UNKNOWN, message=import_message(exc))
                looked_up = True
                try:
                    existing = await self._look_up(platform, draft)
                except api_errors.DashError:
                    return RowResult(row.number, platform, OUTCOME_UNKNOWN, message=import_message(exc))
                if existing is not None:
                    self._scope.mark(row.key, platform, CREATED, post_id=existing)
                    return RowResult(row.number, platform, CREATED_NOW, existing,
                                     tr("Created (the answer was lost; found it on Dash)."))
                continue  # certainly not created: send again
            except (api_errors.ServerError, api_errors.ConnectionFailed, api_errors.RequestTimeout) as exc:
                # the client reports these for a create only when nothing can have been stored
                self._scope.forget(row.key)
                server_tries += 1
                if server_tries >= _MAX_SERVER_RETRIES:
                    return RowResult(row.number, platform, FAILED, message=import_message(exc))
                await self._sleep(0.2 * 2 ** server_tries)
                continue
            except STOPPING_ERRORS:
                self._scope.forget(row.key)
                raise
            except api_errors.DashError as exc:
                self._scope.forget(row.key)
                return RowResult(row.number, platform, FAILED, message=import_message(exc))
            post_id = int(post["id"])
            self._claimed.add((platform, post_id))
            self.stats.creates += 1
            self._scope.mark(row.key, platform, CREATED, post_id=post_id, row_number=row.number)
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

        known = self._scope.media(key)
        if known is not None:
            # a Library item remembered from an earlier import may have been deleted since: check it
            try:
                checked = await self.backend.get_media(self.brand_id, known.media_id)
            except api_errors.NotFoundError:
                self._scope.forget_media(key)
            else:
                self.stats.reused_media += 1
                kind = MediaKind(known.kind) if known.kind in MediaKind.__members__ else checked.kind
                return UploadedMedia(known.media_id, kind, checked.url or known.url)
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
            self._scope.remember_media(key, media.media_id, media.kind.value if media.kind else None, media.url)
        return media

    async def _resolve_boards(self, rows: Sequence[RowPlan]) -> None:
        """Look up boards left unresolved at the check step; rows whose board is unknown fail."""
        pending = [r for r in rows if any(p.code == "board_unresolved" for p in r.problems)]
        if not pending:
            return
        try:
            boards = await self.backend.list_boards(self.brand_id)
        except STOPPING_ERRORS as exc:
            self._stop(exc)
            return
        except api_errors.DashError as exc:
            failed = tr("Could not list Pinterest boards: {reason}", reason=import_message(exc))
            for row in pending:
                self._finish(RowResult(row.number, row.platform, FAILED, message=failed))
            return
        for row in pending:
            found = find_board(row.board or "", boards)
            if found is None or row.draft is None:
                names = ", ".join(str(b.get("name")) for b in boards[:8]) or tr("none")
                problem = RowProblem(row.number, "board", tr("No Pinterest board “{board}” in this brand (boards: "
                                     "{names}).", board=row.board or "", names=names), "unknown_board")
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


def _listing_key(row: RowPlan) -> tuple[str, bool] | None:
    """Which listing shows a row's post: its platform's dated posts, its undated drafts, or none (a post
    sent to publish at once has no time to look it up by)."""
    if row.draft is None or row.platform is None or row.draft.mode is PublishMode.NOW:
        return None
    if row.draft.timestamp is not None:
        return (row.platform, True)
    return (row.platform, False) if row.draft.mode is PublishMode.DRAFT else None


def _first_error(row: RowPlan) -> str:
    if not (errors := row.errors) or len(errors) == 1:
        return errors[0].message if errors else tr("Not checked.")
    return tr("{message} (+{n} more)", message=errors[0].message, n=len(errors) - 1)
