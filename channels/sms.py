"""The after-hours SMS line: a Twilio-compatible webhook that answers with TwiML in the HTTP response.

- Every request must carry a valid X-Twilio-Signature (HMAC of the public URL and the form, keyed by
  the account's auth token); anything else gets 403 and reaches no conversation.
- Replies are plain SMS text: buttons become "Reply YES, NO or NOT SURE", long replies are split at
  paragraph, then sentence boundaries, emergency guidance stays first (it is the first bot message).
  Carriers may deliver the messages of one reply out of order, so the first SMS of an emergency is one
  GSM-7 segment that stands alone (what to do, and the number), and every later SMS of a reply is
  numbered "(2/4)".
- STOP / START / HELP behave as carriers expect: STOP confirms and silences the line for that number,
  START re-subscribes, HELP says who we are and how to reach the team. A red flag texted after STOP
  gets no reply (carrier rules) but is audited and escalated to the on-call team.
- A request is handled once: a replayed MessageSid gets an empty reply.
- Without SMS_PUBLIC_URL the signed URL is taken from the request, which is only trusted for a
  request made on this machine to this machine (development); anything else is refused.
- Every reply leaves within REPLY_SECONDS, before Twilio's 15 s webhook limit, whatever is slow behind.
- A conversation is "sms:<number>"; no other channel can reach it.
"""

import ipaddress
import json
import logging
import re
import sqlite3
import threading
import time
import urllib.parse
from datetime import datetime
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from actions.escalation import notification, notify_in_background
from channels.guard import MAX_BODY_BYTES, Guard, SafetyReply, clean_text, valid_sender
from channels.webhook import webhook_blueprint
from stores.private_files import private_sqlite_file
from triage.clinic import load_clinic
from triage.protocol import EMERGENCY
from triage.replies import team_placeholders

logger = logging.getLogger(__name__)
SMS_LIMIT = 320  # two concatenated SMS segments; longer replies become several messages
SEGMENT = 160  # one GSM-7 segment (70 when a character is not GSM-7)
UCS2_SEGMENT = 70
NUMBERING = 8  # room kept for "(12/12) " in front of a numbered SMS
# The GSM 03.38 basic character set, and its extension table (each of those counts as two characters).
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit"}
START_WORDS = {"start", "unstop", "yes start"}
HELP_WORDS = {"help", "info"}
ANSWER_HINT = "Reply YES, NO or NOT SURE."
REPLY_SECONDS = 10.0  # Twilio gives a webhook 15 s; the rest is for the network and TwiML
SEEN_DAYS = 7  # how long a MessageSid is remembered against replays
NUMBER = re.compile(r"^[A-Za-z0-9:+._-]{1,64}$")  # +E.164, short codes, "whatsapp:+1..."


def split_sms(text: str, limit: int = SMS_LIMIT) -> List[str]:
    """Splits a reply at paragraphs, then sentences, then words, into parts of at most `limit` characters."""
    parts: List[str] = []
    for paragraph in [p.strip() for p in text.split("\n\n") if p.strip()]:
        current = ""
        for piece in re.split(r"(?<=[.!?])\s+", paragraph):
            while len(piece) > limit:  # a sentence longer than a message: cut at a word
                cut = piece.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                if current:
                    parts.append(current)
                    current = ""
                parts.append(piece[:cut].strip())
                piece = piece[cut:].strip()
            joined = f"{current} {piece}".strip()
            if len(joined) <= limit:
                current = joined
            else:
                parts.append(current)
                current = piece
        if current:
            parts.append(current)
    return parts


def segment_size(text: str) -> int:
    """How many characters one SMS segment holds for this text: 160 in GSM-7, 70 otherwise (UCS-2)."""
    return SEGMENT if all(c in GSM7 or c in GSM7_EXTENDED for c in text) else UCS2_SEGMENT


def one_segment(text: str) -> bool:
    """True when the text is sent as a single SMS segment."""
    size = segment_size(text)
    length = len(text) + (sum(c in GSM7_EXTENDED for c in text) if size == SEGMENT else 0)
    return length <= size


def _is_emergency(bot_messages: List[Dict[str, Any]]) -> bool:
    first = next((m.get("text") or "" for m in bot_messages if m.get("text")), "")
    levels = [((m.get("custom") or {}).get("triage") or {}).get("level") for m in bot_messages]
    return EMERGENCY in levels or first.strip().upper().startswith("EMERGENCY")


def _standalone_first(parts: List[str]) -> List[str]:
    """The first SMS of an emergency as one segment (its first sentences that fit), the rest after it."""
    if not parts or one_segment(parts[0]):
        return parts
    pieces = split_sms(parts[0], segment_size(parts[0]))
    rest = " ".join(pieces[1:])
    return pieces[:1] + (split_sms(rest, SMS_LIMIT - NUMBERING) if rest else []) + parts[1:]


def numbered(parts: List[str]) -> List[str]:
    """Every SMS after the first carries its place, "(2/4)", so a family can read them in order."""
    if len(parts) < 2:
        return parts
    return parts[:1] + [f"({i}/{len(parts)}) {part}" for i, part in enumerate(parts[1:], start=2)]


def sms_texts(bot_messages: List[Dict[str, Any]]) -> List[str]:
    """The bot's messages as plain SMS text, in order; custom payloads are for integrations, not phones.
    An emergency's first SMS is one segment that stands alone; the later ones are numbered."""
    texts = []
    for message in bot_messages:
        text = (message.get("text") or "").strip()
        if message.get("buttons") or message.get("quick_replies"):
            text = f"{text} {ANSWER_HINT}".strip()
        if text:
            texts += split_sms(text, SMS_LIMIT - NUMBERING)
    if _is_emergency(bot_messages):
        texts = _standalone_first(texts)
    return numbered(texts)


class OptOuts:
    """Numbers that sent STOP, and the MessageSids already handled, kept in a small SQLite file so a
    restart does not forget them."""

    def __init__(self, path: Path):
        self._db = sqlite3.connect(str(private_sqlite_file(path)), check_same_thread=False)  # mode 0600
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS opt_out (number TEXT PRIMARY KEY)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS seen_message (sid TEXT PRIMARY KEY, at REAL NOT NULL, reply TEXT)"
            )
            if "reply" not in [row[1] for row in self._db.execute("PRAGMA table_info(seen_message)")]:
                self._db.execute("ALTER TABLE seen_message ADD COLUMN reply TEXT")  # a file from before
            self._db.commit()

    def first_time(self, sid: str, now: Optional[float] = None) -> bool:
        """True the first time a MessageSid is seen (and remembers it); False for a replay."""
        now = time.time() if now is None else now
        with self._lock:
            self._db.execute("DELETE FROM seen_message WHERE at < ?", (now - SEEN_DAYS * 86400,))
            added = self._db.execute("INSERT OR IGNORE INTO seen_message (sid, at) VALUES (?, ?)", (sid, now)).rowcount
            self._db.commit()
        return added == 1

    def remember_reply(self, sid: str, texts: List[str]) -> List[str]:
        """Keeps the reply given to a MessageSid, so that Twilio's retry of it gets the same reply."""
        with self._lock:
            self._db.execute("UPDATE seen_message SET reply = ? WHERE sid = ?", (json.dumps(texts), sid))
            self._db.commit()
        return texts

    def reply_given(self, sid: str) -> List[str]:
        """The reply given to a MessageSid; none while its first request is still being answered."""
        with self._lock:
            row = self._db.execute("SELECT reply FROM seen_message WHERE sid = ?", (sid,)).fetchone()
        return json.loads(row[0]) if row and row[0] else []

    def set(self, number: str, opted_out: bool) -> None:
        with self._lock:
            sql = "INSERT OR IGNORE INTO opt_out VALUES (?)" if opted_out else "DELETE FROM opt_out WHERE number = ?"
            self._db.execute(sql, (number,))
            self._db.commit()

    def __contains__(self, number: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM opt_out WHERE number = ?", (number,)).fetchone() is not None


def _form(request: Request) -> Dict[str, str]:
    """The posted fields, empty ones included: Twilio signs an empty Body (a picture-only message) too.
    Anything that is not a UTF-8 url-encoded form has no fields (and so no valid signature)."""
    try:
        fields = urllib.parse.parse_qs((request.body or b"").decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {key: values[0] for key, values in fields.items()}


def twiml(texts: List[str]) -> HTTPResponse:
    reply = MessagingResponse()
    for text in texts:
        reply.message(text)
    return response.text(str(reply), content_type="application/xml")


class SmsInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "sms"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SmsInput":
        credentials = credentials or {}
        return cls(
            credentials.get("auth_token") or "",
            credentials.get("public_url") or None,
            credentials.get("opt_out_db") or "var/sms-opt-out.db",
        )

    def __init__(self, auth_token: str, public_url: Optional[str], opt_out_db: str):
        self.validator = RequestValidator(auth_token) if auth_token else None
        self.public_url = public_url
        self.opt_outs = OptOuts(Path(opt_out_db))
        self.guard = Guard(self.name(), reply_seconds=REPLY_SECONDS)

    def _signed(self, request: Request, form: Dict[str, str]) -> bool:
        if self.validator is None:
            logger.error("SMS channel has no auth_token configured: every request is refused")
            return False
        if not self.public_url and not _local(request):
            logger.error("SMS_PUBLIC_URL is not set: only requests made on this machine are accepted")
            return False
        url = self.public_url or request.url
        return self.validator.validate(url, form, request.headers.get("X-Twilio-Signature", ""))

    async def _after_stop(self, number: str, body: str, app: Any) -> None:
        """A message after STOP gets no reply; a red flag in it is audited and goes to the on-call team."""
        reply: SafetyReply = await self.guard.read(clean_text(body), "opted_out")
        if reply.level != EMERGENCY:
            return
        conversation = self.guard.conversation_id(number)
        if not self.guard.audited_refusals.allow(f"opted_out|{conversation}"):
            return  # once a minute per number: the on-call team already knows
        logger.error("a red flag came after STOP (conversation %s): audited, on-call notified", conversation)
        self.guard.audit(app, conversation, reply, "opted_out")
        clinic = load_clinic()
        if clinic.escalation.get("url"):  # whatever the hours: this family gets no reply from us
            notify_in_background(
                notification(conversation, self.name(), EMERGENCY, reply.rules, clinic, text=clean_text(body)), clinic
            )

    def _keyword_reply(self, number: str, body: str, when: Optional[datetime] = None) -> Optional[List[str]]:
        """STOP, START and HELP; the team's numbers as at `when` (now when not given): the one that answers
        then first."""
        clinic, word = load_clinic(), body.strip().lower()
        team_numbers = team_placeholders(clinic, when)["team_numbers"]
        if word in STOP_WORDS:
            self.opt_outs.set(number, True)
            return [
                f"You are unsubscribed from the {clinic.team_name} pump helper and will get no more "
                f"messages. Reply START to resubscribe. In an emergency call {clinic.emergency_number}. "
                f"To reach the team call {team_numbers}."
            ]
        if word in START_WORDS:
            self.opt_outs.set(number, False)
            return [
                f"You are subscribed again to the {clinic.team_name} pump helper. Tell me what is "
                f"worrying you. In an emergency call {clinic.emergency_number}."
            ]
        if word in HELP_WORDS:
            return [
                f"{clinic.team_name} pump helper: automated, not a doctor or nurse. It follows written rules a "
                f"clinical team has not yet checked. Team: {team_numbers}. Emergency: {clinic.emergency_number}. "
                "Reply STOP to unsubscribe."
            ]
        return None

    async def _reply(self, number: str, body: str, app: Any) -> List[str]:
        keyword = self._keyword_reply(number, body)
        if keyword is not None:
            return keyword
        if number in self.opt_outs:
            await self._after_stop(number, body, app)
            return []  # carriers expect silence after STOP
        return sms_texts(await self.guard.replies(self.on_new_message, number, body, app))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self.on_new_message = on_new_message
        sms = webhook_blueprint("sms_webhook")

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.text("too large", status=413)
            form = _form(request)
            if not self._signed(request, form):
                return response.text("forbidden", status=403)
            number, body, sid = form.get("From") or "", form.get("Body") or "", form.get("MessageSid") or ""
            if not (valid_sender(number) and NUMBER.match(number)):
                return response.text("From must be a phone number", status=400)
            if not sid:
                return twiml([])  # no MessageSid: a replay could not be told apart
            if not self.opt_outs.first_time(sid):
                return twiml(self.opt_outs.reply_given(sid))  # a retry or replay: the same reply, not a new turn
            return twiml(self.opt_outs.remember_reply(sid, await self._reply(number, body, request.app)))

        return sms


def _local(request: Request) -> bool:
    """A request from this machine, addressed to this machine (development without a public URL)."""
    host = (request.host or "").rsplit(":", 1)[0].strip("[]")
    try:
        peer_local = ipaddress.ip_address(request.ip).is_loopback
    except ValueError:
        return False
    return peer_local and host in ("localhost", "127.0.0.1", "::1")
