"""The script PyInstaller freezes: starts ``dashdesk.__main__:main``.

It also answers one hidden packaging flag, ``--packaging-self-check``, which the smoke test uses to
ask the *frozen* interpreter whether the things PyInstaller tends to miss made it into the bundle:
keyring's backends (found through entry-point metadata), Qt platform plugins, ``resources/``,
twitter-text's data file, tzdata, PyAV's libraries, uvicorn's dynamically imported modules and every
``dashdesk`` module. It prints one JSON object and exits 0 when nothing is missing, 1 otherwise.
The flag is consumed here and never reaches the app.
"""

from __future__ import annotations

import os
import sys
from typing import Any

SELF_CHECK_FLAG = "--packaging-self-check"

UVICORN_DYNAMIC = (
    "uvicorn.logging",
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.lifespan.on",
    "uvicorn.lifespan.off",
)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _check_keyring() -> dict[str, Any]:
    """Which keyring backends the bundle can see, and why the OS ones are (not) usable here."""
    from importlib.metadata import entry_points

    import keyring
    import keyring.backend

    report: dict[str, Any] = {"entry_points": {}, "backends": {}}
    for ep in entry_points(group="keyring.backends"):
        try:
            ep.load()
            report["entry_points"][ep.name] = "ok"
        except Exception as exc:  # report, never crash the check
            report["entry_points"][ep.name] = _error(exc)
    for cls in sorted(keyring.backend.KeyringBackend._classes, key=lambda c: c.__module__):
        name = f"{cls.__module__}.{cls.__name__}"
        try:
            report["backends"][name] = f"priority {cls.priority}"
        except Exception as exc:  # a backend says why it cannot run here
            report["backends"][name] = _error(exc)
    active = keyring.get_keyring()
    report["active"] = f"{type(active).__module__}.{type(active).__name__}"
    return report


def _check_credentials() -> dict[str, Any]:
    """What the app's own credential store concludes (session-only fallback or a real keyring)."""
    import asyncio

    try:
        from dashdesk.credentials import CredentialStore
    except Exception as exc:
        return {"error": _error(exc)}
    try:
        store = CredentialStore()
        remembered = asyncio.run(store.check_backend())
        return {"remembered": remembered, "session_only": store.session_only, "reason": store.reason}
    except Exception as exc:
        return {"error": _error(exc)}


def _check_qt() -> dict[str, Any]:
    from PySide6.QtCore import QLibraryInfo

    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    platforms_dir = os.path.join(plugins, "platforms")
    names = sorted(os.listdir(platforms_dir)) if os.path.isdir(platforms_dir) else []
    report: dict[str, Any] = {"plugins_path": plugins, "platforms": names}
    try:
        from PySide6 import QtSvg  # noqa: F401  (icons are SVG)

        report["svg"] = "ok"
    except Exception as exc:
        report["svg"] = _error(exc)
    return report


def _check_data() -> dict[str, str]:
    """Data files and lazily imported modules that only show up missing at run time."""
    checks: dict[str, str] = {}

    def attempt(name: str, func: Any) -> None:
        try:
            result = func()
            checks[name] = "ok" if result is None or result is True else f"ok: {result}"
        except Exception as exc:
            checks[name] = _error(exc)

    def resources() -> str:
        from dashdesk.paths import resources_dir

        folder = resources_dir()
        icon = folder / "app-icon" / "dashdesk.svg"
        if not icon.is_file():
            raise FileNotFoundError(icon)
        return str(folder)

    def twitter() -> int:
        from twitter_text import parse_tweet

        return parse_tweet("hello 👋🏽 world").weightedLength

    def tz() -> str:
        import zoneinfo

        zoneinfo.reset_tzpath(to=[])  # ignore /usr/share/zoneinfo: use the bundled tzdata, as on Windows
        try:
            return str(zoneinfo.ZoneInfo.no_cache("Europe/Berlin"))
        finally:
            zoneinfo.reset_tzpath()

    def av_libs() -> str:
        import av

        av.codec.Codec("h264", "r")
        return av.__version__

    def uvicorn_modules() -> None:
        import importlib

        for module in UVICORN_DYNAMIC:
            importlib.import_module(module)

    attempt("resources", resources)
    attempt("twitter_text", twitter)
    attempt("tzdata", tz)
    attempt("av", av_libs)
    attempt("uvicorn", uvicorn_modules)
    return checks


# Mirrors bundle_config.FROZEN_SKIPPED_MODULES (the launcher is frozen without the packaging helpers).
SKIPPED_MODULES = ("dashdesk.ui.previews.player_window",)


def _bundled(name: str) -> bool:
    return not any(name == skipped or name.startswith(skipped + ".") for skipped in SKIPPED_MODULES)


def _check_dashdesk_modules() -> dict[str, str]:
    """Import every dashdesk module (except ``__main__`` ones) and report the failures."""
    import importlib
    import pkgutil

    import dashdesk

    failures: dict[str, str] = {}
    count = 0
    for info in pkgutil.walk_packages(dashdesk.__path__, "dashdesk."):
        if info.name.rsplit(".", 1)[-1] == "__main__" or not _bundled(info.name):
            continue
        count += 1
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            failures[info.name] = _error(exc)
    return {"imported": str(count), **failures}


def self_check() -> int:
    """Run the packaging self-check, print JSON, return the exit status."""
    import json

    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False)), "executable": sys.executable}
    for name, func in (
        ("keyring", _check_keyring),
        ("credentials", _check_credentials),
        ("qt", _check_qt),
        ("data", _check_data),
        ("dashdesk_modules", _check_dashdesk_modules),
    ):
        try:
            report[name] = func()
        except Exception as exc:
            report[name] = {"error": _error(exc)}
    ok = (
        all(v == "ok" for v in report["keyring"].get("entry_points", {"x": "missing"}).values())
        and "offscreen" in " ".join(report["qt"].get("platforms", []))
        and all(v.startswith("ok") for v in report["data"].values())
        and set(report["dashdesk_modules"]) == {"imported"}
        and "error" not in report["credentials"]
    )
    print(json.dumps(report, indent=2, sort_keys=True))
    return 0 if ok else 1


def run() -> int:
    """Start DashDesk (or the packaging self-check); return the process exit status."""
    os.environ.setdefault("QT_API", "pyside6")  # qasync must pick PySide6, the only binding bundled
    if len(sys.argv) > 1 and sys.argv[1] == SELF_CHECK_FLAG:
        return self_check()
    from dashdesk.__main__ import main

    result = main()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(run())
