"""The web chat channel: Rasa's socket.io channel, made safe for this assistant, plus the chat page.

- Custom payloads reach the browser as {"custom": {...}}: Rasa 3.6 unpacks them into emit() keyword
  arguments, which python-socketio rejects.
- Only configured origins may open a socket (Rasa's own server accepts any, and python-socketio lets a
  request without an Origin header through): see `origin_refusal`.
- Sessions belong to the tab that was given them (Rasa's lets any socket join any session by naming it):
  the server makes every session id and gives the tab a key for it (an HMAC under the server's secret);
  a socket re-enters a session only with its key, otherwise it gets a new session. See `SessionKeys`.
- Long-polling only: engine.io's websocket driver fails inside Sanic 21.12 on Python 3.11 ("Passing
  coroutines is forbidden", after the 101), so the handshake offers no upgrade and a websocket request is
  a 400; standard socket.io clients (rasa-webchat, python-socketio) then stay on polling.
- The server pings every PING_INTERVAL seconds, so a page whose connection is cut (its long-poll stalls)
  notices within that time and shows its offline banner (engine.io's default is 25 s).
- No reply is lost to a dropped connection: every bot message that comes from the tracker carries an id
  (its BotUttered event's timestamp and its part) in its `metadata`, the page names the last one it has
  shown when it re-joins its session, and the server sends it every later one from the tracker. See
  `missed_messages`. The id is not a key of its own: rasa-webchat shows only messages whose keys it
  knows (`{"text"}`, `{"text", "quick_replies"}`), and leaves `metadata` aside.
- GET /webhooks/webchat/chat serves the page, with the clinic's numbers written into it so the offline
  banner can show them even when the server cannot be reached later, and its opening hours and timezone
  so the same-day banner dials the number that answers at the time it is shown.
- GET /webhooks/webchat/widget.js serves the loader a hospital adds to its own page (web/widget.js): a
  launcher that opens the page in a frame, with the clinic's numbers written into the script, so they
  are shown whatever fails to load after it.
- One allow-list, WEBCHAT_ALLOWED_ORIGINS (credentials.yml `allowed_origins`), says where the chat may be
  used: the origins that may open a socket, the sites that may frame the page (CSP `frame-ancestors`),
  and, through scripts/serve.sh, Rasa's CORS origins, which also answer the socket's requests (engine.io
  adds no CORS header of its own: a repeated one is refused by browsers). See `parse_origins`.
"""

import hashlib
import hmac
import html
import json
import logging
import os
import re
import secrets
import time
import urllib.parse
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.core.lock_store import LockError
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import MAX_BODY_BYTES, Guard, client_address, kept_metadata
from triage.clinic import load_clinic
from triage.parse_contract import REPLY_TO_KEY
from triage.replies import conversation_text

logger = logging.getLogger(__name__)
WEB_DIR = Path(__file__).resolve().parent.parent / "web"
ORIGIN = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?")
STATIC_FILES = {
    "chat.js": (WEB_DIR / "chat.js", "text/javascript"),
    "chat.css": (WEB_DIR / "chat.css", "text/css"),
    "socket.io.min.js": (WEB_DIR / "node_modules/socket.io-client/dist/socket.io.min.js", "text/javascript"),
}


class WebChatOutput(SocketIOOutput):
    """Sends to a session's room, or only collects what it would send (`collected`, for a replay)."""

    def __init__(self, sio: Any, bot_message_evt: Text, collected: Optional[List[Dict[Text, Any]]] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.collected = collected
        self._event: Optional[List[Any]] = None  # [the BotUttered timestamp being sent, its next part]

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Rasa sends each BotUttered event with its timestamp: its messages get ids from it; messages the
        channel makes itself (the guard's) have none."""
        stamp = message.get("timestamp")
        self._event = [repr(float(stamp)), 0] if isinstance(stamp, (int, float)) else None
        try:
            await super().send_response(recipient_id, message)
        finally:
            self._event = None

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        """Rasa addresses replies to the conversation id; the socket.io room is the session it names."""
        if self._event is not None:
            message_id = f"{self._event[0]}/{self._event[1]}"
            response = {**response, "metadata": {**response.get("metadata", {}), "id": message_id}}
            self._event[1] += 1
        if self.collected is not None:
            self.collected.append(response)
            return
        await super()._send_message(
            socket_id.split(":", 1)[-1] if socket_id.startswith("webchat:") else socket_id, response
        )

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """Rasa's version drops every button field but title and payload; the question token a button
        answers (`reply_to`) must reach the page so that an old button can answer nothing."""
        parts = text.strip().split("\n\n") or [text]
        for part in parts[:-1]:
            await self._send_message(recipient_id, {"text": part})
        choices = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"], REPLY_TO_KEY: b.get(REPLY_TO_KEY)}
            for b in buttons
        ]
        await self._send_message(recipient_id, {"text": parts[-1], "quick_replies": choices})


SESSION_ID = re.compile(r"[0-9a-f]{32}")  # the server's own session ids: 128 random bits, hex
SECRET_ENV = "WEBCHAT_SESSION_SECRET"
PING_INTERVAL = 2  # seconds; an idle polling page makes two requests per ping (its poll, its pong)


class SessionKeys:
    """Session ids made by the server, and the key that proves a tab was given one: HMAC-SHA256 of the
    id under the server's secret. Nothing is stored, so a reload resumes a session whatever the server
    has forgotten, as long as the secret is the same."""

    def __init__(self, secret: Optional[str] = None):
        secret = os.environ.get(SECRET_ENV, "") if secret is None else secret
        if not secret:
            logger.warning(
                "%s is not set: a per-process secret was generated, so a web chat page reloaded "
                "after this server restarts starts a new conversation",
                SECRET_ENV,
            )
            secret = secrets.token_urlsafe(32)
        elif len(secret) < 32:
            logger.warning("%s is shorter than 32 characters: use a long random value", SECRET_ENV)
        self._secret = secret.encode()

    @staticmethod
    def new_id() -> str:
        return secrets.token_hex(16)

    def key(self, session_id: str) -> str:
        return hmac.new(self._secret, b"webchat-session:" + session_id.encode(), hashlib.sha256).hexdigest()

    def verify(self, session_id: Any, key: Any) -> bool:
        return (
            isinstance(session_id, str)
            and isinstance(key, str)
            and SESSION_ID.fullmatch(session_id) is not None
            and hmac.compare_digest(self.key(session_id).encode(), key.encode())
        )


def origin_refusal(
    method: str,
    headers: Any,
    query: str,
    allowed: List[str],
    opened_with_origin: Callable[[str], bool] = lambda sid: False,
) -> Optional[str]:
    """Why an engine.io request is refused, or None.

    A connection must show an allowed Origin before it can carry anything a client says (its socket.io
    CONNECT included): on its handshake (python-socketio's client sends its headers only there), or on
    every request that sends (a browser on the chat page: browsers leave Origin out of a same-origin GET,
    never out of a POST or a websocket). So a plain polling GET may lack an Origin, unless the browser
    says it comes from another site; such a GET alone can neither join a session nor talk."""
    fields = urllib.parse.parse_qs(query or "")
    if "j" in fields:
        return "JSONP polling"  # socket.io-client 3+ never uses it; a script tag's GET does
    origin = headers.get("origin")
    if origin:
        return None if origin in allowed else "not an accepted origin"
    if headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return "no Origin on a request from another site"
    if method == "GET" and "websocket" not in (headers.get("upgrade") or "").lower():
        return None
    sid = (fields.get("sid") or [""])[0]
    if sid and opened_with_origin(sid):
        return None
    return "no Origin on a connection that sends"


async def missed_messages(tracker: Any, last_id: Any, output: WebChatOutput) -> List[Dict[Text, Any]]:
    """The messages the tracker's bot utterances were sent as, after the one with `last_id` (all of them
    when the page has shown none; none when that id is not in the tracker, e.g. an erased conversation)."""
    collected = output.collected = []
    for event in tracker.events if tracker is not None else []:
        if isinstance(event, BotUttered):
            await output.send_response(tracker.sender_id, event.message())
    if last_id is None:
        return collected
    ids = [message.get("metadata", {}).get("id") for message in collected]
    return collected[ids.index(last_id) + 1 :] if last_id in ids else []


def parse_origins(setting: Any) -> List[str]:
    """The allow-list as origins (scheme://host[:port], as browsers send them in Origin), from a comma or
    space separated string or a list. Anything else (a path, a wildcard, a quote or a semicolon that would
    change the CSP) is left out with an error in the log: the chat then works only from the others."""
    items = re.split(r"[,\s]+", setting) if isinstance(setting, str) else [str(x) for x in setting or []]
    kept: List[str] = []
    for item in (x.strip() for x in items):
        origin = item[:-1] if item.endswith("/") and item.count("/") == 3 else item
        if not origin:
            continue
        if not ORIGIN.fullmatch(origin):
            logger.error(
                "web chat allowed origin %r left out: write scheme://host[:port], e.g. "
                "https://www.example-hospital.org",
                item,
            )
        elif origin.lower() not in kept:
            kept.append(origin.lower())
    return kept


def page_headers(allowed: List[str]) -> Dict[str, str]:
    """The chat page's headers: its own scripts only, and framed only by itself and the allowed sites."""
    ancestors = " ".join(["'self'"] + allowed)
    return {
        **_SECURITY_HEADERS,
        "Content-Security-Policy": f"{_SECURITY_HEADERS['Content-Security-Policy']}; frame-ancestors {ancestors}",
    }


def render_page() -> str:
    """web/index.html with the clinic's names and numbers, and its opening hours and timezone: the page
    works out which team number answers when it shows the same-day banner (web/chat.js)."""
    clinic = load_clinic()
    page = (WEB_DIR / "index.html").read_text()
    hours = {"timezone": clinic.timezone, "opening_hours": json.dumps(clinic.opening_hours, separators=(",", ":"))}
    for key, value in {**clinic.placeholders(), **hours}.items():
        page = page.replace("{{" + key + "}}", html.escape(value))
    return page


def render_widget() -> str:
    """web/widget.js with the clinic's team name and numbers written in as a JSON object (no `<`, so the
    script cannot end early wherever it is inlined)."""
    clinic = json.dumps(load_clinic().placeholders(), ensure_ascii=True).replace("<", "\\u003c")
    return (WEB_DIR / "widget.js").read_text().replace("/*{{clinic}}*/null", clinic)


class WebChatInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            bool(credentials.get("session_persistence", True)),
            credentials.get("socketio_path", "/socket.io"),
        )
        channel.allowed_origins = parse_origins(credentials.get("allowed_origins"))
        return channel

    def get_output_channel(self) -> Optional[WebChatOutput]:
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        allowed = parse_origins(getattr(self, "allowed_origins", []))
        if not allowed:
            logger.error("the web chat has no allowed origins (WEBCHAT_ALLOWED_ORIGINS): every connection is refused")
        # The gate below checks origins. engine.io's own CORS stays off, as Rasa leaves it: Rasa's CORS
        # (--cors, the same list through scripts/serve.sh) already answers every route, and a second
        # Access-Control-Allow-Origin makes browsers refuse every poll from another site (rasa-webchat).
        self.sio.eio.cors_allowed_origins = []
        self.sio.eio.max_http_buffer_size = MAX_BODY_BYTES  # engine.io's own default is 1 MB
        self.sio.eio.ping_interval = PING_INTERVAL
        self.sio.eio.transports, self.sio.eio.allow_upgrades = ["polling"], False
        self.sio.eio.handle_request = self._gate(self.sio.eio.handle_request, allowed, self._opened_with_origin)
        keys = SessionKeys()

        guard, server = Guard(self.name()), {}

        @blueprint.listener("after_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            server["app"] = app  # the guard reaches the tracker store (audit) through it

        @self.sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            """Re-enters the session the socket holds the key of, or gives it a new one. The reply keeps
            Rasa's `session_id` field, so Rasa-style clients still work. A re-entered session gets the bot
            messages after `last_id` (the last one the page has shown) from the tracker, read under the
            conversation's lock: a message still being answered is answered (and stored) first, and
            nothing is sent to the session between that reading and the socket joining it."""
            data = data if isinstance(data, dict) else {}
            claimed = data.get("session_id")
            if keys.verify(claimed, data.get("session_key")):
                session_id, resumed = claimed, True
            else:
                if claimed:
                    logger.info("a web chat socket named a session without its key: given a new session")
                session_id, resumed = keys.new_id(), False
            agent = getattr(getattr(server.get("app"), "ctx", None), "agent", None)
            conversation = guard.conversation_id(session_id)
            lock = agent.lock_store.lock(conversation, wait_time_in_seconds=0.2) if resumed and agent else nullcontext()
            try:
                async with lock:
                    await join(
                        sid, session_id, await missed(agent, conversation, data.get("last_id")) if resumed else []
                    )
            except LockError:
                logger.warning("a resumed web chat session could not wait for its conversation: replayed unlocked")
                await join(sid, session_id, await missed(agent, conversation, data.get("last_id")))

        async def missed(agent: Any, conversation: str, last_id: Any) -> List[Dict[Text, Any]]:
            try:
                tracker = await agent.tracker_store.retrieve_full_tracker(conversation) if agent else None
                return await missed_messages(tracker, last_id, WebChatOutput(self.sio, self.bot_message_evt))
            except Exception as error:  # noqa: BLE001 - the session goes on; only the replay is lost
                logger.error("web chat replay after a reconnect failed (%s)", type(error).__name__)
                return []

        async def join(sid: Text, session_id: str, replay: List[Dict[Text, Any]]) -> None:
            for room in self.sio.rooms(sid, namespace=self.namespace):  # one socket, one session
                if room != sid and room != session_id:
                    self.sio.leave_room(sid, room, namespace=self.namespace)
            self.sio.enter_room(sid, session_id, namespace=self.namespace)
            await self.sio.emit(
                "session_confirm",
                {"session_id": session_id, "session_key": keys.key(session_id)},
                room=sid,
                namespace=self.namespace,
            )
            for message in replay:
                await self.sio.emit(self.bot_message_evt, message, room=sid, namespace=self.namespace)

        @self.sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id, text = data.get("session_id"), data.get("message")
            output = WebChatOutput(self.sio, self.bot_message_evt)
            if not isinstance(text, str):
                return
            if (
                not isinstance(session_id, str)
                or not SESSION_ID.fullmatch(session_id)
                or session_id not in self.sio.rooms(sid, namespace=self.namespace)
            ):
                # only a socket the server let into this session may talk in it (chat.js always is)
                await self.sio.emit(self.bot_message_evt, {"text": conversation_text("session_unknown")}, room=sid)
                return

            metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            bound = kept_metadata(metadata)

            async def deliver(clean: str) -> None:
                await on_new_message(
                    UserMessage(
                        clean, output, guard.conversation_id(session_id), input_channel=self.name(), metadata=bound
                    )
                )

            address = self._address(sid)
            for message in await guard.answer(session_id, text, deliver, server.get("app"), address=address) or []:
                await output.send_response(session_id, message)

        @blueprint.route("/chat", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            return response.html(render_page(), headers=page_headers(allowed))

        @blueprint.route("/widget.js", methods=["GET"])
        async def widget(_: Request) -> HTTPResponse:
            """The loader, for a hospital's own page (any site may load it; only allowed ones may frame
            the chat). Not cached for long, so a changed number reaches every page within minutes."""
            return response.text(
                render_widget(),
                content_type="text/javascript; charset=utf-8",
                headers={
                    "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "public, max-age=300",
                    "Cross-Origin-Resource-Policy": "cross-origin",
                },
            )

        @blueprint.route("/static/<name>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return response.text("not found", status=404)
            path, content_type = STATIC_FILES[name]
            return response.raw(path.read_bytes(), content_type=content_type, headers=_SECURITY_HEADERS)

        return blueprint

    def _address(self, sid: Text) -> Optional[str]:
        """The client address of a socket: its handshake request's (engine.io's Sanic driver writes
        127.0.0.1 as REMOTE_ADDR whatever the client, so the Sanic request is asked)."""
        try:
            request = (self.sio.get_environ(sid, namespace=self.namespace) or {}).get("sanic.request")
        except Exception:  # noqa: BLE001 - no address known: the per-sender limit still applies
            return None
        return client_address(request) if request is not None else None

    def _opened_with_origin(self, eio_sid: str) -> bool:
        """Whether this engine.io connection's handshake named an Origin (the gate let only allowed ones in)."""
        return bool((self.sio.environ.get(eio_sid) or {}).get("HTTP_ORIGIN")) if self.sio else False

    @staticmethod
    def _gate(
        handle_request: Callable[..., Awaitable[Any]], allowed: List[str], opened_with_origin: Callable[[str], bool]
    ) -> Callable[..., Awaitable[Any]]:
        """engine.io's request handler behind `origin_refusal` (Sanic calls it with the request)."""
        logged: Dict[str, float] = {}

        async def gated(request: Request, *args: Any, **kwargs: Any) -> Any:
            reason = origin_refusal(request.method, request.headers, request.query_string, allowed, opened_with_origin)
            if reason is None:
                return await handle_request(request, *args, **kwargs)
            if time.monotonic() - logged.get(reason, -3600.0) > 60:  # a flood cannot fill the log
                logged[reason] = time.monotonic()
                logger.warning("web chat request refused: %s", reason)
            return response.text(f"Refused: {reason}.", status=400)

        return gated


# The page runs only its own scripts: nothing typed by a family or sent by the bot can become code.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
