"""The audit trail: one row for every turn in which a family was given triage guidance, in the tracker
store's own database, written in the same transaction as the turn's events.

A row holds the conversation id, channel, time, level, rule ids, protocol version and the signs that
fired; never the family's words. `outcome` says where the guidance came from:
  disposition     action_give_disposition's reply (its payload is copied as it is)
  emergency       Rasa's own emergency reply, when the disposition action did not run
  cannot_assess   the safety net: the action server failed, the family got the team's numbers
  guard:<reason>  the channel answered without Rasa (rate limit, lock store down, ...)
"""

import csv
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from typing import Iterable, List, Optional, TextIO

import sqlalchemy as sa
import sqlalchemy.exc

from triage.engine import assess
from triage.findings import present_signs
from triage.parse_contract import message_findings
from triage.protocol import EMERGENCY, load_protocol
from triage.reply_contract import CANNOT_ASSESS, EMERGENCY_REPLY, UNASSESSED, UTTER_ACTION_KEY, triage_of

metadata = sa.MetaData()
audit_table = sa.Table(
    "triage_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("turn_at", sa.Float, nullable=False),  # the family's message: one row per turn at most
    sa.Column("given_at", sa.String(32), nullable=False),
    sa.Column("channel", sa.String(64)),
    sa.Column("level", sa.String(32), nullable=False),
    sa.Column("rules", sa.String(255), nullable=False),
    sa.Column("protocol_version", sa.String(64), nullable=False),
    sa.Column("findings", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(64), nullable=False),
    sa.UniqueConstraint("conversation_id", "turn_at", name="one_audit_row_per_turn"),
)


@dataclass(frozen=True)
class AuditRecord:
    conversation_id: str
    turn_at: float
    given_at: str
    channel: Optional[str]
    level: str
    rules: str
    protocol_version: str
    findings: str
    outcome: str


def iso_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="milliseconds")


def _payload_record(base: dict, reply: dict, triage: dict) -> AuditRecord:
    base = dict(base, protocol_version=triage.get("protocol_version", base["protocol_version"]))  # as given
    return AuditRecord(
        **base,
        given_at=iso_time(reply["timestamp"]),
        level=triage["level"],
        rules=" ".join(triage["rules"]),
        findings=" ".join(triage.get("findings", [])),
        outcome="disposition",
    )


def turn_record(conversation_id: str, user_event: dict, replies: List[dict]) -> Optional[AuditRecord]:
    """The guidance of one turn: the disposition payload if there is one, else Rasa's own emergency
    reply, else the safety net's "cannot assess". A turn without guidance (a greeting, a screening
    question) has no row."""
    protocol = load_protocol()
    base = dict(
        conversation_id=conversation_id,
        turn_at=user_event["timestamp"],
        channel=user_event.get("input_channel"),
        protocol_version=protocol.version,
    )
    for reply in reversed(replies):
        triage = triage_of(reply.get("data") or {})
        if triage:
            return _payload_record(base, reply, triage)
    said = {(reply.get("metadata") or {}).get(UTTER_ACTION_KEY): reply for reply in replies}
    findings = message_findings((user_event.get("parse_data") or {}).get("entities") or [])
    signs = " ".join(sorted(present_signs(findings)))
    if EMERGENCY_REPLY in said:
        rules = " ".join(assess(findings, protocol).rules)
        return AuditRecord(
            **base,
            given_at=iso_time(said[EMERGENCY_REPLY]["timestamp"]),
            level=EMERGENCY,
            rules=rules,
            findings=signs,
            outcome="emergency",
        )
    if CANNOT_ASSESS in said:
        return AuditRecord(
            **base,
            given_at=iso_time(said[CANNOT_ASSESS]["timestamp"]),
            level=UNASSESSED,
            rules="",
            findings=signs,
            outcome="cannot_assess",
        )
    return None


def turn_records(conversation_id: str, events: Iterable[dict]) -> List[AuditRecord]:
    """Audit rows for the turns among these events (as dicts, in order), one per turn with guidance."""
    records: List[AuditRecord] = []
    user_event: Optional[dict] = None
    replies: List[dict] = []
    for event in list(events) + [{"event": "user"}]:  # the sentinel closes the last turn
        if event.get("event") == "user":
            record = turn_record(conversation_id, user_event, replies) if user_event else None
            records += [record] if record else []
            user_event, replies = event, []
        elif event.get("event") == "bot" and user_event:
            replies.append(event)
    return records


def guard_record(conversation_id: str, channel: str, level: str, rules, signs, reason: str, at: float) -> AuditRecord:
    """A row for guidance a channel gave without Rasa (see channels/guard.py)."""
    return AuditRecord(
        conversation_id=conversation_id,
        turn_at=at,
        given_at=iso_time(at),
        channel=channel,
        level=level,
        rules=" ".join(rules),
        protocol_version=load_protocol().version,
        findings=" ".join(sorted(signs)),
        outcome=f"guard:{reason}",
    )


def create_table(engine: sa.engine.Engine) -> None:
    try:
        metadata.create_all(engine, checkfirst=True)
    except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
        time.sleep(1.0)  # another server was creating it at the same moment
        metadata.create_all(engine, checkfirst=True)


def insert(connection, records: Iterable[AuditRecord]) -> None:
    rows = [asdict(record) for record in records]
    if rows:
        connection.execute(audit_table.insert(), rows)


def export_csv(engine: sa.engine.Engine, out: TextIO) -> int:
    """Writes every audit row, oldest first, as CSV for the clinical team; returns the row count."""
    columns = [field.name for field in fields(AuditRecord)]
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    with engine.connect() as connection:
        query = sa.select([audit_table.c[name] for name in columns]).order_by(audit_table.c.turn_at, audit_table.c.id)
        for row in connection.execute(query):
            writer.writerow(list(row))
            count += 1
    return count
