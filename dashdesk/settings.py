"""Typed application options, declared in one place, stored with QSettings (never secrets).

Each option is a descriptor on :class:`Settings`: ``settings.time_zone`` reads the stored value
(or its default) and converts it to the option's type; assigning writes it back.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QLocale, QSettings

T = TypeVar("T")

ORGANIZATION = "DashDesk"
APPLICATION = "DashDesk"
VIEWS = ("month", "week", "list")


@lru_cache(maxsize=1)
def system_zone_name() -> str:
    """Return the computer's IANA time zone name, or "UTC" when it cannot be found."""
    from pathlib import Path

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            with contextlib.suppress(Exception):
                ZoneInfo(name)
                return name
    try:
        from PySide6.QtCore import QTimeZone

        name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
        ZoneInfo(name)
        return name
    except Exception:
        return "UTC"


def system_first_weekday() -> int:
    """Return the locale's first day of the week as 0=Monday .. 6=Sunday."""
    return QLocale.system().firstDayOfWeek().value - 1


def _zone(value: Any) -> str:
    name = str(value or "")
    if not name:
        return system_zone_name()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return system_zone_name()
    return name


def _weekday(value: Any) -> int:
    try:
        day = int(value)
    except (TypeError, ValueError):
        return system_first_weekday()
    return day if 0 <= day <= 6 else system_first_weekday()


def _view(value: Any) -> str:
    return str(value) if str(value) in VIEWS else "month"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _bool(value: Any) -> bool:
    if isinstance(value, str):  # INI files read booleans back as text
        return value.strip().lower() not in ("false", "0", "no", "off", "")
    return bool(value)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _str_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return [str(v) for v in value]


@dataclass(frozen=True)
class Option(Generic[T]):
    """One stored option: its key, a default maker and a converter from the stored value."""

    key: str
    default: Callable[[], T]
    convert: Callable[[Any], T]
    doc: str = ""

    def __get__(self, obj: Settings | None, owner: type) -> Any:
        if obj is None:
            return self
        raw = obj.qsettings.value(self.key)
        if raw is None:
            return self.default()
        try:
            return self.convert(raw)
        except Exception:  # a damaged or hand-edited settings file: the option's default, never a crash
            return self.default()

    def __set__(self, obj: Settings, value: T) -> None:
        if isinstance(value, list):
            value = ",".join(value)  # type: ignore[assignment]
        stored: Any = "" if value is None else value
        raw = obj.qsettings.value(self.key)
        if raw is not None and (
            (type(raw) is type(stored) and raw == stored)
            or (type(stored) is int and isinstance(raw, str) and raw == str(stored))  # INI reads ints back as text
        ):
            return  # unchanged: no write (QSettings would rewrite and sync the file on the UI thread)
        obj.qsettings.setValue(self.key, stored)


class Settings:
    """All DashDesk options. Secrets (API keys) live in the keyring, never here."""

    time_zone = Option("display/timeZone", system_zone_name, _zone, "IANA zone for showing times")
    first_weekday = Option("display/firstWeekday", system_first_weekday, _weekday, "0=Monday .. 6=Sunday")
    last_view = Option("display/lastView", lambda: "month", _view, "month, week or list")
    brand_id = Option("account/brandId", lambda: None, _int_or_none, "the brand last chosen")
    brand_name = Option("account/brandName", lambda: "", _str, "its display name")
    account = Option("account/name", lambda: "", _str, "keyring account of the saved key")
    api_url = Option("account/apiUrl", lambda: "", _str, "API origin override (empty: the real hosts)")
    hidden_platforms = Option("filters/hiddenPlatforms", list, _str_list, "platform toggles switched off")
    notify_outcomes = Option(
        "notifications/outcomes", lambda: True, _bool, "desktop notifications when a post goes live or fails"
    )
    keep_media_metadata = Option(
        "privacy/keepMediaMetadata",
        lambda: False,
        _bool,
        "upload photos and videos with their location and camera details",
    )
    x_premium_brands = Option("account/xPremiumBrands", list, _str_list, "brands whose X account has Premium")
    language = Option(
        "display/language",
        lambda: "",
        _str,
        "interface language: de, fr, es, pt_BR, ja, ar, en; empty for the system's",
    )
    geometry = Option("window/geometry", lambda: b"", lambda v: bytes(v), "main window geometry")

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings or QSettings(ORGANIZATION, APPLICATION)
        _make_private(self.qsettings)

    @classmethod
    def default(cls) -> Settings:
        """The app's settings: native storage, or an INI file in ``DASHDESK_DATA_DIR`` when set."""
        folder = os.environ.get("DASHDESK_DATA_DIR")
        if folder:
            return cls(QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat))
        return cls()

    @property
    def zone(self) -> ZoneInfo:
        """The display time zone as a ZoneInfo."""
        return ZoneInfo(self.time_zone)

    def sync(self) -> None:
        """Write pending changes to storage."""
        self.qsettings.sync()

    def reader(self, name: str) -> Callable[[], Any]:
        """A function reading option ``name`` afresh from the same storage, from any thread.

        Each call opens its own QSettings on the same file (QSettings is reentrant: one object per
        thread is safe, one shared object is not), so a worker sees the value the dialog saved.
        """
        path, fmt = self.qsettings.fileName(), self.qsettings.format()
        if name not in self.options():
            raise KeyError(name)

        def read() -> Any:
            return getattr(Settings(QSettings(path, fmt)), name)

        return read

    @staticmethod
    def options() -> dict[str, Option[Any]]:
        """Return every declared option by attribute name."""
        return {k: v for k, v in vars(Settings).items() if isinstance(v, Option)}


def _make_private(qsettings: QSettings) -> None:
    """Keep the settings file (brand, account name, API address, filters) readable by its owner only.

    On Linux QSettings writes an INI file (``~/.config/DashDesk/DashDesk.conf``, or ``settings.ini`` in
    ``DASHDESK_DATA_DIR``): it is created ``0600`` in a ``0700`` folder before Qt first writes it, and
    Qt's atomic save keeps the mode. Windows (registry) and macOS (plist in the profile): nothing to do.
    """
    from dashdesk import private_files

    if not private_files.ENFORCED or qsettings.format() not in (
        QSettings.Format.IniFormat,
        QSettings.Format.NativeFormat,
    ):
        return
    name = qsettings.fileName()
    if name and os.path.isabs(name):
        with contextlib.suppress(OSError):  # a read-only profile: Qt reports what it cannot write
            private_files.private_file(name)


def all_zone_names() -> list[str]:
    """Return the sorted IANA zone names offered in the settings dialog."""
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")
