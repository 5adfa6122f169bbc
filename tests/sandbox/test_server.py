"""SandboxServer's life cycle and the ASGI app used without a network."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from dashdesk.sandbox import SandboxServer, create_app


def test_server_starts_on_a_free_loopback_port_and_stops() -> None:
    server = SandboxServer(api_key="k", brand_id=7, seed_demo=True)
    with pytest.raises(RuntimeError):
        _ = server.url
    url = server.start()
    try:
        assert url.startswith("http://127.0.0.1:") and server.url == url
        me = httpx.get(url + "/api/self", headers=server.headers()).json()
        assert me["accessible_brands"] == [7] and server.brand_id == 7 and server.api_key == "k"
        posts = httpx.get(url + "/instagram/scheduled_posts", headers=server.headers(),
                          params={"brand_ids": 7}).json()["data"]
        assert posts and all(p["brand_id"] == 7 for p in posts)
    finally:
        server.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/api/self", timeout=2)


def test_app_works_in_process_over_asgi() -> None:
    app = create_app()

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test",
                                     headers={"Authorization": "Bearer sandbox-key"}) as client:
            created = await client.post("/twitter/scheduled_posts",
                                        json={"brand_id": 144, "status": "DRAFT", "tweet_status": "ASGI"})
            assert created.status_code == 200
            app.sandbox.faults.next_statuses = ["drop"]
            with pytest.raises(ConnectionAbortedError):
                await client.get("/api/self")

    try:
        asyncio.run(scenario())
    finally:
        app.sandbox.close()
