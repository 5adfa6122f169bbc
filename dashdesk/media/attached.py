"""A Library media item attached to a post, as the media strip hands it over and the composer keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashdesk.platforms import MediaKind, MediaRef


@dataclass(frozen=True)
class AttachedMedia:
    """One ready Library media item: its id, kind, a name and a thumbnail (a local path or a URL)."""

    media_id: int
    kind: MediaKind
    name: str = ""
    thumbnail: str | None = None

    def ref(self) -> MediaRef:
        """The reference a draft carries."""
        return MediaRef(self.media_id, self.kind)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"media_id": self.media_id, "kind": str(self.kind), "name": self.name, "thumbnail": self.thumbnail}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttachedMedia:
        """Read back :meth:`to_json`."""
        return cls(int(data["media_id"]), MediaKind(data.get("kind", "IMAGE")), str(data.get("name") or ""),
                   data.get("thumbnail"))
