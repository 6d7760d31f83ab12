"""The autosave load test (`make bench-load`): N inspectors autosaving through gunicorn, then a check
from the database that every acknowledged save is stored.

1. Creates a fresh PostgreSQL database of its own (default `casebook_load`; dropped and created
   again on every run), migrates it, and makes one inspection with N inspectors, one case each.
2. Starts gunicorn (4 sync workers) on 127.0.0.1:PORT in the production shape: DEBUG off, a real
   SECRET_KEY, sessions in Redis (CACHE_URL), plain HTTP (SECURE_SSL_REDIRECT and SECURE_COOKIES
   off, no HSTS: there is no TLS proxy here).
3. Runs Locust headless on the same machine (bench/load/locustfile.py): the inspectors sign in
   (ramping up at --spawn-rate a second), then each changes one or two items every --pace
   seconds and autosaves them, reading the page again every fifth round. Statistics are reset
   once every inspector has signed in, and the run goes on --seconds more: the figures are of
   the steady state.
4. Stops gunicorn, then compares, item by item, the last save the server acknowledged (2xx) with
   the answer and evidence in the database: a difference is a lost write.

Prints p50/p95 of autosaves and page reads, autosaves per second served, and lost writes. Exits 1
when a write was lost or an autosave failed. Loopback only; every run stops by itself.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The Casebook checkout to serve and check (default this one); another one, e.g. an export of an
# older commit, compares before and after with the same load.
APP = Path(os.environ.get("LOAD_APP_DIR") or ROOT).resolve()
PASSWORD = "load-test " + secrets.token_urlsafe(12)


def _arguments() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=int(env("LOAD_USERS", "50")))
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(env("LOAD_SECONDS", "60")),
        help="steady-state run time after every inspector has started",
    )
    parser.add_argument("--pace", type=float, default=float(env("LOAD_PACE", "2")))
    parser.add_argument("--spawn-rate", type=float, default=float(env("LOAD_SPAWN_RATE", "5")))
    parser.add_argument("--workers", type=int, default=int(env("LOAD_WORKERS", "4")))
    parser.add_argument("--port", type=int, default=int(env("LOAD_PORT", "8150")))
    parser.add_argument(
        "--database-url",
        default=env("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casebook_load"),
    )
    parser.add_argument("--redis-url", default=env("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13"))
    return parser.parse_args()


def _fresh_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("CASEBOOK_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(APP))
    import django

    django.setup()


def _make_cases(users: int) -> list[dict]:
    """One inspection (the shipped framework), `users` inspectors on its team, one case each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from casework.models import Case
    from inspection.models import (
        CohortWindow,
        FrameworkVersion,
        Inspection,
        Pdu,
        Region,
        TeamMembership,
    )

    framework = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    inspection = Inspection.objects.create(
        pdu=Pdu.objects.create(region=Region.objects.create(name="Load region"), name="Load PDU"),
        framework=framework,
        fieldwork_start=date(2022, 11, 28),
        fieldwork_end=date(2022, 12, 2),
    )
    CohortWindow.objects.create(
        inspection=inspection, start=date(2022, 4, 1), end=date(2022, 4, 30)
    )
    hashed = make_password(PASSWORD)  # once: hashing is deliberately slow
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"load-{i:03d}", password=hashed) for i in range(users)
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(inspection=inspection, user=u, role="inspector") for u in people
    )
    cases = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            ref=f"LOAD-{i:03d}",
            case_type="community",
            rosh="medium",
            start_date=date(2022, 4, 10),
            gender="male",
            assigned_to=u,
        )
        for i, u in enumerate(people)
    )
    return [
        {"username": u.username, "password": PASSWORD, "case": c.pk}
        for u, c in zip(people, cases, strict=True)
    ]


def _server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CASEBOOK_"))}
    env.update(
        DEBUG="false",
        CASEBOOK_LOCAL="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=args.database_url,
        CACHE_URL=args.redis_url,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    return env


def _start_gunicorn(args: argparse.Namespace, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        cwd=APP,
        env=_server_env(args),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health/", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /health/ within 60 s; see {log}")


def _run_locust(args: argparse.Namespace, work: Path, users_file: Path, acks: Path) -> Path:
    ramp = args.users / args.spawn_rate
    env = {
        **os.environ,
        "LOAD_USERS_FILE": str(users_file),
        "LOAD_ACKS_FILE": str(acks),
        "LOAD_PACE": str(args.pace),
        "LOAD_SECONDS": str(args.seconds),
    }
    prefix = work / "locust"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench/load/locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{int(ramp + args.seconds + 180)}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    return Path(f"{prefix}_stats.csv")


def _lost_writes(acks: dict[str, list[str]]) -> list[str]:
    """Items whose last acknowledged save is not what the database holds."""
    from casework.models import Answer

    stored = {
        f"{case_id} {code.replace('.', '_').replace('-', '_')}": [value, evidence]
        for case_id, code, value, evidence in Answer.objects.values_list(
            "case_id", "item__code", "value", "evidence"
        )
    }
    return sorted(key for key, saved in acks.items() if stored.get(key) != saved)


def main() -> int:
    args = _arguments()
    work = Path(tempfile.mkdtemp(prefix="casebook-load-"))
    print(f"serving {APP}; database {args.database_url.rsplit('/', 1)[1]} (fresh); files in {work}")
    _fresh_database(args.database_url)
    _setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    users_file = work / "users.json"
    users_file.write_text(json.dumps(_make_cases(args.users)))
    acks_file = work / "acknowledged.json"
    server = _start_gunicorn(args, work / "gunicorn.log")
    try:
        stats_file = _run_locust(args, work, users_file, acks_file)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    acks = json.loads(acks_file.read_text())
    lost = _lost_writes(acks["acknowledged"])
    return _report(args, stats_file, acks, lost)


def _report(args, stats_file: Path, acks: dict, lost: list[str]) -> int:
    rows = {row["Name"]: row for row in csv.DictReader(stats_file.open())}
    print(
        f"\n{args.users} inspectors, one autosave every {args.pace:g} s each, {args.seconds} s "
        f"steady state, gunicorn {args.workers} workers, Locust on the same machine"
    )
    print(f"{'request':<12} {'count':>7} {'failed':>7} {'p50 ms':>7} {'p95 ms':>7} {'per s':>7}")
    for name in ("autosave", "case page"):
        row = rows.get(name)
        if row:
            print(
                f"{name:<12} {row['Request Count']:>7} {row['Failure Count']:>7} "
                f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):>7.1f}"
            )
    wanted = args.users / args.pace
    served = float(rows["autosave"]["Requests/s"]) if "autosave" in rows else 0.0
    print(f"autosaves served {served:.1f}/s of {wanted:.1f}/s asked")
    counts = acks["counts"]
    print(
        f"acknowledged saves {counts['acknowledged']} (refused {counts['refused']}), items "
        f"checked in the database {len(acks['acknowledged'])}, lost writes {len(lost)}"
    )
    for key in lost[:10]:
        print(f"  lost: case/item {key}")
    failed = int(rows["autosave"]["Failure Count"]) if "autosave" in rows else 1
    return 1 if lost or failed else 0


if __name__ == "__main__":
    sys.exit(main())
