"""``dashdesk`` hands import/export to the bulk tool wherever the global options stand."""

from __future__ import annotations

import pytest

import dashdesk.__main__ as cli


@pytest.mark.parametrize(("args", "expected"), [
    (["import", "a.csv"], 0),
    (["--api-url", "http://127.0.0.1:1", "import", "a.csv"], 2),
    (["--brand", "144", "--api-key", "import", "export", "x.csv"], 4),  # "import" here is the key's value
    (["--demo"], None),
    (["a.csv", "import"], None),
])
def test_find_subcommand(args: list[str], expected: int | None) -> None:
    assert cli.find_subcommand(args) == expected


def test_global_options_before_the_subcommand_reach_the_bulk_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr("dashdesk.bulk.cli.main", lambda argv: seen.append(argv) or 0)
    assert cli.main(["--api-url", "http://127.0.0.1:9", "--brand", "7", "import", "c.csv", "--dry-run"]) == 0
    assert seen == [["import", "--api-url", "http://127.0.0.1:9", "--brand", "7", "c.csv", "--dry-run"]]
