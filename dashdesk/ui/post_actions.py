"""What a person does to posts from the calendar: open, write new, move, delete.

Views never change posts and never call each other. They emit intents (``openRequested``,
``moveRequested``, ``deleteRequested``); :class:`PostActions` carries each one out through the
one :class:`~dashdesk.services.posts.PostService` (which applies it optimistically, calls Dash,
rolls back if refused and records the undo step), then emits ``operationExecuted`` with an
:class:`Outcome`. That signal is the one place results and errors are shown (:meth:`report`);
the views themselves refresh from the posts model, which the service keeps current.

The pattern is Anki's ``aqt.operations`` (an operation with success/failure and one "did execute"
signal) and KDE's ``IncidenceChanger`` (every edit through one changer).

A new operation (duplicate, retry, ...) is one more ``async def _name`` here that ends by emitting
an :class:`Outcome`, and one intent signal on the view that asks for it.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.services.conflicts import EditConflict
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import MoveRefused, PostService, user_message
from dashdesk.ui import icons
from dashdesk.ui.notices import Notices
from dashdesk.ui.posts_model import format_time

if TYPE_CHECKING:
    import asyncio
    from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one operation ended, in words the person reads."""

    kind: str  # "move", "delete", ...
    message: str
    ok: bool = True
    refused: bool = False  # DashDesk refused before asking Dash (nothing was sent)
    key: PostKey | None = None


class PostActions(QObject):
    """Carries out the calendar's intents through the post service and reports how they went."""

    operationExecuted = Signal(object)  # Outcome

    def __init__(self, window: QWidget, service: PostService, notices: Notices, *,
                 tz: Callable[[], ZoneInfo], current_view: Callable[[], Any],
                 anchor: Callable[[], Any], media_hub: Callable[[], Any]) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.notices = notices
        self._tz = tz
        self._current_view = current_view
        self._anchor = anchor
        self.tasks: set[asyncio.Task[None]] = set()
        self.composer: Any = None
        self.conflict_dialog: Any = None  # the "changed in Dash" question shown last
        self._media_hub = media_hub  # the upload hub dashdesk.ui.media's install() set, if any
        self.composer_args: dict[str, Any] = {}
        #: The window's ``OutboxController`` once started: posts waiting to send (negative ids) go there.
        self.outbox: Any = None
        self.operationExecuted.connect(self.report)

    # --- the one place outcomes are shown -----------------------------------------------------

    def report(self, outcome: Outcome) -> None:
        """Show ``outcome``: a hint when it worked, the banner when it was refused or failed."""
        if outcome.ok:
            self.notices.show_hint(outcome.message)
        elif outcome.refused:
            self.notices.show_hint(outcome.message)
            self.notices.show_banner("info", outcome.message, kind_tag="refused")
        else:
            self.notices.show_error(outcome.message)

    # --- opening --------------------------------------------------------------------------------

    def open_selected(self) -> None:
        """Enter: open the selected post, or start one on the selected day."""
        view = self._current_view()
        if hasattr(view, "activate"):
            view.activate()
        elif view.selected_key is not None:
            self.open_post(view.selected_key)
        else:
            self.new_post()

    def open_post(self, key: PostKey) -> None:
        """Open a post: what happened to it (posted, failed, ...) in its details, else in the composer; a post
        waiting to send: what it waits for, Try now, Remove."""
        if key[1] < 0:
            if self.outbox is not None:
                self.outbox.open_entry(key)
            return
        post = self.service.get(key)
        if post is None:
            return
        lifecycle = getattr(self.window, "lifecycle", None)  # dashdesk.ui.lifecycle's install() sets it
        if lifecycle is not None and lifecycle.open_post(post):
            return
        self.open_composer(post=post)

    def new_post(self, when: datetime | None = None) -> None:
        """Open the composer for a new post (at ``when``, or the selected day's default time)."""
        if when is None:
            view = self._current_view()
            day = getattr(view, "selected_day", self._anchor())
            when = view.default_time(day) if hasattr(view, "default_time") else None
        self.open_composer(post=None, when=when)

    def open_composer(self, post: Post | None = None, when: datetime | None = None, state: Any = None) -> Any:
        """Open the composer for ``post`` (to edit) or a new post at ``when``; ``state`` restores one.

        ``ComposerDialog`` gets the keyword arguments its signature accepts among those in
        ``composer_args`` (parent, service, session, tz, brand_id, client), ``post``, ``when``,
        ``media_hub`` (when set) and ``state``; it is ``open()``-ed, never ``exec()``-ed.
        """
        try:
            from dashdesk.ui.composer import ComposerDialog  # type: ignore[attr-defined]
        except ImportError:
            from dashdesk.ui.dialogs import MissingComposerDialog

            what = "open this post" if post is not None else "write a new post"
            dlg = MissingComposerDialog(self.window, what)
            dlg.open()
            self.composer = dlg
            return dlg
        offered = {**self.composer_args, "post": post, "when": when, "tz": self._tz()}
        hub = self._media_hub()
        if hub is not None:
            offered["media_hub"] = hub
        if state is not None:
            offered["state"] = state
        try:
            params = inspect.signature(ComposerDialog).parameters
            accepts_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
            kwargs = offered if accepts_all else {k: v for k, v in offered.items() if k in params}
        except (TypeError, ValueError):
            kwargs = offered
        dlg = ComposerDialog(**kwargs)
        if hasattr(dlg, "saved"):
            dlg.saved.connect(self._composer_saved)
        dlg.open()
        self.composer = dlg
        return dlg

    def _composer_saved(self, results: list[Any]) -> None:
        """Posts the composer could not hand to Dash wait in the outbox: say so where it stays visible."""
        from dashdesk.services.compose import Outcome as SaveOutcome

        kept = [r for r in results if getattr(r, "outcome", None) is SaveOutcome.KEPT]
        if not kept:
            return
        names = ", ".join(icons.platform_name(r.platform) for r in kept)
        message = ntr("Dash can't take the {names} post right now, so DashDesk keeps it and sends it by itself when "
                      "Dash is back. Look for “Waiting to send” in the calendar.",
                      "Dash can't take the {names} posts right now, so DashDesk keeps them and sends them by itself "
                      "when Dash is back. Look for “Waiting to send” in the calendar.", len(kept), names=names)
        self.notices.show_banner("info", message, kind_tag="outbox")

    # --- changing -------------------------------------------------------------------------------

    def move(self, key: PostKey, when: datetime) -> asyncio.Task[None]:
        """Reschedule (a drag): shown at once, rolled back with a message if refused."""
        return self._spawn(self._move(key, when))

    def delete_selected(self) -> None:
        """Delete key: ask, then delete the selected post."""
        key = self._current_view().selected_key
        if key is not None:
            self.delete(key)

    def delete(self, key: PostKey) -> asyncio.Task[None] | None:
        """Ask, then delete (optimistically, restored if Dash refuses); a waiting post: its dialog."""
        if key[1] < 0:
            self.open_post(key)
            return None
        return self._spawn(self._delete(key))

    def retry(self, key: PostKey) -> asyncio.Task[None]:
        """"Retry now": the same post again as one new post publishing at once (never retried blindly)."""
        return self._spawn(self._retry(key))

    def duplicate(self, key: PostKey) -> Any:
        """"Duplicate": the composer with a copy of the post as a new, undated draft (nothing is sent yet)."""
        from dashdesk.ui.lifecycle import duplicate_state

        post = self.service.get(key)
        if post is None:
            return None
        return self.open_composer(post=None, state=duplicate_state(post))

    def fix(self, key: PostKey, field: str | None) -> Any:
        """"Fix and reschedule": the composer on the post with ``field`` (the one the failure names, else the
        time) focused; saving PATCHes what changed, and the new time schedules it again."""
        post = self.service.get(key)
        if post is None:
            return None
        dialog = self.open_composer(post=post)
        focus = getattr(dialog, "focus_field", None)
        return focus(field or "timestamp", post.platform) if callable(focus) else None

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run background ``work`` for the window's lifetime (cancelled when the window closes)."""
        return self._spawn(work)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run ``work`` on the event loop, tracked in ``tasks`` until it ends (closing waits for it)."""
        import asyncio

        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a post operation failed", exc_info=task.exception())

    async def _move(self, key: PostKey, when: datetime) -> None:
        import asyncio

        post = self.service.get(key)
        if post is None:
            return
        name = icons.platform_name(post.platform)
        tz = self._tz()
        try:
            await self.service.move(key, when)
        except MoveRefused as exc:
            self.operationExecuted.emit(Outcome("move", str(exc), ok=False, refused=True, key=key))
            return
        except EditConflict as conflict:
            await self._settle_conflict(conflict, "move", tr("Move {name} post", name=name))
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            back = format_time(post.timestamp, tz, with_date=True)
            self.operationExecuted.emit(Outcome(
                "move", tr(
                        "Couldn't reschedule the {name} post: {exc} It is back at {back}.",
                        name=name,
                        exc=user_message(exc),
                        back=back,
                    ),
                ok=False, key=key))
            return
        self.operationExecuted.emit(Outcome(
            "move", tr(
                    "Moved the {name} post to {when}. Ctrl+Z undoes it.",
                    name=name,
                    when=format_time(when, tz, with_date=True),
                ), key=key))

    async def _settle_conflict(self, conflict: EditConflict, action: str, text: str) -> None:
        """The post changed in Dash since it was loaded: show both versions, do what the person chooses.

        The calendar already shows Dash's version; "Keep mine" sends the person's (checked once
        more: a newer change asks again), the other choices send nothing.
        """
        from dashdesk.services.conflicts import ConflictChoice
        from dashdesk.ui.conflict_dialog import ask_conflict

        name = icons.platform_name(conflict.platform)
        while True:
            self.conflict_dialog, future = ask_conflict(conflict, self._tz(), self.window, action=action)
            choice = await future
            if choice is not ConflictChoice.KEEP_MINE:
                self.operationExecuted.emit(Outcome(
                    action, tr(
                            "Kept the {name} post as it is in Dash; nothing was sent.",
                            name=name,
                        ), key=conflict.key))
                return
            try:
                await self.service.resolve_conflict(conflict, choice, text=text)
            except EditConflict as newer:
                conflict = newer
                continue
            except Exception as exc:
                self.operationExecuted.emit(Outcome(
                    action, tr(
                            "Couldn't send your version of the {name} post: {exc}",
                            name=name,
                            exc=user_message(exc),
                        ), ok=False,
                    key=conflict.key))
                return
            self.operationExecuted.emit(Outcome(
                action, tr("Sent your version of the {name} post. Ctrl+Z undoes it.", name=name), key=conflict.key))
            return

    async def _delete(self, key: PostKey) -> None:
        import asyncio

        from dashdesk.ui.dialogs import ask

        post = self.service.get(key)
        if post is None:
            return
        name = icons.platform_name(post.platform)
        when = format_time(post.timestamp, self._tz(), with_date=True)
        snippet = " ".join(post.text.split())[:80]
        ok = await ask(self.window, tr("Delete post"), tr(
                "Delete this {name} post ({when})?",
                name=name,
                when=when,
            ), tr("Delete"),
                       informative=f"“{snippet}”\n\n" + tr("You can undo this with Ctrl+Z.") if snippet else
                       tr("You can undo this with Ctrl+Z."))
        if not ok:
            return
        try:
            await self.service.delete(key)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.operationExecuted.emit(Outcome(
                "delete", tr(
                        "Couldn't delete the {name} post: {exc} It is still scheduled.",
                        name=name,
                        exc=user_message(exc),
                    ),
                ok=False, key=key))
            return
        self.operationExecuted.emit(Outcome("delete", tr(
                "Deleted the {name} post. Ctrl+Z restores it.",
                name=name,
            ), key=key))

    async def _retry(self, key: PostKey) -> None:
        import asyncio

        from dashdesk.services.lifecycle import retry_body

        post = self.service.get(key)
        if post is None:
            self.operationExecuted.emit(Outcome("retry", tr("This post is no longer here. Reload, then try again."),
                                                ok=False, key=key))
            return
        name = icons.platform_name(post.platform)
        try:
            again = await self.service.create(post.platform, retry_body(post, self.service.brand_id))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.operationExecuted.emit(Outcome("retry", tr(
                    "Couldn't send the {name} post again: {exc}",
                    name=name,
                    exc=user_message(exc),
                ),
                                                ok=False, key=key))
            return
        self.operationExecuted.emit(Outcome(
            "retry", tr("Sent the {name} post again as a new post, to publish at once.", name=name), key=again.key))

    async def aclose(self) -> None:
        """Cancel the running operations and wait for them to end."""
        import contextlib

        for task in list(self.tasks):
            task.cancel()
        for task in list(self.tasks):
            with contextlib.suppress(BaseException):
                await task
