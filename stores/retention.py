"""How long health data is kept, and how one family's data is erased.

- purge(): conversations whose last event is older than the clinic's retention period are deleted
  whole (never part of one), audit rows by the time of their turn, and the SMS line's remembered
  MessageSids by the time they came. Opt-outs are kept: a number that sent STOP stays silenced.
- start_purging(): in the Rasa server, when retention is on, a purge at start and then every hour.
- erase(): one conversation everywhere: its events, its audit rows and, for an SMS conversation, its
  number's opt-out.
SQLite overwrites what is deleted here (secure_delete), so the words do not linger in the file's free pages.
Logs name counts only.
"""

import asyncio
import contextlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import sqlalchemy as sa

from stores.audit import audit_table

logger = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600.0
DAY_SECONDS = 86400
SMS_PREFIX = "sms:"
# Rasa's SQLTrackerStore table, named here so that scripts need not import Rasa
events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
_purging: Optional[asyncio.Task] = None


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    audit_rows: int
    sms_message_ids: int

    def __str__(self) -> str:
        return (
            f"{self.conversations} conversations ({self.events} events), {self.audit_rows} audit rows, "
            f"{self.sms_message_ids} SMS message ids"
        )


@dataclass(frozen=True)
class Erased:
    events: int
    audit_rows: int
    opt_outs: int


def opt_out_db() -> Path:
    """The SMS line's opt-out database, found as scripts/serve.sh sets it."""
    tracker_db = Path(os.environ.get("TRACKER_DB") or "var/tracker.db")
    return Path(os.environ.get("SMS_OPT_OUT_DB") or tracker_db.parent / "sms-opt-out.db")


def purge(engine: sa.engine.Engine, days: int, opt_outs: Path, now: Optional[float] = None) -> Purged:
    """Deletes what is older than `days` days (days > 0)."""
    cutoff = (time.time() if now is None else now) - days * DAY_SECONDS
    stale = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
    with engine.begin() as connection:
        tables = _begin_deleting(connection)
        conversations = 0
        if "events" in tables:
            conversations = connection.execute(sa.select(sa.func.count()).select_from(stale.subquery())).scalar()
        # one statement: a conversation that gets a message meanwhile is kept whole or deleted whole
        deleted_events = _delete(connection, tables, events.delete().where(events.c.sender_id.in_(stale)))
        audit_rows = _delete(connection, tables, audit_table.delete().where(audit_table.c.turn_at < cutoff))
    sms_message_ids = _delete_sqlite(opt_outs, "seen_message", "at < ?", cutoff)
    return Purged(conversations, deleted_events, audit_rows, sms_message_ids)


def erase(engine: sa.engine.Engine, conversation_id: str, opt_outs: Path) -> Erased:
    """Deletes one conversation's events and audit rows and, for `sms:<number>`, that number's opt-out."""
    with engine.begin() as connection:
        tables = _begin_deleting(connection)
        deleted_events = _delete(connection, tables, events.delete().where(events.c.sender_id == conversation_id))
        audit_rows = _delete(
            connection, tables, audit_table.delete().where(audit_table.c.conversation_id == conversation_id)
        )
    opt_out_rows = 0
    if conversation_id.startswith(SMS_PREFIX):
        opt_out_rows = _delete_sqlite(opt_outs, "opt_out", "number = ?", conversation_id[len(SMS_PREFIX) :])
    return Erased(deleted_events, audit_rows, opt_out_rows)


def start_purging(
    engine: sa.engine.Engine, days: int, opt_outs: Path, every: float = PURGE_EVERY_SECONDS
) -> Optional[asyncio.Task]:
    """In the Rasa server (a running event loop), purges now and then every `every` seconds while
    retention is on; one job per process. Elsewhere (scripts, tests) it does nothing: see `make purge`."""
    global _purging
    if days <= 0:
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    if _purging is None or _purging.done() or _purging.get_loop() is not loop:
        logger.info(
            "retention: conversations and audit rows are deleted after %d days, checked every %.0f s", days, every
        )
        _purging = loop.create_task(_purge_every(engine, days, opt_outs, every))
    return _purging


async def _purge_every(engine: sa.engine.Engine, days: int, opt_outs: Path, every: float) -> None:
    loop = asyncio.get_running_loop()
    while True:
        try:
            purged = await loop.run_in_executor(None, purge, engine, days, opt_outs)
            logger.info("retention (%d days): deleted %s", days, purged)
        except Exception as error:  # the database may be away for now; never log the error's text (SQL data)
            logger.error("retention purge failed (%s); next try in %.0f s", type(error).__name__, every)
        await asyncio.sleep(every)


def _begin_deleting(connection: sa.engine.Connection) -> set:
    """Has SQLite overwrite what this connection deletes; returns the tables the database has."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
    return set(sa.inspect(connection).get_table_names())


def _delete(connection: sa.engine.Connection, tables: set, statement: Any) -> int:
    """Runs a DELETE; a table never created (a store that never ran) has nothing to delete."""
    return connection.execute(statement).rowcount if statement.table.name in tables else 0


def _delete_sqlite(path: Path, table: str, where: str, value: Any) -> int:
    """A DELETE in the SMS line's own SQLite file; a missing file is not created."""
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(str(path), timeout=10)) as db, db:
        db.execute("PRAGMA secure_delete = ON")
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
            return 0
        return db.execute(f"DELETE FROM {table} WHERE {where}", (value,)).rowcount
