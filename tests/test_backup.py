"""Backup and restore (bin/backup.py, `make backup` / `make restore`): real pg_dump and pg_restore
against the test database, restored into a throwaway database that the test creates and drops."""

import json
import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from records.services.bundle import bundle_import
from reports.models import Job, ResultsSnapshot
from reports.services.snapshots import snapshot_freeze
from reports.tasks import build_output
from tests.support.calibration import calibration_bundle

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bin" / "backup.py"


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def server(dbname: str = "postgres") -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    """An empty database of its own, dropped afterwards whatever happens."""
    name = f"casebook_restore_{uuid.uuid4().hex[:10]}"
    with server() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with server() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def row_counts(dbname: str) -> dict[str, int]:
    with server(dbname) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            t: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))
            ).fetchone()[0]
            for t in tables
        }


def documents(dbname: str, inspection_id: int) -> dict[str, object]:
    with server(dbname) as conn:
        rows = conn.execute(
            "SELECT kind, document FROM reports_resultssnapshot WHERE inspection_id = %s",
            [inspection_id],
        ).fetchall()
    return dict(rows)


def run(
    *args: str, database: str | None, media: Path | None = None, umask: int = -1
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database is not None:
        env["DATABASE_URL"] = database_url(database)
    extra = ["--media", str(media)] if media is not None else []
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, *extra],
        env=env,
        capture_output=True,
        text=True,
        umask=umask,
    )


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_gives_the_same_rows_results_and_files(
    framework, media, tmp_path, fresh_database
):
    inspection = bundle_import(data=calibration_bundle())
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    document = json.loads(out.getvalue())
    snapshot_freeze(inspection=inspection, user=None, label="Published results")
    job = Job.objects.create(inspection=inspection, kind="workbook", format="xlsx")
    build_output.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == "done"
    workbook = media / job.result_file.name
    source = connection.settings_dict["NAME"]
    before = row_counts(source)
    assert before["cases_case"] == 102 and before["reports_resultssnapshot"] == 2

    made = run("create", "--to", str(tmp_path / "backups"), database=source, media=media)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == tmp_path / "backups" and backup.name.startswith("casebook-")
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    done = run("restore", str(backup), database=fresh_database, media=restored_media)
    assert done.returncode == 0, done.stderr

    assert row_counts(fresh_database) == before
    stored = documents(fresh_database, inspection.pk)
    assert stored["latest"] == document
    assert stored["frozen"] == ResultsSnapshot.objects.get(kind="frozen").document
    assert (restored_media / job.result_file.name).read_bytes() == workbook.read_bytes()

    # the restored database serves the application: the same code recomputes the same document
    env = dict(os.environ, DATABASE_URL=database_url(fresh_database), CASEBOOK_LOCAL="true")
    again = subprocess.run(
        [sys.executable, "manage.py", "aggregate", str(inspection.pk), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == document


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_before_writing_anything(framework, media, tmp_path, fresh_database):
    (media / "reports").mkdir(parents=True)
    (media / "reports" / "draft.docx").write_bytes(b"PK fake")
    source = connection.settings_dict["NAME"]
    made = run("create", "--to", str(tmp_path / "b"), database=source, media=media)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    target_media = tmp_path / "m"

    no_url = run("restore", str(backup), database=None, media=target_media)
    assert no_url.returncode == 2 and "DATABASE_URL is not set" in no_url.stderr

    not_empty = run("restore", str(backup), database=source, media=target_media)
    assert not_empty.returncode == 2 and "is not empty" in not_empty.stderr

    missing = run("restore", str(tmp_path / "nowhere"), database=fresh_database, media=target_media)
    assert missing.returncode == 2 and "not a backup directory" in missing.stderr

    target_media.mkdir()
    (target_media / "keep.txt").write_text("x")
    busy = run("restore", str(backup), database=fresh_database, media=target_media)
    assert busy.returncode == 2 and "media directory" in busy.stderr
    (target_media / "keep.txt").unlink()

    with (backup / "database.dump").open("ab") as f:
        f.write(b"tampered")
    damaged = run("restore", str(backup), database=fresh_database, media=target_media)
    assert damaged.returncode == 2 and "does not match its checksum" in damaged.stderr

    assert row_counts(fresh_database) == {}  # nothing was written by any refused restore
    assert list(target_media.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(framework, media, tmp_path):
    (media / "reports").mkdir(parents=True)
    (media / "reports" / "draft.docx").write_bytes(b"PK fake")
    source = connection.settings_dict["NAME"]
    to = tmp_path / "new" / "backups"
    # the usual umask (files 0644, directories 0755) must not make the backup world-readable
    made = run("create", "--to", str(to), database=source, media=media, umask=0o022)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())

    def mode(path: Path) -> str:
        return oct(path.stat().st_mode & 0o777)

    assert {p.name: mode(p) for p in backup.iterdir()} == {
        "database.dump": "0o600",
        "media.tar.gz": "0o600",
        "SHA256SUMS": "0o600",
    }
    assert mode(backup) == "0o700"
    assert mode(to) == "0o700"  # the backups directory it had to create
