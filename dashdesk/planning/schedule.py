"""The posting schedule file: each brand's weekly slots per platform, shareable by a team.

It lives in the user data folder as ``posting-schedule.json`` (readable by its owner only) and
can be exported and imported as is. The format, version 1::

    {
      "format": "dashdesk-posting-schedule",
      "version": 1,
      "brands": {
        "*":  {"instagram": {"zone": "Europe/Paris", "slots": "mon-fri 09:00,17:00; sat 11:00"}},
        "42": {"tiktok":    {"zone": "America/New_York", "slots": "daily 18:00"}}
      }
    }

``brands`` maps a brand id (``"*"``: every brand without its own entry for that platform) to
platforms (``instagram``, ``facebook``, ``tiktok``, ``youtube``, ``twitter``, ``threads``,
``linkedin``, ``snapchat``, ``pinterest``, ``bluesky``). ``zone`` is an IANA zone name (missing:
the display zone); ``slots`` is days then 24-hour wall times, groups separated by ``;`` (days:
``mon``..``sun``, ranges ``mon-fri``, lists ``sat,sun``, ``weekdays``, ``weekends``, ``daily``).
Unknown keys are kept out of the way and ignored, so a newer file still opens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashdesk.i18n import tr
from dashdesk.paths import data_dir
from dashdesk.private_files import write_private

from .slots import PlatformSlots, SlotError, format_slots, parse_slots

FORMAT = "dashdesk-posting-schedule"
VERSION = 1
ANY_BRAND = "*"
FILE_NAME = "posting-schedule.json"
_MAX_BYTES = 1_000_000


class ScheduleFileError(ValueError):
    """The schedule file cannot be used; the message says what is wrong and what to do."""


def default_path() -> Path:
    """``<user data folder>/posting-schedule.json``."""
    return data_dir() / FILE_NAME


@dataclass(frozen=True)
class PlatformEntry:
    """One platform's slots as written in the file: the zone name ("" = display zone) and slots."""

    zone: str
    slots: PlatformSlots

    def resolved(self, display_zone: ZoneInfo) -> PlatformSlots:
        """The slots in their zone, or in ``display_zone`` when the entry names none."""
        return self.slots if self.zone else PlatformSlots(display_zone, self.slots.slots)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleFileError(tr("“{name}” is not a time zone: use a name like Europe/Paris or UTC.",
                                   name=name)) from None


def make_entry(text: str, zone: str = "") -> PlatformEntry:
    """An entry from the short form (``"mon-fri 09:00"``) and a zone name ("" = display zone)."""
    zone = zone.strip()
    return PlatformEntry(zone, PlatformSlots(_zone(zone) if zone else ZoneInfo("UTC"), parse_slots(text)))


@dataclass
class PostingSchedule:
    """Every brand's slots. :meth:`slots_for` answers what the queue needs; ``save``/``load`` the file."""

    entries: dict[str, dict[str, PlatformEntry]] = field(default_factory=dict)

    def slots_for(self, brand_id: int | None, platform: str, display_zone: ZoneInfo) -> PlatformSlots:
        """The slots of ``platform`` for ``brand_id`` (its own, else the every-brand ones; may be empty)."""
        found = self.entry(brand_id, platform)
        return found[1].resolved(display_zone) if found else PlatformSlots(display_zone, ())

    def entry(self, brand_id: int | None, platform: str) -> tuple[str, PlatformEntry] | None:
        """(brand key, entry) that applies to ``platform`` for ``brand_id``, or None."""
        for key in ((str(brand_id),) if brand_id is not None else ()) + (ANY_BRAND,):
            entry = self.entries.get(key, {}).get(platform)
            if entry is not None:
                return key, entry
        return None

    def set(self, brand_id: int | None, platform: str, entry: PlatformEntry | None) -> None:
        """Set (or with ``None`` remove) the slots of ``platform`` for ``brand_id`` (None: every brand)."""
        key = str(brand_id) if brand_id is not None else ANY_BRAND
        platforms = self.entries.setdefault(key, {})
        if entry is None or not entry.slots.slots:
            platforms.pop(platform, None)
            if not platforms:
                self.entries.pop(key, None)
        else:
            platforms[platform] = entry

    def platforms(self, brand_id: int | None) -> list[str]:
        """Platforms with slots for ``brand_id`` (its own or every brand's)."""
        names = set(self.entries.get(ANY_BRAND, {}))
        if brand_id is not None:
            names |= set(self.entries.get(str(brand_id), {}))
        return sorted(names)

    def __iter__(self) -> Iterator[tuple[str, str, PlatformEntry]]:
        for brand, platforms in sorted(self.entries.items()):
            for platform, entry in sorted(platforms.items()):
                yield brand, platform, entry

    # --- the file -------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The file's JSON object."""
        brands: dict[str, Any] = {}
        for brand, platform, entry in self:
            item: dict[str, Any] = {"slots": format_slots(entry.slots.slots)}
            if entry.zone:
                item["zone"] = entry.zone
            brands.setdefault(brand, {})[platform] = item
        return {"format": FORMAT, "version": VERSION, "brands": brands}

    @classmethod
    def from_json(cls, data: Any) -> PostingSchedule:
        """Read the file's JSON object; anything unusable raises :class:`ScheduleFileError`."""
        from dashdesk.platforms import PLATFORM_IDS

        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ScheduleFileError(tr("This is not a DashDesk posting schedule. Export one from DashDesk and "
                                       "import that."))
        version = data.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise ScheduleFileError(tr("This posting schedule was saved by a newer DashDesk: update DashDesk to "
                                       "open it."))
        brands = data.get("brands") or {}
        if not isinstance(brands, Mapping):
            raise ScheduleFileError(tr("The posting schedule is damaged (no list of brands). Export it again."))
        schedule = cls()
        for brand, platforms in brands.items():
            brand = str(brand).strip()
            if brand != ANY_BRAND and not brand.isdigit():
                raise ScheduleFileError(tr("“{brand}” is not a brand number (or * for every brand).", brand=brand))
            if not isinstance(platforms, Mapping):
                raise ScheduleFileError(tr("The slots of brand {brand} are damaged. Export the schedule again.",
                                           brand=brand))
            for platform, item in platforms.items():
                if platform not in PLATFORM_IDS:
                    raise ScheduleFileError(tr("“{platform}” is not a platform DashDesk knows.", platform=platform))
                if not isinstance(item, Mapping) or not isinstance(item.get("slots", ""), str):
                    raise ScheduleFileError(tr("The {platform} times are damaged. Export the schedule again.",
                                               platform=platform))
                zone = item.get("zone") or ""
                if not isinstance(zone, str):
                    raise ScheduleFileError(tr("The {platform} time zone is damaged. Export the schedule again.",
                                               platform=platform))
                try:
                    entry = make_entry(item.get("slots", ""), zone)
                except SlotError as exc:
                    raise ScheduleFileError(tr("{platform} times: {reason}", platform=platform,
                                               reason=exc)) from None
                schedule.set(int(brand) if brand.isdigit() else None, platform, entry)
        return schedule

    @classmethod
    def read(cls, path: Path) -> PostingSchedule:
        """Read a schedule file (an import, or the saved one)."""
        try:
            if path.stat().st_size > _MAX_BYTES:
                raise ScheduleFileError(tr("This file is far too large to be a posting schedule."))
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ScheduleFileError(tr("This file is not a posting schedule (it is not text).")) from None
        except OSError as exc:
            raise ScheduleFileError(tr("Can't read the posting schedule ({reason}).",
                                       reason=exc.strerror or exc)) from None
        try:
            data = json.loads(text)
        except ValueError:
            raise ScheduleFileError(tr("The posting schedule is damaged (not valid JSON). "
                                       "Export it again.")) from None
        return cls.from_json(data)

    @classmethod
    def load(cls, path: Path | None = None) -> PostingSchedule:
        """The saved schedule; an empty one when there is none yet. A damaged file raises."""
        path = path or default_path()
        if not path.exists():
            return cls()
        return cls.read(path)

    def write(self, path: Path) -> None:
        """Write the file atomically, readable and writable by its owner only."""
        text = json.dumps(self.to_json(), indent=2, sort_keys=False) + "\n"
        write_private(path, text.encode("utf-8"))

    def save(self, path: Path | None = None) -> Path:
        """Save as the user's schedule; return where."""
        path = path or default_path()
        self.write(path)
        return path
