"""Notifies the on-call team when a conversation reaches same-day or emergency.

Delivery runs in the background: it retries with backoff and, when the receiver stays down, appends the
notification to a dead-letter file. It never delays or blocks the reply to the family. No message text
is sent unless the clinic turns `include_text` on.
"""

import asyncio
import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Optional, Set

import aiohttp

from triage.clinic import Clinic, load_clinic
from triage.protocol import load_protocol

logger = logging.getLogger(__name__)
_PENDING: Set[asyncio.Task] = set()  # keeps background deliveries alive until they finish


def notification(
    conversation_id: str,
    channel: Optional[str],
    level: str,
    rules,
    clinic: Clinic,
    text: Optional[str] = None,
    now: Optional[datetime] = None,
    callback: bool = False,
) -> Dict[str, Any]:
    event: Dict[str, Any] = {
        "conversation_id": conversation_id,
        "channel": channel or "unknown",
        "level": level,
        "rules": list(rules),
        "protocol_version": load_protocol().version,
        "time": (now or datetime.now(timezone.utc)).isoformat(),
    }
    if callback:  # the family asked for a call back (the SMS number is the conversation id's)
        event["callback_requested"] = True
    if clinic.escalation.get("include_text") and text:
        event["text"] = text
    return event


async def deliver(event: Dict[str, Any], clinic: Clinic) -> bool:
    config = clinic.escalation
    retries, backoff = int(config.get("retries", 5)), float(config.get("backoff_seconds", 1.0))
    timeout = aiohttp.ClientTimeout(total=float(config.get("timeout_seconds", 5)))
    for attempt in range(retries):
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(config["url"], json=event) as reply:
                    if 200 <= reply.status < 300:
                        return True
                    logger.warning("on-call webhook answered %s (attempt %d)", reply.status, attempt + 1)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            logger.warning("on-call webhook unreachable (attempt %d): %s", attempt + 1, type(error).__name__)
        if attempt + 1 < retries:
            await asyncio.sleep(backoff * 2**attempt)
    dead_letter = Path(config.get("dead_letter", "var/escalation-dead-letter.jsonl"))
    dead_letter.parent.mkdir(parents=True, exist_ok=True)
    with dead_letter.open("a") as out:
        out.write(json.dumps(event) + "\n")
    logger.error("on-call notification for conversation %s written to %s", event["conversation_id"], dead_letter)
    return False


def notify_in_background(event: Dict[str, Any], clinic: Optional[Clinic] = None) -> asyncio.Task:
    task = asyncio.get_running_loop().create_task(deliver(event, clinic or load_clinic()))
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)
    return task
