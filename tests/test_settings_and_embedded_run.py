"""Settings read from the environment fail loudly; the embedded default (SQLite, eager tasks) works."""

import json
import os
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
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_debug_off_without_secret_key_refuses_to_start():
    result = run(["check"], {"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_boolean_is_named():
    result = run(["check"], {"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = run(["check", "--deploy", "--fail-level", "ERROR"], {"SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr


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
