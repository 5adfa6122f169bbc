"""The key travels only over TLS: plain HTTP only to this computer; proxies honoured; certificates verified.

Nothing here connects to an address off this computer: the proxy variables point at a listener on
127.0.0.1 and the only non-loopback names are reserved ones (``*.example.invalid``).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashdesk.api import ConnectionFailed, DashClient, RetryPolicy
from dashdesk.bulk.cli import EXIT_ROWS_FAILED, EXIT_USAGE, main
from dashdesk.secure_transport import (
    InsecureOriginError,
    check_origin,
    client_options,
    is_loopback_host,
    origin_problem,
    ssl_context,
)

KEY = "sk-tls-test-0123456789"
PLAIN = "http://dash-api.example.invalid"
TLS = "https://dash-api.example.invalid"


class Listener:
    """A TCP listener on 127.0.0.1 that records what arrives and answers a proxy's 403."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.received: list[bytes] = []
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(2)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                except OSError:
                    pass
                # Recorded before answering: the client raises as soon as the answer arrives, and the test
                # reads what arrived right after that.
                self.received.append(data)
                with contextlib.suppress(OSError):
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    @property
    def text(self) -> str:
        return b"".join(self.received).decode("latin-1")


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    """Every proxy variable (both spellings) points at a loopback listener; nothing bypasses it."""
    listener = Listener()
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, listener.url)
        monkeypatch.setenv(name.lower(), listener.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("DASHDESK_API_KEY", raising=False)
    monkeypatch.delenv("DASHDESK_API_URL", raising=False)
    yield listener
    listener.close()


# --- which origins may carry the key ---------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST.", "api.localhost",
                                  "[::1]", "::1", "::ffff:127.0.0.1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["dash-api.example.invalid", "10.0.0.1", "192.168.1.5", "0.0.0.0", "::",
                                  "localhost.example.invalid", "127.0.0.1.nip.io", "", None])
def test_other_hosts_are_not_loopback(host: str | None) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize("url", ["https://scheduler.dashsocial.com", "https://10.0.0.1:8443",
                                 "http://127.0.0.1:8765", "http://localhost:9000/", "http://[::1]:80"])
def test_accepted_origins(url: str) -> None:
    assert check_origin(url) == url
    assert origin_problem(url) is None


def test_plain_http_elsewhere_is_refused_with_a_plain_message() -> None:
    with pytest.raises(InsecureOriginError) as info:
        check_origin(PLAIN)
    message = info.value.user_message()
    assert "https://" in message and "dash-api.example.invalid" in message
    assert origin_problem("HTTP://Dash-API.example.invalid:80/path") is not None
    assert origin_problem("") is None and origin_problem(None) is None


@given(st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){1,3}", fullmatch=True))
def test_no_named_host_but_localhost_takes_plain_http(name: str) -> None:
    refused = origin_problem(f"http://{name}") is not None
    assert refused == (not (name == "localhost" or name.endswith(".localhost")))
    assert origin_problem(f"https://{name}") is None


def test_certificates_are_always_verified() -> None:
    context = ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert type(context).__module__.startswith("truststore")  # the operating system's trust store
    assert client_options()["verify"] is context


# --- nothing is sent to a refused origin ------------------------------------------------------------

def test_the_client_refuses_a_plain_http_origin_before_connecting(proxy: Listener) -> None:
    with pytest.raises(InsecureOriginError):
        DashClient(KEY, api_url=PLAIN)
    assert proxy.connections == 0 and proxy.received == []


@pytest.mark.parametrize("command", [["export", "--start", "2030-01-01", "--end", "2030-01-02"], ["import"]])
def test_headless_commands_refuse_a_plain_http_origin_and_send_nothing(
        command: list[str], proxy: Listener, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "posts.csv"
    csv.write_text("platform,time,text\nX,2030-06-01 10:00,hello\n", encoding="utf-8")
    args = [*command, str(csv if command == ["import"] else tmp_path / "out.csv"),
            "--api-url", PLAIN, "--api-key", KEY, "--brand", "1"]
    assert main(args) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "https://" in err and KEY not in err
    assert proxy.connections == 0 and proxy.received == []
    assert not (tmp_path / "out.csv").exists()


def test_the_app_shows_the_refusal_on_the_sign_in_screen(qtbot, run, proxy: Listener) -> None:
    import asyncio

    from dashdesk.ui.sign_in import SignInScreen

    screen = SignInScreen(api_url=PLAIN)
    qtbot.addWidget(screen)
    screen.key.setText(KEY)
    screen.test()
    run(asyncio.sleep(0.2))
    assert "https://" in screen.status.text() and KEY not in screen.status.text()
    assert not screen.continue_button.isEnabled()
    assert proxy.connections == 0


# --- loopback stays allowed, and direct --------------------------------------------------------------

@pytest.mark.asyncio
async def test_loopback_plain_http_works_and_skips_the_proxy(sandbox, proxy: Listener) -> None:
    async with DashClient(sandbox.api_key, api_url=sandbox.url) as client:
        me = await client.whoami()
    assert any(int(b.id) == sandbox.brand_id for b in me.brands)
    assert proxy.connections == 0  # the sandbox on this computer is reached directly


# --- the proxy variables are honoured -----------------------------------------------------------------

@pytest.mark.asyncio
async def test_the_app_client_goes_through_the_proxy(proxy: Listener) -> None:
    async with DashClient(KEY, api_url=TLS, retry=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(ConnectionFailed):
            await client.whoami()
    assert proxy.text.startswith("CONNECT dash-api.example.invalid:443 HTTP/1.1")
    assert KEY not in proxy.text  # the proxy sees where, never the key (it travels inside TLS)


@pytest.mark.parametrize("command", [["export", "--platform", "x", "--start", "2030-01-01", "--end", "2030-01-02"],
                                     ["import"]])
def test_headless_commands_go_through_the_proxy(command: list[str], proxy: Listener, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "posts.csv"
    csv.write_text("platform,time,text\nX,2030-06-01 10:00,hello\n", encoding="utf-8")
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(tmp_path / "data"))  # the import journal stays here
    code = main([*command, str(csv if command == ["import"] else tmp_path / "out.csv"),
                 "--api-url", TLS, "--api-key", KEY, "--brand", "1"])
    assert code == EXIT_ROWS_FAILED
    assert "CONNECT dash-api.example.invalid:443" in proxy.text
    assert KEY not in proxy.text and KEY not in capsys.readouterr().err


# --- certificates: an untrusted one is refused, one the system trusts is accepted ------------------------

class TlsServer:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate; answers 401 to any request."""

    def __init__(self, folder: Path) -> None:
        self.cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(self.cert)], check=True, capture_output=True)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(self.cert, key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.url = f"https://127.0.0.1:{self.sock.getsockname()[1]}"
        self.handshakes: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            try:
                conn.settimeout(5)
                with self.context.wrap_socket(conn, server_side=True) as tls:
                    self.handshakes.append("ok")
                    tls.recv(4096)
                    tls.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                                b"Content-Length: 2\r\nConnection: close\r\n\r\n{}")
            except (OSError, ssl.SSLError):
                self.handshakes.append("refused")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TlsServer]:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    try:
        server = TlsServer(tmp_path)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("openssl is not available to make a certificate")
    yield server
    server.close()
    ssl_context.cache_clear()  # the next test builds its context from the real trust store again


@pytest.mark.asyncio
async def test_an_untrusted_certificate_is_refused(tls_server: TlsServer) -> None:
    async with DashClient(KEY, api_url=tls_server.url, retry=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(ConnectionFailed):
            await client.whoami()
    assert "ok" not in tls_server.handshakes


@pytest.mark.asyncio
async def test_a_certificate_the_system_trusts_is_accepted(tls_server: TlsServer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """As a company root installed in the system store would be (here the store is pointed at it)."""
    from dashdesk.api import AuthenticationError

    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.cert))
    ssl_context.cache_clear()
    async with DashClient(KEY, api_url=tls_server.url, retry=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(AuthenticationError):  # TLS worked: the server's HTTP answer arrived
            await client.whoami()
    assert tls_server.handshakes == ["ok"]
