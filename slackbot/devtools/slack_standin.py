"""A local stand-in of the Slack Web API: a real HTTP server, as strict as Slack where it counts.

It records every call, validates what it receives with slack_sdk.models (Block Kit limits),
enforces trigger ids (single use, dead after 3 s) and response_url limits (5 uses in 30
minutes), keeps each user's modal stack and App Home, and can be told to fail: a 429 with
Retry-After, a 5xx, or `ok: false` with a given error. `latency` makes every Web API call
answer that many seconds late, as a distant Slack does (the benchmarks use 100 ms), and
`post_interval` refuses a chat.postMessage that comes sooner than that many seconds after
the last one in the same channel with a 429 and Retry-After, as Slack does (about one a
second per channel); `rate_limited` lists the channels of those refusals.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import math
import re
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

TRIGGER_TTL_SECONDS = 3.0
RESPONSE_URL_USES = 5
RESPONSE_URL_TTL_SECONDS = 30 * 60
MODAL_STACK_MAX = 3
MESSAGE_BLOCKS_MAX = 50
OAUTH_CODE_TTL_SECONDS = 10 * 60


class SlackError(Exception):
    """An `ok: false` answer."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    answered: bool = False  # what the call changed is in place (wait_for waits for this)


@dataclass
class Fault:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    about: str | None = None  # only a call about this channel (or user, for a DM)


@dataclass
class User:
    id: str
    name: str
    tz: str = "America/New_York"
    is_admin: bool = False
    is_owner: bool = False


@dataclass
class _Trigger:
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class _ResponseUrl:
    user_id: str
    channel_id: str
    issued_at: float
    uses: int = 0


@dataclass
class Message:
    """A message as a user would see it: where, to whom (ephemeral), and its content."""

    channel: str
    text: str | None
    blocks: list[dict[str, Any]]
    user: str | None = None  # set for ephemeral messages: only this user sees it
    ts: str = ""
    via: str = "chat.postMessage"
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # shared with the message
    # A reply to a command or a click, as the app sent it (None: left to Slack's default).
    response_type: str | None = None


@dataclass
class StoredFile:
    """A file in the workspace: uploaded by a user, or by the app (files.uploadV2)."""

    id: str
    name: str
    user: str
    content: bytes | None = None  # None until the app's upload has arrived
    length: int = 0
    title: str | None = None
    completed: bool = False
    channel: str | None = None  # where it was shared, if anywhere
    thread_ts: str | None = None


TOMBSTONE = "deleted"  # a deleted thread parent, as Slack shows it


@dataclass
class _Workspace:
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    stacks: dict[str, list[str]] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)


class SlackStandIn:
    """Start with `with SlackStandIn() as slack:`; point the app at `slack.api_url`."""

    def __init__(
        self,
        *,
        team_id: str = "T0COHORT",
        bot_user_id: str = "UPARACHUTE",
        clock: Callable[[], float] = time.monotonic,
        latency: float = 0.0,
        post_interval: float | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.token = "xoxb-standin-" + secrets.token_hex(8)
        self._tokens: dict[str, str] = {self.token: team_id}  # bot token -> its workspace
        # App-level token (xapp-) -> what issues a Socket Mode URL (the Socket Mode stand-in).
        self._app_tokens: dict[str, Callable[[], str]] = {}
        self._oauth_app: tuple[str, str] | None = None  # (client id, client secret)
        self._codes: dict[str, tuple[str, str, float]] = {}  # code -> (team, user, issued)
        self.calls: list[Call] = []
        self._clock = clock
        self._lock = threading.Condition()
        self._users: dict[str, User] = {}
        self._triggers: dict[str, _Trigger] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._faults: dict[str, list[Fault]] = {}
        self._ws = _Workspace()
        self._files: dict[str, StoredFile] = {}
        self._ids = itertools.count(1)
        self.latency = latency
        self.post_interval = post_interval
        self._last_post_at: dict[str, float] = {}  # channel -> when a post was last taken
        self.rate_limited: list[str] = []
        # Every `ok: false` answer (method, error), and how old each trigger id was when used.
        self.failures: list[tuple[str, str]] = []
        self.trigger_ages: list[float] = []
        self._last_ts = 0.0
        self._server: ThreadingHTTPServer | None = None
        self._tls = tls  # served over HTTPS, as Slack is, with this server-side context
        self.connections = 0  # TCP connections accepted: kept-alive clients open few
        self._open_sockets: set[socket.socket] = set()

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> SlackStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, a kept-alive client's
            # delayed ACK holds the body back 40 ms (Nagle), which Slack's servers never do.
            disable_nagle_algorithm = True

            def log_message(self, *_: Any) -> None:  # quiet: tests read `calls` instead
                pass

            def setup(self) -> None:
                super().setup()
                with standin._lock:
                    standin.connections += 1
                    standin._open_sockets.add(self.connection)

            def finish(self) -> None:
                with standin._lock:
                    standin._open_sockets.discard(self.connection)
                super().finish()

            def do_GET(self) -> None:
                standin._handle(self)

            def do_POST(self) -> None:
                standin._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self._tls is not None:
            # The handshake happens in each connection's own thread, on its first read.
            self._server.socket = self._tls.wrap_socket(
                self._server.socket, server_side=True, do_handshake_on_connect=False
            )
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def drop_connections(self) -> None:
        """Close every open connection, as a server does with idle kept-alive ones."""
        with self._lock:
            open_sockets = list(self._open_sockets)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"{'https' if self._tls else 'http'}://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- what tests and the shell set up ---------------------------------------------

    def add_user(self, user_id: str, name: str, **details: Any) -> User:
        user = User(id=user_id, name=name, **details)
        with self._lock:
            self._users[user_id] = user
        return user

    def issue_trigger_id(self, user_id: str) -> str:
        trigger_id = f"{next(self._ids)}.{secrets.token_hex(6)}"
        with self._lock:
            self._triggers[trigger_id] = _Trigger(user_id, self._clock())
        return trigger_id

    def issue_response_url(self, user_id: str, channel_id: str) -> str:
        key = secrets.token_hex(8)
        with self._lock:
            self._response_urls[key] = _ResponseUrl(user_id, channel_id, self._clock())
        return f"{self.base_url}/response/{key}"

    def register_oauth_app(self, client_id: str, client_secret: str) -> None:
        """The app's credentials, as Slack knows them, for oauth.v2.access."""
        with self._lock:
            self._oauth_app = (client_id, client_secret)

    def approve_install(self, team_id: str, user_id: str) -> str:
        """A user clicked Allow on Slack's authorize page: the code Slack redirects with."""
        code = f"{team_id}.{secrets.token_hex(8)}"
        with self._lock:
            self._codes[code] = (team_id, user_id, self._clock())
        return code

    def issue_app_token(self, open_connection: Callable[[], str]) -> str:
        """An app-level token: `apps.connections.open` with it answers `open_connection()`,
        a WebSocket URL (the Socket Mode stand-in's)."""
        token = "xapp-1-APARACHUTE-" + secrets.token_hex(8)
        with self._lock:
            self._app_tokens[token] = open_connection
        return token

    def tokens_of(self, team_id: str) -> list[str]:
        with self._lock:
            return [token for token, team in self._tokens.items() if team == team_id]

    def revoke_tokens(self, team_id: str) -> None:
        """The workspace uninstalled the app: its tokens stop working, as in Slack."""
        with self._lock:
            for token in [t for t, team in self._tokens.items() if team == team_id]:
                del self._tokens[token]

    def upload_file(self, user_id: str, name: str, content: bytes) -> dict[str, Any]:
        """A file the user picked in a file input: the object Slack puts in view.state."""
        stored = StoredFile(
            id=f"F{next(self._ids):08d}",
            name=name,
            user=user_id,
            content=content,
            length=len(content),
            completed=True,
        )
        with self._lock:
            self._files[stored.id] = stored
            return self._file_object(stored)

    def stored_files(self) -> list[StoredFile]:
        """Every file the workspace holds: members' uploads and the app's."""
        with self._lock:
            return list(self._files.values())

    def file_content(self, file_id: str) -> bytes:
        with self._lock:
            content = self._files[file_id].content
        assert content is not None, "the file's upload never arrived"
        return content

    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int = 200,
        retry_after: int | None = None,
        delay: float = 0.0,
        about: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` (about a channel or user, if given) fail,
        or just answer after `delay` s."""
        with self._lock:
            self._faults.setdefault(method, []).extend(
                Fault(status, error, retry_after, delay, about) for _ in range(times)
            )

    # -- what tests and the shell read -----------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `method` has been called and answered `count` times (work done after
        an ack)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method and c.answered]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{method} called fewer than {count} times")
                self._lock.wait(remaining)
            return [c for c in self.calls if c.method == method]

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `condition()` holds: it is checked again after every call answered
        (App Home redrawn after a burst of changes, say)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the condition did not hold in time")
                self._lock.wait(remaining)

    def modal_stack(self, user_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [self._ws.views[view_id] for view_id in self._ws.stacks.get(user_id, [])]

    def top_modal(self, user_id: str) -> dict[str, Any] | None:
        stack = self.modal_stack(user_id)
        return stack[-1] if stack else None

    def home(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            view_id = self._ws.homes.get(user_id)
            return self._ws.views[view_id] if view_id else None

    def messages(self, *, channel: str | None = None, user: str | None = None) -> list[Message]:
        """Messages in `channel`, or all that `user` can see: theirs and public ones."""
        with self._lock:
            found = list(self._ws.messages)
        if channel is not None:
            found = [m for m in found if m.channel == channel]
        if user is not None:
            found = [m for m in found if m.user in (None, user)]
        return found

    def shared_files(self, *, channel: str | None = None) -> list[StoredFile]:
        """Files whose upload was completed and shared (in `channel`, if given)."""
        with self._lock:
            found = [f for f in self._files.values() if f.channel is not None]
        return [f for f in found if channel is None or f.channel == channel]

    def record_message(self, message: Message) -> None:
        with self._lock:
            self._ws.messages.append(message)

    # -- what the Slack client does with a submission's answer -------------------------

    def apply_view_response(self, user_id: str, view_id: str, answer: dict[str, Any]) -> None:
        """Update the modal stack as Slack does after a view_submission is acknowledged."""
        action = answer.get("response_action")
        with self._lock:
            stack = self._ws.stacks.setdefault(user_id, [])
            if action == "errors":
                return
            if action == "clear":
                stack.clear()
            elif action == "update":
                self._store_view(answer["view"], view_id=view_id, user_id=user_id, modal=True)
            elif action == "push":
                self._push(user_id, answer["view"])
            elif view_id in stack:
                stack.remove(view_id)

    def close_modal(self, user_id: str, view_id: str) -> None:
        with self._lock:
            stack = self._ws.stacks.get(user_id, [])
            if view_id in stack:
                del stack[stack.index(view_id) :]

    # -- the HTTP side -----------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if parts.path.startswith("/response/"):
            status, body = self._response_url(parts.path.removeprefix("/response/"), raw)
            self._reply(request, status, body, content_type="text/plain")
            return
        if parts.path.startswith("/files-pri/"):
            self._download(request, parts.path.removeprefix("/files-pri/"))
            return
        if parts.path.startswith("/upload/v1/"):
            status, body = self._receive_upload(parts.path.removeprefix("/upload/v1/"), raw)
            self._reply(request, status, body, content_type="text/plain")
            return
        method = parts.path.removeprefix("/api/")
        args = dict(parse_qsl(parts.query))
        if raw:
            if (request.headers.get("Content-Type") or "").startswith("application/json"):
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw.decode()))
        authorization = request.headers.get("Authorization") or ""
        token = (
            authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        )
        token = token or args.pop("token", None)
        call = Call(method, args, token)
        with self._lock:
            self.calls.append(call)
            faults = self._faults.get(method) or []
            subjects = (None, args.get("channel"), args.get("users"))
            fault = next((f for f in faults if f.about in subjects), None)
            if fault is not None:
                faults.remove(fault)
        try:
            self._serve_call(request, call, fault)
        finally:
            with self._lock:
                call.answered = True
                self._lock.notify_all()

    def _serve_call(self, request: BaseHTTPRequestHandler, call: Call, fault: Fault | None) -> None:
        method, args, token = call.method, call.args, call.token
        if self.latency:
            time.sleep(self.latency)
        if fault is not None:
            time.sleep(fault.delay)
            if fault.status != 200 or fault.error:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                error = fault.error or ("ratelimited" if fault.status == 429 else "internal_error")
                self._reply(request, fault.status, {"ok": False, "error": error}, headers=headers)
                return
        wait = self._too_soon(method, args)
        if wait is not None:
            headers = {"Retry-After": str(math.ceil(wait))}
            self._reply(request, 429, {"ok": False, "error": "ratelimited"}, headers=headers)
            return
        if method == "oauth.v2.access":
            body = self._oauth_v2_access(args, request.headers.get("Authorization") or "")
            self._reply(request, 200, body)
            return
        if method == "apps.connections.open":
            self._reply(request, 200, self._apps_connections_open(token or ""))
            return
        with self._lock:
            team_id = self._tokens.get(token or "")
        if team_id is None:
            self._reply(request, 200, {"ok": False, "error": "invalid_auth"})
            return
        try:
            # The token's workspace goes along, for auth.test.
            result = self._answer(method, {**args, "_team_id": team_id})
        except SlackError as failure:
            with self._lock:
                self.failures.append((method, failure.error))
            self._reply(request, 200, {"ok": False, "error": failure.error, **failure.extra})
            return
        self._reply(request, 200, {"ok": True, **result})

    def _too_soon(self, method: str, args: dict[str, Any]) -> float | None:
        """With `post_interval`: the seconds a post to this channel must wait, or None
        (taken, and counted from now)."""
        if self.post_interval is None or method != "chat.postMessage":
            return None
        channel = str(args.get("channel"))
        with self._lock:
            now = self._clock()
            last = self._last_post_at.get(channel)
            if last is not None and now - last < self.post_interval:
                self.rate_limited.append(channel)
                return self.post_interval - (now - last)
            self._last_post_at[channel] = now
        return None

    def _reply(
        self,
        request: BaseHTTPRequestHandler,
        status: int,
        body: dict[str, Any] | str,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        request.send_response(status)
        request.send_header("Content-Type", f"{content_type}; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        # The client may have given up waiting (a timeout test): Slack would not care either.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(data)

    # -- the Web API methods -------------------------------------------------------------

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "files.info": self._files_info,
            "files.delete": self._files_delete,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.completeUploadExternal": self._files_complete_upload_external,
        }
        if method not in handlers:
            raise SlackError("unknown_method")
        with self._lock:
            return handlers[method](args)

    def _oauth_v2_access(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        """Exchange an install's code for the workspace's bot token (client credentials by
        HTTP Basic auth or in the form, as Slack accepts); each code works once, 10 minutes."""
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization.removeprefix("Basic ")).decode()
            client_id, _, client_secret = decoded.partition(":")
        with self._lock:
            if self._oauth_app is None or (client_id, client_secret) != self._oauth_app:
                return {"ok": False, "error": "invalid_client_id"}
            grant = self._codes.pop(args.get("code") or "", None)
            if grant is None or self._clock() - grant[2] > OAUTH_CODE_TTL_SECONDS:
                return {"ok": False, "error": "invalid_code"}
            team_id, user_id, _ = grant
            token = f"xoxb-{team_id.lower()}-" + secrets.token_hex(8)
            self._tokens[token] = team_id
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": args.get("scope") or "commands,chat:write",
            "bot_user_id": self.bot_user_id,
            "app_id": "APARACHUTE",
            "team": {"id": team_id, "name": f"Workspace {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": user_id},
        }

    def _apps_connections_open(self, token: str) -> dict[str, Any]:
        """Socket Mode: only an app-level token opens a connection, as in Slack."""
        with self._lock:
            open_connection = self._app_tokens.get(token)
            if open_connection is None:
                error = "not_allowed_token_type" if token in self._tokens else "invalid_auth"
                self.failures.append(("apps.connections.open", error))
                return {"ok": False, "error": error}
        return {"ok": True, "url": open_connection()}

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://cohort.slack.com/",
            "team": "Cohort",
            "user": "parachute",
            "team_id": args["_team_id"],
            "user_id": self.bot_user_id,
            "bot_id": "BPARACHUTE",
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._users.get(args.get("user", ""))
        if user is None:
            raise SlackError("user_not_found")
        return {
            "user": {
                "id": user.id,
                "team_id": self.team_id,
                "name": user.name.lower().replace(" ", "."),
                "real_name": user.name,
                "tz": user.tz,
                "is_admin": user.is_admin,
                "is_owner": user.is_owner,
                "is_bot": False,
                "profile": {"display_name": user.name, "real_name": user.name},
            }
        }

    def _use_trigger(self, trigger_id: str | None) -> str:
        trigger = self._triggers.get(trigger_id or "")
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        age = self._clock() - trigger.issued_at
        self.trigger_ages.append(age)
        if age > TRIGGER_TTL_SECONDS:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger.user_id

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        view = _checked_view(args.get("view"), "modal")
        user_id = self._use_trigger(args.get("trigger_id"))
        stored = self._store_view(view, view_id=None, user_id=user_id, modal=True)
        self._ws.stacks[user_id] = [stored["id"]]
        return {"view": stored}

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        view = _checked_view(args.get("view"), "modal")
        user_id = self._use_trigger(args.get("trigger_id"))
        if not self._ws.stacks.get(user_id):
            raise SlackError("invalid_trigger_id")  # nothing open to push onto
        return {"view": self._push(user_id, view)}

    def _push(self, user_id: str, view: dict[str, Any]) -> dict[str, Any]:
        stack = self._ws.stacks.setdefault(user_id, [])
        if len(stack) >= MODAL_STACK_MAX:
            raise SlackError("push_limit_reached")
        stored = self._store_view(view, view_id=None, user_id=user_id, modal=True)
        stack.append(stored["id"])
        return stored

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view = _checked_view(args.get("view"))
        view_id = args.get("view_id")
        current = self._ws.views.get(view_id or "")
        if current is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        if current["type"] == "modal" and not any(
            view_id in stack for stack in self._ws.stacks.values()
        ):
            raise SlackError("not_found")  # the member closed it
        stored = self._store_view(
            view, view_id=view_id, user_id=current["user_id"], modal=current["type"] == "modal"
        )
        return {"view": stored}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = _checked_view(args.get("view"), "home")
        user_id = args.get("user_id", "")
        if user_id not in self._users:
            raise SlackError("user_not_found")
        current = self._ws.homes.get(user_id)
        if args.get("hash") and current and args["hash"] != self._ws.views[current]["hash"]:
            raise SlackError("hash_conflict")
        stored = self._store_view(view, view_id=current, user_id=user_id, modal=False)
        self._ws.homes[user_id] = stored["id"]
        return {"view": stored}

    def _store_view(
        self, view: dict[str, Any], *, view_id: str | None, user_id: str, modal: bool
    ) -> dict[str, Any]:
        previous = self._ws.views.get(view_id or "")
        new_id = view_id or f"V{next(self._ids):08d}"
        stack = self._ws.stacks.get(user_id, [])
        position = stack.index(new_id) if new_id in stack else len(stack)
        stored = {
            **view,
            "id": new_id,
            "team_id": self.team_id,
            "app_id": "APARACHUTE",
            "bot_id": "BPARACHUTE",
            "user_id": user_id,
            "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
            "state": {"values": {}},
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "previous_view_id": (stack[position - 1] if modal and position > 0 else None),
            "root_view_id": (stack[0] if modal and stack else new_id),
        }
        if previous is not None and previous.get("root_view_id"):
            stored["root_view_id"] = previous["root_view_id"]
        self._ws.views[new_id] = stored
        return stored

    def _channel(self, channel: str | None) -> str:
        """A user id names the app's DM with that user, as in Slack."""
        if not channel:
            raise SlackError("channel_not_found")
        if channel[0] in "UW":
            if channel not in self._users:
                raise SlackError("channel_not_found")
            return dm_channel(channel)
        if channel[0] == "D" and "U" + channel[1:] not in self._users:
            raise SlackError("channel_not_found")
        return channel

    def _post(self, args: dict[str, Any], *, user: str | None, via: str) -> Message:
        channel = self._channel(args.get("channel"))
        blocks = _checked_blocks(args.get("blocks"))
        if not args.get("text") and not blocks:
            raise SlackError("no_text")
        thread_ts = args.get("thread_ts")
        if thread_ts and not any(
            m.channel == channel and m.ts == thread_ts for m in self._ws.messages
        ):
            raise SlackError("thread_not_found")
        metadata = _checked_metadata(args.get("metadata"))
        message = Message(
            channel=channel,
            text=args.get("text"),
            blocks=blocks,
            user=user,
            ts=self._next_ts(),
            via=via,
            thread_ts=thread_ts,
            metadata=metadata,
        )
        self._ws.messages.append(message)
        return message

    def _next_ts(self) -> str:
        """Message timestamps are unique and increasing per workspace, as in Slack."""
        stamp = max(time.time(), self._last_ts + 0.000001)
        self._last_ts = stamp
        return f"{stamp:.6f}"

    def _chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self._post(args, user=None, via="chat.postMessage")
        return {"channel": message.channel, "ts": message.ts}

    def _chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("user") not in self._users:
            raise SlackError("user_not_in_channel")
        message = self._post(args, user=args["user"], via="chat.postEphemeral")
        return {"message_ts": message.ts}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel"))
        for index, message in enumerate(self._ws.messages):
            if message.channel == channel and message.ts == args.get("ts") and message.user is None:
                blocks = _checked_blocks(args.get("blocks"))
                self._ws.messages[index] = Message(
                    channel=channel,
                    text=args.get("text", message.text),
                    blocks=blocks,
                    ts=message.ts,
                    via=message.via,
                    thread_ts=message.thread_ts,
                    metadata=message.metadata,
                )
                return {"channel": channel, "ts": message.ts}
        raise SlackError("message_not_found")

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        """The bot deletes a message it posted (never an ephemeral one: Slack cannot, and
        answers message_not_found). A thread's parent with replies stays as a tombstone
        ("This message was deleted."), its replies kept, as in Slack."""
        channel = self._channel(args.get("channel"))
        if not args.get("ts"):
            raise SlackError("message_not_found")
        for index, message in enumerate(self._ws.messages):
            if message.channel == channel and message.ts == args.get("ts") and message.user is None:
                if message.via == TOMBSTONE:
                    break
                replies = any(
                    m.channel == channel and m.thread_ts == message.ts for m in self._ws.messages
                )
                if replies:
                    self._ws.messages[index] = Message(
                        channel=channel,
                        text="This message was deleted.",
                        blocks=[],
                        ts=message.ts,
                        via=TOMBSTONE,
                    )
                else:
                    del self._ws.messages[index]
                return {"channel": channel, "ts": message.ts}
        raise SlackError("message_not_found")

    def _files_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        """The bot deletes a file it uploaded; any other (a member's, or one already
        deleted) is file_not_found to it. The message that shared it goes too."""
        stored = self._files.get(args.get("file", ""))
        if stored is None or stored.user != self.bot_user_id:
            raise SlackError("file_not_found")
        del self._files[stored.id]
        for message in list(self._ws.messages):
            kept = [f for f in message.files if f.get("id") != stored.id]
            if len(kept) != len(message.files):
                message.files = kept
                if not kept:
                    self._ws.messages.remove(message)
        return {}

    def _as_history(self, message: Message, with_metadata: bool) -> dict[str, Any]:
        item: dict[str, Any] = {
            "type": "message",
            "ts": message.ts,
            "text": message.text,
            "blocks": message.blocks,
            "bot_id": "BPARACHUTE",
        }
        if message.thread_ts:
            item["thread_ts"] = message.thread_ts
        if with_metadata and message.metadata:
            item["metadata"] = message.metadata
        return item

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Top-level messages, newest first, as Slack returns them (replies not included)."""
        channel = self._channel(args.get("channel"))
        oldest = float(args.get("oldest") or 0)
        found = [
            m
            for m in self._ws.messages
            if m.channel == channel and m.user is None and not m.thread_ts and float(m.ts) >= oldest
        ]
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)  # Slack's cursors are opaque: an offset here
        newest_first = sorted(found, key=lambda m: float(m.ts), reverse=True)
        more = len(found) > start + limit
        return {
            "messages": [
                self._as_history(m, with_metadata) for m in newest_first[start : start + limit]
            ],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel"))
        ts = args.get("ts")
        thread = [
            m
            for m in self._ws.messages
            if m.channel == channel and m.user is None and (m.ts == ts or m.thread_ts == ts)
        ]
        if not thread:
            raise SlackError("thread_not_found")
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        ordered = sorted(thread, key=lambda m: float(m.ts))
        return {"messages": [self._as_history(m, with_metadata) for m in ordered]}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if len(users) != 1 or users[0] not in self._users:
            raise SlackError("user_not_found")
        return {"channel": {"id": dm_channel(users[0])}}

    # -- files ------------------------------------------------------------------------------

    def _file_object(self, stored: StoredFile) -> dict[str, Any]:
        url = f"{self.base_url}/files-pri/{self.team_id}-{stored.id}/{stored.name}"
        return {
            "id": stored.id,
            "name": stored.name,
            "title": stored.title or stored.name,
            "user": stored.user,
            "size": stored.length,
            "mimetype": "text/csv" if stored.name.endswith(".csv") else "application/octet-stream",
            "filetype": stored.name.rsplit(".", 1)[-1] if "." in stored.name else "text",
            "url_private": url,
            "url_private_download": url + "?download=1",
        }

    def _download(self, request: BaseHTTPRequestHandler, path: str) -> None:
        """A private file: only with the bot token in the Authorization header, as in Slack."""
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        file_id = path.split("/", 1)[0].removeprefix(f"{self.team_id}-")
        with self._lock:
            self.calls.append(Call("files-pri", {"file": file_id}, token or None, answered=True))
            self._lock.notify_all()
            stored = self._files.get(file_id)
        if token != self.token:
            self._reply(request, 403, "forbidden", content_type="text/plain")
            return
        if stored is None or stored.content is None or not stored.completed:
            self._reply(request, 404, "file_not_found", content_type="text/plain")
            return
        request.send_response(200)
        request.send_header("Content-Type", "application/octet-stream")
        request.send_header("Content-Length", str(len(stored.content)))
        request.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(stored.content)

    def _files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(args.get("file", ""))
        if stored is None or not stored.completed:
            raise SlackError("file_not_found")
        return {"file": self._file_object(stored)}

    def _files_get_upload_url_external(self, args: dict[str, Any]) -> dict[str, Any]:
        filename, length = args.get("filename"), str(args.get("length", ""))
        if not filename or not length.isdecimal():
            raise SlackError("invalid_arguments")
        stored = StoredFile(
            id=f"F{next(self._ids):08d}", name=filename, user=self.bot_user_id, length=int(length)
        )
        self._files[stored.id] = stored
        return {"upload_url": f"{self.base_url}/upload/v1/{stored.id}", "file_id": stored.id}

    def _receive_upload(self, file_id: str, raw: bytes) -> tuple[int, str]:
        with self._lock:
            stored = self._files.get(file_id)
            if stored is None or stored.completed:
                return 404, "not_found"
            if len(raw) != stored.length:
                return 400, "length_mismatch"
            stored.content = raw
            self.calls.append(
                Call("upload", {"file": file_id, "bytes": len(raw)}, None, answered=True)
            )
            self._lock.notify_all()
        return 200, f"OK - {len(raw)}"

    def _files_complete_upload_external(self, args: dict[str, Any]) -> dict[str, Any]:
        raw = args.get("files")
        entries = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(entries, list) or not entries:
            raise SlackError("invalid_arguments")
        stored_files = []
        for entry in entries:
            stored = self._files.get(entry.get("id", "")) if isinstance(entry, dict) else None
            if stored is None or stored.completed or stored.content is None:
                raise SlackError("file_not_found")
            stored_files.append((stored, entry.get("title")))
        channel = self._channel(args["channel_id"]) if args.get("channel_id") else None
        thread_ts = args.get("thread_ts")
        if thread_ts and not any(
            m.channel == channel and m.ts == thread_ts for m in self._ws.messages
        ):
            raise SlackError("thread_not_found")
        for stored, title in stored_files:
            stored.completed, stored.title = True, title
            stored.channel, stored.thread_ts = channel, thread_ts
        objects = [self._file_object(stored) for stored, _ in stored_files]
        if channel is not None:
            self._ws.messages.append(
                Message(
                    channel=channel,
                    text=args.get("initial_comment"),
                    blocks=[],
                    ts=self._next_ts(),
                    via="files.completeUploadExternal",
                    thread_ts=thread_ts,
                    files=objects,
                )
            )
        return {"files": objects}

    def _response_url(self, key: str, raw: bytes) -> tuple[int, str]:
        with self._lock:
            response_url = self._response_urls.get(key)
            if response_url is None:
                return 404, "no_such_url"
            if self._clock() - response_url.issued_at > RESPONSE_URL_TTL_SECONDS:
                return 404, "expired_url"
            if response_url.uses >= RESPONSE_URL_USES:
                return 404, "used_url"
            response_url.uses += 1
        body = json.loads(raw or b"{}")
        try:
            blocks = _checked_blocks(body.get("blocks"))
        except SlackError as failure:
            return 400, failure.error
        ephemeral = body.get("response_type", "ephemeral") == "ephemeral"
        self.record_message(
            Message(
                channel=response_url.channel_id,
                text=body.get("text"),
                blocks=blocks,
                user=response_url.user_id if ephemeral else None,
                via="response_url",
                response_type=body.get("response_type"),
            )
        )
        return 200, "ok"


def dm_channel(user_id: str) -> str:
    """The id of the app's direct-message channel with a user."""
    return "D" + user_id[1:]


def _checked_view(raw: Any, kind: str | None = None) -> dict[str, Any]:
    """The view as Slack would accept it, or `invalid_arguments` as Slack answers."""
    view = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["view missing"]})
    if kind is not None and view.get("type") != kind:
        raise SlackError("invalid_arguments", response_metadata={"messages": [f"not a {kind}"]})
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, KeyError) as failure:
        raise SlackError(
            "invalid_arguments", response_metadata={"messages": [str(failure)]}
        ) from None
    return view


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _is_flat_object(value: Any) -> bool:
    return isinstance(value, dict) and all(_is_scalar(v) for v in value.values())


def _checked_metadata(metadata: Any) -> dict[str, Any] | None:
    """Message metadata as Slack takes it (`MessageMetadata` of @slack/types): an
    event_type of letters, digits and underscores; payload values that are scalars, flat
    objects, or arrays of flat objects."""
    if metadata is None:
        return None
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    event_type = metadata.get("event_type") if isinstance(metadata, dict) else None
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    if (
        not isinstance(event_type, str)
        or not re.fullmatch(r"[A-Za-z0-9_]+", event_type)
        or not isinstance(payload, dict)
    ):
        raise SlackError("invalid_metadata_format")
    for value in payload.values():
        fits = (
            _is_scalar(value)
            or _is_flat_object(value)
            or (isinstance(value, list) and all(_is_flat_object(item) for item in value))
        )
        if not fits:
            raise SlackError("invalid_metadata_schema")
    return metadata


def _checked_blocks(raw: Any) -> list[dict[str, Any]]:
    blocks = json.loads(raw) if isinstance(raw, str) else (raw or [])
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        raise SlackError("invalid_blocks")
    try:
        for block in blocks:
            parsed = Block.parse(block)
            if parsed is None:
                raise SlackError("invalid_blocks")
            parsed.to_dict()
    except (SlackObjectFormationError, TypeError, KeyError):
        raise SlackError("invalid_blocks") from None
    return blocks
