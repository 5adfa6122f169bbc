"""``dashdesk queue show|set``: output, the schedule file, exit codes, global options anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dashdesk.__main__ import main as app_main
from dashdesk.planning.cli import EXIT_OK, EXIT_USAGE, main
from dashdesk.planning.queue import QueuePlanner
from dashdesk.planning.schedule import PostingSchedule


def online(sandbox) -> list[str]:
    return ["--api-url", sandbox.url, "--api-key", sandbox.api_key, "--brand", str(sandbox.brand_id)]


def test_set_writes_the_schedule_file_and_show_lists_ten_free_times(data_dir: Path, capsys) -> None:
    assert main(["set", "instagram", "mon-fri 09:00,17:00; sat 11:00", "--zone", "Europe/Paris"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Instagram posting times for every brand: mon-fri 09:00,17:00; sat 11:00 in Europe/Paris" in out
    data = json.loads((data_dir / "posting-schedule.json").read_text())
    assert data["brands"]["*"]["instagram"] == {"slots": "mon-fri 09:00,17:00; sat 11:00", "zone": "Europe/Paris"}
    assert main(["show", "--offline", "--timezone", "Europe/Paris"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "\nInstagram: mon-fri 09:00,17:00; sat 11:00 (Europe/Paris)" in out
    times = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(times) == 10 and all(("09:00" in t or "17:00" in t or "11:00" in t) for t in times)
    # X has no times: asking for it says so
    assert main(["show", "--offline", "--platform", "X"]) == EXIT_OK
    assert "X: no posting times." in capsys.readouterr().out


def test_set_for_one_brand_and_removing(data_dir: Path, capsys) -> None:
    assert main(["set", "LinkedIn", "weekdays 08:30", "--brand", "7"]) == EXIT_OK
    assert PostingSchedule.load().entry(7, "linkedin")[0] == "7"
    assert PostingSchedule.load().entry(8, "linkedin") is None
    assert main(["--brand", "7", "set", "linkedin", ""]) == EXIT_OK
    assert "has no posting times for brand 7 now" in capsys.readouterr().out
    assert PostingSchedule.load().entry(7, "linkedin") is None


@pytest.mark.parametrize("argv, words", [
    (["set", "myspace", "mon 09:00"], "unknown platform"),
    (["set", "instagram", "mon 9"], "is not a time"),
    (["set", "instagram", "someday 09:00"], "is not a day"),
    (["set", "instagram", "mon 09:00", "--zone", "Mars/Base"], "not a time zone"),
    (["show", "--offline", "--timezone", "Nowhere"], "not a time zone"),
])
def test_bad_arguments_exit_2_with_a_plain_message(argv: list[str], words: str, capsys) -> None:
    assert main(argv) == EXIT_USAGE
    assert words in capsys.readouterr().err


def test_usage_and_help(capsys) -> None:
    assert main([]) == EXIT_USAGE
    assert main(["show", "--bogus"]) == EXIT_USAGE
    assert main(["--help"]) == EXIT_OK
    assert "posting times" in capsys.readouterr().out.lower()
    assert main(["set", "--help"]) == EXIT_OK
    assert "mon-fri 09:00,17:00; sat 11:00" in capsys.readouterr().out


def test_damaged_schedule_file_exits_2(data_dir: Path, capsys) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "posting-schedule.json").write_text("{not json")
    assert main(["show", "--offline"]) == EXIT_USAGE
    assert "damaged" in capsys.readouterr().err


def test_show_without_a_key_exits_2(monkeypatch, capsys) -> None:
    monkeypatch.delenv("DASHDESK_API_KEY", raising=False)
    monkeypatch.setattr("dashdesk.bulk.cli._saved_account", lambda: None)

    async def nothing(self, account):
        return None

    monkeypatch.setattr("dashdesk.credentials.CredentialStore.load", nothing)
    assert main(["show"]) == EXIT_USAGE
    assert "no API key" in capsys.readouterr().err


def test_show_leaves_out_times_taken_by_posts_made_elsewhere(sandbox, data_dir: Path, capsys,
                                                             tmp_path: Path) -> None:
    """A post made on Dash (here: by an import, as any other tool would) takes its slot."""
    assert main(["set", "x", "daily 09:00,21:00", "--zone", "UTC"]) == EXIT_OK
    planner = QueuePlanner(PostingSchedule.load(), sandbox.brand_id, ZoneInfo("UTC"))
    first, second = planner.peek("twitter", 2)
    csv = tmp_path / "one.csv"
    csv.write_text(f"platform,time,text\nx,{first.isoformat()},made elsewhere\n")
    assert app_main(["import", str(csv), *online(sandbox)]) == 0
    capsys.readouterr()
    # global options before the subcommand, through the app's entry point
    assert app_main([*online(sandbox), "queue", "show", "--timezone", "UTC"]) == EXIT_OK
    out = capsys.readouterr().out
    listed = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert len(listed) == 10
    assert f"{first:%a} {first.day:>2} {first:%b %Y  %H:%M UTC}" not in listed
    assert f"{second:%a} {second.day:>2} {second:%b %Y  %H:%M UTC}" == listed[0]


def test_show_when_dash_refuses_exits_1(sandbox, capsys) -> None:
    assert main(["set", "x", "daily 09:00", "--zone", "UTC"]) == EXIT_OK
    args = ["--api-url", sandbox.url, "--api-key", "wrong-key", "--brand", str(sandbox.brand_id)]
    assert main(["show", *args]) == 1
    err = capsys.readouterr().err
    assert "could not list the posts on Dash" in err and "wrong-key" not in err

