"""Back up and restore Casebook: the PostgreSQL database and the media files, together.

    python bin/backup.py create [--to DIR] [--media DIR]      (make backup)
    python bin/backup.py restore BACKUP_DIR [--media DIR]     (make restore FROM=BACKUP_DIR)

Both read the database from DATABASE_URL (PostgreSQL only). A backup is one dated directory,
`casebook-YYYYMMDDTHHMMSSZ/`, holding `database.dump` (pg_dump custom format), `media.tar.gz`
(everything under the media directory, default var/media) and `SHA256SUMS`, readable by its
owner only (files 0600, directories 0700, whatever the umask). `restore` checks
everything before it writes anything: the checksums, that the target database exists and has no
tables, that the media directory is absent or empty, and that the archive holds only plain files
and directories inside it; then it restores the database in one transaction and unpacks the media.
Every refusal is one line on stderr naming the problem, with exit status 2.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MEDIA = ROOT / "var" / "media"
DEFAULT_BACKUPS = ROOT / "var" / "backups"
FILES = ("database.dump", "media.tar.gz")


class Refused(Exception):
    """Bad input: reported as one line, nothing written."""


def connection_env(url: str) -> tuple[dict[str, str], str]:
    """libpq environment for DATABASE_URL (the password never appears on a command line) and the
    database name."""
    if not url:
        raise Refused("DATABASE_URL is not set; backups are of the PostgreSQL database")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise Refused("DATABASE_URL is not a PostgreSQL URL; only PostgreSQL is backed up")
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if config.get(key):
            env[var] = str(config[key])
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    env["PGDATABASE"] = config["NAME"]
    for key, value in (config.get("OPTIONS") or {}).items():
        if key == "sslmode":
            env["PGSSLMODE"] = str(value)
    return env, config["NAME"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Refused(f"{name} not found: install the PostgreSQL client tools (postgresql-client)")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(cmd: list[str], env: dict[str, str]) -> None:
    # S603: only the PostgreSQL tools this script names, with arguments it builds; no shell.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        raise Refused(f"{Path(cmd[0]).name} failed: {lines[-1]}")


def backup_create(*, url: str, media: Path, to: Path) -> Path:
    """Dump the database and pack the media into a new dated directory under `to`; return it.
    Written under a temporary name and renamed at the end, so a failed run leaves no backup
    that looks complete."""
    env, _ = connection_env(url)
    pg_dump = _tool("pg_dump")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = to / f"casebook-{stamp}"
    if dest.exists():
        raise Refused(f"{dest} already exists")
    # Owner only: everything this run creates (pg_dump's file included) is 0600, directories
    # 0700, whatever the caller's umask; the backup holds every case and account.
    old_umask = os.umask(0o077)
    try:
        return _create(pg_dump, env, media=media, to=to, stamp=stamp, dest=dest)
    finally:
        os.umask(old_umask)


def _create(
    pg_dump: str, env: dict[str, str], *, media: Path, to: Path, stamp: str, dest: Path
) -> Path:
    to.mkdir(mode=0o700, parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".casebook-{stamp}-", dir=to))
    try:
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={work / 'database.dump'}",
            ],
            env,
        )
        with tarfile.open(work / "media.tar.gz", "w:gz") as tar:
            if media.is_dir():
                for entry in sorted(media.iterdir()):
                    tar.add(entry, arcname=entry.name)
        sums = "".join(f"{_sha256(work / name)}  {name}\n" for name in FILES)
        (work / "SHA256SUMS").write_text(sums)
        work.rename(dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return dest


def _check_backup(source: Path) -> None:
    if not source.is_dir():
        raise Refused(f"{source} is not a backup directory")
    sums = source / "SHA256SUMS"
    if not sums.is_file():
        raise Refused(f"{sums} is missing: not a Casebook backup")
    expected = {}
    for line in sums.read_text().splitlines():
        digest, _, name = line.partition("  ")
        expected[name] = digest
    for name in FILES:
        path = source / name
        if not path.is_file():
            raise Refused(f"{path} is missing")
        if expected.get(name) != _sha256(path):
            raise Refused(f"{path} does not match its checksum in SHA256SUMS: damaged or changed")


def _check_archive(archive: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts:
                raise Refused(f"{archive} holds a path outside the media directory: {member.name}")
            if not (member.isfile() or member.isdir()):
                raise Refused(f"{archive} holds a link or device file: {member.name}")


def _check_empty_database(env: dict[str, str], name: str) -> None:
    try:
        with psycopg.connect("", connect_timeout=10, **_libpq(env)) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()[0]
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "cannot connect"
        raise Refused(f"cannot open database {name!r}: {first}") from None
    if tables:
        raise Refused(
            f"database {name!r} is not empty ({tables} tables): restore only into a new, empty "
            "database (createdb NAME)"
        )


def _libpq(env: dict[str, str]) -> dict[str, str]:
    keys = {
        "PGHOST": "host",
        "PGPORT": "port",
        "PGUSER": "user",
        "PGPASSWORD": "password",
        "PGDATABASE": "dbname",
        "PGSSLMODE": "sslmode",
    }
    return {param: env[var] for var, param in keys.items() if var in env}


def backup_restore(*, url: str, source: Path, media: Path) -> None:
    """Restore a backup made by `backup_create` into an empty database and an empty media
    directory. Every check runs before anything is written; the database is restored in one
    transaction (all or nothing)."""
    env, name = connection_env(url)
    pg_restore = _tool("pg_restore")
    _check_backup(source)
    _check_archive(source / "media.tar.gz")
    if media.exists() and (not media.is_dir() or any(media.iterdir())):
        raise Refused(f"media directory {media} is not empty: restore into an empty one")
    _check_empty_database(env, name)
    _run(
        [
            pg_restore,
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={name}",
            str(source / "database.dump"),
        ],
        env,
    )
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as tar:
        tar.extractall(media, filter="data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    create = sub.add_parser("create", help="back up the database and media files")
    create.add_argument("--to", type=Path, default=DEFAULT_BACKUPS, help="default var/backups")
    create.add_argument("--media", type=Path, default=DEFAULT_MEDIA, help="default var/media")
    restore = sub.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("source", type=Path, help="a casebook-… backup directory")
    restore.add_argument("--media", type=Path, default=DEFAULT_MEDIA, help="default var/media")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    try:
        if args.action == "create":
            print(backup_create(url=url, media=args.media, to=args.to))
        else:
            backup_restore(url=url, source=args.source, media=args.media)
            print(f"restored {args.source} into {connection_env(url)[1]} and {args.media}")
    except Refused as exc:
        print(f"{args.action}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
