"""The REST channel (/webhooks/rest/webhook), strict about its input and never silent.

It is an integration API (a hospital's own portal or app, the evaluation harness), not a page for
families: every request needs the REST token (REST_AUTH_TOKEN, else the HTTP API's RASA_AUTH_TOKEN) as
`Authorization: Bearer <token>` or `?token=<token>`, and gets 401 without it.

Rasa's own REST channel answers 500 or an empty list to malformed requests and to failures, logs the
message text when handling fails, and lets the client choose the channel name. This one takes JSON
{"sender": str, "message": str, "metadata": {"reply_to": str}?} only, answers 400 with a reason
otherwise, and puts every message through channels/guard.py. Its conversations are its own: sender "a"
is conversation "rest:a", which no other channel can reach.
"""

import hmac
import json
import logging
import os
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import MAX_BODY_BYTES, MAX_SENDER_CHARS, Guard, client_address, kept_metadata, valid_sender
from channels.webhook import webhook_blueprint

logger = logging.getLogger(__name__)


def _refused(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def parse_body(body: bytes):
    """(sender, message, metadata) or an error string."""
    try:
        data = json.loads(body.decode("utf-8") or "null")
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; [[[[... nests too deep
        return "the body must be UTF-8 JSON"
    if not isinstance(data, dict):
        return "the body must be a JSON object"
    sender, message, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not valid_sender(sender):
        return f"sender must be a non-empty string of at most {MAX_SENDER_CHARS} printable characters"
    if not isinstance(message, str):
        return "message must be a string"
    if metadata is not None and not isinstance(metadata, dict):
        return "metadata must be an object"
    return sender, message, kept_metadata(metadata or {})


def rest_token() -> str:
    return os.environ.get("REST_AUTH_TOKEN") or os.environ.get("RASA_AUTH_TOKEN") or ""


def authorised(request: Request, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    given = header[len("Bearer ") :] if header.startswith("Bearer ") else (request.args.get("token") or "")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


class RestInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.guard = Guard(self.name())
        self.token = rest_token()
        if not self.token:
            logger.error("REST channel has no token (REST_AUTH_TOKEN or RASA_AUTH_TOKEN): every request is refused")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = webhook_blueprint("rest_webhook")

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not authorised(request, self.token):
                return _refused("a valid REST token is required", 401)
            body = request.body or b""
            if len(body) > MAX_BODY_BYTES:
                return _refused("the body is too large", 413)
            parsed = parse_body(body)
            if isinstance(parsed, str):
                return _refused(parsed)
            sender, message, metadata = parsed
            return response.json(
                await self.guard.replies(
                    on_new_message, sender, message, request.app, metadata, address=client_address(request)
                )
            )

        return rest
