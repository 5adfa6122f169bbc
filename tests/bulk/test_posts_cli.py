"""``dashdesk posts``: lists every post (undated drafts and publish-now ones too), as JSON or a table."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from dashdesk.bulk.cli import EXIT_OK, EXIT_ROWS_FAILED, EXIT_USAGE
from dashdesk.bulk.posts_cli import main

#: The sandbox stops at the present minute, so the default range (a week back, four on) holds it.
FROZEN = datetime.now(UTC).replace(second=0, microsecond=0)


def online(sandbox) -> list[str]:
    return ["--api-url", sandbox.url, "--api-key", sandbox.api_key, "--brand", str(sandbox.brand_id)]


def create(sandbox, platform: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{sandbox.url}/{platform}/scheduled_posts", headers=sandbox.headers(),
                        json={"brand_id": sandbox.brand_id, **body}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def posts(sandbox) -> dict[str, dict[str, Any]]:
    """A frozen sandbox with one post of each kind: scheduled, undated draft, live, failed, far away."""
    sandbox.clock.freeze(FROZEN)
    sandbox.faults.publish_fail_platforms = {"linkedin"}
    made = {
        "scheduled": create(sandbox, "twitter", {"status": "SCHEDULED", "tweet_status": "Tomorrow's news",
                                                 "timestamp": (FROZEN + timedelta(days=1)).isoformat()}),
        "draft": create(sandbox, "bluesky", {"status": "DRAFT", "text": "An idea\nfor later"}),
        "live": create(sandbox, "twitter", {"status": "AUTOPUBLISHING", "tweet_status": "Out now"}),
        "failed": create(sandbox, "linkedin", {"status": "AUTOPUBLISHING", "text": "Refused"}),
        "far": create(sandbox, "threads", {"status": "SCHEDULED", "text": "Next year",
                                           "timestamp": (FROZEN + timedelta(days=400)).isoformat()}),
    }
    sandbox.clock.advance(60)  # the publish-now posts settle
    return made


def run_json(args: list[str]) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = main([*args, "--format", "json"], out=out)
    return code, json.loads(out.getvalue()) if out.getvalue() else []


def test_json_lists_dated_undated_and_publish_now_posts(sandbox, posts) -> None:
    code, listed = run_json(["--start", f"{FROZEN - timedelta(days=3):%Y-%m-%d}",
                             "--end", f"{FROZEN + timedelta(days=30):%Y-%m-%d}", "--timezone", "UTC", *online(sandbox)])
    assert code == EXIT_OK
    by_id = {item["id"]: item for item in listed}
    assert set(by_id) == {posts[k]["id"] for k in ("scheduled", "draft", "live", "failed")}  # not the far one
    scheduled = by_id[posts["scheduled"]["id"]]
    assert scheduled == {
        "id": posts["scheduled"]["id"], "platform": "twitter", "status": "SCHEDULED",
        "time": (FROZEN + timedelta(days=1)).isoformat(), "sent_at": None, "publish_now": False,
        "no_date": False, "text": "Tomorrow's news", "auto_publish_error": None, "live_post_url": None,
    }
    draft = by_id[posts["draft"]["id"]]
    assert draft["no_date"] and draft["time"] is None and draft["status"] == "DRAFT"
    assert draft["text"] == "An idea for later"  # one line
    live = by_id[posts["live"]["id"]]
    assert live["publish_now"] and live["status"] == "POSTED" and live["time"] is None
    assert live["sent_at"] == FROZEN.isoformat() and live["live_post_url"].startswith(sandbox.url)
    failed = by_id[posts["failed"]["id"]]
    assert failed["status"] == "FAILED" and failed["auto_publish_error"] and failed["live_post_url"] is None
    # Dated posts first, in time order; the undated draft last.
    assert listed[-1]["id"] == posts["draft"]["id"]


def test_status_and_platform_filters(sandbox, posts) -> None:
    code, listed = run_json(["--status", "failed,posted", *online(sandbox)])
    assert code == EXIT_OK
    assert sorted(i["status"] for i in listed) == ["FAILED", "POSTED"]
    code, listed = run_json(["--platform", "X", *online(sandbox)])
    assert code == EXIT_OK and {i["platform"] for i in listed} == {"twitter"}
    code, listed = run_json(["--platform", "Bluesky", "--status", "DRAFT", *online(sandbox)])
    assert [i["id"] for i in listed] == [posts["draft"]["id"]]


def test_table_shows_reason_and_link(sandbox, posts, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["--timezone", "UTC", *online(sandbox)], out=out) == EXIT_OK
    text = out.getvalue()
    assert "no date" in text and "An idea for later" in text
    assert f"sent {FROZEN:%Y-%m-%d %H:%M}" in text and "Posted" in text and "live at: " in text
    assert "why it failed: " in text and "Failed" in text
    assert "4 posts." in text
    assert "auto_publish_error" not in text and "sandbox" not in text.split("why it failed")[0]


@pytest.mark.parametrize("args", [
    ["--status", "LOST"],
    ["--platform", "myspace"],
    ["--start", "2026-12-01"],
    ["--start", "2026-12-05", "--end", "2026-12-01"],
    ["--start", "someday", "--end", "2026-12-01"],
    ["--format", "xml"],
    ["--brand", "abc"],
])
def test_bad_arguments_exit_2(sandbox, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*online(sandbox), *args]) == EXIT_USAGE
    assert capsys.readouterr().err.strip()


def test_a_key_dash_does_not_accept_exits_2(sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--api-url", sandbox.url, "--api-key", "not-a-key", "--brand", str(sandbox.brand_id)])
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "dashdesk posts:" in err and "not-a-key" not in err


def test_a_platform_dash_refuses_exits_1_and_lists_the_rest(sandbox, posts, capsys) -> None:
    sandbox.faults.fail_platforms = {"linkedin"}
    code, listed = run_json(online(sandbox))
    assert code == EXIT_ROWS_FAILED
    assert {i["platform"] for i in listed} == {"twitter", "bluesky"}
    assert "LinkedIn" in capsys.readouterr().err


def test_the_app_command_hands_posts_to_the_lister(sandbox, posts, capsys: pytest.CaptureFixture[str]) -> None:
    from dashdesk.__main__ import main as app_main

    assert app_main([*online(sandbox), "posts", "--format", "json"]) == EXIT_OK
    assert len(json.loads(capsys.readouterr().out)) == 4
    assert app_main(["posts", "--help"]) == EXIT_OK
    assert "--status" in capsys.readouterr().out
