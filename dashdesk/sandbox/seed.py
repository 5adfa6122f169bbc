"""Demo data: a realistic month of posts around now, on several platforms, in every status the app shows.

Media are made locally (Pillow images, PyAV videos); seeding a brand takes well under a second.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from dashdesk.platforms import AutoPublish, rules_for
from dashdesk.sandbox.library import ORIGIN, iso
from dashdesk.sandbox.probe import probe
from dashdesk.sandbox.samples import make_image, make_video

if TYPE_CHECKING:
    from dashdesk.sandbox.state import SandboxState

_IMAGES = (  # (width, height, label)
    (1080, 1080, "Spring drop"), (1080, 1350, "Linen blazer"), (1920, 1080, "Launch day"),
    (1080, 1080, "Team picks"), (1080, 1350, "Behind the scenes"), (1200, 1200, "Weekend sale"),
)
_VIDEOS = ((270, 480, 2.0), (320, 568, 3.0))

_CAPTIONS = (
    "Launching our new spring collection today! 🌸 Which piece is your favourite?",
    "Behind the scenes of our photo shoot in Lisbon.",
    "Three ways to style the oversized linen blazer.",
    "Our weekend sale starts Friday: 20% off everything in store and online.",
    "Meet the team: Ana from design tells us what inspired the new prints.",
    "Sustainability update: 80% of this season's fabrics are recycled.",
    "Thank you for 100k followers! Giveaway details in the comments 👇",
    "New in: the everyday tote, now in four colours.",
    "Quick tip: how to care for linen so it lasts for years.",
    "Live Q&A with our founder this Thursday at 6pm.",
)


@dataclass
class _Plan:
    platform: str
    day: int  # days from today
    hour: int
    status: str
    body: dict[str, Any]
    media: list[str] = field(default_factory=list)  # "image"/"video" picks
    fail_reason: str | None = None
    approvals: bool = False


@functools.cache
def _image_bytes(index: int) -> bytes:
    width, height, label = _IMAGES[index]
    return make_image(width, height, label, variant=index)


@functools.cache
def _video_bytes(index: int) -> bytes:
    width, height, seconds = _VIDEOS[index]
    return make_video(width, height, seconds, fps=12, variant=index + 2)


def _bodies(rng: random.Random, platform: str, boards: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """A platform body (without the common keys) and the media kinds it needs."""
    caption = rng.choice(_CAPTIONS)
    if platform == "instagram":
        kind = rng.choice(["FEED", "FEED", "REEL", "STORY"])
        body: dict[str, Any] = {"post_type": kind, "caption": caption}
        if kind == "FEED":
            body["first_comment"] = "#spring #newin #style"
            return body, ["image"] * rng.randint(1, 3)
        return body, ["video"] if kind == "REEL" else ["image"]
    if platform == "facebook":
        body = {"post_type": "POST", "message": caption}
        if rng.random() < 0.4:
            body["link"] = "https://example.com/spring"
            return body, []
        return body, ["image"]
    if platform == "tiktok":
        return {"text": caption, "disable_comment": False, "disable_duet": False, "disable_stitch": False}, ["video"]
    if platform == "twitter":
        return {"tweet_status": caption[:250]}, ["image"] if rng.random() < 0.5 else []
    if platform == "linkedin":
        return {"text": caption + " Read more on our blog."}, ["image"] if rng.random() < 0.6 else []
    if platform == "youtube":
        return {"title": caption.split(":")[0][:90].replace("<", "").replace(">", ""),
                "description": caption, "declared_made_for_kids": False}, ["video"]
    if platform == "pinterest":
        meta = {"title": "Oversized Linen Blazer Outfit Ideas", "pinterestBoard": rng.choice(boards)}
        return {"note": caption, "link": "https://example.com/products/linen-blazer", "meta": meta}, ["image"]
    if platform == "snapchat":
        if rng.random() < 0.5:
            return {"post_type": "STORY"}, ["image"]
        return {"post_type": "SPOTLIGHT", "description": caption, "save_to_profile": True, "locale": "en_US"}, ["video"]
    if platform == "threads":
        return {"text": caption}, ["image"] * rng.randint(0, 2)
    return {"text": caption[:280]}, ["image"] * rng.randint(0, 4)  # bluesky


_PLATFORMS = ("instagram", "facebook", "tiktok", "twitter", "linkedin", "youtube", "pinterest", "threads",
              "snapchat", "bluesky")
_FAIL_REASONS = (
    "The platform rejected the media: the aspect ratio is not supported.",
    "The account's access token expired; reconnect the account in Dash.",
    "The platform timed out while processing the video.",
)


def _plans(rng: random.Random, boards: list[dict[str, Any]]) -> list[_Plan]:
    plans: list[_Plan] = []
    for day in range(-20, 21):
        for _ in range(rng.choice((1, 2, 2, 3))):
            platform = rng.choice(_PLATFORMS)
            body, media = _bodies(rng, platform, boards)
            hour = rng.choice((8, 9, 11, 12, 14, 16, 18, 19, 20))
            if day < 0:
                status = rng.choices(["POSTED", "FAILED", "USERS_NOTIFIED", "EXPIRED"], [14, 2, 1, 1])[0]
            elif day == 0:
                status = rng.choice(["SCHEDULED", "POSTED", "DRAFT"])
            else:
                status = rng.choices(["SCHEDULED", "DRAFT", "MISSING_APPROVALS"], [10, 4, 2])[0]
            plan = _Plan(platform, day, hour, status, body, media)
            if status == "FAILED":
                plan.fail_reason = rng.choice(_FAIL_REASONS)
            plan.approvals = status in ("MISSING_APPROVALS", "EXPIRED")
            plans.append(plan)
    # Something publishing right now, and drafts with no time yet.
    plans.append(_Plan("instagram", 0, -1, "AUTOPUBLISHING", {"post_type": "FEED", "caption": _CAPTIONS[0]},
                       ["image"]))
    plans.append(_Plan("twitter", 0, -1, "AUTOPUBLISHING", {"tweet_status": "Doors open in one hour! 🚪"}))
    plans.append(_Plan("linkedin", 0, -2, "DRAFT", {"text": "Hiring: we are looking for a content designer."}))
    plans.append(_Plan("facebook", 0, -2, "DRAFT", {"post_type": "POST", "message": "Idea: customer stories series"}))
    return plans


def seed_demo(sandbox: SandboxState, brand_id: int) -> int:
    """Add demo media and posts for ``brand_id``; returns the number of posts made."""
    rng = random.Random(brand_id)  # noqa: S311 (the same demo data for a brand every time; not a secret)
    now = sandbox.clock.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    library = sandbox.library
    images, videos = [], []
    for index in range(len(_IMAGES)):
        path = library.copy_file_in(_image_bytes(index), f"demo-{index + 1}.jpg")
        info = probe(path)
        assert info is not None
        doc = library.add_media(brand_id, path, info, meta={"filename": path.name.split("-", 1)[1]},
                                source_id=f"demo-image-{index + 1}", created=now - timedelta(days=25 - index))
        images.append(doc["media_id"])
    for index in range(len(_VIDEOS)):
        path = library.copy_file_in(_video_bytes(index), f"clip-{index + 1}.mp4")
        info = probe(path)
        assert info is not None
        doc = library.add_media(brand_id, path, info, meta={"filename": path.name.split("-", 1)[1]},
                                source_id=f"demo-video-{index + 1}", created=now - timedelta(days=24 - index))
        videos.append(doc["media_id"])
    plans = _plans(rng, sandbox.boards.for_brand(brand_id))
    for plan in plans:
        if plan.hour == -1:
            when: datetime | None = now
        elif plan.hour == -2:
            when = None
        else:
            when = today + timedelta(days=plan.day, hours=plan.hour, minutes=rng.choice((0, 15, 30, 45)))
        media_ids: list[int] = []
        for pick in plan.media:
            pool = images if pick == "image" else videos
            choices = [m for m in pool if m not in media_ids] or pool
            media_ids.append(rng.choice(choices))
        _insert(sandbox, plan, brand_id, when, media_ids, now)
    return len(plans)


def _insert(sandbox: SandboxState, plan: _Plan, brand_id: int, when: datetime | None, media_ids: list[int],
            now: datetime) -> None:
    scheduler = sandbox.scheduler
    sent_status = plan.status if plan.status in ("DRAFT", "SCHEDULED", "AUTOPUBLISHING") else "SCHEDULED"
    manual_ok = rules_for(plan.platform).auto_publish is AutoPublish.OPTIONAL
    auto = plan.status != "USERS_NOTIFIED" or not manual_ok
    body = {"brand_id": brand_id, "status": sent_status, "auto_publish": auto,
            "timestamp": iso(when) if when else None, "media_ids": media_ids, **plan.body}
    if not auto:
        body.pop("first_comment", None)  # only works with auto-publish
    created = min(now, when or now) - timedelta(days=3, hours=plan.hour % 5)
    post = scheduler._server_fields(plan.platform, body, created)
    post["status"] = plan.status
    post["updated_at"] = iso(max(created, min(now, when or now)))
    if plan.status == "USERS_NOTIFIED" and auto:
        post["status"] = "POSTED"
    if plan.approvals:
        post.update(approval_policy="APPROVAL_REQUIRED", approval_status="PENDING", num_of_approvals_required=1,
                    approval_requests=[{"requested_by_user_id": 77315, "review_user_id": 77316}])
    if plan.status == "FAILED":
        post["auto_publish_error"] = plan.fail_reason
    doc: dict[str, Any] = {"post": post, "body": body}
    due = None
    if plan.status == "AUTOPUBLISHING":
        due = (now + timedelta(minutes=2)).timestamp()
    elif plan.status in ("SCHEDULED", "MISSING_APPROVALS") and when:
        due = when.timestamp()

    def build(post_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        post["id"] = post_id
        if post["status"] == "POSTED":
            post["live_post_url"] = f"{ORIGIN}/_live/{plan.platform}/{post_id}"
        return doc, scheduler._cols(plan.platform, post, due)

    sandbox.store.insert_post(build)
