"""Settings read from the environment fail loudly; the embedded default (SQLite, eager tasks) works."""

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "DEBUG",
            "SECRET_KEY",
            "CASEBOOK_LOCAL",
            "PYTEST_CURRENT_TEST",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "CELERY_TASK_ALWAYS_EAGER",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = run(["check"], {"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_boolean_is_named():
    result = run(["check"], {"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "casebook.example.org"}
SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k"
    " in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT',"
    " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER',"
    " 'SESSION_COOKIE_AGE', 'SESSION_MAX_SECONDS', 'CLIENT_IP_META_KEY', 'TRUSTED_PROXY_COUNT')}))"
)


def shown(env: dict[str, str]) -> dict:
    result = run(["shell", "-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deploy_check_at_warning_level():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_is_secure_by_default():
    values = shown(PRODUCTION)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["SESSION_MAX_SECONDS"] == 12 * 3600
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["CLIENT_IP_META_KEY"] is None


def test_https_and_proxy_settings_come_from_the_environment():
    values = shown(
        {
            **PRODUCTION,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "600",
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "CLIENT_IP_HEADER": "X-Forwarded-For",
            "TRUSTED_PROXY_COUNT": "2",
            "SESSION_IDLE_MINUTES": "15",
        }
    )
    assert not values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CLIENT_IP_META_KEY"] == "HTTP_X_FORWARDED_FOR"
    assert values["TRUSTED_PROXY_COUNT"] == 2
    assert values["SESSION_COOKIE_AGE"] == 15 * 60


def test_local_runs_work_over_plain_http():
    values = shown({"CASEBOOK_LOCAL": "true"})
    assert not values["SESSION_COOKIE_SECURE"] and not values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_a_bad_header_name_is_named():
    result = run(["check"], {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Proto: https"})
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be a header name" in result.stderr


@pytest.mark.slow
def test_embedded_default_migrates_loads_demo_and_aggregates(tmp_path):
    env = {
        "CASEBOOK_LOCAL": "true",
        "SQLITE_PATH": str(tmp_path / "embedded.sqlite3"),
        "DEMO_PASSWORD": "a-demo-password-1",
    }
    assert run(["migrate", "--no-input", "-v", "0"], env).returncode == 0
    demo = run(["load_demo"], env)
    assert demo.returncode == 0, demo.stderr
    assert "demo inspection" in demo.stdout
    again = run(["load_demo"], env)
    assert "already present" in again.stdout
    result = run(["aggregate", "1", "--json"], env)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["format"] == "inspection-results/1"
    assert 30 < doc["cases_counted"] <= 60
    # the roll-up's grouped query (FILTER-free, CASE-classified) runs on SQLite too
    rollup = run(["rollup", "--framework", "hmip-pdu-2021", "--json"], env)
    assert rollup.returncode == 0, rollup.stderr
    national = json.loads(rollup.stdout)
    assert national["scope"]["kind"] == "national"
    # the demo holds other inspections on the framework too: the national roll-up counts them
    assert national["cases_counted"] > doc["cases_counted"]
    # SQLite has no covering indexes: one answer per case and item is still enforced there
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        (sql,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'answer_unique_case_item'"
        ).fetchone()
    assert sql.startswith("CREATE UNIQUE INDEX") and '"case_id", "item_id"' in sql
