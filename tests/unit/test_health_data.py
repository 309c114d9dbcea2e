"""Health data at rest: private database files, the retention purge and `make erase` (SQLite in tmp_path)."""

import asyncio
import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from channels.sms import OptOuts
from stores import retention
from stores.audit import AuditRecord, insert, iso_time
from stores.tracker_store import AuditedSQLTrackerStore
from triage.clinic import DEFAULT_PATH, Clinic, load_clinic

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400
NOW = time.time()
WORDS = "my son's pump alarm went off at 3am"  # what must not outlive a purge or an erase
FAMILY, NUMBER = "sms:+15550100", "+15550100"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    old = os.umask(0o022)  # the usual umask, under which SQLite creates files 0644
    yield
    os.umask(old)


def tracker_store(tmp_path: Path) -> AuditedSQLTrackerStore:
    return AuditedSQLTrackerStore(host=f"sqlite:///{tmp_path / 'tracker.db'}", domain=None)


def add_turn(engine: sa.engine.Engine, conversation: str, at: float) -> None:
    """Two events (the family's words and the reply) and the turn's audit row."""
    row = sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:c, :type, :at, :data)")
    with engine.begin() as connection:
        connection.execute(row, c=conversation, type="user", at=at, data=json.dumps({"event": "user", "text": WORDS}))
        connection.execute(row, c=conversation, type="bot", at=at + 1, data=json.dumps({"event": "bot"}))
        insert(
            connection, [AuditRecord(conversation, at, iso_time(at), "sms", "same_day", "S1", "v1", "", "disposition")]
        )


def events_of(engine: sa.engine.Engine, conversation: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :c"), c=conversation).scalar()


def audit_times(engine: sa.engine.Engine) -> list:
    with engine.connect() as connection:
        return sorted(at for (at,) in connection.execute(sa.text("SELECT turn_at FROM triage_audit")))


def seen_at(opt_out_db: Path, *times: float) -> None:
    db = OptOuts(opt_out_db)._db
    db.executemany("INSERT INTO seen_message (sid, at) VALUES (?, ?)", [(f"SM{at}", at) for at in times])
    db.commit()


def seen_count(opt_out_db: Path) -> int:
    return OptOuts(opt_out_db)._db.execute("SELECT count(*) FROM seen_message").fetchone()[0]


async def until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the purge did not run"
        await asyncio.sleep(0.02)


# 1. Files readable by their owner only


@pytest.mark.reliability("security", "Tracker database is 0600")
def test_the_tracker_database_is_created_readable_by_its_owner_only(tmp_path):
    store = tracker_store(tmp_path)
    add_turn(store.engine, FAMILY, NOW)
    assert mode(tmp_path / "tracker.db") == 0o600


@pytest.mark.reliability("security", "Opt-out database is 0600")
def test_the_opt_out_database_is_created_readable_by_its_owner_only(tmp_path):
    OptOuts(tmp_path / "var" / "sms-opt-out.db").set(NUMBER, True)
    assert mode(tmp_path / "var" / "sms-opt-out.db") == 0o600


def test_existing_world_readable_databases_and_journals_are_tightened_at_start(tmp_path):
    wide = [tmp_path / name for name in ("tracker.db", "tracker.db-wal", "tracker.db-shm", "sms-opt-out.db")]
    for path in wide:
        path.touch(mode=0o644)
        os.chmod(path, 0o644)
    tracker_store(tmp_path)
    OptOuts(tmp_path / "sms-opt-out.db")
    assert {path.name: mode(path) for path in wide} == {path.name: 0o600 for path in wide}


def test_a_write_ahead_log_gets_the_database_files_mode(tmp_path):
    engine = tracker_store(tmp_path).engine
    with engine.connect() as reader:  # a reader kept open keeps the -wal file
        reader.exec_driver_sql("PRAGMA journal_mode = WAL")
        reader.exec_driver_sql("SELECT count(*) FROM events").fetchall()
        add_turn(engine, FAMILY, NOW)
        assert mode(tmp_path / "tracker.db-wal") == 0o600


# 2. Retention


@pytest.mark.parametrize("setting,days", [(None, 0), ({}, 0), ({"days": 0}, 0), ({"days": 30}, 30)])
def test_the_retention_setting_is_whole_days_and_off_by_default(setting, days):
    assert Clinic("T", "1", "2", "911", retention=setting).retention_days == days
    assert load_clinic(str(DEFAULT_PATH)).retention_days == 0


@pytest.mark.parametrize(
    "setting",
    [{"days": -1}, {"days": "30"}, {"days": 1.5}, {"days": True}, {"days": None}, {"dayz": 30}, 30, "30 days"],
)
def test_a_wrong_retention_setting_is_refused_when_the_clinic_is_loaded(setting):
    with pytest.raises(ValueError, match="retention must be"):
        Clinic("T", "1", "2", "911", retention=setting)


@pytest.mark.reliability("security", "Retention purge: old conversations whole, recent kept")
def test_the_purge_deletes_idle_conversations_whole_and_old_audit_rows_and_keeps_recent_ones(tmp_path):
    engine, opt_out_db = tracker_store(tmp_path).engine, tmp_path / "sms-opt-out.db"
    add_turn(engine, "sms:+15550111", NOW - 40 * DAY)
    add_turn(engine, "sms:+15550111", NOW - 35 * DAY)  # idle for 35 days: gone
    add_turn(engine, FAMILY, NOW - 40 * DAY)
    add_turn(engine, FAMILY, NOW - 2 * DAY)  # began 40 days ago, wrote again 2 days ago: kept whole
    add_turn(engine, "rest:a", NOW - 29 * DAY)
    OptOuts(opt_out_db).set("+15550111", True)
    seen_at(opt_out_db, NOW - 31 * DAY, NOW - DAY)

    purged = retention.purge(engine, 30, opt_out_db, now=NOW)

    assert purged == retention.Purged(conversations=1, events=4, audit_rows=3, sms_message_ids=1)
    assert [events_of(engine, c) for c in ("sms:+15550111", FAMILY, "rest:a")] == [0, 4, 2]
    assert audit_times(engine) == [NOW - 29 * DAY, NOW - 2 * DAY]
    assert seen_count(opt_out_db) == 1
    assert "+15550111" in OptOuts(opt_out_db)  # STOP is still honoured


@pytest.mark.parametrize(
    "delete",
    [
        lambda engine, opt_outs: retention.purge(engine, 30, opt_outs, now=NOW),
        lambda engine, opt_outs: retention.erase(engine, FAMILY, opt_outs),
    ],
    ids=["purge", "erase"],
)
def test_deleted_words_do_not_linger_in_the_sqlite_file(tmp_path, delete):
    engine = tracker_store(tmp_path).engine
    # some SQLite builds overwrite deleted data by default, others not: start from "not"
    sa.event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA secure_delete = OFF"))
    add_turn(engine, FAMILY, NOW - 40 * DAY)
    assert WORDS.encode() in (tmp_path / "tracker.db").read_bytes()
    delete(engine, tmp_path / "sms-opt-out.db")
    assert WORDS.encode() not in (tmp_path / "tracker.db").read_bytes()


async def test_nothing_is_purged_when_retention_is_off(tmp_path):
    engine = tracker_store(tmp_path).engine
    add_turn(engine, FAMILY, NOW - 400 * DAY)
    assert retention.start_purging(engine, 0, tmp_path / "sms-opt-out.db", every=0.01) is None
    await asyncio.sleep(0.1)
    assert events_of(engine, FAMILY) == 2 and len(audit_times(engine)) == 1


async def test_the_server_purges_at_start_and_then_periodically_logging_counts_only(tmp_path, caplog):
    caplog.set_level("INFO", logger="stores.retention")
    engine = tracker_store(tmp_path).engine
    add_turn(engine, FAMILY, NOW - 40 * DAY)
    job = retention.start_purging(engine, 30, tmp_path / "sms-opt-out.db", every=0.05)
    try:
        await until(lambda: events_of(engine, FAMILY) == 0)
        add_turn(engine, "rest:a", NOW - 31 * DAY)  # grows old while the server runs
        await until(lambda: events_of(engine, "rest:a") == 0)
        assert retention.start_purging(engine, 30, tmp_path / "sms-opt-out.db") is job  # one job per process
    finally:
        job.cancel()
    assert "deleted 1 conversations (2 events), 1 audit rows, 0 SMS message ids" in caplog.text
    assert FAMILY not in caplog.text and "rest:a" not in caplog.text and WORDS not in caplog.text


async def test_the_tracker_store_starts_the_purge_when_the_clinic_sets_retention(tmp_path, monkeypatch):
    monkeypatch.setattr("stores.tracker_store.load_clinic", lambda: Clinic("T", "1", "2", "911", retention={"days": 7}))
    tracker_store(tmp_path)
    job = retention._purging
    try:
        assert job is not None and not job.done() and job.get_loop() is asyncio.get_running_loop()
    finally:
        job.cancel()


def test_make_purge_uses_the_clinic_setting(tmp_path):
    engine = tracker_store(tmp_path).engine
    add_turn(engine, FAMILY, NOW - 40 * DAY)
    clinic = tmp_path / "clinic.yml"
    clinic.write_text(DEFAULT_PATH.read_text())
    off = cli(tmp_path, "purge", ITB_CLINIC_CONFIG=str(clinic))
    assert "Retention is off" in off.stdout and events_of(engine, FAMILY) == 2
    clinic.write_text(DEFAULT_PATH.read_text().replace("days: 0", "days: 30"))
    on = cli(tmp_path, "purge", ITB_CLINIC_CONFIG=str(clinic))
    assert on.returncode == 0, on.stderr
    assert "Retention 30 days: deleted 1 conversations (2 events), 1 audit rows" in on.stdout
    assert events_of(engine, FAMILY) == 0


# 3. make erase ID=...


def stores_with_two_families(tmp_path: Path):
    engine, opt_out_db = tracker_store(tmp_path).engine, tmp_path / "sms-opt-out.db"
    for conversation in (FAMILY, "sms:+15550111", f"rest:{NUMBER}"):  # the same number on REST is another family
        add_turn(engine, conversation, NOW - DAY)
        add_turn(engine, conversation, NOW)
    OptOuts(opt_out_db).set(NUMBER, True)
    OptOuts(opt_out_db).set("+15550111", True)
    seen_at(opt_out_db, NOW)
    return engine, opt_out_db


@pytest.mark.reliability("security", "make erase: one conversation everywhere, nothing else")
def test_erase_deletes_one_conversation_everywhere_and_nothing_else(tmp_path):
    engine, opt_out_db = stores_with_two_families(tmp_path)
    assert retention.erase(engine, FAMILY, opt_out_db) == retention.Erased(events=4, audit_rows=2, opt_outs=1)
    assert events_of(engine, FAMILY) == 0
    assert events_of(engine, "sms:+15550111") == 4 and events_of(engine, f"rest:{NUMBER}") == 4
    assert len(audit_times(engine)) == 4
    assert NUMBER not in OptOuts(opt_out_db) and "+15550111" in OptOuts(opt_out_db)
    assert seen_count(opt_out_db) == 1
    assert retention.erase(engine, FAMILY, opt_out_db) == retention.Erased(0, 0, 0)


def test_erasing_a_rest_conversation_leaves_the_sms_opt_out_alone(tmp_path):
    engine, opt_out_db = stores_with_two_families(tmp_path)
    assert retention.erase(engine, f"rest:{NUMBER}", opt_out_db) == retention.Erased(events=4, audit_rows=2, opt_outs=0)
    assert NUMBER in OptOuts(opt_out_db) and events_of(engine, FAMILY) == 4


def cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("TRACKER_DB_URL", "SMS_OPT_OUT_DB")}
    environment["TRACKER_DB"] = str(tmp_path / "tracker.db")
    environment.update(env)
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "with_stores.sh"), "scripts/health_data.py", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_erase_reports_what_it_removed(tmp_path):
    engine, _ = stores_with_two_families(tmp_path)
    result = cli(tmp_path, "erase", FAMILY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Removed for conversation {FAMILY}:",
        f"  events: 4 (tracker store sqlite:///{tmp_path / 'tracker.db'})",
        "  audit rows: 2 (same database)",
        f"  opt-outs: 1 (SMS opt-out database {tmp_path / 'sms-opt-out.db'})",
    ]
    assert events_of(engine, FAMILY) == 0 and events_of(engine, "sms:+15550111") == 4
    assert WORDS.encode() in (tmp_path / "tracker.db").read_bytes()  # the other families' words stay
    again = cli(tmp_path, "erase", FAMILY)
    assert "Nothing was stored under this id" in again.stdout


@pytest.mark.parametrize("conversation_id", ["", "  "])
def test_make_erase_refuses_an_empty_id(tmp_path, conversation_id):
    engine, _ = stores_with_two_families(tmp_path)
    result = cli(tmp_path, "erase", conversation_id)
    assert result.returncode == 1
    assert "no id given; nothing erased" in result.stderr
    assert events_of(engine, FAMILY) == 4


def test_make_erase_refuses_a_tracker_database_that_is_not_there(tmp_path):
    result = cli(tmp_path, "erase", FAMILY, TRACKER_DB=str(tmp_path / "elsewhere.db"))
    assert result.returncode == 1 and "no tracker database at" in result.stderr
    assert not (tmp_path / "elsewhere.db").exists()
