"""One composer's save, start to end, without Qt: create or update, uploads still running, follow-up.

A :class:`SaveFlow` is the operation object behind the composer's Save button (after Anki's
``aqt/operations``: the UI starts it and only shows what it reports). It remembers what earlier
attempts achieved, so a retry sends only what is not saved yet:

* **New posts**: :meth:`SaveFlow.save` runs the *create step* (one post per platform, concurrently;
  saved platforms are never sent again; unknown outcomes are looked up first, or sent again when
  forced).
* **An existing post**: the *patch step* sends only the fields that changed.
* **Uploads still running** when a draft is saved: the platform is *awaiting* its media;
  :meth:`SaveFlow.follow_up` waits for the uploads, then PATCHes ``media_ids`` with what is ready.

Seams for later features (not built here):

* the *sender* (:class:`PostSender`, the :class:`ComposeService` by default) is the one object that
  talks to Dash: an offline outbox can stand in for it (keep the post locally, send later);
* :attr:`SaveFlow.before_patch` runs before every PATCH (an edit-conflict check plugs in there and
  raises to stop it);
* :attr:`SaveFlow.prepare` turns the drafts into what is sent just before the create step (a
  publishing mode that picks the next free slot, "Add to queue", sets the time there). The modes
  themselves live in one place, :class:`dashdesk.platforms.PublishMode`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from dashdesk.platforms import Draft
from dashdesk.services.compose import ComposeService, Outcome, PlatformResult

log = logging.getLogger(__name__)


class PostSender(Protocol):
    """What a save flow sends through (the shape of :class:`ComposeService`)."""

    async def create_all(self, drafts: Mapping[str, Draft], previous: Mapping[str, PlatformResult] | None = None,
                         *, on_result: Callable[[PlatformResult], None] | None = None,
                         force: Collection[str] = ()) -> dict[str, PlatformResult]: ...
    async def update(self, platform: str, post_id: int, before: Draft, after: Draft) -> PlatformResult: ...


@dataclass
class EditTarget:
    """The existing post being edited: its platform (fixed), id, and the draft it was opened as."""

    platform: str
    post_id: int
    original: Draft


#: Called before a PATCH with (platform, post id, draft before, draft after); raise to stop it.
BeforePatch = Callable[[str, int, Draft, Draft], Awaitable[None]]
#: Turns the drafts about to be created into what is sent (e.g. fills in a queue slot's time).
Prepare = Callable[[dict[str, Draft]], Awaitable[dict[str, Draft]]]


class SaveFlow:
    """Saves one composer's posts and follows the uploads that were still running.

    ``sender`` sends (a :class:`ComposeService`); ``saved`` maps platforms already saved to their post
    ids and is updated in place (the composer's state keeps it, so a restored composer never
    creates a post twice); ``edit`` is the post being edited, if any.
    """

    def __init__(self, sender: PostSender | ComposeService, *, saved: dict[str, int] | None = None,
                 edit: EditTarget | None = None) -> None:
        self.sender = sender
        self.saved: dict[str, int] = saved if saved is not None else {}
        self.edit = edit
        self.results: dict[str, PlatformResult] = {}
        #: Platforms saved while media were uploading -> post id; PATCHed when the uploads end.
        self.awaiting: dict[str, int] = {}
        #: The media each awaiting post was saved with.
        self.sent_media: dict[str, list[Any]] = {}
        self.before_patch: BeforePatch | None = None
        self.prepare: Prepare | None = None

    # --- what the flow knows ------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        """Whether this flow updates an existing post (else it creates new ones)."""
        return self.edit is not None

    def unknown_platforms(self) -> list[str]:
        """Platforms whose last save may or may not have created the post."""
        return [p for p, r in self.results.items() if r.outcome is Outcome.UNKNOWN]

    def failed_platforms(self) -> list[str]:
        """Platforms whose last save did not succeed (failed or unknown; kept in the outbox is not failed)."""
        return [p for p, r in self.results.items() if not r.ok and r.outcome is not Outcome.KEPT]

    def kept_platforms(self) -> list[str]:
        """Platforms whose post went to the outbox (sent by itself once Dash can take it)."""
        return [p for p, r in self.results.items() if r.outcome is Outcome.KEPT]

    def is_done(self, platforms: Collection[str]) -> bool:
        """Whether every platform is saved (the media of running uploads may still be to come)."""
        if self.editing:
            return all(r.ok for r in self.results.values())
        return all(p in self.saved for p in platforms)

    def is_complete(self, platforms: Collection[str]) -> bool:
        """Saved and no post is waiting for media any more: nothing is left to do."""
        return self.is_done(platforms) and not self.awaiting

    # --- saving -------------------------------------------------------------------------------

    async def save(self, drafts: Mapping[str, Draft], *, uploads_running: bool = False, force: bool = False,
                   on_result: Callable[[PlatformResult], None] | None = None) -> dict[str, PlatformResult]:
        """Save: the patch step when editing (``drafts`` holds the edited platform's draft), else the
        create step for every platform not saved yet. ``uploads_running``: media are still uploading,
        so saved posts await them; ``force`` sends posts of unknown outcome again without a lookup."""
        if self.edit is not None:
            after = drafts[self.edit.platform]
            result = await self.patch_step(self.edit.platform, self.edit.post_id, self.edit.original, after)
            self.results = {self.edit.platform: result}
            if result.ok and uploads_running:
                self.await_uploads(self.edit.platform, self.edit.post_id, after.media)
            return dict(self.results)
        todo = {p: d for p, d in drafts.items() if p not in self.saved}
        results = await self.create_step(todo, force=force, on_result=on_result)
        for p, r in results.items():
            # a post kept in the outbox counts as saved here (its id is the outbox's, negative): the
            # outbox sends it, so the composer must never create it again
            if (r.ok or r.outcome is Outcome.KEPT) and r.post_id is not None:
                self.saved[p] = r.post_id
                if uploads_running:
                    self.await_uploads(p, r.post_id, todo[p].media)
        return results

    async def create_step(self, drafts: dict[str, Draft], *, force: bool = False,
                          on_result: Callable[[PlatformResult], None] | None = None) -> dict[str, PlatformResult]:
        """Create one post per draft (earlier results decide what is looked up or kept)."""
        if self.prepare is not None:
            drafts = await self.prepare(drafts)
        previous = {p: r for p, r in self.results.items() if p in drafts}
        force_set = set(self.unknown_platforms()) if force else set()
        results = await self.sender.create_all(drafts, previous, on_result=on_result, force=force_set)
        self.results.update(results)
        return results

    async def patch_step(self, platform: str, post_id: int, before: Draft, after: Draft) -> PlatformResult:
        """PATCH what changed from ``before`` to ``after`` (after :attr:`before_patch`, if set)."""
        if self.before_patch is not None:
            await self.before_patch(platform, post_id, before, after)
        return await self.sender.update(platform, post_id, before, after)

    # --- media still uploading ------------------------------------------------------------------

    def await_uploads(self, platform: str, post_id: int, sent: list[Any]) -> None:
        """``platform``'s post was saved while media were uploading: update it when they finish."""
        self.awaiting[platform] = post_id
        self.sent_media[platform] = list(sent)

    async def follow_up(self, wait_for_uploads: Callable[[], Awaitable[None]],
                        draft_for: Callable[[str], Draft]) -> dict[str, PlatformResult]:
        """Wait for the uploads (``wait_for_uploads``), then PATCH each awaiting post's media with what
        ``draft_for`` gives now (a cancelled or failed upload is not in it, so it is not sent).

        Posts whose PATCH failed stay awaiting; the results of this follow-up are returned.
        """
        await wait_for_uploads()
        results: dict[str, PlatformResult] = {}
        for platform, post_id in list(self.awaiting.items()):
            after = draft_for(platform)
            before = dataclasses.replace(after, media=list(self.sent_media[platform]))
            result = await self.patch_step(platform, post_id, before, after)
            results[platform] = result
            if result.ok:
                del self.awaiting[platform]
                self.sent_media[platform] = list(after.media)
            else:
                log.warning("media follow-up of %s post %s failed: %s", platform, post_id, result.message)
        return results
