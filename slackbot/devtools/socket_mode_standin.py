"""A local stand-in of Slack's Socket Mode: a real WebSocket server beside the Web API stand-in.

The app asks `apps.connections.open` (on the Web API stand-in, with the app-level token) for
a `ws://` URL, valid for one connection; the server greets it with `hello`, then sends
envelopes as Slack does (`slash_commands`, `interactive`, `events_api`) and waits for each
ack, recording how long it took: one not acked within 3 s has failed, as in Slack. It can
ask the client to reconnect (`disconnect`), drop a connection without a word (the network
died: nothing more arrives from it, pings included), and redeliver an event.

`transport` carries the driver's requests as envelopes, so the same journey runs over HTTP
and over Socket Mode. Needs the `websockets` package (a development dependency).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from slackbot.devtools.driver import Answer
from slackbot.devtools.slack_standin import SlackStandIn

ACK_TIMEOUT_SECONDS = 3.0
# Slack only retries Events API deliveries; commands and interactions fail for the user.
REDELIVERED_KIND = "events_api"
# Interactions whose ack may carry an answer (response_action, options).
ANSWERED_INTERACTIONS = frozenset({"view_submission", "block_suggestion"})


class NotAcknowledged(AssertionError):
    """The app did not ack an envelope within 3 s: Slack shows the member an error."""


@dataclass
class Envelope:
    """One delivery to one connection, and what came back."""

    envelope_id: str
    kind: str
    payload: dict[str, Any]
    connection: int
    sent_at: float
    retry_attempt: int | None = None
    retry_reason: str | None = None
    acked_at: float | None = None
    ack: dict[str, Any] | None = None

    def message(self) -> dict[str, Any]:
        """The envelope as Slack sends it."""
        message: dict[str, Any] = {
            "envelope_id": self.envelope_id,
            "type": self.kind,
            "payload": self.payload,
            "accepts_response_payload": self.kind == "slash_commands"
            or self.payload.get("type") in ANSWERED_INTERACTIONS,
        }
        if self.kind == "events_api":
            message["retry_attempt"] = self.retry_attempt or 0
            message["retry_reason"] = self.retry_reason or ""
        return message

    @property
    def ack_seconds(self) -> float | None:
        return None if self.acked_at is None else self.acked_at - self.sent_at

    @property
    def acked_in_time(self) -> bool:
        seconds = self.ack_seconds
        return seconds is not None and seconds <= ACK_TIMEOUT_SECONDS


@dataclass
class Connection:
    """One WebSocket connection the app opened."""

    number: int
    socket: ServerConnection = field(repr=False)
    opened_at: float
    dropped_at: float | None = None  # the stand-in dropped it without a word
    closed_at: float | None = None  # closed by the app (or by Slack when it ended)

    @property
    def open(self) -> bool:
        return self.dropped_at is None and self.closed_at is None


class SocketModeStandIn:
    """Start with `with SocketModeStandIn(slack) as socket_mode:`; give the app
    `socket_mode.app_token` as SLACK_APP_TOKEN and `slack.api_url` as SLACK_API_URL."""

    def __init__(self, slack: SlackStandIn) -> None:
        self.slack = slack
        self.app_token = slack.issue_app_token(self._issue_url)
        self.envelopes: list[Envelope] = []
        self.connections: list[Connection] = []
        # What Slack would not accept from a client: acks of unknown envelopes, non-JSON.
        self.problems: list[str] = []
        self._tickets: set[str] = set()
        self._drop_after_next = False
        self._ids = itertools.count(1)
        self._lock = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Server | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> SocketModeStandIn:
        self._thread.start()
        self._server = self._run(self._serve())
        return self

    async def _serve(self) -> Server:
        # No pings from this side: whether a silent drop is noticed is up to the client.
        return await serve(
            self._connection,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            ping_interval=None,
            compression=None,
        )

    def stop(self) -> None:
        if self._server is None:
            return
        self._run(self._shut_down(self._server))
        self._server = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    async def _shut_down(self, server: Server) -> None:
        for connection in self.connections:
            connection.socket.transport.abort()
        server.close()
        await server.wait_closed()

    def __enter__(self) -> SocketModeStandIn:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    # -- connections -----------------------------------------------------------------

    def _issue_url(self) -> str:
        """For apps.connections.open: a URL good for one connection."""
        assert self._server is not None, "start() the Socket Mode stand-in first"
        ticket = secrets.token_hex(8)
        with self._lock:
            self._tickets.add(ticket)
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={ticket}&app_id=APARACHUTE"

    def _check_ticket(self, socket: ServerConnection, request: Request) -> Response | None:
        ticket = parse_qs(urlsplit(request.path).query).get("ticket", [""])[0]
        with self._lock:
            if ticket in self._tickets:
                self._tickets.remove(ticket)
                return None
        return socket.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")

    async def _connection(self, socket: ServerConnection) -> None:
        with self._lock:
            connection = Connection(len(self.connections) + 1, socket, time.monotonic())
            self.connections.append(connection)
            open_count = len([c for c in self.connections if c.open])
        await socket.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": open_count,
                    "debug_info": {
                        "host": "applink-standin",
                        "build_number": 1,
                        "approximate_connection_time": 18060,
                    },
                    "connection_info": {"app_id": "APARACHUTE"},
                }
            )
        )
        with self._lock:
            self._lock.notify_all()
        try:
            async for text in socket:
                self._receive(connection, text)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                connection.closed_at = connection.closed_at or time.monotonic()
                self._lock.notify_all()

    def _receive(self, connection: Connection, text: str | bytes) -> None:
        try:
            ack = json.loads(text)
        except ValueError:
            ack = None
        with self._lock:
            if not isinstance(ack, dict) or not ack.get("envelope_id"):
                self.problems.append(f"connection {connection.number}: not an ack")
                return
            envelope = next(
                (e for e in self.envelopes if e.envelope_id == ack["envelope_id"]), None
            )
            if envelope is None:
                self.problems.append(f"ack of an unknown envelope {ack['envelope_id']}")
            elif envelope.ack is not None:
                self.problems.append(f"envelope {envelope.envelope_id} acked twice")
            else:
                envelope.ack, envelope.acked_at = ack, time.monotonic()
            self._lock.notify_all()

    def open_connections(self) -> list[Connection]:
        with self._lock:
            return [c for c in self.connections if c.open]

    def wait_for_connection(self, number: int = 1, timeout: float = 10.0) -> Connection:
        """Wait until the app has opened its `number`th connection (counting all so far)."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.connections) >= number, timeout):
                raise TimeoutError(f"the app opened fewer than {number} connections")
            return self.connections[number - 1]

    def wait_closed(self, connection: Connection, timeout: float = 10.0) -> None:
        with self._lock:
            if not self._lock.wait_for(lambda: connection.closed_at is not None, timeout):
                raise TimeoutError(f"connection {connection.number} is still open")

    # -- what Slack sends ------------------------------------------------------------

    def send(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> Envelope:
        """Deliver an envelope to the newest open connection (each envelope goes to one)."""
        with self._lock:
            candidates = [c for c in self.connections if c.open]
            if not candidates:
                raise ConnectionError("the app has no open Socket Mode connection")
            connection = candidates[-1]
            envelope = Envelope(
                envelope_id=f"{next(self._ids):04d}-{secrets.token_hex(8)}",
                kind=kind,
                payload=payload,
                connection=connection.number,
                sent_at=time.monotonic(),
                retry_attempt=retry_attempt,
                retry_reason=retry_reason,
            )
            self.envelopes.append(envelope)
            then_drop, self._drop_after_next = self._drop_after_next, False
        self._run(self._deliver(connection, json.dumps(envelope.message()), then_drop))
        return envelope

    def drop_after_next_envelope(self) -> None:
        """The connection dies without a word right after the next envelope goes out: the
        app gets it and acts on it, but its ack never arrives."""
        with self._lock:
            self._drop_after_next = True

    async def _deliver(self, connection: Connection, text: str, then_drop: bool) -> None:
        await connection.socket.send(text)
        if then_drop:
            self._drop(connection)

    def redeliver(self, envelope: Envelope, reason: str = "timeout") -> Envelope:
        """Slack's retry of an event it thinks was missed: the same payload, a new envelope."""
        if envelope.kind != REDELIVERED_KIND:
            raise ValueError("Slack redelivers Events API envelopes only")
        return self.send(
            envelope.kind,
            envelope.payload,
            retry_attempt=(envelope.retry_attempt or 0) + 1,
            retry_reason=reason,
        )

    def wait_ack(self, envelope: Envelope, timeout: float = ACK_TIMEOUT_SECONDS) -> bool:
        """Wait for the envelope's ack (at most `timeout` s): True if it came in time."""
        with self._lock:
            self._lock.wait_for(lambda: envelope.ack is not None, timeout)
            return envelope.acked_in_time

    def request_reconnect(self, reason: str = "refresh_requested") -> None:
        """Slack's `disconnect`: `refresh_requested` (the link is being replaced) or
        `warning` (it ends in about 10 s); the app should open a new connection."""
        message = json.dumps(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-standin"}}
        )
        for connection in self.open_connections():
            self._run(connection.socket.send(message))

    def _drop(self, connection: Connection) -> None:
        """The connection dies without a word: no close frame, no more pongs, and nothing
        that the app sends arrives."""
        connection.socket.transport.pause_reading()  # its acks and pings go unread
        with self._lock:
            connection.dropped_at = time.monotonic()
            self._lock.notify_all()

    # -- the driver's requests, as envelopes -------------------------------------------

    def transport(self, body: bytes, headers: dict[str, str]) -> Answer:
        """A driver transport: the request the driver signed goes as the envelope Slack
        would send instead (no signature in Socket Mode); the ack's payload is the answer."""
        envelope = self._send_request(body, headers)
        if not self.wait_ack(envelope):
            raise NotAcknowledged(f"{envelope.kind} envelope not acked within 3 s")
        assert envelope.ack is not None
        answer = envelope.ack.get("payload")
        return Answer(200, json.dumps(answer).encode() if answer else b"", {})

    def transport_without_waiting(self, body: bytes, headers: dict[str, str]) -> Answer:
        """A driver transport that sends the envelope and returns at once (202, no body):
        its ack, if any, arrives later in `envelopes`."""
        self._send_request(body, headers)
        return Answer(HTTPStatus.ACCEPTED, b"", {})

    def _send_request(self, body: bytes, headers: dict[str, str]) -> Envelope:
        return self.send(*envelope_of(body, headers), **_retry_of(headers))


def envelope_of(body: bytes, headers: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The envelope type and payload Slack sends over Socket Mode for an HTTP request body."""
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if content_type.startswith("application/json"):
        payload = json.loads(body)
        if payload.get("type") != "event_callback":
            raise ValueError(f"no Socket Mode envelope for {payload.get('type')!r}")
        return "events_api", payload
    fields = dict(parse_qsl(body.decode(), keep_blank_values=True))
    if "payload" in fields:
        return "interactive", json.loads(fields["payload"])
    return "slash_commands", fields


def _retry_of(headers: dict[str, str]) -> dict[str, Any]:
    lowered = {k.lower(): v for k, v in headers.items()}
    if "x-slack-retry-num" not in lowered:
        return {}
    return {
        "retry_attempt": int(lowered["x-slack-retry-num"]),
        "retry_reason": lowered.get("x-slack-retry-reason", ""),
    }
