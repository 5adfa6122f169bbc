"""What cleaning media before upload costs, against a plain copy of the same file in the same run.

    python benchmarks/clean_media.py [--video-mb 512] [--rounds 3]

Prints, best of ``--rounds``:

* a phone video (a real MOV with ``©xyz``/make/model and QuickTime location keys, padded with a ``free``
  box to ``--video-mb``): the time to find what to remove (box headers only) and to write the cleaned
  copy, as a ratio to ``shutil.copyfile`` of the same file (the copy is what an upload of a cleaned
  file must pay; target: ratio <= 1.2);
* a 12-megapixel JPEG with GPS, serials and XMP: the time to clean it in memory (segments rewritten,
  image data copied as is).
"""

from __future__ import annotations

import argparse
import io
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import av
import numpy as np
from PIL import Image

from dashdesk.media.clean import Findings, clean_bytes, clean_copy
from dashdesk.media.clean_boxes import plan_patches


def phone_video(path: Path, size_mb: int) -> None:
    buf = io.BytesIO()
    with av.open(buf, "w", format="mov", options={"movflags": "use_metadata_tags"}) as box:
        box.metadata.update({"location": "+52.5200+013.4050/", "make": "Apple", "model": "iPhone 15 Pro",
                             "com.apple.quicktime.location.ISO6709": "+52.5200+013.4050+035.000/"})
        stream = box.add_stream("mpeg4", rate=30)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for i in range(30):
            frame = av.VideoFrame.from_ndarray(np.full((240, 320, 3), i * 8, dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
    data = buf.getvalue()
    pad = size_mb * 1024 * 1024 - len(data)
    with path.open("wb") as fh:
        fh.write(data)
        fh.write(struct.pack(">I4s", 1, b"free") + struct.pack(">Q", pad))
        chunk = b"\0" * (1 << 20)
        left = pad - 16
        while left > 0:
            fh.write(chunk[:left])
            left -= len(chunk)


def phone_jpeg() -> bytes:
    rng = np.random.default_rng(1)
    image = Image.fromarray(rng.integers(0, 255, (3000, 4000, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Apple", "iPhone", 6
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 18.0)})
    exif.get_ifd(0x8769).update({0xA431: "F2LX12345678", 0xA430: "Jane Doe"})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=b'<x:xmpmeta exif:GPSLatitude="52,31.2N"/>')
    return out.getvalue()


def best(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video-mb", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dashdesk-clean-bench-") as tmp:
        folder = Path(tmp)
        video = folder / "clip.mov"
        phone_video(video, args.video_mb)

        def scan() -> None:
            with video.open("rb") as fh:
                plan_patches(fh, video.stat().st_size, Findings())

        scan_s = best(scan, args.rounds)
        copy_s = best(lambda: shutil.copyfile(video, folder / "plain-copy.mov"), args.rounds)
        clean_s = best(lambda: clean_copy(video, folder / "cleaned", "clip.mov"), args.rounds)
        result = clean_copy(video, folder / "cleaned", "clip.mov")
        assert result.location_removed
        print(f"video {args.video_mb} MB: find what to remove {scan_s * 1000:.2f} ms; cleaned copy "
              f"{clean_s * 1000:.0f} ms vs plain copy {copy_s * 1000:.0f} ms: ratio {clean_s / copy_s:.2f}")
        jpeg = phone_jpeg()
        jpeg_s = best(lambda: clean_bytes(jpeg), args.rounds)
        print(f"JPEG 12 MP ({len(jpeg) / 1e6:.1f} MB): cleaned in memory in {jpeg_s * 1000:.1f} ms")


if __name__ == "__main__":
    main()
