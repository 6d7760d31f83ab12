import json
import os
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.plugin import blocking_manager_key

from tests.support.factories import (
    AdminFactory,
    InspectionFactory,
    MembershipFactory,
    shipped_framework,
)
from tests.support.template_database import database_drop, database_from_template

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


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """Each test process's database is a clone of one migrated template (PostgreSQL; see
    tests/support/template_database.py); SQLite keeps Django's own set-up."""
    postgres = connection.vendor == "postgresql"
    with django_db_blocker.unblock():
        if postgres:
            name = database_from_template()
        else:
            config = setup_databases(verbosity=0, interactive=False)
    yield
    with django_db_blocker.unblock():
        if postgres:
            database_drop(name)
        else:
            teardown_databases(config, verbosity=0)


# The modules that take longest (`make test PYTEST_ARGS=--durations=30`), longest first. `make
# test` hands whole modules to its processes (--dist loadfile) in collection order, so starting
# with these lets the many short modules fill in around them instead of one long module running
# alone at the end. Order only: a module missing here just runs in its usual place.
LONGEST_FIRST = (
    "tests/permissions/test_post_walk.py",
    "tests/test_app_split_migration.py",
    "tests/browser/test_journeys.py",
    "tests/browser/test_second_readings.py",
    "tests/test_settings_and_embedded_run.py",
    "tests/reports/test_broker_outage.py",
    "tests/reports/test_worker.py",
    "tests/test_form_limits.py",
    "tests/browser/test_setup_flow.py",
    "tests/browser/test_csp.py",
    "tests/test_production_smoke.py",
    "tests/test_database_restart.py",
    "tests/browser/test_national_overview.py",
    "tests/browser/test_offline_drafts.py",
    "tests/browser/test_autosave_payload.py",
    "tests/browser/test_casework.py",
    "tests/browser/test_forms_and_settling.py",
    "tests/portal/test_national.py",
    "tests/test_backup.py",
    "tests/sampling/test_several_samples.py",
    "tests/reports/test_calibration.py",
    "tests/reports/test_jobs.py",
    "tests/reports/test_jobs_broker_down.py",
    "tests/permissions/test_blind_outputs.py",
    "tests/reports/test_regional_report.py",
    "tests/reports/test_renderer_imports.py",
    "tests/reports/test_report_outputs.py",
    "tests/test_payload_walk.py",
    "tests/reports/test_audit_journey.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest modules first, then the browser's, then the rest as collected."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.partition("::")[0]
        if path in LONGEST_FIRST:
            return LONGEST_FIRST.index(path)
        return len(LONGEST_FIRST) + (0 if path.startswith("tests/browser/") else 1)

    items.sort(key=rank)


def _flushes(item: pytest.Item) -> bool:
    """Whether the test ran on a committing database that pytest-django flushes afterwards."""
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A flush empties every table, the framework the data migration loaded with it. Load it
    again, committed, once the flush is done, rather than in every later test that needs it."""
    result = yield
    if nextitem is not None and _flushes(item):  # after the last test the database is gone
        with item.config.stash[blocking_manager_key].unblock():
            connections.close_all()  # a test may have cut the connection (database restarts)
            shipped_framework()
    return result


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
