"""``python -m dashdesk.bulk import|export ...`` (the same as ``dashdesk import|export ...``)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
