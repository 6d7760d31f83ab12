import pytest

from cases.services.bundle import bundle_import
from tests.calibration import calibration_bundle
from tests.factories import MembershipFactory


@pytest.fixture
def calibrated(framework):
    """The example report's inspection (102 cases) with a lead and an inspector on its team."""
    inspection = bundle_import(data=calibration_bundle())
    inspection.h5_lead = MembershipFactory(inspection=inspection, role="lead").user
    inspection.h5_inspector = MembershipFactory(inspection=inspection, role="inspector").user
    return inspection
