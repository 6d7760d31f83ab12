import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from inspection.models import Inspection
from records.services.bundle import bundle_import
from tests.support.calibration import calibration_bundle
from tests.support.factories import MembershipFactory, shipped_framework


@pytest.fixture(scope="module")
def _calibration_data(django_db_setup, django_db_blocker):
    """The 102-case inspection, imported once per module inside a transaction that is rolled
    back when the module ends. Each test runs in a savepoint within it (pytest-django's `db`),
    so a test's own changes are undone before the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        shipped_framework()
        inspection = bundle_import(data=calibration_bundle())
        lead = MembershipFactory(inspection=inspection, role="lead").user
        inspector = MembershipFactory(inspection=inspection, role="inspector").user
        yield inspection.pk, lead.pk, inspector.pk
        transaction.set_rollback(True)


@pytest.fixture
def calibrated(_calibration_data, db):
    """The example report's inspection (102 cases) with a lead and an inspector on its team:
    fresh instances for every test."""
    pk, lead, inspector = _calibration_data
    inspection = Inspection.objects.select_related("framework", "pdu__region").get(pk=pk)
    users = get_user_model().objects.in_bulk([lead, inspector])
    inspection.h5_lead, inspection.h5_inspector = users[lead], users[inspector]
    return inspection
