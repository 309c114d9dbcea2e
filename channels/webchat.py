"""The web chat channel: Rasa's socket.io channel, made safe for this assistant, plus the chat page.

- Custom payloads reach the browser as {"custom": {...}}: Rasa 3.6 unpacks them into emit() keyword
  arguments, which python-socketio rejects.
- Only configured origins may open a socket (Rasa's own server accepts any).
- GET /webhooks/webchat/ serves the page, with the clinic's numbers written into it so the offline
  banner can show them even when the server cannot be reached later.
"""
import html
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import Guard, valid_sender
from triage.clinic import load_clinic
from triage.parse_contract import REPLY_TO_KEY
from triage.replies import conversation_text

logger = logging.getLogger(__name__)
WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_FILES = {
    "chat.js": (WEB_DIR / "chat.js", "text/javascript"),
    "chat.css": (WEB_DIR / "chat.css", "text/css"),
    "socket.io.min.js": (WEB_DIR / "node_modules/socket.io-client/dist/socket.io.min.js", "text/javascript"),
}


class WebChatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> Text:
        return "webchat"

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self.sio.emit(self.bot_message_evt, {"custom": json_message}, room=recipient_id)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        """Rasa's version drops every button field but title and payload; the question token a button
        answers (`reply_to`) must reach the page so that an old button can answer nothing."""
        parts = text.strip().split("\n\n") or [text]
        for part in parts[:-1]:
            await self._send_message(recipient_id, {"text": part})
        choices = [{"content_type": "text", "title": b["title"], "payload": b["payload"],
                    REPLY_TO_KEY: b.get(REPLY_TO_KEY)} for b in buttons]
        await self._send_message(recipient_id, {"text": parts[-1], "quick_replies": choices})


def render_page() -> str:
    clinic = load_clinic()
    page = (WEB_DIR / "index.html").read_text()
    for key, value in clinic.placeholders().items():
        page = page.replace("{{" + key + "}}", html.escape(value))
    return page


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
        origins = credentials.get("allowed_origins") or []
        channel.allowed_origins = origins.split(",") if isinstance(origins, str) else list(origins)
        return channel

    def get_output_channel(self) -> Optional[WebChatOutput]:
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        self.sio.eio.cors_allowed_origins = getattr(self, "allowed_origins", [])

        guard, server = Guard(self.name()), {}

        @blueprint.listener("after_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            server["app"] = app            # the guard reaches the tracker store (audit) through it

        @self.sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id, text = data.get("session_id"), data.get("message")
            output = WebChatOutput(self.sio, self.bot_message_evt)
            if not isinstance(text, str):
                return
            if not valid_sender(session_id) or session_id not in self.sio.rooms(sid, namespace=self.namespace):
                # only a socket that asked for this session may talk in it (chat.js always does)
                await self.sio.emit(self.bot_message_evt, {"text": conversation_text("session_unknown")}, room=sid)
                return

            metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            reply_to = metadata.get(REPLY_TO_KEY)
            bound = {REPLY_TO_KEY: reply_to} if isinstance(reply_to, str) and len(reply_to) <= 64 else None

            async def deliver(clean: str) -> None:
                await on_new_message(UserMessage(clean, output, session_id, input_channel=self.name(),
                                                 metadata=bound))

            for message in await guard.answer(session_id, text, deliver, server.get("app")) or []:
                await output.send_response(session_id, message)

        @blueprint.route("/chat", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            return response.html(render_page(), headers=_SECURITY_HEADERS)

        @blueprint.route("/static/<name>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return response.text("not found", status=404)
            path, content_type = STATIC_FILES[name]
            return response.raw(path.read_bytes(), content_type=content_type, headers=_SECURITY_HEADERS)

        return blueprint


# The page runs only its own scripts: nothing typed by a family or sent by the bot can become code.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
