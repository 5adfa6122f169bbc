"""Check one platform's request body against the rules table and say, field by field, what is wrong."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from dashdesk.i18n import current_language, ntr, tr
from dashdesk.i18n.formats import number_text

from .assumptions import auto_publish_of, coerce_made_for_kids, parse_timestamp
from .counting import count_text
from .kinds import PUBLISHING_STATUSES, WRITABLE_STATUSES, MediaKind
from .problems import Problem
from .rules import (
    COMMON_KEYS,
    READ_ONLY_KEYS,
    AutoPublish,
    FieldKind,
    FieldSpec,
    MediaRules,
    PlatformRules,
    PostType,
    Requirement,
    platform_of_field,
    rules_for,
)

_HASHTAG = re.compile(r"(?:^|\s)#\w+")
_LOCALE = re.compile(r"^[a-z]{2,3}_[A-Z]{2}$")
_MISSING = object()


def count_hashtags(text: str) -> int:
    """How many hashtags ``text`` holds, counted as the hashtag limit counts them."""
    return len(_HASHTAG.findall(text))


def get_path(body: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` such as ``"meta.title"``, or a sentinel when absent."""
    node: Any = body
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def is_blank(value: Any) -> bool:
    """Whether a field value counts as not given."""
    return value is _MISSING or value is None or (isinstance(value, str) and not value.strip())


def validate_body(
    platform: str,
    body: Mapping[str, Any],
    media_kinds: Sequence[MediaKind],
    *,
    x_premium: bool = False,
    now: datetime | None = None,
) -> list[Problem]:
    """Every problem with ``body`` (exactly the JSON the API receives) for ``platform``.

    ``media_kinds`` are the kinds of the items in ``media_ids``, in order. ``now``, when given, also
    refuses a scheduled time in the past (DashDesk's own check; the API's behaviour is undocumented).
    """
    rules = rules_for(platform)
    problems: list[Problem] = []
    problems += _check_keys(rules, body)
    status = body.get("status")
    problems += _check_status(status)
    if not isinstance(status, str):
        status = None  # already reported; the checks below only compare it with known statuses
    problems += _check_brand(body)
    auto = auto_publish_of(rules, body)
    problems += _check_auto_publish(rules, body)
    problems += _check_timestamp(status, body, now)
    post_type, pt_problems = _resolve_post_type(rules, body)
    problems += pt_problems
    problems += _check_media_ids(body, media_kinds)
    if post_type is not None:
        problems += _check_media(rules, post_type, status, list(media_kinds))
        problems += _check_fields(rules, post_type, body, auto, x_premium=x_premium)
        problems += _check_not_empty(rules, post_type, status, body, media_kinds)
    return problems


def _check_keys(rules: PlatformRules, body: Mapping[str, Any]) -> list[Problem]:
    own = rules.body_paths | COMMON_KEYS | READ_ONLY_KEYS
    problems = []
    for key in body:
        if key in own:
            continue
        owners = platform_of_field(key)
        caption = field_name(rules.text_field.label) if rules.fields else None
        if owners:
            # The words name the field by its label, never by its body key (issue 20).
            label = _label_of(owners[0], key)
            names = ", ".join(rules_for(p).name for p in owners)
            message = tr("{platform} posts have no {field}: that belongs to {platforms} posts. Remove it.",
                         platform=rules.name, field=label, platforms=names)
            if caption and key in _CAPTION_PATHS:
                message += " " + tr("Write the text in the {platform} {field} instead.", platform=rules.name,
                                    field=caption)
        else:
            message = tr("This post carries a setting {platform} posts don't have. Remove it and try again.",
                         platform=rules.name)
        problems.append(Problem(key, message, "invalid_platform_field"))
    if "meta" in body and "meta" in rules.body_paths and isinstance(body["meta"], Mapping):
        allowed = {f.path.split(".", 1)[1] for f in rules.fields if f.path.startswith("meta.")}
        for key in body["meta"]:
            if key not in allowed:
                message = tr("This post carries a setting {platform} posts don't have. Remove it and try again.",
                             platform=rules.name)
                problems.append(Problem(f"meta.{key}", message, "invalid_platform_field"))
    return problems


def _check_status(status: Any) -> list[Problem]:
    if status is None:
        return [Problem("status", tr("Say what to do with the post: save it as a draft, schedule it or publish "
                                     "it now."), "missing_field")]
    if not isinstance(status, str) or status not in WRITABLE_STATUSES:
        return [Problem("status", tr("{value} is not something DashDesk can do with a post: save it as a draft, "
                                     "schedule it or publish it now.", value=repr(status)), "invalid_value")]
    return []


def _check_brand(body: Mapping[str, Any]) -> list[Problem]:
    brand = body.get("brand_id", _MISSING)
    if brand is _MISSING or brand is None:
        return [Problem("brand_id", tr("Choose a brand: every post belongs to one."), "missing_field")]
    if isinstance(brand, bool) or not isinstance(brand, int):
        return [Problem("brand_id", tr("That brand is not one DashDesk knows: choose a brand from the list."),
                        "invalid_value")]
    return []


def _check_auto_publish(rules: PlatformRules, body: Mapping[str, Any]) -> list[Problem]:
    value = body.get("auto_publish", _MISSING)
    if value is _MISSING or value is None:
        return []
    if not isinstance(value, bool):
        return [Problem("auto_publish", tr("Auto-publish must be on or off."), "invalid_value")]
    if value is False and rules.auto_publish is AutoPublish.REQUIRED:
        return [Problem("auto_publish", tr("{platform} posts always auto-publish: turn auto-publish on.",
                                           platform=rules.name), "auto_publish")]
    return []


def _check_timestamp(status: Any, body: Mapping[str, Any], now: datetime | None) -> list[Problem]:
    value = body.get("timestamp")
    if value is None or value == "":
        if status == "SCHEDULED":
            return [Problem("timestamp", tr("A scheduled post needs a date and time: pick one, or save it as a "
                                            "draft."), "missing_timestamp")]
        return []
    when = parse_timestamp(value)
    if when is None:
        return [Problem("timestamp", tr("{value} is not a date and time DashDesk can read: write it like "
                                        "2026-03-10 15:00.", value=repr(value)), "invalid_value")]
    if now is not None and status == "SCHEDULED" and when < now:
        return [Problem("timestamp", tr("This time has passed: pick a time in the future, or publish now."),
                        "past_time", stage="app")]
    return []


def _resolve_post_type(rules: PlatformRules, body: Mapping[str, Any]) -> tuple[PostType | None, list[Problem]]:
    if not rules.has_post_type:
        return rules.post_types[0], []
    name = body.get("post_type")
    names = tr(" or ").join(pt.label for pt in rules.post_types)
    if name is None:
        return None, [Problem("post_type", tr("Choose what kind of {platform} post this is: {names}.",
                                              platform=rules.name, names=names), "missing_field")]
    post_type = rules.post_type(name)
    if post_type is None:
        return None, [Problem("post_type", tr("{platform} has no post type {value}: choose {names}.",
                                              platform=rules.name, value=repr(name), names=names), "invalid_value")]
    return post_type, []


def _check_media_ids(body: Mapping[str, Any], media_kinds: Sequence[MediaKind]) -> list[Problem]:
    ids = body.get("media_ids")
    if ids is None:
        return []
    if not isinstance(ids, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        return [Problem("media_ids", tr("One of the attached files is not in this brand's Library: remove it "
                                        "and attach it again."), "invalid_media_id")]
    if len(set(ids)) != len(ids):
        return [Problem("media_ids", tr("The same media is attached twice."), "duplicate_media")]
    if len(ids) != len(media_kinds):
        raise ValueError("media_kinds must describe each item of media_ids, in order")
    return []


def _describe(images: int, videos: int) -> str:
    """What a post holds, as the end of "This post has …"."""
    if images and videos:
        return tr("This post has {images} and {videos}.", images=ntr("{n} image", "{n} images", images),
                  videos=ntr("{n} video", "{n} videos", videos))
    if images:
        return ntr("This post has an image.", "This post has {n} images.", images)
    if videos:
        return ntr("This post has a video.", "This post has {n} videos.", videos)
    return tr("This post has no media.")


def _kinds_words(media: MediaRules) -> str:
    if media.kinds == {MediaKind.VIDEO}:
        return tr("a video")
    if media.kinds == {MediaKind.IMAGE}:
        return tr("images")
    return tr("an image or a video") if media.max_items == 1 else tr("images or videos")


def _check_media(rules: PlatformRules, post_type: PostType, status: Any,
                 kinds: list[MediaKind]) -> list[Problem]:
    media: MediaRules = post_type.media
    images, videos = kinds.count(MediaKind.IMAGE), kinds.count(MediaKind.VIDEO)
    has = _describe(images, videos)
    what = rules.describe(post_type)
    note = tr(media.note)
    problems = []
    if any(k not in media.kinds for k in kinds):
        problems.append(Problem("media_ids", f"{note} {has}", "unsupported_media_type"))
        return problems
    if images and videos and not media.mixed:
        problems.append(Problem("media_ids", f"{note} {tr('This post mixes images and videos.')}", "mixed_media"))
        return problems
    publishing = status in PUBLISHING_STATUSES
    if not publishing and media.draft_max_items is not None:
        if len(kinds) > media.draft_max_items:
            problems.append(Problem("media_ids", tr("{posts} take up to {most} items as a draft; this one has "
                                                    "{count}.", posts=what, most=media.draft_max_items,
                                                    count=len(kinds)), "media_count"))
    elif images > media.max_images or videos > media.max_videos or len(kinds) > media.max_items:
        extra = " " + tr("Save it as a draft to keep several.") if media.draft_max_items else ""
        problems.append(Problem("media_ids", f"{note} {has}{extra}", "media_count"))
    if not kinds:
        if media.required is Requirement.ALWAYS:
            problems.append(Problem("media_ids", f"{note} {has}", "missing_media"))
        elif media.required is Requirement.PUBLISHING and publishing:
            problems.append(Problem("media_ids", tr("{posts} need {media} to publish; only a draft can be saved "
                                                    "without media.", posts=what, media=_kinds_words(media)),
                                    "missing_media"))
    return problems


def _check_fields(rules: PlatformRules, post_type: PostType, body: Mapping[str, Any], auto: bool, *,
                  x_premium: bool) -> list[Problem]:
    problems = []
    what = rules.describe(post_type)
    for spec in rules.fields:
        value = get_path(body, spec.path)
        if not spec.applies_to(post_type.name):
            if not is_blank(value):
                problems.append(Problem(spec.path, tr("{posts} have no {field}: remove it or choose another post "
                                                      "type.", posts=what, field=field_name(spec.label)),
                                        "field_not_supported"))
            continue
        if is_blank(value):
            if spec.required:
                problems.append(Problem(spec.path, tr("{field} is required for {posts}.", field=tr(spec.label),
                                                      posts=what), "missing_field"))
            continue
        problems += _check_value(rules, spec, value, auto, x_premium=x_premium)
    return problems


def _check_value(rules: PlatformRules, spec: FieldSpec, value: Any, auto: bool, *,
                 x_premium: bool) -> list[Problem]:
    path, label = spec.path, tr(spec.label)
    if spec.kind is FieldKind.BOOL:
        ok = coerce_made_for_kids(value) is not None if spec.key == "made_for_kids" else isinstance(value, bool)
        return [] if ok else [Problem(path, tr("{field} must be true or false.", field=label), "invalid_value")]
    if spec.kind is FieldKind.BOARD:
        if not isinstance(value, Mapping) or not value.get("id"):
            return [Problem(path, tr("Choose a Pinterest board from the list."), "invalid_value")]
        return []
    if not isinstance(value, str):
        return [Problem(path, tr("{field} must be text.", field=label), "invalid_value")]
    problems = []
    if spec.needs_auto_publish and not auto:
        problems.append(Problem(path, tr("{field} needs auto-publish: it is only posted when the post "
                                         "auto-publishes. Turn on auto-publish or remove it.", field=label),
                                "needs_auto_publish"))
    if spec.kind is FieldKind.URL and not re.match(r"^https?://\S+$", value.strip()):
        problems.append(Problem(path, tr("{field} must be a web address starting with https://.", field=label),
                                "invalid_value"))
    if spec.kind is FieldKind.LOCALE and not _LOCALE.match(value):
        problems.append(Problem(path, tr("{field} must look like en_US.", field=label), "invalid_value"))
    for limit in spec.limits:
        # ``limit.source`` says where the figure comes from; it stays in the table, never in the words.
        allowed = limit.limit
        premium = rules.extra.get("premium_limit")
        if premium and x_premium:
            allowed = premium
        used = count_text(limit.counting, value)
        if used > allowed:
            figures = {"field": label, "used": number_text(used), "platform": rules.name,
                       "allowed": number_text(allowed)}
            if premium and not x_premium and used <= premium:
                message = tr("{field} is {used} characters; {platform} allows {allowed} ({premium} when the "
                             "brand's {platform} account has Premium: turn it on in Settings).",
                             premium=number_text(premium), **figures)
            elif limit.counting == "bytes":
                message = tr("{field} is {used} bytes; {platform} allows {allowed}.", **figures)
            else:
                message = tr("{field} is {used} characters; {platform} allows {allowed}.", **figures)
            problems.append(Problem(path, message, "text_limit", stage="publish"))
    bad = sorted({c for c in spec.forbidden_chars if c in value})
    if bad:
        problems.append(Problem(path, tr("{platform} {field} can't contain {characters}.", platform=rules.name,
                                         field=field_name(spec.label), characters=tr(" or ").join(bad)),
                                "forbidden_characters", stage="publish"))
    if spec.max_hashtags is not None:
        tags = count_hashtags(value)
        if tags > spec.max_hashtags:
            problems.append(Problem(path, tr("{field} has {count} hashtags; {platform} allows {allowed}.",
                                             field=label, count=tags, platform=rules.name,
                                             allowed=spec.max_hashtags), "hashtag_limit", stage="publish"))
    return problems


def _check_not_empty(rules: PlatformRules, post_type: PostType, status: Any, body: Mapping[str, Any],
                     media_kinds: Sequence[MediaKind]) -> list[Problem]:
    if status not in PUBLISHING_STATUSES or media_kinds or post_type.media.required is not Requirement.NEVER:
        return []
    texts = [f for f in rules.fields_for(post_type.name) if f.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT)]
    if any(not is_blank(get_path(body, f.path)) for f in texts):
        return []
    return [Problem(rules.text_field.path, tr("Write something or add media: an empty {platform} post can't be "
                                              "published.", platform=rules.name), "empty_post")]


def _label_of(platform: str, path: str) -> str:
    """How messages name the field at body key ``path`` of ``platform`` ("caption", "title")."""
    spec = next((f for f in rules_for(platform).fields if f.path.split(".")[0] == path), None)
    return field_name(spec.label) if spec else tr("such setting")


def field_name(label: str) -> str:
    """A field's label inside a sentence: lower case in English ("has no caption"); as the translation
    writes it elsewhere (German nouns keep their capital)."""
    return label.lower() if current_language() == "en" else tr(label)


_CAPTION_PATHS = frozenset({"caption", "tweet_status", "message", "text", "description", "note", "title"})
