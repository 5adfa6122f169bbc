"""Load the scripts in ``packaging/`` (not a package) under private module names for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """Import ``packaging/<name>.py`` as ``dashdesk_packaging_<name>`` (cached in ``sys.modules``)."""
    module_name = f"dashdesk_packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    if str(PACKAGING) not in sys.path:
        sys.path.append(str(PACKAGING))  # build.py imports its siblings by plain name
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
