import json
import os
from pathlib import Path

import pytest

from tests.support.factories import (
    AdminFactory,
    InspectionFactory,
    MembershipFactory,
    shipped_framework,
)

SPEC_EXAMPLE = Path(__file__).parent / "data" / "spec-example-bundle.json"


def _own_redis_database() -> None:
    """Under `make test`'s parallel workers (pytest-xdist), each worker has its own test
    database (pytest-django names it) and, set here before any test module reads it, its own
    Redis database: gw0 keeps TEST_REDIS_URL's, gw1 the one below it, and so on. Real Celery
    workers and the Redis session tests of two processes then never share a queue or flush each
    other's keys."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    if worker.startswith("gw") and worker[2:].isdigit():
        base, _, db = url.rpartition("/")
        os.environ["TEST_REDIS_URL"] = f"{base}/{int(db) - int(worker[2:])}"


_own_redis_database()


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in-process unless a test starts a real worker (see tests/reports/test_worker.py)."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield


@pytest.fixture(autouse=True)
def _fresh_item_cache():
    """The case form and the counting keep the framework's items in process memory (keyed by the
    framework's load time); a test that changed items in place must not leave them to the next test."""
    from inspection.selectors import framework_structure_forget

    framework_structure_forget()
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Generated files (reports, workbooks) go to a temporary folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def framework(db):
    return shipped_framework()


@pytest.fixture
def spec_bundle() -> dict:
    """The bundle example of INTERCHANGE.md (with evidence and an interview)."""
    return json.loads(SPEC_EXAMPLE.read_text())


@pytest.fixture
def inspection(db):
    return InspectionFactory()


@pytest.fixture
def inspector(inspection):
    return MembershipFactory(inspection=inspection, role="inspector").user


@pytest.fixture
def lead(inspection):
    return MembershipFactory(inspection=inspection, role="lead").user


@pytest.fixture
def outsider(db):
    """An inspector on a different inspection."""
    return MembershipFactory().user


@pytest.fixture
def admin_user(db):
    """A Casebook admin (the app role; not Django staff)."""
    return AdminFactory(username="site-admin")
