"""The API key never shows up in reprs, errors, tracebacks or logs, nor goes to foreign hosts."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from dashdesk.api import ApiKey, DashError, RetryPolicy

from .conftest import API_KEY, MakeClient


def test_reprs_hide_the_key(make_client: MakeClient) -> None:
    client = make_client(lambda r: httpx.Response(200))
    for text in (repr(client), str(client), repr(ApiKey(API_KEY)), str(ApiKey(API_KEY))):
        assert API_KEY not in text
    assert ApiKey(API_KEY).reveal() == API_KEY


def test_api_key_cannot_be_pickled() -> None:
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(ApiKey(API_KEY))


@pytest.mark.asyncio
async def test_the_key_is_sent_as_bearer_to_dash_hosts(make_client: MakeClient) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": 1})

    await make_client(handler).get_post("instagram", 1)
    assert seen[0].headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in repr(seen[0].headers)  # httpx masks it too


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(401, json={"message": f"Bad key {API_KEY}"}),
        httpx.Response(500, text=f"boom Bearer {API_KEY}"),
        httpx.ConnectError(f"could not connect with {API_KEY}"),
        httpx.ReadTimeout(f"timeout {API_KEY}"),
    ],
)
async def test_errors_logs_and_tracebacks_never_hold_the_key(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture, failure: object
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(failure, Exception):
            raise failure
        assert isinstance(failure, httpx.Response)
        return failure

    caplog.set_level(logging.DEBUG)
    client = make_client(handler, retry=RetryPolicy(max_attempts=2))
    with pytest.raises(DashError) as info:
        await client.get_post("instagram", 1)
    err = info.value
    rendered = "".join(traceback.format_exception(err))
    for text in (str(err), repr(err), err.message, err.user_message(), rendered, caplog.text, repr(err.args)):
        assert API_KEY not in text


@pytest.mark.asyncio
async def test_paging_link_to_another_host_stays_on_ours(make_client: MakeClient) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.params.get("offset") == "1":
            return httpx.Response(200, json={"data": [{"id": 2}], "paging": {"next": None}})
        return httpx.Response(
            200,
            json={"data": [{"id": 1}], "paging": {"next": "https://evil.example/instagram/scheduled_posts?offset=1"}},
        )

    from datetime import UTC, datetime

    posts = await make_client(handler).list_posts(
        "instagram", 1, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    )
    assert [p.id for p in posts] == [1, 2]
    assert {r.url.host for r in seen} == {"dash.test"}
    assert all(r.headers["Authorization"].endswith(API_KEY) for r in seen)


# --- the privacy paths: refused origins, headless runs, the data folder, local-data removal ----------

def test_a_refused_plain_http_origin_never_holds_the_key(caplog: pytest.LogCaptureFixture) -> None:
    from dashdesk.api import DashClient
    from dashdesk.secure_transport import InsecureOriginError

    caplog.set_level(logging.DEBUG)
    with pytest.raises(InsecureOriginError) as info:
        DashClient(API_KEY, api_url="http://dash-api.example.invalid")
    rendered = "".join(traceback.format_exception(info.value))
    for text in (str(info.value), repr(info.value), info.value.user_message(), rendered, caplog.text):
        assert API_KEY not in text


def test_headless_runs_leave_the_key_in_no_file_log_or_output(
        sandbox, tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    """Import and export against the sandbox, then a refused origin: the key is nowhere on disk or screen."""
    from dashdesk.bulk.cli import main
    from dashdesk.services.local_data import remove_local_data

    data = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(data))
    caplog.set_level(logging.DEBUG)
    key = sandbox.api_key
    sheet = tmp_path / "posts.csv"
    sheet.write_text("platform,time,text\nX,2030-06-01 10:00,hello\n", encoding="utf-8")
    common = ["--api-url", sandbox.url, "--api-key", key, "--brand", str(sandbox.brand_id)]
    assert main(["import", str(sheet), *common]) == 0
    assert main(["export", str(tmp_path / "out.csv"), "--start", "2030-06-01", "--end", "2030-06-02",
                 *common]) == 0
    assert main(["export", str(tmp_path / "refused.csv"), "--start", "2030-06-01", "--end", "2030-06-02",
                 "--api-url", "http://dash-api.example.invalid", "--api-key", key]) == 2
    out = capsys.readouterr()
    written = [p for p in [*data.rglob("*"), *tmp_path.glob("*.csv")] if p.is_file()]
    assert any(p.name == "bulk-journal.sqlite3" for p in written)
    for path in written:
        assert key.encode() not in path.read_bytes(), path.name
    summary = remove_local_data().summary()
    for text in (out.out, out.err, caplog.text, summary):
        assert key not in text
