"""DashDesk media layer (no Qt): know what a file is, what each platform makes of it, and upload it.

* :mod:`.inspect`: ``inspect_file(path) -> MediaInfo`` by content (Pillow, PyAV), ``MediaProblem``
  for corrupt/empty/unreadable/unsupported files, ``make_thumbnail(path, max_px) -> PNG bytes``;
* :mod:`.checks`: ``check_media_for_platform(info, platform, post_type)`` (refusals from the rules
  table, warnings from the cited peer-guidance table ``GUIDANCE``), ``check_media_set(kinds, ...)``;
* :mod:`.guidance`: what the platforms may refuse (sizes, lengths, shapes, picture size, frame rate,
  file formats), as data with each row's source;
* :mod:`.probe`: ``probe_file(path) -> MediaFacts``, what any file is (WebM, AVIF... included), never raising;
* :mod:`.preflight`: ``preflight(facts, platform, post_type) -> [Finding]`` (what is wrong, who refuses it,
  which fix cures it);
* :mod:`.fix`: one-click fixes with PyAV and Pillow (``plan_fix``, ``run_fix``) into a content-hash cache;
* :mod:`.cli`: ``dashdesk media check`` / ``dashdesk media fix``;
* :mod:`.store`: the SQLite file with the ``(brand_id, sha256) -> media_id`` map and queued uploads;
* :mod:`.upload`: one upload's states (``UploadState``), its item (``UploadItem``) and its steps
  (``UploadSteps``: inspect, prepare, hash, reuse, send with retries, record);
* :mod:`.retry`: which upload failures are retried and how long to wait (``UploadPolicy``);
* :mod:`.queue`: ``UploadQueue``, the asyncio upload queue (bounded, progress, cancel, retry, dedupe,
  survives restarts);
* :mod:`.samples`: sample media made locally for tests, demos and benchmarks.

Modules are imported on demand (``from dashdesk.media.inspect import inspect_file``) so that importing
``dashdesk.media.samples`` stays cheap.
"""
