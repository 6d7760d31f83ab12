"""The test database, cloned from a migrated template instead of migrated once per process.

Migrating an empty PostgreSQL database to today's schema takes about twenty seconds (most of it
Django rendering model states), and every pytest-xdist process used to do it. Here the first
process builds a template database by running the migrations as Django's test runner would
(`create_test_db`), and every process then clones it (`CREATE DATABASE … TEMPLATE`, under a
second), as Django's own parallel test runner clones its databases.

The template's name carries a digest of everything the migrated schema and rows depend on:
every migration file of the project's apps (and the JSON file beside the frozen framework
migration), the locked versions of the installed libraries (their migrations), Django's
version and the installed apps. Change any of them and the digest changes, so the next run
builds a new template; an unchanged tree reuses the one already built. A template is renamed
into place only once its migrations finished, so a run killed mid-build leaves nothing a later
run would trust. Builds and clones are serialised across processes by a PostgreSQL advisory lock.

SQLite (no DATABASE_URL) keeps Django's ordinary set-up.
"""

import hashlib
from pathlib import Path

import django
from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "test_casebook_t"
# pg_advisory_lock key: any constant shared by every test process on the server.
LOCK = 7_240_118_2026


def schema_digest() -> str:
    """A digest of what the migrated test database depends on."""
    digest = hashlib.sha256()
    digest.update(django.get_version().encode())
    digest.update(repr(list(settings.INSTALLED_APPS)).encode())
    digest.update((ROOT / "uv.lock").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*")):
        if path.is_file() and path.suffix in {".py", ".json"}:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _build(template: str) -> None:
    """Migrate a fresh database and rename it to `template` once complete."""
    connection = connections["default"]
    building = f"{template}_build"
    test_settings = connection.settings_dict.setdefault("TEST", {})
    wanted = test_settings.get("NAME")
    test_settings["NAME"] = building
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    finally:
        test_settings["NAME"] = wanted
    connection.close()
    with connection._nodb_cursor() as cursor:
        qn = connection.ops.quote_name
        cursor.execute(f"ALTER DATABASE {qn(building)} RENAME TO {qn(template)}")
        # Templates of older schemas are dead weight; one in use by a clone is left alone.
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [f"{PREFIX}%", template],
        )
        for (old,) in cursor.fetchall():
            cursor.execute(f"DROP DATABASE IF EXISTS {qn(old)}")


def database_from_template() -> str:
    """Make this process's test database from the current template and point Django at it."""
    connection = connections["default"]
    name = connection.creation._get_test_db_name()
    template = PREFIX + schema_digest()
    qn = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            if not _exists(cursor, template):
                _build(template)
            cursor.execute(f"DROP DATABASE IF EXISTS {qn(name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {qn(name)} TEMPLATE {qn(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    return name


def database_drop(name: str) -> None:
    connection = connections["default"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        # a live server's thread or a killed worker may still hold a session: end them too
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")
