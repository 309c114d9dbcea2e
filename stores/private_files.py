"""SQLite files holding health data are readable by their owner only (mode 0600).

SQLite creates a database file 0644 under the usual umask, and gives its -journal and -wal files the
database file's mode. So the file is created 0600 before SQLite opens it, and a file (or journal) left
wider by an earlier version is tightened when the store starts.
"""

import contextlib
import os
from pathlib import Path
from typing import Optional, Union

import sqlalchemy as sa

PRIVATE = 0o600
SIDE_FILES = ("-journal", "-wal", "-shm")


def private_sqlite_file(path: Path) -> Path:
    """Creates the database file 0600 if it is missing, and tightens it and its side files to 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE))  # an empty file is an empty database
    for file in [path] + [path.with_name(path.name + side) for side in SIDE_FILES]:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(file, PRIVATE)
    return path


def sqlite_file(url: Union[str, "sa.engine.url.URL"]) -> Optional[Path]:
    """The file an SQLite URL opens; None for any other database or an in-memory one."""
    url = sa.engine.make_url(url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def private_database(url: Union[str, "sa.engine.url.URL"]) -> None:
    """Makes an SQLite database's file private before it is opened; other databases are left alone."""
    path = sqlite_file(url)
    if path is not None:
        private_sqlite_file(path)
