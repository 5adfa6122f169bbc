"""SQLite persistence across restarts, the demo seed, and the command line."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from dashdesk.platforms import validate_body
from dashdesk.sandbox.__main__ import build_parser, main
from dashdesk.sandbox.config import SandboxConfig
from dashdesk.sandbox.seed import seed_demo
from dashdesk.sandbox.server import SandboxServer
from dashdesk.sandbox.state import SandboxState

from .conftest import upload_bytes


def test_posts_and_media_survive_a_restart(tmp_path) -> None:
    from dashdesk.sandbox.samples import make_image

    db = tmp_path / "sandbox.db"
    data = make_image(50, 40, fmt="PNG")
    with SandboxServer(db_path=db) as first, httpx.Client(base_url=first.url, headers=first.headers()) as api:
        media = upload_bytes(api, first.brand_id, data, "keep.png", "image/png")
        post = api.post("/bluesky/scheduled_posts", json={"brand_id": first.brand_id, "status": "DRAFT",
                                                           "text": "Kept", "media_ids": [media["media_id"]]}).json()
    with SandboxServer(db_path=db) as second, httpx.Client(base_url=second.url, headers=second.headers()) as api:
        again = api.get(f"/bluesky/scheduled_posts/{post['id']}").json()
        assert again["text"] == "Kept" and again["media_ids"] == [media["media_id"]]
        url = again["media"][0]["urls"]["original"]
        assert url.startswith(second.url)  # stored URLs follow the server's current address
        assert httpx.get(url).content == data


def test_demo_seed_covers_every_status_and_passes_the_rules(tmp_path) -> None:
    state = SandboxState()
    try:
        count = seed_demo(state, 144)
        assert count >= 60
        docs = [state.store.get_post(i) for i in range(806_000, 806_000 + count)]
        statuses = Counter(doc["post"]["status"] for _, doc in docs)
        for status in ("DRAFT", "SCHEDULED", "POSTED", "FAILED", "AUTOPUBLISHING", "MISSING_APPROVALS",
                       "EXPIRED", "USERS_NOTIFIED"):
            assert statuses[status], status
        assert len({platform for platform, _ in docs}) >= 8
        media = state.store.media_many(m for _, d in docs for m in d["post"]["media_ids"])
        for platform, doc in docs:
            kinds = [media[m]["media_type"] for m in doc["post"]["media_ids"]]
            errors = [p for p in validate_body(platform, doc["body"], kinds) if p.severity == "error"]
            assert not errors, (platform, doc["body"], errors)
            if doc["post"]["status"] == "FAILED":
                assert doc["post"]["auto_publish_error"]
        assert {m["media_type"] for m in media.values()} == {"IMAGE", "VIDEO"}
    finally:
        state.close()


def test_seed_only_fills_an_empty_database(tmp_path) -> None:
    db = tmp_path / "demo.db"
    state = SandboxState(SandboxConfig(db_path=db, seed_demo=True))
    first = state.store.count_posts()
    state.close()
    again = SandboxState(SandboxConfig(db_path=db, seed_demo=True))
    assert again.store.count_posts() == first > 0
    again.close()


def test_help_documents_every_option(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    for option in ("--host", "--port", "--api-key", "--brand", "--db", "--seed-demo", "--latency-ms",
                   "--rate-limit", "--error-rate", "--drop-rate", "--malformed-rate", "--slow-upload-bps",
                   "--fail-platform", "--allow-remote"):
        assert option in text


def test_command_line_refuses_a_public_address_unless_told(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--host", "0.0.0.0"])
    assert info.value.code == 2 and "loopback" in capsys.readouterr().err
