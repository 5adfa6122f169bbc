"""``dashdesk --screenshot`` never waits for ever: with Dash unreachable or silent it gives up with a
message and exit code 1, and saves no picture (issue 15)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DASHDESK_DATA_DIR": str(tmp_path / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **extra}


def _screenshot(tmp_path: Path, api_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    shot = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "dashdesk", "--screenshot", str(shot), "--api-key",
                             "sk_test_never_printed", "--api-url", api_url, "--brand", "144"],
                            env=_env(tmp_path, **env), timeout=120, capture_output=True, text=True)
    assert not shot.exists()
    assert "sk_test_never_printed" not in result.stdout + result.stderr
    return result


def test_unreachable_dash_ends_the_screenshot_run_with_a_message(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _screenshot(tmp_path, f"http://127.0.0.1:{port}")
    assert result.returncode == 1
    assert "no screenshot saved" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_silent_dash_ends_the_screenshot_run_after_the_bounded_wait(tmp_path: Path, silent_server: str) -> None:
    result = _screenshot(tmp_path, silent_server, DASHDESK_SCREENSHOT_WAIT="3")
    assert result.returncode == 1
    assert "did not load within 3 seconds" in result.stderr and "Traceback" not in result.stderr
