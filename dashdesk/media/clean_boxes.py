"""Location and device metadata in ISO base media files (MP4, MOV, HEIC, AVIF), blanked in place.

:func:`plan_patches` walks the box tree reading headers only (never the media data) and returns
``(offset, bytes)`` writes of the same length as what they replace, so every offset in the file (chunk
offsets, item locations) stays valid and nothing is re-encoded:

* QuickTime/MP4 user data: ``©xyz`` (ISO 6709 place), ``loci`` (3GPP place), ``©mak``/``©mod`` (device)
  in any ``udta`` or iTunes ``ilst`` become ``free`` boxes full of zeros;
* QuickTime metadata (``meta`` with ``keys`` + ``ilst``): the values of ``*location*``/GPS, make, model
  and serial keys are zeroed and the keys themselves blanked (no longer ``mdta`` keys, no name);
* an XMP ``uuid`` box naming a place or device becomes a zeroed ``free`` box;
* HEIF/AVIF items: the ``Exif`` item is rewritten without GPS and device tags (padded with zeros to
  its length); an XMP item naming a place or device is replaced by an empty packet padded with spaces.

Track headers (the rotation matrix) and ``irot``/``imir`` are never touched.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

from dashdesk.media.clean import DEVICE, EXIF_HEADER, LOCATION, Findings, clean_exif_block, scan_xmp

__all__ = ["Box", "boxes", "plan_patches"]

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"udta", b"edts", b"dinf"}
USER_DATA = {b"\xa9xyz": LOCATION, b"loci": LOCATION, b"\xa9mak": DEVICE, b"\xa9mod": DEVICE}
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
EMPTY_XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
             b'<?xpacket end="w"?>')
EMPTY_TIFF = b"MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"  # a header and an IFD with no entries
MAX_DEPTH = 12


class Box:
    """One box: its type, where it starts, its header size and its total size."""

    __slots__ = ("header", "kind", "offset", "size")

    def __init__(self, kind: bytes, offset: int, header: int, size: int) -> None:
        self.kind, self.offset, self.header, self.size = kind, offset, header, size

    @property
    def body(self) -> int:
        """Offset of the payload."""
        return self.offset + self.header

    @property
    def end(self) -> int:
        """Offset just past the box."""
        return self.offset + self.size


def _read(fh: BinaryIO, offset: int, n: int) -> bytes:
    fh.seek(offset)
    data = fh.read(n)
    if len(data) != n:
        raise ValueError("damaged media file: a box runs past the end")
    return data


def boxes(fh: BinaryIO, start: int, end: int) -> Iterator[Box]:
    """The boxes between ``start`` and ``end`` (headers only are read)."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", _read(fh, pos, 8))
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", _read(fh, pos + 8, 8))
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError("damaged media file: a box has an impossible size")
        yield Box(kind, pos, header, size)
        pos += size


def _blank(box: Box) -> tuple[int, bytes]:
    """A write turning ``box`` into a ``free`` box of the same size full of zeros."""
    large = box.header == 16
    head = struct.pack(">I4sQ", 1, b"free", box.size) if large else struct.pack(">I4s", box.size, b"free")
    return box.offset, head + bytes(box.size - len(head))


def _meta_children_start(fh: BinaryIO, box: Box) -> int:
    """``meta`` is a full box in ISO files (4 bytes of version/flags) and a plain one in QuickTime."""
    peek = _read(fh, box.body, min(12, box.size - box.header)) if box.size - box.header >= 12 else b""
    if len(peek) == 12 and peek[:4] == b"\x00\x00\x00\x00" and peek[8:12] in (b"hdlr", b"keys", b"ilst"):
        return box.body + 4
    return box.body


def plan_patches(fh: BinaryIO, size: int, found: Findings) -> list[tuple[int, bytes]]:
    """The in-place writes that remove location and device metadata from an ISO media file."""
    patches: list[tuple[int, bytes]] = []
    _walk(fh, 0, size, patches, found, 0)
    return patches


def _walk(fh: BinaryIO, start: int, end: int, patches: list[tuple[int, bytes]], found: Findings, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("damaged media file: boxes nested too deep")
    for box in boxes(fh, start, end):
        if box.kind in USER_DATA and depth > 0:
            found.add(USER_DATA[box.kind])
            patches.append(_blank(box))
        elif box.kind in CONTAINERS:
            _walk(fh, box.body, box.end, patches, found, depth + 1)
        elif box.kind == b"meta":
            _meta(fh, box, patches, found, depth)
        elif box.kind == b"uuid" and box.size >= box.header + 16 and _read(fh, box.body, 16) == XMP_UUID:
            kinds = scan_xmp(_read(fh, box.body + 16, box.end - box.body - 16))
            if kinds:
                found.kinds |= kinds
                patches.append(_blank(box))


def _meta(fh: BinaryIO, box: Box, patches: list[tuple[int, bytes]], found: Findings, depth: int) -> None:
    children = {b.kind: b for b in boxes(fh, _meta_children_start(fh, box), box.end)}
    keys = children.get(b"keys")
    ilst = children.get(b"ilst")
    if keys is not None and ilst is not None:
        _quicktime_keys(fh, keys, ilst, patches, found)
    elif ilst is not None:  # iTunes-style metadata: items named by their four-character code
        _walk(fh, ilst.body, ilst.end, patches, found, depth + 1)
    if b"iinf" in children and b"iloc" in children:
        _heif_items(fh, children, patches, found)


def _private_key(name: str) -> str | None:
    low = name.lower()
    if "location" in low or "gps" in low:
        return LOCATION
    if low.endswith((".make", ".model", ".serial", "serialnumber", ".manufacturer")) or low in ("make", "model"):
        return DEVICE
    return None


def _quicktime_keys(fh: BinaryIO, keys: Box, ilst: Box, patches: list[tuple[int, bytes]], found: Findings) -> None:
    """Zero the values (and overwrite the names) of location and device keys of QuickTime metadata."""
    pos = keys.body + 8  # version/flags, entry count
    private: set[int] = set()
    index = 0
    while pos + 8 <= keys.end:
        key_size, _namespace = struct.unpack(">I4s", _read(fh, pos, 8))
        if key_size < 8 or pos + key_size > keys.end:
            raise ValueError("damaged media file: a metadata key has an impossible size")
        index += 1
        name = _read(fh, pos + 8, key_size - 8)
        kind = _private_key(name.decode("utf-8", "replace"))
        if kind:
            found.add(kind)
            private.add(index)
            # not an "mdta" key any more, and nameless: readers skip it and its (zeroed) value
            patches.append((pos + 4, b"free" + bytes(len(name))))
        pos += key_size
    for item in boxes(fh, ilst.body, ilst.end):
        if struct.unpack(">I", item.kind)[0] in private:
            for data in boxes(fh, item.body, item.end):
                if data.kind == b"data" and data.size > data.header + 8:  # type and locale stay
                    patches.append((data.body + 8, bytes(data.end - data.body - 8)))


def _full_box(fh: BinaryIO, box: Box) -> tuple[int, int]:
    version_flags = _read(fh, box.body, 4)
    return version_flags[0], box.body + 4


def _uint(data: bytes, pos: int, n: int) -> tuple[int, int]:
    return (int.from_bytes(data[pos:pos + n], "big") if n else 0), pos + n


def _heif_items(fh: BinaryIO, children: dict[bytes, Box], patches: list[tuple[int, bytes]],
                found: Findings) -> None:
    """Clean the Exif and XMP items of a HEIF/AVIF file in place."""
    wanted = _heif_metadata_items(fh, children[b"iinf"])
    if not wanted:
        return
    idat = children.get(b"idat")
    for item_id, extents in _heif_locations(fh, children[b"iloc"], idat).items():
        if item_id not in wanted:
            continue
        payload = b"".join(_read(fh, off, length) for off, length in extents)
        if wanted[item_id] == "exif":
            new = _clean_heif_exif(payload, found)
        else:
            kinds = scan_xmp(payload)
            found.kinds |= kinds
            new = (EMPTY_XMP + b" " * len(payload))[:len(payload)] if kinds else None
        if new is None:
            continue
        pos = 0
        for off, length in extents:
            patches.append((off, new[pos:pos + length]))
            pos += length


def _clean_heif_exif(payload: bytes, found: Findings) -> bytes | None:
    """An Exif item (4-byte offset to the TIFF header, then the block) without GPS/device tags, same size."""
    if len(payload) < 4:
        return None
    start = 4 + int.from_bytes(payload[:4], "big")
    block = payload[start:]
    cleaned, kinds = clean_exif_block(block)
    if not kinds:
        return None
    found.kinds |= kinds
    if cleaned is not None and cleaned.startswith(EXIF_HEADER) and not block.startswith(EXIF_HEADER):
        cleaned = cleaned[len(EXIF_HEADER):]
    if cleaned is None or len(cleaned) > len(block):
        cleaned = (EXIF_HEADER if block.startswith(EXIF_HEADER) else b"") + EMPTY_TIFF
    return payload[:start] + cleaned + bytes(len(block) - len(cleaned))


def _heif_metadata_items(fh: BinaryIO, iinf: Box) -> dict[int, str]:
    """Item ids of the ``Exif`` and XMP (``mime`` ``application/rdf+xml``) items."""
    version, pos = _full_box(fh, iinf)
    pos += 2 if version == 0 else 4
    found: dict[int, str] = {}
    for infe in boxes(fh, pos, iinf.end):
        if infe.kind != b"infe":
            continue
        data = _read(fh, infe.body, infe.end - infe.body)
        version = data[0]
        if version < 2:
            continue
        id_size = 2 if version == 2 else 4
        item_id, p = _uint(data, 4, id_size)
        item_type = data[p + 2:p + 6]
        rest = data[p + 6:]
        _name, _, rest = rest.partition(b"\x00")
        if item_type == b"Exif":
            found[item_id] = "exif"
        elif item_type == b"mime" and rest.partition(b"\x00")[0] == b"application/rdf+xml":
            found[item_id] = "xmp"
    return found


def _heif_locations(fh: BinaryIO, iloc: Box, idat: Box | None) -> dict[int, list[tuple[int, int]]]:
    """``item id -> [(file offset, length), ...]`` for items stored in the file or in ``idat``."""
    data = _read(fh, iloc.body, iloc.end - iloc.body)
    version = data[0]
    offset_size, length_size = data[4] >> 4, data[4] & 0xF
    base_size, index_size = data[5] >> 4, (data[5] & 0xF if version in (1, 2) else 0)
    count, pos = _uint(data, 6, 2 if version < 2 else 4)
    out: dict[int, list[tuple[int, int]]] = {}
    for _ in range(count):
        item_id, pos = _uint(data, pos, 2 if version < 2 else 4)
        method = 0
        if version in (1, 2):
            method, pos = _uint(data, pos, 2)
            method &= 0xF
        _ref, pos = _uint(data, pos, 2)
        base, pos = _uint(data, pos, base_size)
        extents_count, pos = _uint(data, pos, 2)
        extents = []
        for _ in range(extents_count):
            _index, pos = _uint(data, pos, index_size)
            off, pos = _uint(data, pos, offset_size)
            length, pos = _uint(data, pos, length_size)
            extents.append((base + off, length))
        if method == 0:
            out[item_id] = extents
        elif method == 1 and idat is not None:
            out[item_id] = [(idat.body + off, length) for off, length in extents]
    return out
