"""Median time to validate a 2,000-character body with 10 media (target < 1 ms).

Run: python3 benchmarks/validate_body.py
"""

from __future__ import annotations

import statistics
import time

from dashdesk.platforms import MediaKind, validate_body

RUNS = 2000


def median_ms(platform: str, body: dict, kinds: list[MediaKind]) -> float:
    """Median wall time of one validate_body call, in milliseconds."""
    for _ in range(50):
        validate_body(platform, body, kinds)
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        validate_body(platform, body, kinds)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    """Print the median validation time for a few representative bodies."""
    text = ("Launching our spring collection 🌸 with #linen #style and more at https://example.com/spring " * 40)[:2000]
    ten = [MediaKind.IMAGE] * 10
    cases = {
        "instagram FEED, 2,000 chars, 10 images": ("instagram", {
            "brand_id": 144, "status": "SCHEDULED", "auto_publish": True, "post_type": "FEED", "caption": text,
            "first_comment": "First!", "media_ids": list(range(1, 11)), "timestamp": "2026-03-10T15:00:00Z"}, ten),
        "linkedin, 2,000 chars, 10 images": ("linkedin", {
            "brand_id": 144, "status": "SCHEDULED", "text": text, "media_ids": list(range(1, 11)),
            "timestamp": "2026-03-10T15:00:00Z"}, ten),
        "bluesky (graphemes), 2,000 chars, 4 images": ("bluesky", {
            "brand_id": 144, "status": "SCHEDULED", "text": text, "media_ids": [1, 2, 3, 4],
            "timestamp": "2026-03-10T15:00:00Z"}, ten[:4]),
        "X (weighted), 2,000 chars, 4 images": ("twitter", {
            "brand_id": 144, "status": "SCHEDULED", "tweet_status": text, "media_ids": [1, 2, 3, 4],
            "timestamp": "2026-03-10T15:00:00Z"}, ten[:4]),
    }
    for name, (platform, body, kinds) in cases.items():
        ms = median_ms(platform, body, kinds)
        print(f"validate {name}: median {ms:.3f} ms (target < 1 ms) {'OK' if ms < 1 else 'OVER'}")


if __name__ == "__main__":
    main()
