"""make erase ID=<conversation id> and make purge: deleting health data from the stores.

The stores are found as scripts/serve.sh sets them: TRACKER_DB_URL, else the SQLite file TRACKER_DB
(var/tracker.db), holding the conversations and the audit trail; SMS_OPT_OUT_DB, else sms-opt-out.db
next to it. PROFILE=prod (scripts/with_stores.sh) works on production mode's PostgreSQL.
    python scripts/health_data.py erase sms:+15550100    # one conversation, everywhere
    python scripts/health_data.py purge                  # the retention purge, once, now
"""

import argparse
import os
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stores.private_files import sqlite_file  # noqa: E402
from stores.retention import SMS_PREFIX, erase, opt_out_db, purge  # noqa: E402
from triage.clinic import load_clinic  # noqa: E402

ID_FORMS = "rest:<sender>, sms:<phone number> or webchat:<session id>"


def tracker_engine() -> sa.engine.Engine:
    url = os.environ.get("TRACKER_DB_URL") or f"sqlite:///{os.environ.get('TRACKER_DB', ROOT / 'var' / 'tracker.db')}"
    path = sqlite_file(url)
    if path is not None and not path.exists():  # a wrong path must not pass for "nothing stored"
        sys.exit(f"no tracker database at {path} (set TRACKER_DB or TRACKER_DB_URL as for the server)")
    return sa.create_engine(url)


def where(engine: sa.engine.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def erase_conversation(conversation_id: str) -> None:
    if not conversation_id.strip():
        sys.exit(f"make erase ID=<conversation id>: no id given; nothing erased. An id is {ID_FORMS}.")
    engine, opt_outs = tracker_engine(), opt_out_db()
    erased = erase(engine, conversation_id, opt_outs)
    print(f"Removed for conversation {conversation_id}:")
    print(f"  events: {erased.events} (tracker store {where(engine)})")
    print(f"  audit rows: {erased.audit_rows} (same database)")
    if conversation_id.startswith(SMS_PREFIX):
        print(f"  opt-outs: {erased.opt_outs} (SMS opt-out database {opt_outs})")
    if not (erased.events or erased.audit_rows or erased.opt_outs):
        print(f"Nothing was stored under this id (an id is {ID_FORMS}).")


def purge_now() -> None:
    days = load_clinic().retention_days
    if not days:
        print("Retention is off (retention.days is 0 in the clinic configuration): nothing deleted.")
        return
    engine = tracker_engine()
    purged = purge(engine, days, opt_out_db())
    print(f"Retention {days} days: deleted {purged} (from {where(engine)} and {opt_out_db()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("erase", help="delete one conversation everywhere").add_argument("conversation_id")
    commands.add_parser("purge", help="delete what is older than the retention period, now")
    args = parser.parse_args()
    if args.command == "erase":
        erase_conversation(args.conversation_id)
    else:
        purge_now()


if __name__ == "__main__":
    main()
