"""What every channel does before and around handing a family's message to Rasa.

- Text is cleaned of control characters and unpaired surrogates (they break JSON, logs and databases).
- An empty message, an over-long one and a flood from one sender or one client address are answered
  here, without Rasa. A refusal is audited once per conversation and minute, so a flood cannot grow
  the database; an emergency is always audited.
- Reading a message here (for a refusal or a failure) happens off the event loop and within a time
  budget, so one long message cannot hold up every other family's reply.
- A channel with a reply deadline (SMS: Twilio waits 15 s) answers within it, whatever is slow behind.
- If Rasa cannot handle the message (lock store or tracker store down, any other error), the family
  still gets guidance instead of silence.
Every reply given here is decided by the plain-Python triage (no classifier, no action server): a red
flag in the message gets the emergency reply; anything else gets the team's numbers and the emergency
line. Guidance given here is added to the audit trail when the tracker store can take it.
"""

import asyncio
import collections
import logging
import os
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Deque, Dict, List, Optional, Set, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError
from redis.exceptions import RedisError

from stores.audit import guard_record
from stores.tracker_store import TrackerStoreUnavailable, audited_store
from triage.engine import assess
from triage.extractor import extract_findings
from triage.findings import present_signs
from triage.parse_contract import REPLY_TO_KEY
from triage.protocol import EMERGENCY
from triage.replies import conversation_text, emergency_text
from triage.reply_contract import UNASSESSED

logger = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 4000  # about 700 words; an SMS is at most 1,600 characters
MAX_SENDER_CHARS = 128
MAX_BODY_BYTES = 64_000  # a REST or SMS request body: room for the longest message; larger get 413
RATE_LIMIT = (15, 60.0)  # messages per seconds, per sender, per server process
# per client address (REST, web chat; not SMS, which all comes from Twilio): 0 turns it off
ADDRESS_RATE_LIMIT = int(os.environ.get("ADDRESS_RATE_LIMIT", "120"))
READ_SECONDS = 3.0  # the most time spent reading one message for red flags outside Rasa (64 KB: 2-3 s)
SLOW_READ_SECONDS = 2.5  # after a reply deadline has passed, the longest wait for that reading
_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="guard-reader")
KEEP_CONTROLS = {"\n", "\t"}


def clean_text(text: str) -> str:
    return "".join(ch for ch in text if ch in KEEP_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))


def valid_sender(sender: Any) -> bool:
    return (
        isinstance(sender, str)
        and 0 < len(sender) <= MAX_SENDER_CHARS
        and sender == clean_text(sender)
        and sender.strip() == sender
    )


def kept_metadata(metadata: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """Only what the conversation uses (the question a button answers); the rest is not stored."""
    reply_to = metadata.get(REPLY_TO_KEY)
    return {REPLY_TO_KEY: reply_to} if isinstance(reply_to, str) and len(reply_to) <= 64 else None


class RateLimiter:
    """A sliding window per sender. In-process: with several replicas each one counts on its own."""

    def __init__(self, limit: int = RATE_LIMIT[0], window: float = RATE_LIMIT[1]):
        self.limit, self.window = limit, window
        self._seen: Dict[str, Deque[float]] = collections.defaultdict(collections.deque)

    def allow(self, sender: str, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        seen = self._seen[sender]
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        if len(self._seen) > 100_000:  # forget idle senders rather than grow without bound
            for key in [k for k, v in self._seen.items() if v[-1] <= now - self.window]:
                del self._seen[key]
        return True


REFUSALS = ("rate_limited", "too_long")  # reasons with their own text; a failure gets "cannot assess"


@dataclass(frozen=True)
class SafetyReply:
    messages: List[Dict[str, Any]]
    level: str  # emergency, or unassessed
    rules: Tuple[str, ...]
    signs: Set[str]


def read_findings(text: str, budget: float = READ_SECONDS, clock: Callable[[], float] = time.monotonic) -> list:
    """The findings of a message of any length, read in overlapping pieces of a normal message's size,
    until an emergency is found or the time budget is spent. The first and the last piece are read first:
    a long story usually says what is wrong now at its start or at its end."""
    findings: list = []
    started, step = clock(), MAX_MESSAGE_CHARS - 200
    starts = list(range(0, max(len(text), 1), step))
    for start in dict.fromkeys([starts[0], starts[-1], *starts[1:-1]]):  # the first, the last, the rest
        findings += extract_findings(text[start : start + MAX_MESSAGE_CHARS])
        if assess(findings).level == EMERGENCY or clock() - started > budget:
            break
    return findings


def safety_reply(text: str, reason: str, budget: float = READ_SECONDS) -> SafetyReply:
    """The guidance for a message Rasa will not see: emergency if the message itself meets an emergency
    rule, else `reason`'s text (which carries the team's numbers and the emergency line). With no budget
    left (a queue of long messages ahead of it) the message is not read: the numbers still come."""
    try:
        findings = read_findings(text, budget) if budget > 0 else []
    except Exception as error:  # noqa: BLE001 - no findings known: the reply below still gives every number
        logger.error("findings extraction failed (%s)", type(error).__name__)
        findings = []
    disposition = assess(findings)
    if disposition.level == EMERGENCY:
        emergency = {"text": emergency_text(), "custom": {"alert": {"level": EMERGENCY}}}
        return SafetyReply([emergency], EMERGENCY, disposition.rules, present_signs(findings))
    text = conversation_text(reason if reason in REFUSALS else "cannot_assess")
    return SafetyReply([{"text": text}], UNASSESSED, (), present_signs(findings))


class Guard:
    def __init__(self, channel: str, reply_seconds: Optional[float] = None):
        self.channel, self.reply_seconds = channel, reply_seconds
        self.limiter = RateLimiter()
        self.address_limiter = RateLimiter(ADDRESS_RATE_LIMIT) if ADDRESS_RATE_LIMIT > 0 else None
        self.audited_refusals = RateLimiter(1)
        self.logged_refusals = RateLimiter(1)

    def conversation_id(self, sender: str) -> str:
        """A conversation belongs to one channel: the same sender on another channel is another family."""
        return f"{self.channel}:{sender}"

    def refuse(self, sender: str, text: str, address: Optional[str] = None) -> Optional[str]:
        """Why this message is answered here instead of by Rasa, or None. The address is counted first,
        so that senders made up by a flood from one address are not remembered."""
        if address and self.address_limiter and not self.address_limiter.allow(address):
            return "rate_limited"
        if not self.limiter.allow(sender):
            return "rate_limited"
        if len(text) > MAX_MESSAGE_CHARS:
            return "too_long"
        if not text.strip():
            return "empty"
        return None

    async def answer(
        self,
        sender: str,
        text: str,
        deliver: Callable[[str], Awaitable[Any]],
        app: Any = None,
        address: Optional[str] = None,
    ) -> Optional[List[Dict[str, Any]]]:
        """Hands the message to Rasa through `deliver`; returns the messages to send instead, if any."""
        text = clean_text(text)
        reason = self.refuse(sender, text, address)
        if reason == "empty":
            return [{"text": conversation_text("cannot_place")}]
        if reason is None:
            try:
                await deliver(text)
                return None
            except Exception as error:  # noqa: BLE001 - whatever failed, the family gets guidance
                reason = _failure_reason(error)
                logger.error(
                    "could not handle a %s message: %s unavailable (%s); safety guidance sent",
                    self.channel,
                    reason,
                    type(error).__name__,
                )
        elif self.logged_refusals.allow(reason):  # once a minute: a flood cannot fill the log
            logger.warning("a %s message was answered without Rasa: %s", self.channel, reason)
        return await self.guidance(sender, text if reason == "too_long" else text[:MAX_MESSAGE_CHARS], reason, app)

    async def read(self, text: str, reason: str, within: Optional[float] = None) -> SafetyReply:
        """safety_reply, off the event loop. Time spent queued behind other messages counts against the
        reading budget, and the reply comes `within` seconds at most, read or not."""
        queued = time.monotonic()

        def reading() -> SafetyReply:
            return safety_reply(text, reason, READ_SECONDS - (time.monotonic() - queued))

        try:
            return await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(_READER, reading), within)
        except asyncio.TimeoutError:
            return safety_reply("", reason)

    def audit(self, app: Any, conversation: str, reply: SafetyReply, reason: str) -> None:
        _record(app, conversation, self.channel, reply, reason)

    async def guidance(
        self, sender: str, text: str, reason: str, app: Any = None, within: Optional[float] = None
    ) -> List[Dict[str, Any]]:
        """Safety guidance for a message Rasa did not answer, read off the event loop, and audited."""
        reply = await self.read(text, reason, within)
        conversation = self.conversation_id(sender)
        if (
            reply.level == EMERGENCY
            or reason not in REFUSALS
            or self.audited_refusals.allow(f"{reason}|{conversation}")
        ):
            self.audit(app, conversation, reply, reason)
        messages = reply.messages
        if reason not in REFUSALS:
            messages = messages + [{"custom": {"service": {"status": "degraded", "unavailable": reason}}}]
        return messages

    async def replies(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender: str,
        text: str,
        app: Any,
        metadata: Optional[Dict[str, Any]] = None,
        address: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """Every reply to this message, for the channels that answer in the HTTP response (REST, SMS),
        within the channel's reply deadline when it has one."""
        collector = CollectingOutputChannel()

        async def deliver(clean: str) -> None:
            await on_new_message(
                UserMessage(
                    clean, collector, self.conversation_id(sender), input_channel=self.channel, metadata=metadata
                )
            )

        answering = asyncio.ensure_future(self.answer(sender, text, deliver, app, address))
        try:
            instead = await asyncio.wait_for(asyncio.shield(answering), self.reply_seconds)
        except asyncio.TimeoutError:  # the turn goes on and is stored; this reply cannot wait for it
            logger.error(
                "a %s reply was not ready within %.0f s; safety guidance sent", self.channel, self.reply_seconds
            )
            return await self.guidance(
                sender, clean_text(text)[:MAX_MESSAGE_CHARS], "slow", app, within=SLOW_READ_SECONDS
            )
        return collector.messages + (instead or [])


def client_address(request: Any) -> str:
    """The address a request came from (the proxy's forwarded one when Sanic is told to trust it)."""
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "unknown")


def _failure_reason(error: Exception) -> str:
    if isinstance(error, (LockError, RedisError)):
        return "lock_store"
    if isinstance(error, TrackerStoreUnavailable):
        return "tracker_store"
    return "assistant"


def _audit_store(app: Any) -> Any:
    return audited_store(getattr(getattr(app, "ctx", None), "agent", None))


def _record(app: Any, conversation_id: str, channel: str, reply: SafetyReply, reason: str) -> None:
    """Puts guidance given here into the audit trail, through the tracker store (stores/)."""
    store = _audit_store(app)
    if store is None:
        return
    try:
        store.record(
            [guard_record(conversation_id, channel, reply.level, reply.rules, reply.signs, reason, time.time())]
        )
    except Exception as error:  # noqa: BLE001 - the family's reply matters more than the audit row
        logger.error("audit row for guidance given without Rasa not stored (%s)", type(error).__name__)
