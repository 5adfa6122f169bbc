"""Sending one logical request: pacing, retries with backoff, and mapping failures to typed errors."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from dashdesk.api import assumptions
from dashdesk.api import errors as e
from dashdesk.api.hosts import Hosts
from dashdesk.api.models import format_datetime
from dashdesk.api.pacing import Clock, PacingState, RateLimitInfo, RateLimitPacer, Sleep
from dashdesk.api.responses import decode_json, describe_url, error_from_response
from dashdesk.api.retry import RetryPolicy
from dashdesk.api.secret import ApiKey

log = logging.getLogger("dashdesk.api")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})

#: A function making a fresh request body for each attempt (a file stream can be read only once).
ContentFactory = Callable[[], AsyncIterable[bytes] | bytes]


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_datetime(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def encode_json(body: Any) -> bytes:
    """JSON bytes for a request body; datetimes become UTC ISO strings with ``Z``."""
    return json.dumps(body, default=_json_default, ensure_ascii=False).encode("utf-8")


@dataclass
class _Outcome:
    """What one try produced: a response, or an error and whether to try again."""

    response: httpx.Response | None = None
    data: Any = None
    error: e.DashError | None = None
    retryable: bool = False
    wait_hint: float | None = None


class Requester:
    """Runs requests through one ``httpx.AsyncClient`` with pacing and retries."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        hosts: Hosts,
        key: ApiKey,
        retry: RetryPolicy,
        pacer: RateLimitPacer | None,
        sleep: Sleep,
        clock: Clock = time.time,
        pacing: PacingState | None = None,
    ) -> None:
        self._http = http
        self.pacing = pacing
        self._hosts = hosts
        self._key = key
        self._retry = retry
        self._pacer = pacer
        self._sleep = sleep
        self._clock = clock

    async def request(self, method: str, url: httpx.URL | str, **kw: Any) -> httpx.Response:
        """Send and return the 2xx response (see :meth:`_run` for the keyword arguments)."""
        outcome = await self._run(method, url, expect_json=False, **kw)
        assert outcome.response is not None
        return outcome.response

    async def request_json(self, method: str, url: httpx.URL | str, **kw: Any) -> tuple[Any, httpx.Response]:
        """Send and return ``(decoded JSON or None, response)``.

        An unreadable body on an idempotent call is retried like a 5xx (it is usually a cut
        connection); otherwise it raises :class:`MalformedResponse`.
        """
        outcome = await self._run(method, url, expect_json=True, **kw)
        assert outcome.response is not None
        return outcome.data, outcome.response

    async def _run(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        content: ContentFactory | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        send_key: bool = True,
        platform: str | None = None,
        expect_json: bool = False,
    ) -> _Outcome:
        """Send until a 2xx answer (the returned outcome) or a final error (raised).

        Retries only where that is safe.

        ``idempotent`` defaults from the method (GET/PUT/PATCH/DELETE yes, POST no). A
        non-idempotent request is retried only when it certainly never reached the server
        (connection not established); once it may have, a lost answer raises
        :class:`OutcomeUnknown`.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        target = httpx.URL(url)
        dash_host = self._hosts.is_dash_url(target)
        body_headers = dict(headers or {})
        body_bytes: bytes | None = None
        if json_body is not None:
            body_bytes = encode_json(json_body)
            body_headers.setdefault("Content-Type", "application/json")
        attempt = rate_limited = 0
        while True:
            attempt += 1
            if dash_host and self._pacer is not None:
                await self._pacer.acquire()
            request = self._http.build_request(
                method,
                target,
                params=params,
                content=body_bytes if content is None else content(),
                headers=body_headers,
            )
            outcome = await self._attempt(
                request,
                idempotent=idempotent,
                send_key=send_key and dash_host,
                platform=platform,
                attempt=attempt,
                dash_host=dash_host,
                expect_json=expect_json,
            )
            if outcome.error is None:
                return outcome
            error = outcome.error
            assert error is not None
            if isinstance(error, e.RateLimitedError) and outcome.retryable:
                # 429s have their own budget: waiting for the reset is not a failed attempt
                rate_limited += 1
                if rate_limited > self._retry.max_rate_limit_retries:
                    raise error
            elif not outcome.retryable or attempt - rate_limited >= self._retry.max_attempts:
                raise error
            if outcome.wait_hint is not None and outcome.wait_hint > self._retry.max_rate_limit_wait:
                raise error
            delay = self._retry.delay_for(attempt, wait_hint=outcome.wait_hint)
            log.info(
                "retrying %s %s in %.2fs after %s (attempt %d of %d)",
                method,
                describe_url(target),
                delay,
                type(error).__name__,
                attempt + 1,
                self._retry.max_attempts,
            )
            await self._sleep(delay)

    async def _attempt(
        self,
        request: httpx.Request,
        *,
        idempotent: bool,
        send_key: bool,
        platform: str | None,
        attempt: int,
        dash_host: bool,
        expect_json: bool,
    ) -> _Outcome:
        """One try, never raising a transport or HTTP failure: it is described in the outcome."""
        where = {"method": request.method, "url": describe_url(request.url), "platform": platform, "attempts": attempt}
        auth: Any = httpx.USE_CLIENT_DEFAULT if send_key else None
        try:
            response = await self._http.send(request, auth=auth)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # the request never left this machine: always safe to try again
            cls = e.ConnectionFailed if isinstance(exc, httpx.ConnectError) else e.RequestTimeout
            return _Outcome(error=cls(self._explain(exc), **where), retryable=True)
        except httpx.TransportError as exc:
            # it may have reached the server (sent, then the answer was lost)
            if not idempotent:
                return _Outcome(error=e.OutcomeUnknown(self._explain(exc), **where))
            cls = e.RequestTimeout if isinstance(exc, httpx.TimeoutException) else e.ConnectionFailed
            return _Outcome(error=cls(self._explain(exc), **where), retryable=True)
        log.debug("%s %s -> %d", request.method, describe_url(request.url), response.status_code)
        info = RateLimitInfo.from_headers(response.headers)
        if dash_host and self._pacer is not None:
            self._pacer.observe(info)
        if dash_host and self.pacing is not None:
            if response.status_code == 429:
                wait = self._wait_hint(response, info)
                self.pacing.pace_until(self._clock() + (wait if wait is not None else 60.0), "refused")
            elif response.is_success:
                self.pacing.observe_success(info)
        if response.is_success:
            if not expect_json:
                return _Outcome(response=response)
            try:
                return _Outcome(response=response, data=decode_json(response))
            except e.MalformedResponse as exc:
                exc.platform, exc.attempts = platform, attempt
                if not idempotent:  # it was accepted, but what was made cannot be read back
                    unknown = e.OutcomeUnknown(
                        "the server accepted it but its answer could not be read",
                        status=response.status_code,
                        **where,
                    )
                    unknown.__cause__ = exc
                    return _Outcome(error=unknown)
                return _Outcome(error=exc, retryable=True)
        error = error_from_response(response, platform=platform, attempts=attempt, redact=self._key.redact)
        if not idempotent:
            if response.status_code in assumptions.CREATE_UNKNOWN_STATUSES:
                unknown = e.OutcomeUnknown(
                    f"the server answered {response.status_code} and may have stored it anyway",
                    status=response.status_code,
                    **where,
                )
                unknown.__cause__ = error
                return _Outcome(error=unknown)
            return _Outcome(error=error)
        return _Outcome(
            error=error,
            retryable=response.status_code in assumptions.RETRYABLE_STATUSES,
            wait_hint=self._wait_hint(response, info) if response.status_code == 429 else None,
        )

    def _wait_hint(self, response: httpx.Response, info: RateLimitInfo) -> float | None:
        """Seconds until the rate-limit window resets (``x-ratelimit-reset`` or ``Retry-After``)."""
        if info.reset is not None:
            return max(0.0, info.reset - self._clock())
        retry_after = response.headers.get("retry-after")
        if retry_after:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                return None
        return None

    def _explain(self, exc: Exception) -> str:
        """A short, key-free description of a transport failure."""
        text = self._key.redact(str(exc)) or type(exc).__name__
        return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text
