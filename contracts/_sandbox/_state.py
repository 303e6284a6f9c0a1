"""The tenant's data in SQLite: resources, OAuth tokens, idempotent replies, counters.

In memory by default; a file with `--state PATH`, so a restart keeps the tenant. One connection
guarded by a lock (the server and the Python API share it); file databases use WAL and a busy
timeout so two sandboxes on the same file serialise instead of failing. Every read-modify-write
runs inside one transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    kind TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
    headers BLOB NOT NULL, body BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class Store:
    """Thread-safe access to the sandbox database."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else ":memory:"
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10.0)
        self._lock = threading.RLock()
        with self._lock:
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(_SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit (BEGIN IMMEDIATE: writers from other processes wait their turn)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- resources ------------------------------------------------------------------------------
    def get(self, kind: str, rid: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute("SELECT data FROM resources WHERE kind=? AND id=?", (kind, rid)).fetchone()
        return orjson.loads(row[0]) if row else None

    def put(self, kind: str, rid: str, data: dict[str, Any], now: float) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO resources(kind, id, data, created) VALUES (?,?,?,?) "
                "ON CONFLICT(kind, id) DO UPDATE SET data=excluded.data",
                (kind, rid, orjson.dumps(data), now),
            )

    def update(
        self, kind: str, rid: str, change: Callable[[dict[str, Any]], dict[str, Any] | None]
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """Apply `change` to a stored record atomically: returns (before, after); after None = delete."""
        with self.transaction() as db:
            row = db.execute("SELECT data FROM resources WHERE kind=? AND id=?", (kind, rid)).fetchone()
            if row is None:
                return None, None
            before = orjson.loads(row[0])
            after = change(dict(before))
            if after is None:
                db.execute("DELETE FROM resources WHERE kind=? AND id=?", (kind, rid))
            else:
                db.execute("UPDATE resources SET data=? WHERE kind=? AND id=?", (orjson.dumps(after), kind, rid))
            return before, after

    def delete(self, kind: str, rid: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM resources WHERE kind=? AND id=?", (kind, rid)).rowcount > 0

    def count(self, kind: str | None = None) -> int:
        with self._lock:
            if kind is None:
                return int(self._conn.execute("SELECT COUNT(*) FROM resources").fetchone()[0])
            return int(self._conn.execute("SELECT COUNT(*) FROM resources WHERE kind=?", (kind,)).fetchone()[0])

    def next_number(self, name: str) -> int:
        with self.transaction() as db:
            db.execute("INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value=value+1", (name,))
            return int(db.execute("SELECT value FROM counters WHERE name=?", (name,)).fetchone()[0])

    # -- tokens ---------------------------------------------------------------------------------
    def add_token(self, token: str, client_id: str, expires: float) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO tokens(token, client_id, expires) VALUES (?,?,?)", (token, client_id, expires))

    def token_expiry(self, token: str) -> float | None:
        with self._lock:
            row = self._conn.execute("SELECT expires FROM tokens WHERE token=?", (token,)).fetchone()
        return float(row[0]) if row else None

    # -- idempotency ----------------------------------------------------------------------------
    def idempotent_get(self, key: str) -> tuple[str, int, dict[str, str], bytes] | None:
        with self._lock:
            row = self._conn.execute("SELECT fingerprint, status, headers, body FROM idempotency WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        return str(row[0]), int(row[1]), orjson.loads(row[2]), bytes(row[3])

    def idempotent_put(self, key: str, fingerprint: str, status: int, headers: dict[str, str], body: bytes, now: float) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO idempotency(key, fingerprint, status, headers, body, created) VALUES (?,?,?,?,?,?)",
                (key, fingerprint, status, orjson.dumps(headers), body, now),
            )
