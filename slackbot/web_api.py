"""The Web API transport: one TLS context per process, and connections kept open between calls.

slack_sdk's sync `WebClient` goes through `urllib`, which sends `Connection: close` and, when
no SSL context is given, builds a new one for every HTTPS connection (over 10 ms of CPU each
on OpenSSL 3, and a TLS handshake on top). `KeepAliveWebClient` keeps slack_sdk's requests,
retries and responses, and sends them over a small pool of persistent connections."""

from __future__ import annotations

import functools
import io
import select
import ssl
import threading
import time
from collections import deque
from http.client import HTTPConnection, HTTPSConnection
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# An idle connection is dropped before a server would be likely to close it under us.
IDLE_SECONDS = 30.0
IDLE_PER_HOST = 64


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The process's TLS context: the system's trust store (or SSL_CERT_FILE's), built once."""
    return ssl.create_default_context()


class _Idle:
    __slots__ = ("connection", "since")

    def __init__(self, connection: HTTPConnection, since: float) -> None:
        self.connection, self.since = connection, since


class ConnectionPool:
    """Idle HTTP/1.1 connections per host, shared by every client of the process."""

    def __init__(self) -> None:
        self._idle: dict[tuple[str, str, int], deque[_Idle]] = {}
        self._lock = threading.Lock()

    def send(self, request: Request, *, timeout: float) -> dict[str, Any]:
        """POST `request` and read the whole answer, as urllib's `urlopen` would: a status
        of 400 or more raises `HTTPError` (slack_sdk's retry handlers read it from there)."""
        url = urlsplit(request.full_url)
        key = (url.scheme, url.hostname or "", url.port or (443 if url.scheme == "https" else 80))
        target = url.path + (f"?{url.query}" if url.query else "")
        headers = dict(request.header_items())
        connection, reused = self._take(key, timeout)
        try:
            try:
                connection.request("POST", target, body=request.data, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                if not reused:
                    raise
                # The server closed the idle connection before reading this request, so
                # nothing was delivered: send it once more on a new connection.
                connection.close()
                connection, reused = self._connect(key, timeout), False
                connection.request("POST", target, body=request.data, headers=headers)
            response = connection.getresponse()
            body = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._give_back(key, connection)
        if response.status >= 400:
            raise HTTPError(
                request.full_url, response.status, response.reason, response.msg, io.BytesIO(body)
            )
        charset = response.msg.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.msg, "body": body.decode(charset)}

    def _take(self, key: tuple[str, str, int], timeout: float) -> tuple[HTTPConnection, bool]:
        now = time.monotonic()
        with self._lock:
            idle = self._idle.get(key)
            while idle:
                entry = idle.pop()  # the most recently used: the likeliest to be alive
                if now - entry.since < IDLE_SECONDS and not _closed_by_peer(entry.connection):
                    entry.connection.timeout = timeout
                    if entry.connection.sock is not None:
                        entry.connection.sock.settimeout(timeout)
                    return entry.connection, True
                entry.connection.close()
        return self._connect(key, timeout), False

    def _connect(self, key: tuple[str, str, int], timeout: float) -> HTTPConnection:
        scheme, host, port = key
        if scheme == "https":
            return HTTPSConnection(host, port, timeout=timeout, context=tls_context())
        return HTTPConnection(host, port, timeout=timeout)

    def _give_back(self, key: tuple[str, str, int], connection: HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, deque())
            if len(idle) < IDLE_PER_HOST:
                idle.append(_Idle(connection, time.monotonic()))
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            entries = [entry for idle in self._idle.values() for entry in idle]
            self._idle.clear()
        for entry in entries:
            entry.connection.close()


def _closed_by_peer(connection: HTTPConnection) -> bool:
    """A kept connection that has something to read between two calls was closed (or
    broken) by the server: it cannot carry another request."""
    sock = connection.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


POOL = ConnectionPool()


class KeepAliveWebClient(WebClient):
    """slack_sdk's WebClient over the process's pool of kept connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("ssl", tls_context())  # uploads and response_url posts use it too
        super().__init__(*args, **kwargs)

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        if self.proxy:
            return super()._perform_urllib_http_request_internal(url, req)
        return POOL.send(req, timeout=self.timeout)

    @classmethod
    def like(cls, client: WebClient) -> KeepAliveWebClient:
        """A copy of `client` (token, URL, retries, workspace) over the pool."""
        if isinstance(client, cls):
            return client
        return cls(
            token=client.token,
            base_url=client.base_url,
            timeout=client.timeout,
            ssl=client.ssl or tls_context(),
            proxy=client.proxy,
            headers=client.headers,
            team_id=client.default_params.get("team_id"),
            logger=client.logger,
            retry_handlers=list(client.retry_handlers),
        )
