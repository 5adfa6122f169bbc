"""Review-queue fixtures: a qasync loop, a DashClient on the sandbox, and helpers to make drafts there."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dashdesk.api import DashClient
from dashdesk.sandbox.probe import probe
from dashdesk.sandbox.samples import make_image, make_video
from dashdesk.services.posts import PostService, UndoRecord
from dashdesk.ui.posts_model import PostsModel

Run = Callable[[Coroutine[Any, Any, Any]], Any]


class SandboxPosts:
    """Makes media and posts straight in the sandbox (as another Dash user would have)."""

    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self.brand = sandbox.brand_id
        self._media: dict[str, int] = {}
        self.board = sandbox.state.boards.for_brand(self.brand)[0]

    def media(self, kind: str = "image", n: int = 0) -> int:
        """A Library media id of ``kind`` (made once per kind and index)."""
        name = f"{kind}-{n}"
        if name not in self._media:
            lib = self.sandbox.state.library
            data = make_image(540, 540, f"Review {n}", variant=n) if kind == "image" else make_video(variant=n)
            path = lib.copy_file_in(data, f"{name}.{'jpg' if kind == 'image' else 'mp4'}")
            info = probe(path)
            doc = lib.add_media(self.brand, path, info, meta={"filename": path.name}, source_id=name,
                                created=datetime.now(UTC))
            self._media[name] = doc["media_id"]
        return self._media[name]

    def create(self, platform: str, status: str = "DRAFT", when: datetime | None = None,
               **fields: Any) -> dict[str, Any]:
        """Create a post of ``platform`` on the sandbox; returns the API's answer."""
        body = {"brand_id": self.brand, "status": status, "auto_publish": True, **fields}
        if when is not None:
            body["timestamp"] = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        answer = self.sandbox.state.scheduler.create(platform, body, (self.brand,))
        answer.setdefault("platform", platform)
        return answer

    def raw(self, platform: str, status: str, when: datetime | None, **fields: Any) -> int:
        """Store a post the way another Dash client left it, unchecked (e.g. a YouTube draft with no title)."""
        state = self.sandbox.state
        now = state.clock.now()
        body = {"brand_id": self.brand, "status": "DRAFT", "auto_publish": True,
                "timestamp": when.astimezone(UTC).isoformat() if when else None, "media_ids": [], **fields}
        post = state.scheduler._server_fields(platform, body, now)
        post["status"] = status
        if status == "MISSING_APPROVALS":
            post.update(approval_policy="APPROVAL_REQUIRED", approval_status="PENDING",
                        num_of_approvals_required=1,
                        approval_requests=[{"requested_by_user_id": 77315, "review_user_id": 77316}])
        doc = {"post": post, "body": body}
        due = when.timestamp() if when and status == "MISSING_APPROVALS" else None

        def build(post_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
            post["id"] = post_id
            return doc, state.scheduler._cols(platform, post, due)

        return state.store.insert_post(build)

    def server_post(self, platform: str, post_id: int) -> dict[str, Any]:
        """The post as the sandbox holds it now."""
        return self.sandbox.state.scheduler.get(platform, post_id, (self.brand,))

    def draft(self, platform: str, when: datetime | None, n: int = 0) -> dict[str, Any]:
        """A realistic draft of ``platform`` that can be approved."""
        text = f"Spring collection, part {n + 1}: linen, light, made to last.\nWhich piece is yours?"
        image, video = self.media("image", n % 3), self.media("video", n % 2)
        bodies: dict[str, dict[str, Any]] = {
            "instagram": {"post_type": "FEED", "caption": text, "media_ids": [image],
                          "first_comment": "#spring #linen"},
            "facebook": {"post_type": "POST", "message": text, "link": "https://example.com/spring"},
            "tiktok": {"text": text, "media_ids": [video], "disable_comment": False, "disable_duet": False,
                       "disable_stitch": False},
            "youtube": {"title": f"Spring lookbook {n + 1}", "description": text, "media_ids": [video],
                        "declared_made_for_kids": False},
            "twitter": {"tweet_status": f"Spring drop #{n + 1} is here 🌸"},
            "threads": {"text": text, "media_ids": [image]},
            "linkedin": {"text": text + " Read more on our blog."},
            "snapchat": {"post_type": "STORY", "media_ids": [image]},
            "pinterest": {"note": text, "link": "https://example.com/products/linen",
                          "meta": {"title": "Linen blazer outfit ideas", "pinterestBoard": self.board},
                          "media_ids": [image]},
            "bluesky": {"text": f"Spring drop #{n + 1}: a few favourites.", "media_ids": [image]},
        }
        return self.create(platform, "DRAFT", when, **bodies[platform])


@pytest.fixture
def posts(sandbox) -> SandboxPosts:
    """Helpers to make media and posts on the (reset) sandbox."""
    return SandboxPosts(sandbox)


class App:
    """What the main window would hold: client, service, model, and the undo records pushed."""

    def __init__(self, client: DashClient, brand: int) -> None:
        self.client = client
        self.service = PostService(client, brand)
        self.model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
        self.model.attach(self.service)
        self.records: list[UndoRecord] = []
        self.service.on_record(self.records.append)


@pytest.fixture
def app(sandbox, run, qtbot) -> Iterator[App]:
    """A PostService + PostsModel on a DashClient pointed at the sandbox."""

    async def make() -> DashClient:
        return DashClient(sandbox.api_key, api_url=sandbox.url, pace=False)

    client = run(make())
    yield App(client, sandbox.brand_id)
    run(client.aclose())


def days_ahead(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """A time ``days`` from today at ``hour:minute`` Berlin time, in UTC."""
    tz = ZoneInfo("Europe/Berlin")
    day = datetime.now(tz).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)
