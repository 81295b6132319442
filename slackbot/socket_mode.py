"""`slackbot serve --socket`: Slack's requests as envelopes over a WebSocket the app opens.

slack_sdk's built-in Socket Mode client carries them: it pings the server and counts a
connection that stopped answering as dead, so a silent drop is repaired within seconds; it
reconnects on `disconnect` and on a close; and it hands envelopes to a pool of threads, so
one slow listener does not hold up the others. It needs nothing but the standard library.
"""

import contextlib
import json
import logging
import socket
import threading
from queue import Empty

from slack_bolt import App
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient

logger = logging.getLogger(__name__)

# A connection is dead after four pings without a pong (the client's rule): with a ping
# every 1.5 s, a silent drop is noticed and repaired within about 10 s (the adapter's
# default of 10 s left the bot deaf for about 50 s).
PING_INTERVAL_SECONDS = 1.5
SIGNAL_CHECK_SECONDS = 0.2
# Envelopes handled at once; each acks within 3 s and leaves the slow work to the app's
# listener pool.
CONCURRENCY = 10


def run_socket_mode(app: App, app_token: str, stopping: threading.Event) -> None:
    """Connect with the app's own Web API client, serve envelopes until `stopping` is set,
    then stop gracefully. Raises SlackApiError when Slack refuses the app-level token."""
    handler = SocketModeHandler(
        app,
        app_token,
        web_client=app.client,
        ping_interval=PING_INTERVAL_SECONDS,
        concurrency=CONCURRENCY,
    )
    socket_mode = handler.client
    try:
        socket_mode.connect()
    except BaseException:
        socket_mode.close()
        raise
    logger.info("connected to Slack over Socket Mode")
    # Never an untimed wait: a signal the kernel hands to another thread only runs its
    # Python handler once the main thread wakes (SIGTERM was ignored now and then).
    while not stopping.wait(SIGNAL_CHECK_SECONDS):
        pass
    close_gracefully(socket_mode)
    logger.info("Socket Mode connection closed")


def close_gracefully(socket_mode: SocketModeClient) -> None:
    """Take no more envelopes, finish and ack those already received, then close.

    The client's own close() shuts the socket first, so an envelope being handled could
    never be acked: Slack would fail a member's command, or deliver an event again. This
    uses the built-in client's own parts (its reader, queue and workers), as of slack_sdk 3."""
    socket_mode.auto_reconnect_enabled = False
    socket_mode.current_app_monitor.shutdown()  # no pings or reconnects from here on
    socket_mode.current_session_state.terminated = True
    session = socket_mode.current_session
    if session is not None and session.sock is not None:
        # Wakes the reader at once; acks can still be written.
        with contextlib.suppress(OSError):
            session.sock.shutdown(socket.SHUT_RD)
    socket_mode.current_session_runner.shutdown()
    socket_mode.closed = True
    socket_mode.message_processor.shutdown()
    while True:  # received before the stop: handled, not dropped
        try:
            raw = socket_mode.message_queue.get_nowait()
        except Empty:
            break
        message = json.loads(raw) if raw.startswith("{") else {}
        # A `disconnect` now would open a connection that nothing reads.
        if message.get("type") != "disconnect":
            socket_mode.message_workers.submit(socket_mode.run_message_listeners, message, raw)
    socket_mode.message_workers.shutdown(wait=True)
    socket_mode.close()
