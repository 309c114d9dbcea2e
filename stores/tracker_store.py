"""The SQL tracker store (SQLite by default, PostgreSQL in production) with the audit trail, surviving a
database restart.

- Each turn's audit rows (stores/audit.py) are written in the same transaction as its events, so a
  disposition is in the audit exactly when the turn is in the store.
- Connections are checked before use (a restarted PostgreSQL leaves dead ones in the pool), and a
  read or write that fails because the database is away is retried for a while before giving up.
- An SQLite database file is created readable by its owner only (stores/private_files.py), and when the
  clinic sets a retention period, old conversations and audit rows are purged hourly (stores/retention.py).
- Giving up raises TrackerStoreUnavailable. Rasa's FailSafeTrackerStore would instead carry on with
  an empty in-memory tracker: the family's level would reset, the turn's events would never reach
  the database, and the error it logs can quote the SQL parameters, that is the message text.
  The channels (channels/guard.py) turn the error into safety guidance.
"""

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Iterator, Optional, Text, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

from components import rasa_patches
from stores import audit, retention
from stores.private_files import private_database
from triage.clinic import load_clinic

logger = logging.getLogger(__name__)
# A restart takes PostgreSQL a second or two; past this the family gets guidance rather than a wait.
RETRY_SECONDS = float(os.environ.get("TRACKER_STORE_RETRY_SECONDS", "8"))
T = TypeVar("T")


class TrackerStoreUnavailable(Exception):
    """The conversation database could not be reached (the message names only the error type)."""


async def _retrying(operation: Callable[[], Awaitable[T]], what: str) -> T:
    deadline, delay = time.monotonic() + RETRY_SECONDS, 0.2
    while True:
        try:
            return await operation()
        except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError) as error:
            if time.monotonic() + delay > deadline:
                logger.error(
                    "tracker store %s failed for %.0f s (%s); giving up", what, RETRY_SECONDS, type(error).__name__
                )
                raise TrackerStoreUnavailable(type(error).__name__) from None
            logger.warning("tracker store %s failed (%s); retrying", what, type(error).__name__)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)


class AuditedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine: Any = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        audit.create_table(self.engine)
        rasa_patches.apply("tracker_store_errors")
        retention.start_purging(self.engine, load_clinic().retention_days, retention.opt_out_db())

    @staticmethod
    def get_db_url(*args: Any, **kwargs: Any) -> Any:
        # SQLTrackerStore.__init__ asks for its URL just before it opens the database: the moment to
        # create an SQLite file 0600 before SQLite creates it world-readable.
        url = SQLTrackerStore.get_db_url(*args, **kwargs)
        private_database(url)
        return url

    def _additional_events(self, session: "sa.orm.Session", tracker: DialogueStateTracker) -> Iterator:
        events = list(super()._additional_events(session, tracker))
        records = audit.turn_records(tracker.sender_id, [event.as_dict() for event in events])
        audit.insert(session.connection(), records)  # committed with the events, or not at all
        return iter(events)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await _retrying(lambda: SQLTrackerStore.save(self, tracker), "save")

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        read = SQLTrackerStore._retrieve
        return await _retrying(lambda: read(self, sender_id, fetch_events_from_all_sessions), "read")

    def record(self, records) -> None:
        """Audit rows for guidance given outside a Rasa turn (channels/guard.py)."""
        with self.engine.begin() as connection:
            audit.insert(connection, records)


def _fail_instead_of_forking(self: FailSafeTrackerStore, error: Exception) -> None:
    if isinstance(error, TrackerStoreUnavailable):
        raise error
    logger.error("tracker store error (%s)", type(error).__name__)  # never the error text: it can quote SQL data
    raise TrackerStoreUnavailable(type(error).__name__) from None


def fail_turns_instead_of_forking() -> None:
    """Rasa's Agent wraps every tracker store in a FailSafeTrackerStore and gives it no error callback;
    once this store is in use, its error handlers fail the turn instead."""
    FailSafeTrackerStore.on_tracker_store_error = _fail_instead_of_forking
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _fail_instead_of_forking


def audited_store(agent: Any) -> Optional["AuditedSQLTrackerStore"]:
    """The running server's audited store, or None. Rasa's Agent wraps every tracker store in a
    FailSafeTrackerStore and keeps ours in its private `_tracker_store` (rasa/core/tracker_store.py):
    the one place this project reads it."""
    store = getattr(getattr(agent, "tracker_store", None), "_tracker_store", None)
    return store if isinstance(store, AuditedSQLTrackerStore) else None
