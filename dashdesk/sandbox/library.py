"""The Dash Library emulation: upload slots, media created from URLs, media documents and listings."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from dashdesk.platforms import parse_timestamp
from dashdesk.private_files import private_dir, private_file, write_private
from dashdesk.sandbox.clock import Clock
from dashdesk.sandbox.errors import INVALID_MEDIA_ID, UNSUPPORTED_MEDIA_TYPE, ApiError, bad_request
from dashdesk.sandbox.probe import IMAGE, VIDEO, MediaInfo, kind_from_name, probe
from dashdesk.sandbox.store import Store

#: Placeholder for the server's origin inside stored documents, replaced when answering, so stored
#: URLs survive a restart on another port.
ORIGIN = "__SANDBOX_ORIGIN__"
UPLOAD_PREFIX = "/_uploads/"
MEDIA_PREFIX = "/_media/"


def iso(when: datetime) -> str:
    """The API's response form of a time: ``2026-03-12T20:34:11.048341+00:00``."""
    return when.astimezone(UTC).isoformat()


class Library:
    """Media of every brand: bytes on disk, documents in the store."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._secret = secrets.token_bytes(16)
        self.uploads_dir = store.media_dir / "uploads"
        private_dir(self.uploads_dir)

    # -- step 1: upload slots ------------------------------------------------------------------
    def signature(self, token: str) -> str:
        """The presigned-URL signature of an upload token."""
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()

    def new_upload(self, filename: str, content_type: str) -> dict[str, Any]:
        """Hand out a presigned-style PUT URL (answer of ``POST /media_upload_url``)."""
        token = secrets.token_hex(12)
        safe_name = Path(filename).name or "upload.bin"
        path = self.uploads_dir / token
        now = self.clock.now()
        self.store.create_upload(token, safe_name, content_type, path, now.timestamp())
        object_url = f"{ORIGIN}{UPLOAD_PREFIX}{token}/{quote(safe_name)}"
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        query = (
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            f"&X-Amz-Credential=SANDBOX%2F{now:%Y%m%d}%2Fus-east-1%2Fs3%2Faws4_request"
            f"&X-Amz-Date={stamp}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
            f"&X-Amz-Signature={self.signature(token)}"
        )
        url = f"{object_url}?{query}"
        return {"url": url, "upload_url": url, "method": "PUT", "headers": {"Content-Type": content_type},
                "object_url": object_url, "filename": safe_name, "content_type": content_type}

    def upload_target(self, token: str, signature: str | None) -> dict[str, Any]:
        """The upload slot a PUT writes to; refused like S3 when the signature does not match."""
        upload = self.store.get_upload(token)
        if upload is None:
            raise ApiError(404, "NoSuchUpload: the upload URL is unknown")
        if not signature or not hmac.compare_digest(signature, self.signature(token)):
            raise ApiError(403, "SignatureDoesNotMatch: the presigned URL's signature is missing or wrong")
        return upload

    def finish_upload(self, token: str, size: int, content_type: str) -> None:
        """Record that the bytes of ``token`` are stored."""
        self.store.complete_upload(token, size, content_type)

    # -- step 3: media from a URL --------------------------------------------------------------
    def create_media(self, brand_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /brands/{brand_id}/media``: a Library item from ``body["url"]``."""
        url = body.get("url")
        if not isinstance(url, str) or not url.strip():
            raise bad_request("Missing url: the media's address is required.", "url")
        meta = _parse_meta(body.get("meta"))
        path, kind_info, filename = self._resolve_url(brand_id, url.strip())
        if filename and "filename" not in meta:
            meta["filename"] = filename
        source_created = None
        if body.get("source_created_at") is not None:
            source_created = parse_timestamp(body["source_created_at"])
            if source_created is None:
                raise bad_request("source_created_at must be an ISO 8601 date-time.", "source_created_at")
        return self.add_media(
            brand_id, path, kind_info, source=str(body.get("source") or "UPLOAD"),
            source_id=str(body.get("source_id") or secrets.token_hex(8)),
            type_=str(body.get("type") or "UPLOADED"), meta=meta, source_created=source_created,
            external_url=None if path else url.strip(),
        )

    def _resolve_url(self, brand_id: int, url: str) -> tuple[Path | None, MediaInfo, str]:
        parts = urlsplit(url)
        path = unquote(parts.path)
        if path.startswith(UPLOAD_PREFIX):
            token = path[len(UPLOAD_PREFIX):].split("/", 1)[0]
            upload = self.store.get_upload(token)
            if upload is None or not upload["complete"]:
                raise bad_request("Could not download the media: nothing was uploaded to this URL.", "url")
            return (*self._probed(self._keep(Path(upload["path"]))), upload["filename"])
        if path.startswith(MEDIA_PREFIX):
            media_id = _int(path[len(MEDIA_PREFIX):].split("/", 1)[0])
            doc = self.store.get_media(media_id) if media_id else None
            file = self.store.media_path(media_id) if doc else None
            if doc is None or doc["brand_id"] != brand_id or file is None:
                raise ApiError(400, INVALID_MEDIA_ID, {"url": [INVALID_MEDIA_ID]})
            return (*self._probed(file), doc.get("meta", {}).get("filename", file.name))
        # Sandbox assumption: the sandbox cannot download from other hosts; the kind comes from the name.
        kind = kind_from_name(path)
        if kind is None:
            raise ApiError(400, UNSUPPORTED_MEDIA_TYPE,
                           {"url": [f"{UNSUPPORTED_MEDIA_TYPE}: the sandbox cannot download {url}; name an "
                                    "image or video file (.jpg, .png, .mp4, ...)."]})
        return None, MediaInfo(kind=kind), Path(path).name

    def _keep(self, upload: Path) -> Path:
        """A media item's own name for uploaded bytes (a hard link: no copy, survives a new PUT)."""
        kept = self.store.media_dir / "library" / f"{upload.name}-{secrets.token_hex(4)}"
        private_dir(kept.parent)
        try:
            os.link(upload, kept)  # the same file: keeps its 0600 mode
        except OSError:
            shutil.copyfile(upload, private_file(kept))  # copyfile truncates the 0600 file, keeping its mode
        return kept

    @staticmethod
    def _probed(path: Path) -> tuple[Path, MediaInfo]:
        info = probe(path)
        if info is None:
            raise ApiError(400, UNSUPPORTED_MEDIA_TYPE,
                           {"url": [f"{UNSUPPORTED_MEDIA_TYPE}: the file is neither an image nor a video."]})
        return path, info

    def add_media(self, brand_id: int, path: Path | None, info: MediaInfo, *, source: str = "UPLOAD",
                  source_id: str = "", type_: str = "UPLOADED", meta: dict[str, Any] | None = None,
                  source_created: datetime | None = None, external_url: str | None = None,
                  created: datetime | None = None) -> dict[str, Any]:
        """Store a Library item for bytes at ``path`` (or a URL the sandbox could not fetch)."""
        created = created or self.clock.now()
        media_id, library_id = self.store.allocate_media_ids()
        meta = dict(meta or {})
        name = quote(meta.get("filename") or (path.name if path else "media"))
        original = external_url or f"{ORIGIN}{MEDIA_PREFIX}{media_id}/{name}"
        size = path.stat().st_size if path else None
        poster = _poster(path, media_id) if path and info.kind == VIDEO else None
        doc = _media_doc(brand_id, media_id, library_id, info, original, size, poster, created,
                         source, source_id or secrets.token_hex(8), type_, meta, source_created or created)
        self.store.insert_media(doc, str(path) if path else None, created.timestamp(),
                                (source_created or created).timestamp())
        return doc

    # -- reading -------------------------------------------------------------------------------
    def get(self, brand_id: int, media_id: int) -> dict[str, Any]:
        """One item of ``brand_id``; another brand's item is "Invalid media_id"."""
        doc = self.store.get_media(media_id)
        if doc is None:
            raise ApiError(404, "Media not found", {"media_id": [INVALID_MEDIA_ID]})
        if doc["brand_id"] != brand_id:
            raise ApiError(400, INVALID_MEDIA_ID, {"media_id": [INVALID_MEDIA_ID]})
        return doc

    def list(self, brand_id: int, body: dict[str, Any], limit: int, offset: int
             ) -> tuple[list[dict[str, Any]], int]:
        """``PUT /brands/{brand_id}/media/v2``: filters ``brand_media_types``, ``media_types``,
        ``source_created_at {start, end}``."""
        filters = body.get("filters") or {}
        if not isinstance(filters, dict):
            raise bad_request("filters must be an object.", "filters")
        types = _names(filters, "brand_media_types")
        media_types = _names(filters, "media_types")
        window = filters.get("source_created_at") or {}
        if not isinstance(window, dict):
            raise bad_request("source_created_at must be an object with start and end.", "filters.source_created_at")
        start = parse_timestamp(window["start"]) if window.get("start") else None
        end = parse_timestamp(window["end"]) if window.get("end") else None
        if (window.get("start") and start is None) or (window.get("end") and end is None):
            raise bad_request("source_created_at needs ISO 8601 start and end.", "filters.source_created_at")
        return self.store.list_media(brand_id, types, media_types,
                                     start.timestamp() if start else None,
                                     end.timestamp() if end else None, limit, offset)

    def post_media(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The expanded form of an item inside a scheduled post's ``media`` (guide's example response)."""
        keys = ("brand_id", "created_at", "meta", "predictions", "source", "source_created_at", "source_id",
                "updated_at", "urls", "image_sizes", "video_sizes", "duration", "frame_rate",
                "original_width", "original_height", "media_type")
        out = {k: doc.get(k) for k in keys}
        out.update(id=doc["media_id"], media_id=doc["media_id"], type=doc["media_type"],
                   source_type="OWNED", variants=[])
        return out

    def copy_file_in(self, data: bytes, name: str) -> Path:
        """Write seed bytes into the media folder and return the path."""
        folder = self.store.media_dir / "seed"
        path = private_dir(folder) / f"{secrets.token_hex(6)}-{name}"
        return write_private(path, data)


def _names(filters: dict[str, Any], key: str) -> list[str] | None:
    """A filter that lists names: a string is taken as a list of one; anything else is a 400."""
    value = filters.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise bad_request(f"{key} must be a list of names.", f"filters.{key}")


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _parse_meta(meta: Any) -> dict[str, Any]:
    """``meta`` arrives as a JSON string (guide) or an object; anything else is refused."""
    if meta is None or meta == "":
        return {}
    if isinstance(meta, dict):
        return dict(meta)
    if isinstance(meta, str):
        try:
            value = json.loads(meta)
        except ValueError:
            raise bad_request("meta must be a JSON object encoded as a string.", "meta") from None
        if isinstance(value, dict):
            return value
    raise bad_request("meta must be a JSON object encoded as a string.", "meta")


def _poster(path: Path, media_id: int) -> tuple[Path, int, int] | None:
    """Extract the first frame of a video as a JPEG beside it: ``(path, width, height)``."""
    try:
        import av

        with av.open(str(path)) as container:
            frame = next(container.decode(video=0))
            image = frame.to_image()
        poster = path.with_name(f"{path.name}.{media_id}.poster.jpg")
        image.save(poster, "JPEG", quality=80)
        return poster, image.width, image.height
    except Exception:
        return None


def _sizes(original_url: str, base: str, width: int, height: int, size: int | None) -> dict[str, Any]:
    small_w = max(1, round(width * 400 / height)) if height else 400
    return {
        "original": {"height": height, "width": width, "size": size, "url": original_url},
        "original_converted": {"height": height, "width": width, "size": size, "url": original_url},
        "medium_square": {"height": 640, "width": 640, "url": f"{base}?w=640&h=640&fit=cover"},
        "small": {"height": 400, "width": small_w, "url": f"{base}?w={small_w}&h=400"},
        "small_square": {"height": 400, "width": 400, "url": f"{base}?w=400&h=400&fit=cover"},
    }


def _media_doc(brand_id: int, media_id: int, library_id: int, info: MediaInfo, original: str,
               size: int | None, poster: tuple[Path, int, int] | None, created: datetime, source: str,
               source_id: str, type_: str, meta: dict[str, Any], source_created: datetime) -> dict[str, Any]:
    """The Library document, field for field as the guide's upload response."""
    image_sizes: dict[str, Any] = {}
    video_sizes: dict[str, Any] = {}
    if info.kind == IMAGE and info.width and info.height:
        image_sizes = _sizes(original, original, info.width, info.height, size)
    elif info.kind == VIDEO:
        video_sizes = {"original": {"url": original, "width": info.width, "height": info.height,
                                    "size": size, "duration": info.duration}}
        if poster:
            poster_url = f"{ORIGIN}{MEDIA_PREFIX}{media_id}/poster.jpg"
            image_sizes = _sizes(poster_url, poster_url, poster[1], poster[2], poster[0].stat().st_size)
    urls = {"full": original, "original": original}
    if image_sizes:
        urls.update({"640": image_sizes["medium_square"]["url"], "ratio": image_sizes["small"]["url"],
                     "thumbs": image_sizes["small_square"]["url"]})
    return {
        "ai_alternatives": [], "brand_id": brand_id, "brand_media_status": "READY", "campaigns": [],
        "caption_question": None, "caption_sentiment": None, "content_tags": [], "created_at": iso(created),
        "duration": info.duration, "elastic_search_index_status": None, "frame_rate": info.frame_rate,
        "galleries": [], "hide_in_widget": False, "id": library_id, "image_sizes": image_sizes,
        "likeshop_clicks": None, "media_group": None, "media_id": media_id, "media_type": info.kind,
        "meta": meta, "mime_type": info.mime,
        "original_height": str(info.height) if info.height else None,
        "original_width": str(info.width) if info.width else None,
        "predictions": {}, "source": source, "source_created_at": iso(source_created),
        "source_data": {"avatar_url": None, "first_name": "Sandbox", "last_name": "User"},
        "source_id": source_id, "status": 2, "system_tags": [], "tags": [], "tiktok_likeshop_clicks": None,
        "triggered_content_automations": [], "type": type_, "updated_at": iso(created), "urls": urls,
        "video_conversion_warnings": None, "video_sizes": video_sizes,
    }


def remove_tree(path: Path) -> None:
    """Delete a folder quietly (used by reset)."""
    shutil.rmtree(path, ignore_errors=True)
