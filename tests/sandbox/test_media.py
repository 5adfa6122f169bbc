"""The three-step upload, content-based kinds, sizes and durations, Library reads and listings."""

from __future__ import annotations

import httpx

from dashdesk.sandbox.samples import make_image, make_video

from .conftest import assert_error, upload_bytes


def test_three_step_upload_returns_the_same_bytes(api, sandbox) -> None:
    data = make_image(800, 534, "bytes")
    media = upload_bytes(api, sandbox.brand_id, data, "photo.jpg", "image/jpeg")
    assert media["media_id"] != media["id"]  # both documented; media_id goes into media_ids
    assert media["media_type"] == "IMAGE" and media["type"] == "UPLOADED" and media["source"] == "UPLOAD"
    assert httpx.get(media["urls"]["original"]).content == data
    assert httpx.get(media["image_sizes"]["original"]["url"]).content == data
    assert media["image_sizes"]["original"]["width"] == 800 and media["image_sizes"]["original"]["height"] == 534
    assert media["original_width"] == "800" and media["original_height"] == "534"
    assert media["image_sizes"]["original"]["size"] == len(data)
    thumb = httpx.get(media["image_sizes"]["small_square"]["url"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"


def test_kind_comes_from_content_not_the_name(api, sandbox) -> None:
    video = upload_bytes(api, sandbox.brand_id, make_video(160, 284, 1.5, fps=10), "looks-like.jpg", "image/jpeg")
    assert video["media_type"] == "VIDEO"
    assert abs(video["duration"] - 1.5) < 0.2 and video["frame_rate"] == 10
    assert video["video_sizes"]["original"]["width"] == 160 and video["image_sizes"]["original"]["height"] == 284
    image = upload_bytes(api, sandbox.brand_id, make_image(64, 48, fmt="PNG"), "clip.mp4", "video/mp4")
    assert image["media_type"] == "IMAGE"


def test_content_that_is_not_media_is_refused(api, sandbox) -> None:
    answer = api.post("/media_upload_url", json={"filename": "notes.txt", "content_type": "text/plain"}).json()
    assert httpx.put(answer["url"], content=b"just some text").status_code == 200
    response = api.post(f"/brands/{sandbox.brand_id}/media", json={"url": answer["url"].split("?")[0]})
    assert_error(response, 400, "Unsupported media type", {"url"})


def test_upload_url_needs_its_signature_and_no_bearer_key(api, sandbox) -> None:
    answer = api.post("/media_upload_url", json={"filename": "a.jpg", "content_type": "image/jpeg"}).json()
    assert answer["url"] == answer["upload_url"] and "X-Amz-Signature=" in answer["url"]
    stripped = answer["url"].split("?")[0]
    assert httpx.put(stripped, content=b"x").status_code == 403
    assert httpx.put(answer["url"], content=b"x", headers=sandbox.headers()).status_code == 400
    empty = api.post(f"/brands/{sandbox.brand_id}/media", json={"url": stripped})
    assert_error(empty, 400, fields={"url"})  # nothing uploaded yet


def test_upload_url_request_needs_filename_and_type(api) -> None:
    assert_error(api.post("/media_upload_url", json={"filename": "a.jpg"}), 400, fields={"content_type"})


def test_media_from_an_outside_url_is_recorded_by_extension(api, sandbox) -> None:
    body = {"source": "UPLOAD", "type": "UPLOADED", "url": "https://example.com/media.jpg",
            "meta": "{\"filename\": \"filename.jpg\"}", "source_created_at": "2026-03-06T12:00:00Z"}
    media = api.post(f"/brands/{sandbox.brand_id}/media", json=body)
    assert media.status_code == 200, media.text
    assert media.json()["media_type"] == "IMAGE" and media.json()["urls"]["original"] == body["url"]
    assert media.json()["meta"] == {"filename": "filename.jpg"}
    assert media.json()["source_created_at"] == "2026-03-06T12:00:00+00:00"
    odd = api.post(f"/brands/{sandbox.brand_id}/media", json={"url": "https://example.com/page.html"})
    assert_error(odd, 400, "Unsupported media type")


def test_get_media_and_other_brand(api, other_api, sandbox, upload) -> None:
    media = upload("VIDEO")
    got = api.get(f"/brands/{sandbox.brand_id}/media/v2/{media['media_id']}")
    assert got.status_code == 200 and got.json()["media_id"] == media["media_id"]
    assert got.json()["brand_media_status"]
    assert_error(api.get(f"/brands/{sandbox.brand_id}/media/v2/1"), 404)
    assert_error(other_api.get(f"/brands/{sandbox.brand_id}/media/v2/{media['media_id']}"), 403)


def test_list_media_filters_limit_offset(api, sandbox) -> None:
    ids = []
    for day in (1, 2, 3):
        data = make_image(40 + day, 30, fmt="PNG")
        answer = api.post("/media_upload_url", json={"filename": f"d{day}.png", "content_type": "image/png"}).json()
        httpx.put(answer["url"], content=data)
        body = {"url": answer["url"].split("?")[0], "type": "UPLOADED",
                "source_created_at": f"2026-03-0{day}T12:00:00Z"}
        ids.append(api.post(f"/brands/{sandbox.brand_id}/media", json=body).json()["media_id"])
    url = f"/brands/{sandbox.brand_id}/media/v2"
    everything = api.put(url, json={"filters": {"brand_media_types": ["UPLOADED"]}, "limit": 50, "offset": 0}).json()
    assert [m["media_id"] for m in everything["data"]] == list(reversed(ids))  # newest first
    window = {"start": "2026-03-02T00:00:00Z", "end": "2026-03-03T23:00:00Z"}
    ranged = api.put(url, json={"filters": {"source_created_at": window}}).json()
    assert sorted(m["media_id"] for m in ranged["data"]) == ids[1:]
    page = api.put(url, json={"limit": 2, "offset": 0}).json()
    assert len(page["data"]) == 2 and page["paging"]["count"] == 3 and "offset=2" in page["paging"]["next"]
    rest = api.put(page["paging"]["next"], json={"limit": 2, "offset": 0}).json()
    assert [m["media_id"] for m in rest["data"]] == [ids[0]] and rest["paging"]["next"] is None
    assert api.put(url, json={"filters": {"brand_media_types": ["OTHER"]}}).json()["data"] == []


def test_a_second_put_does_not_change_media_made_from_the_first(api, sandbox) -> None:
    first, second = make_image(30, 20, fmt="PNG"), make_image(60, 40, fmt="PNG")
    answer = api.post("/media_upload_url", json={"filename": "x.png", "content_type": "image/png"}).json()
    httpx.put(answer["url"], content=first)
    media = api.post(f"/brands/{sandbox.brand_id}/media", json={"url": answer["url"].split("?")[0]}).json()
    httpx.put(answer["url"], content=second)
    assert httpx.get(media["urls"]["original"]).content == first
    assert httpx.get(answer["url"].split("?")[0]).content == second


def test_odd_library_requests_get_a_400(api, sandbox) -> None:
    url = f"/brands/{sandbox.brand_id}/media/v2"
    assert_error(api.put(url, json={"filters": {"source_created_at": "x"}}), 400)
    assert_error(api.put(url, json={"filters": {"brand_media_types": [1, {}]}}), 400)
    assert_error(api.put(url, json={"limit": "ten"}), 400)
    create = f"/brands/{sandbox.brand_id}/media"
    assert_error(api.post(create, json={"url": "https://x.test/y.jpg", "source_created_at": 5}), 400,
                 fields={"source_created_at"})
    assert_error(api.post(create, json={"url": 5}), 400, fields={"url"})
    assert_error(api.post("/media_upload_url", json=[1]), 400)
