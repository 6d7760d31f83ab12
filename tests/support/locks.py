"""Helpers for tests that race two real transactions on two connections."""

from django.db import connection


def backend_pid() -> int:
    """This thread's PostgreSQL backend process id."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def waiting_on_lock(pid: int) -> bool:
    """Whether that backend is waiting for a lock (e.g. a row another transaction holds)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"
