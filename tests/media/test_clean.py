"""Clean media: location and device details gone, pixels and frames the same, orientation kept, originals untouched."""

from __future__ import annotations

import contextlib
import hashlib
import io
import stat
import struct
from pathlib import Path

import av
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps
from PIL.PngImagePlugin import PngInfo

from dashdesk.media.clean import DEVICE, LOCATION, clean_bytes, clean_copy, sniff
from dashdesk.media.clean_boxes import XMP_UUID, boxes

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
ORIENTATION, MAKE, MODEL, DATETIME_ORIGINAL = 0x0112, 0x010F, 0x0110, 0x9003
OWNER, SERIAL, LENS_SERIAL = 0xA430, 0xA431, 0xA435
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
       b' exif:GPSLatitude="52,31.2N" exif:GPSLongitude="13,24.3E" photoshop:City="Berlin"/>'
       b"</rdf:RDF></x:xmpmeta>")
PLACE = b"52,31.2N"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def phone_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Apple", "iPhone 15 Pro", orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 18.0)})
    sub = exif.get_ifd(EXIF_IFD)
    sub.update({OWNER: "Jane Doe", SERIAL: "F2LX12345678", LENS_SERIAL: "LS-99",
                DATETIME_ORIGINAL: "2026:05:01 10:00:00"})
    return exif


def picture() -> Image.Image:
    rng = np.random.default_rng(7)
    return Image.fromarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8))


def assert_exif_clean(image: Image.Image, orientation: int = 6) -> None:
    exif = image.getexif()
    assert exif.get(ORIENTATION) == orientation  # orientation kept
    assert not exif.get_ifd(GPS_IFD) and GPS_IFD not in exif
    assert MAKE not in exif and MODEL not in exif
    sub = exif.get_ifd(EXIF_IFD)
    assert OWNER not in sub and SERIAL not in sub and LENS_SERIAL not in sub
    assert sub.get(DATETIME_ORIGINAL) == "2026:05:01 10:00:00"  # the rest is kept


def pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(ImageOps.exif_transpose(im).convert("RGB"))


# --- JPEG --------------------------------------------------------------------------------------------

def make_jpeg() -> bytes:
    buf = io.BytesIO()
    picture().save(buf, "JPEG", quality=92, exif=phone_exif().tobytes(), xmp=XMP)
    return buf.getvalue()


def scan_data(jpeg: bytes) -> bytes:
    """The bytes from the start-of-scan marker on (the compressed image itself)."""
    return jpeg[jpeg.index(b"\xff\xda"):]


def test_jpeg_loses_gps_serials_owner_and_xmp_place_without_reencoding() -> None:
    original = make_jpeg()
    cleaned, removed = clean_bytes(original)
    assert removed == {LOCATION, DEVICE}
    assert PLACE not in cleaned and b"F2LX12345678" not in cleaned and b"Jane Doe" not in cleaned
    assert b"Berlin" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as im:
        assert_exif_clean(im)
        assert "xmp" not in im.info
    assert scan_data(cleaned) == scan_data(original)  # not re-encoded
    assert np.array_equal(pixels(cleaned), pixels(original))


def test_jpeg_with_nothing_private_is_left_alone() -> None:
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[ORIENTATION] = 3
    picture().save(buf, "JPEG", exif=exif.tobytes())
    data = buf.getvalue()
    assert clean_bytes(data) == (data, frozenset())


def test_iptc_place_names_in_a_jpeg_are_removed() -> None:
    data = make_jpeg()
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x5a\x00\x06Berlin\x00\x00"
    segment = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    data = data[:2] + segment + data[2:]
    cleaned, removed = clean_bytes(data)
    assert LOCATION in removed and b"Berlin" not in cleaned


# --- PNG ---------------------------------------------------------------------------------------------

def make_png() -> bytes:
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Comment", "kept")
    buf = io.BytesIO()
    picture().save(buf, "PNG", exif=phone_exif(orientation=8).tobytes(), pnginfo=info)
    return buf.getvalue()


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def test_png_loses_exif_gps_and_xmp_place_keeping_pixels_and_orientation() -> None:
    original = make_png()
    cleaned, removed = clean_bytes(original)
    assert removed == {LOCATION, DEVICE}
    assert PLACE not in cleaned and b"Jane Doe" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as im:
        im.load()
        assert_exif_clean(im, orientation=8)
        assert im.info.get("Comment") == "kept" and "XML:com.adobe.xmp" not in im.info
    assert [b for k, b in png_chunks(cleaned) if k == b"IDAT"] == [b for k, b in png_chunks(original) if k == b"IDAT"]
    assert np.array_equal(pixels(cleaned), pixels(original))


# --- AVIF (HEIF) -------------------------------------------------------------------------------------

def test_avif_items_are_cleaned_in_place() -> None:
    buf = io.BytesIO()
    picture().save(buf, "AVIF", exif=phone_exif().tobytes(), xmp=XMP, quality=90)
    original = buf.getvalue()
    cleaned, removed = clean_bytes(original)
    assert removed == {LOCATION, DEVICE}
    assert len(cleaned) == len(original)  # every item offset still valid
    assert PLACE not in cleaned and b"F2LX12345678" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as im:
        assert_exif_clean(im)
        assert PLACE not in (im.info.get("xmp") or b"")
    assert np.array_equal(pixels(cleaned), pixels(original))


# --- MP4 / MOV ---------------------------------------------------------------------------------------

ROTATE_90 = struct.pack(">9i", 0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000)


def make_video(fmt: str, options: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with av.open(buf, "w", format=fmt, options=options or {}) as box:
        box.metadata.update({"location": "+52.5200+013.4050/", "make": "Apple", "model": "iPhone 15 Pro",
                             "title": "Studio shoot",
                             "com.apple.quicktime.location.ISO6709": "+48.8584+002.2945+035.000/"})
        stream = box.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        rng = np.random.default_rng(3)
        for _ in range(6):
            frame = av.VideoFrame.from_ndarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
    return rotate(buf.getvalue())


def find_box(data: bytes, path: list[bytes]) -> tuple[int, int]:
    """(payload offset, end) of the first box along ``path``."""
    fh, start, end = io.BytesIO(data), 0, len(data)
    for kind in path:
        box = next(b for b in boxes(fh, start, end) if b.kind == kind)
        start, end = box.body, box.end
    return start, end


def rotate(data: bytes) -> bytes:
    """Set the video track's matrix to a 90° turn, as a phone held upright does."""
    body, _ = find_box(data, [b"moov", b"trak", b"tkhd"])
    version = data[body]
    matrix = body + (4 + 8 + 4 + 4 + 8 if version == 0 else 4 + 16 + 4 + 4 + 8) + 8 + 2 + 2 + 2 + 2
    return data[:matrix] + ROTATE_90 + data[matrix + 36:]


def frames(data: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(data)) as box:
        return [f.to_ndarray(format="rgb24") for f in box.decode(video=0)]


def metadata(data: bytes) -> dict[str, str]:
    with av.open(io.BytesIO(data)) as box:
        return dict(box.metadata)


@pytest.mark.parametrize(("fmt", "options", "atoms"), [
    ("mov", {}, [b"\xa9xyz", b"\xa9mak"]),
    ("mp4", {}, [b"loci"]),
    ("mov", {"movflags": "use_metadata_tags"}, [b"keys"]),
    ("mp4", {"movflags": "use_metadata_tags"}, [b"keys", b"loci"]),
])
def test_video_location_and_device_atoms_are_blanked_frames_and_rotation_kept(
        fmt: str, options: dict[str, str], atoms: list[bytes]) -> None:
    original = make_video(fmt, options)
    assert all(a in original for a in atoms) and "location" in metadata(original)
    cleaned, removed = clean_bytes(original)
    assert LOCATION in removed
    assert len(cleaned) == len(original)
    for text in (b"+52.5200", b"+48.8584", b"iPhone 15 Pro"):
        assert text not in cleaned
    left = metadata(cleaned)
    assert not any("location" in k for k in left) and "make" not in left and "model" not in left
    assert left.get("title") == "Studio shoot"  # the rest of the metadata stays
    tkhd = find_box(original, [b"moov", b"trak", b"tkhd"])
    assert cleaned[slice(*tkhd)] == original[slice(*tkhd)] and ROTATE_90 in cleaned[slice(*tkhd)]
    decoded = frames(cleaned)
    assert len(decoded) == 6 and all(np.array_equal(a, b) for a, b in zip(decoded, frames(original), strict=True))


def test_an_xmp_uuid_box_with_a_place_is_blanked() -> None:
    original = make_video("mp4")
    payload = XMP_UUID + XMP
    data = original + struct.pack(">I4s", 8 + len(payload), b"uuid") + payload
    cleaned, removed = clean_bytes(data)
    assert LOCATION in removed and PLACE not in cleaned and len(cleaned) == len(data)
    assert len(frames(cleaned)) == 6


# --- copies, originals, dedupe -------------------------------------------------------------------------

def test_clean_copy_never_touches_the_original_and_is_deterministic(tmp_path: Path) -> None:
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(make_jpeg())
    video = tmp_path / "clip.mov"
    video.write_bytes(make_video("mov"))
    before = {p: sha(p) for p in (photo, video)}
    first = clean_copy(photo, tmp_path / "out1")
    second = clean_copy(photo, tmp_path / "out2")
    movie = clean_copy(video, tmp_path / "out1")
    assert {p: sha(p) for p in (photo, video)} == before  # originals unchanged by hash
    assert first.cleaned and first.location_removed and first.label() == "location removed"
    assert first.path.name == "IMG_0001.JPG" and first.path != photo
    assert sha(first.path) == sha(second.path)  # the same photo cleans to the same bytes: uploaded once
    assert movie.location_removed and movie.path.read_bytes() == clean_bytes(video.read_bytes())[0]
    for made in (first.path, movie.path):
        assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_files_without_private_details_are_uploaded_as_they_are(tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    picture().save(plain, "PNG")
    gif = tmp_path / "a.gif"
    picture().save(gif, "GIF")
    for path in (plain, gif):
        result = clean_copy(path, tmp_path / "out")
        assert result.path == path and not result.cleaned and result.label() == ""
    assert not (tmp_path / "out" / "plain.png").exists()


def test_device_only_details_say_so() -> None:
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[SERIAL] = "F2LX"
    buf = io.BytesIO()
    picture().save(buf, "JPEG", exif=exif.tobytes())
    _, removed = clean_bytes(buf.getvalue())
    assert removed == {DEVICE}


# --- hostile input ------------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([b"\xff\xd8\xff\xe1", b"\x89PNG\r\n\x1a\n", b"\x00\x00\x00\x18ftypmp42"]),
       st.binary(max_size=400))
def test_damaged_files_raise_value_error_only(magic: bytes, tail: bytes) -> None:
    with contextlib.suppress(ValueError):
        clean_bytes(magic + tail)


@pytest.mark.parametrize("make", [make_jpeg, make_png, lambda: make_video("mov")])
def test_truncated_files_raise_value_error_or_clean(make) -> None:
    data = make()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 5):
        try:
            out, _ = clean_bytes(data[:cut])
        except ValueError:
            continue
        assert PLACE not in out and b"+52.5200" not in out


def test_sniff() -> None:
    assert sniff(make_jpeg()[:16]) == "jpeg" and sniff(make_png()[:16]) == "png"
    assert sniff(make_video("mp4")[:16]) == "isobmff" and sniff(b"GIF89a") is None


# --- the upload's prepare step -------------------------------------------------------------------------

def test_prepare_for_upload_makes_a_private_copy_unless_metadata_is_kept(tmp_path: Path, media_data_dir: Path) -> None:
    from dashdesk.media.cleaned import cleaned_dir, discard, is_cleaned_copy, prepare_for_upload

    card_a, card_b = tmp_path / "a", tmp_path / "b"
    card_a.mkdir()
    card_b.mkdir()
    (card_a / "IMG_0001.JPG").write_bytes(make_jpeg())
    buf = io.BytesIO()
    phone = phone_exif()
    phone.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 24.0)
    picture().rotate(90).save(buf, "JPEG", exif=phone.tobytes())
    (card_b / "IMG_0001.JPG").write_bytes(buf.getvalue())  # same name, another photo
    a = prepare_for_upload(card_a / "IMG_0001.JPG")
    b = prepare_for_upload(card_b / "IMG_0001.JPG")
    assert a.location_removed and b.location_removed and a.path != b.path
    assert a.path.parent.parent == cleaned_dir() and a.path.name == "IMG_0001.JPG"  # the name the Library shows
    assert is_cleaned_copy(a.path) and not is_cleaned_copy(card_a / "IMG_0001.JPG")
    assert prepare_for_upload(card_a / "IMG_0001.JPG").path == a.path  # the same file: the same copy
    kept = prepare_for_upload(card_a / "IMG_0001.JPG", keep_metadata=True)
    assert kept.path == card_a / "IMG_0001.JPG" and not kept.cleaned
    damaged = tmp_path / "broken.jpg"
    damaged.write_bytes(b"\xff\xd8\xff\xe1\x00")
    assert prepare_for_upload(damaged).path == damaged  # uploaded as it is; its checks report it
    discard(card_a / "IMG_0001.JPG")  # never the person's file
    assert (card_a / "IMG_0001.JPG").exists()
    discard(a.path)
    assert not a.path.exists() and not a.path.parent.exists()
    from dashdesk.media.cleaned import sweep

    assert sweep(max_age=0, now=b.path.stat().st_mtime + 1) == 1 and not any(cleaned_dir().iterdir())
