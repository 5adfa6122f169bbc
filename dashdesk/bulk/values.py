"""Reading single cells: times with zones, modes, booleans, post types and media lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashdesk.i18n import tr
from dashdesk.platforms import PlatformRules, PublishMode

_TRUE = frozenset({"true", "yes", "y", "1", "on", "x"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_HAS_OFFSET = re.compile(r"(?:Z|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)

_MODES: dict[str, PublishMode] = {
    "draft": PublishMode.DRAFT,
    "drafts": PublishMode.DRAFT,
    "schedule": PublishMode.SCHEDULE,
    "scheduled": PublishMode.SCHEDULE,
    "later": PublishMode.SCHEDULE,
    "now": PublishMode.NOW,
    "publish now": PublishMode.NOW,
    "immediately": PublishMode.NOW,
    "autopublishing": PublishMode.NOW,
}


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class MediaItem:
    """One entry of a ``media`` cell: a local file, a public URL or an existing Library item."""

    raw: str
    path: Path | None = None
    url: str | None = None
    library_id: int | None = None

    @property
    def label(self) -> str:
        """How messages name it."""
        if self.path is not None:
            return self.path.name
        return self.url or f"library:{self.library_id}"


def parse_bool(cell: str) -> bool | None:
    """``true/false``, ``yes/no``, ``1/0``, ``on/off`` (any case); blank is ``None``."""
    value = cell.strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(tr("Write true or false here, not {value}.", value=repr(cell.strip())))


def parse_mode(cell: str, has_time: bool) -> PublishMode:
    """The publishing mode; blank means ``schedule`` when a time is given, else ``draft``."""
    value = " ".join(cell.strip().lower().split())
    if not value:
        return PublishMode.SCHEDULE if has_time else PublishMode.DRAFT
    try:
        return _MODES[value]
    except KeyError:
        raise CellError(tr("Unknown mode {value}: write draft, schedule, now or queue.",
                           value=repr(cell.strip()))) from None


def parse_zone(cell: str) -> tzinfo | None:
    """An IANA zone (``Europe/Paris``), ``UTC``, or a fixed offset (``+02:00``); blank is ``None``."""
    value = cell.strip()
    if not value:
        return None
    if value.upper() in ("UTC", "Z", "GMT"):
        return UTC
    m = _OFFSET.match(value)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            raise CellError(tr("{value} is not a time zone offset.", value=repr(value)))
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise CellError(tr("Unknown time zone {value}: use a name such as Europe/Paris or America/New_York, UTC, "
                           "or an offset such as +02:00.", value=repr(value))) from None


def parse_time(cell: str, zone: tzinfo) -> tuple[datetime | None, str | None]:
    """An aware datetime from ``cell`` and, when the wall time is odd (a DST gap), a warning.

    ISO 8601 with an offset (``2026-03-10T15:00:00+01:00``, ``...Z``) is taken as written; a time
    without one (``2026-03-10 15:00``) is read in ``zone``.
    """
    value = cell.strip()
    if not value:
        return None, None
    if _HAS_OFFSET.search(value) and not _NAIVE.match(value):
        try:
            when = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1] in "zZ" else value)
        except ValueError:
            raise CellError(_time_hint(value)) from None
        if when.tzinfo is None:  # pragma: no cover - the regex saw an offset
            when = when.replace(tzinfo=zone)
        return when, None
    if not _NAIVE.match(value):
        raise CellError(_time_hint(value))
    try:
        naive = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise CellError(_time_hint(value)) from None
    when = naive.replace(tzinfo=zone)
    back = when.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        return when, tr("{time} does not exist in {zone} (the clocks go forward); it will be sent as {sent}.",
                        time=f"{naive:%Y-%m-%d %H:%M}", zone=zone, sent=f"{back:%H:%M}")
    return when, None


def _time_hint(value: str) -> str:
    return tr("Can't read the time {value}: write 2026-03-10 15:00 (read in the timezone column or the display "
              "zone) or ISO 8601 with an offset, such as 2026-03-10T15:00:00+01:00.", value=repr(value))


def parse_post_type(cell: str, rules: PlatformRules) -> str | None:
    """The post type name for ``cell`` (by name, label or plural, any case); blank is the default."""
    value = cell.strip().lower()
    if not rules.has_post_type:
        return None
    if not value:
        return rules.default_post_type
    for pt in rules.post_types:
        if value in {str(pt.name).lower(), pt.label.lower(), pt.plural.lower(), pt.label.lower() + "s"}:
            return pt.name
    names = ", ".join(str(pt.name) for pt in rules.post_types)
    raise CellError(tr("{platform} has no post type {value}: write one of {names}.", platform=rules.name,
                       value=repr(cell.strip()), names=names))


def split_labels(cell: str) -> list[str]:
    """The label names of a ``labels`` cell (``|`` or ``,`` between them), tidied, each once."""
    names = (" ".join(part.split()) for part in cell.replace(",", "|").split("|"))
    return list(dict.fromkeys(n for n in names if n))


def split_media(cell: str, base_dir: Path) -> list[MediaItem]:
    """The ``|``-separated entries of a media cell: URLs, ``library:<id>`` or paths relative to ``base_dir``."""
    items = []
    for part in cell.split("|"):
        raw = part.strip()
        if not raw:
            continue
        lower = raw.lower()
        if lower.startswith(("http://", "https://")):
            items.append(MediaItem(raw, url=raw))
        elif lower.startswith(("library:", "media:")) and raw.split(":", 1)[1].strip().isdigit():
            items.append(MediaItem(raw, library_id=int(raw.split(":", 1)[1])))
        else:
            path = Path(raw).expanduser()
            items.append(MediaItem(raw, path=path if path.is_absolute() else base_dir / path))
    return items
