"""make audit-export: the audit trail as CSV for the clinical team (one row per turn that gave guidance).

Reads the tracker store's database: TRACKER_DB_URL, else the default SQLite file var/tracker.db.
PROFILE=prod make audit-export reads production mode's PostgreSQL.
    python scripts/audit_export.py [--out results/audit.csv]
"""

import argparse
import os
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stores.audit import create_table, export_csv  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "audit.csv")
    args = parser.parse_args()
    url = os.environ.get("TRACKER_DB_URL") or f"sqlite:///{os.environ.get('TRACKER_DB', ROOT / 'var' / 'tracker.db')}"
    engine = sa.create_engine(url)
    create_table(engine)  # an assistant that never ran still exports an empty, valid file
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as out:
        count = export_csv(engine, out)
    print(f"{count} audit rows written to {args.out} (from {engine.url.render_as_string(hide_password=True)})")


if __name__ == "__main__":
    main()
