"""Clean media before upload: remove where a picture or video was taken and which device took it.

Photos and phone videos carry the place they were taken (EXIF GPS, XMP location, QuickTime ``©xyz``,
``loci`` and ``com.apple.quicktime.location.*``) and details that identify the device or its owner
(camera and lens serial numbers, owner name, maker notes, make and model). :func:`clean_copy` writes
a copy without them for upload; the original file is never modified.

Nothing is re-encoded: pixels and samples are the same bytes.

* JPEG: the EXIF segment is rewritten without those tags (orientation and everything else kept); an
  XMP or IPTC segment that names a place or a device is dropped.
* PNG: the same for the ``eXIf`` chunk; XMP and ImageMagick's raw profiles are dropped when they
  name a place or a device.
* MP4, MOV, HEIC, AVIF (ISO base media files): boxes are blanked in place, keeping every offset
  (:mod:`dashdesk.media.clean_boxes`); the rotation matrix and ``irot`` are untouched.

Other formats (GIF, WebP, ...) are uploaded as they are. Qt-free.
"""

from __future__ import annotations

import binascii
import contextlib
import io
import os
import re
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from dashdesk.private_files import private_dir, private_file, write_private

__all__ = ["DEVICE", "LOCATION", "CleanResult", "Findings", "clean_bytes", "clean_copy", "removed_from", "scan_exif",
           "scan_xmp"]

LOCATION = "location"
DEVICE = "device"  # serial numbers, owner name, maker notes, make and model

# EXIF tags (TIFF/EXIF 2.32 numbers) removed from IFD0 and the Exif IFD; the GPS IFD goes whole.
GPS_IFD, EXIF_IFD, INTEROP_IFD = 0x8825, 0x8769, 0xA005
IFD0_DEVICE = {0x010F: "Make", 0x0110: "Model", 0x013C: "HostComputer"}
EXIF_DEVICE = {0xA430: "CameraOwnerName", 0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber",
               0x927C: "MakerNote"}  # maker notes hold serial numbers (and, for some phones, places)

_XMP_LOCATION = re.compile(rb"exif:GPS|photoshop:(City|State|Country)|Iptc4xmpCore:(Location|CountryCode)"
                           rb"|Iptc4xmpExt:Location")
_XMP_DEVICE = re.compile(rb"aux:(SerialNumber|OwnerName)|exifEX:(BodySerialNumber|CameraOwnerName|LensSerialNumber)"
                         rb"|tiff:(Make|Model)")
# IPTC-IIM datasets 2:90 city, 2:92 sublocation, 2:95 province/state, 2:100 country code, 2:101 country
_IPTC_LOCATION = re.compile(rb"\x1c\x02[\x5a\x5c\x5f\x64\x65]")

XMP_JPEG = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_JPEG_EXTENDED = b"http://ns.adobe.com/xmp/extension/\x00"
EXIF_HEADER = b"Exif\x00\x00"


@dataclass
class Findings:
    """What was (or would be) removed: ``LOCATION`` and/or ``DEVICE``."""

    kinds: set[str] = field(default_factory=set)

    def add(self, kind: str) -> None:
        """Note that something of ``kind`` is removed."""
        self.kinds.add(kind)

    def __bool__(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True)
class CleanResult:
    """The file to upload and what was removed from it (``path`` is the original when nothing was)."""

    path: Path
    removed: frozenset[str] = frozenset()

    @property
    def location_removed(self) -> bool:
        """Whether the place the media was taken was removed."""
        return LOCATION in self.removed

    @property
    def cleaned(self) -> bool:
        """Whether ``path`` is a cleaned copy (not the original)."""
        return bool(self.removed)

    def label(self) -> str:
        """Words for the media strip: "location removed", "camera details removed" or ""."""
        if self.location_removed:
            return "location removed"
        return "camera details removed" if self.removed else ""


# --- EXIF and XMP ------------------------------------------------------------------------------------

def scan_xmp(packet: bytes) -> set[str]:
    """The kinds of private details an XMP packet holds."""
    kinds = set()
    if _XMP_LOCATION.search(packet):
        kinds.add(LOCATION)
    if _XMP_DEVICE.search(packet):
        kinds.add(DEVICE)
    return kinds


def scan_exif(tiff: bytes) -> set[str]:
    """The kinds of private details an EXIF block (TIFF bytes, with or without ``Exif\\0\\0``) holds."""
    return _clean_exif(tiff)[1]


def _clean_exif(tiff: bytes) -> tuple[bytes | None, set[str]]:
    """``(EXIF without location/device tags, kinds removed)``; ``(None, kinds)`` when it can't be read."""
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(tiff)
        gps = exif.get_ifd(GPS_IFD) if GPS_IFD in exif else {}
        sub = exif.get_ifd(EXIF_IFD) if EXIF_IFD in exif else {}
    except Exception:  # damaged EXIF: the caller drops the block as a whole
        return None, {LOCATION, DEVICE}
    kinds: set[str] = set()
    if GPS_IFD in exif:
        if gps:
            kinds.add(LOCATION)
        del exif[GPS_IFD]
    for tag in IFD0_DEVICE:
        if tag in exif:
            kinds.add(DEVICE)
            del exif[tag]
    for tag in EXIF_DEVICE:
        if tag in sub:
            kinds.add(DEVICE)
            del sub[tag]
    sub.pop(INTEROP_IFD, None)  # a pointer Pillow would not rewrite; only names the EXIF rule set
    if not kinds:
        return tiff, kinds
    try:
        out = exif.tobytes()
    except Exception:
        return None, kinds | {LOCATION, DEVICE}
    return (out[len(EXIF_HEADER):] if out.startswith(EXIF_HEADER) else out), kinds


def clean_exif_block(block: bytes) -> tuple[bytes | None, set[str]]:
    """Clean an EXIF block keeping its ``Exif\\0\\0`` prefix if it had one (``None``: drop it)."""
    prefixed = block.startswith(EXIF_HEADER)
    tiff, kinds = _clean_exif(block[len(EXIF_HEADER):] if prefixed else block)
    if tiff is None or not kinds:
        return (None if tiff is None else block), kinds
    return (EXIF_HEADER + tiff if prefixed else tiff), kinds


# --- JPEG --------------------------------------------------------------------------------------------

_NO_LENGTH = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0..7 carry no length


def clean_jpeg(data: bytes, found: Findings) -> bytes:
    """``data`` without location/device metadata; the entropy-coded image bytes are copied as they are."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG file")
    out = io.BytesIO()
    out.write(b"\xff\xd8")
    pos, drop_extended = 2, False
    segments: list[tuple[int, bytes]] = []
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("damaged JPEG: a marker was expected")
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        marker = data[pos]
        pos += 1
        if marker in _NO_LENGTH:
            segments.append((marker, b""))
            continue
        if marker == 0xD9:  # EOI before any scan
            segments.append((marker, b""))
            pos = len(data)
            break
        (length,) = struct.unpack(">H", data[pos:pos + 2])
        body = data[pos + 2:pos + length]
        if len(body) != length - 2:
            raise ValueError("damaged JPEG: a segment runs past the end")
        pos += length
        segments.append((marker, body))
        if marker == 0xDA:  # start of scan: the rest is image data (and later markers) as is
            break
    kept: list[tuple[int, bytes]] = []
    for marker, body in segments:
        if marker == 0xE1 and body.startswith(EXIF_HEADER):
            cleaned, kinds = clean_exif_block(body)
            found.kinds |= kinds
            if cleaned is None:
                continue
            body = cleaned
        elif marker == 0xE1 and body.startswith(XMP_JPEG):
            kinds = scan_xmp(body)
            if kinds:
                found.kinds |= kinds
                drop_extended = True
                continue
        elif marker == 0xE1 and body.startswith(XMP_JPEG_EXTENDED):
            kinds = scan_xmp(body)
            found.kinds |= kinds
            if kinds or drop_extended:
                continue
        elif marker == 0xED and _IPTC_LOCATION.search(body):  # Photoshop IRB with IPTC place names
            found.add(LOCATION)
            continue
        kept.append((marker, body))
    if drop_extended:
        kept = [(m, b) for m, b in kept if not (m == 0xE1 and b.startswith(XMP_JPEG_EXTENDED))]
    for marker, body in kept:
        out.write(bytes((0xFF, marker)))
        if marker not in _NO_LENGTH and marker != 0xD9:
            out.write(struct.pack(">H", len(body) + 2))
            out.write(body)
    out.write(data[pos:])
    return out.getvalue()


# --- PNG ---------------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png_text(kind: bytes, body: bytes) -> tuple[bytes, bytes]:
    """``(keyword, text)`` of a tEXt/zTXt/iTXt chunk (text decompressed; empty when it can't be read)."""
    keyword, _, rest = body.partition(b"\x00")
    with contextlib.suppress(Exception):
        if kind == b"tEXt":
            return keyword, rest
        if kind == b"zTXt":
            return keyword, zlib.decompress(rest[1:])
        compressed = rest[0] == 1
        _lang, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        return keyword, (zlib.decompress(text) if compressed else text)
    return keyword, b""


def _raw_profile(text: bytes) -> bytes:
    """The bytes of an ImageMagick "Raw profile type ..." text: a name, a length, then hex digits."""
    lines = text.strip().split(b"\n", 2)
    return binascii.unhexlify(re.sub(rb"\s+", b"", lines[2])) if len(lines) == 3 else b""


def _from_tiff_header(payload: bytes) -> bytes:
    """``payload`` from its TIFF header (``MM\\0*`` or ``II*\\0``) on."""
    starts = [i for i in (payload.find(b"MM\x00*"), payload.find(b"II*\x00")) if i >= 0]
    return payload[min(starts):] if starts else payload


def clean_png(data: bytes, found: Findings) -> bytes:
    """``data`` without location/device metadata; image chunks are copied as they are."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    out = io.BytesIO()
    out.write(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError("damaged PNG: a chunk runs past the end")
        body = data[pos + 8:pos + 8 + length]
        chunk = data[pos:end]
        pos = end
        if kind == b"eXIf":
            cleaned, kinds = clean_exif_block(body)
            found.kinds |= kinds
            if cleaned is None:
                continue
            if kinds:
                chunk = _png_chunk(kind, cleaned)
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword, text = _png_text(kind, body)
            kinds: set[str] = set()
            if keyword == b"XML:com.adobe.xmp":
                kinds = scan_xmp(text)
            elif keyword.lower().startswith(b"raw profile type"):
                with contextlib.suppress(Exception):
                    payload = _raw_profile(text)
                    if b"exif" in keyword.lower() or b"app1" in keyword.lower():
                        kinds = scan_exif(_from_tiff_header(payload))
                    else:
                        kinds = scan_xmp(payload) | ({LOCATION} if _IPTC_LOCATION.search(payload) else set())
            if kinds:
                found.kinds |= kinds
                continue
        out.write(chunk)
        if kind == b"IEND":
            break
    return out.getvalue()


# --- dispatch ----------------------------------------------------------------------------------------

def sniff(head: bytes) -> str | None:
    """``"jpeg"``, ``"png"``, ``"isobmff"`` (MP4, MOV, HEIC, AVIF) or ``None`` from a file's first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if len(head) >= 8 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot"):
        return "isobmff"
    return None


def clean_bytes(data: bytes) -> tuple[bytes, frozenset[str]]:
    """A JPEG's, PNG's or ISO media file's bytes without location/device metadata, and what was removed.

    Unknown formats come back unchanged. Raises ``ValueError`` on a damaged file of a known format.
    """
    try:
        return _clean_bytes(data)
    except _DAMAGED as exc:
        raise ValueError(f"damaged file: {exc}") from None


_DAMAGED = (struct.error, IndexError, zlib.error, OverflowError, EOFError, UnicodeError, binascii.Error)


def _clean_bytes(data: bytes) -> tuple[bytes, frozenset[str]]:
    found = Findings()
    kind = sniff(data[:16])
    if kind == "jpeg":
        out = clean_jpeg(data, found)
    elif kind == "png":
        out = clean_png(data, found)
    elif kind == "isobmff":
        from dashdesk.media.clean_boxes import plan_patches

        patches = plan_patches(io.BytesIO(data), len(data), found)
        buf = bytearray(data)
        for offset, new in patches:
            buf[offset:offset + len(new)] = new
        out = bytes(buf)
    else:
        return data, frozenset()
    return (out, frozenset(found.kinds)) if found else (data, frozenset())


def removed_from(source: str | os.PathLike[str]) -> frozenset[str]:
    """What cleaning ``source`` would remove, without writing anything (box headers only for a video)."""
    with Path(source).open("rb") as fh:
        kind = sniff(fh.read(16))
        size = os.fstat(fh.fileno()).st_size
        if kind is None or (kind != "isobmff" and size > IMAGE_LIMIT):
            return frozenset()
        if kind == "isobmff":
            from dashdesk.media.clean_boxes import plan_patches

            found = Findings()
            try:
                plan_patches(fh, size, found)
            except _DAMAGED as exc:
                raise ValueError(f"damaged file: {exc}") from None
            return frozenset(found.kinds)
        fh.seek(0)
        return clean_bytes(fh.read())[1]


IMAGE_LIMIT = 200 * 1024 * 1024
"""JPEG/PNG files are cleaned in memory up to this size; larger ones are uploaded as they are."""


def clean_copy(source: str | os.PathLike[str], folder: str | os.PathLike[str], name: str | None = None) -> CleanResult:
    """Write a cleaned copy of ``source`` into ``folder`` (a ``0600`` file) if anything had to go.

    Returns the original path (nothing removed, or a format that carries none of it) or the copy's.
    The original is only read. A video is copied (the system's fast copy) and patched in place, so
    its media data is never held in memory. Raises ``OSError``/``ValueError`` for an unreadable file.
    """
    src = Path(source)
    target = private_dir(folder) / (name or src.name)
    with src.open("rb") as fh:
        head = fh.read(16)
        kind = sniff(head)
        if kind is None:
            return CleanResult(src)
        if kind == "isobmff":
            from dashdesk.media.clean_boxes import plan_patches

            found = Findings()
            try:
                patches = plan_patches(fh, os.fstat(fh.fileno()).st_size, found)
            except _DAMAGED as exc:
                raise ValueError(f"damaged file: {exc}") from None
            if not found:
                return CleanResult(src)
            shutil.copyfile(src, private_file(target))
            with target.open("r+b") as out:
                for offset, new in patches:
                    out.seek(offset)
                    out.write(new)
            return CleanResult(target, frozenset(found.kinds))
        if os.fstat(fh.fileno()).st_size > IMAGE_LIMIT:
            return CleanResult(src)
        fh.seek(0)
        data = fh.read()
    cleaned, removed = clean_bytes(data)
    if not removed:
        return CleanResult(src)
    write_private(target, cleaned)
    return CleanResult(target, removed)
