"""``python -m dashdesk.bulk import|export ...`` (the same as ``dashdesk import|export ...``)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    from dashdesk.language_setup import install_language

    install_language()
    sys.exit(main(sys.argv[1:]))
