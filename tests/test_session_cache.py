"""Sessions come from a cache written through to the database: Redis when CACHE_URL is set, the
process's memory for local runs, the database alone for a deployment without CACHE_URL."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], "
    "s.CACHES['default'].get('LOCATION', '')]))"
)


def session_settings(env: dict[str, str]) -> list[str]:
    import json

    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CASEBOOK_"))}
    keep = {k: v for k, v in keep.items() if k not in {"DEBUG", "CACHE_URL", "PYTEST_CURRENT_TEST"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "casebook.example.org"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {**PRODUCTION, "CACHE_URL": "redis://redis:6379/1"},
            [
                "django.contrib.sessions.backends.cached_db",
                "django.core.cache.backends.redis.RedisCache",
                "redis://redis:6379/1",
            ],
        ),
        (
            PRODUCTION,  # several processes, no shared cache: the database only
            [
                "django.contrib.sessions.backends.db",
                "django.core.cache.backends.locmem.LocMemCache",
                "",
            ],
        ),
        (
            {"CASEBOOK_LOCAL": "true"},  # one process: its memory
            [
                "django.contrib.sessions.backends.cached_db",
                "django.core.cache.backends.locmem.LocMemCache",
                "",
            ],
        ),
    ],
)
def test_the_session_store_follows_the_environment(env, expected):
    assert session_settings(env) == expected


@pytest.mark.django_db
def test_with_redis_a_request_reads_its_session_from_redis_not_the_database(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"casebook-test-{secrets.token_hex(4)}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(UserFactory())
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert caches["default"].get(f"django.contrib.sessions.cached_db{key}") is not None
    assert Session.objects.filter(session_key=key).exists()  # written through
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    caches["default"].delete(f"django.contrib.sessions.cached_db{key}")  # only what it made
