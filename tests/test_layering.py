"""The layers below the UI load no Qt (checked in a fresh interpreter, so other tests' imports don't count)."""

from __future__ import annotations

import json
import subprocess
import sys

QT_PREFIXES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qasync")


def loaded_modules(statement: str) -> list[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_api_and_platforms_load_no_qt() -> None:
    modules = loaded_modules("import dashdesk.api, dashdesk.platforms, dashdesk.credentials")
    assert "dashdesk.api.client" in modules and "dashdesk.platforms" in modules
    assert [m for m in modules if m.split(".")[0] in QT_PREFIXES] == []
