"""An inspection on the several-samples test framework (tests/data/frameworks/samples-pdu-test.yaml):
three samples over case type and gender, the women's one overlapping the other two."""

from datetime import date
from pathlib import Path

from inspection.framework_file import framework_read
from inspection.models import FrameworkVersion, Inspection
from inspection.services.frameworks import framework_load
from tests.support.factories import InspectionFactory

SAMPLES_FRAMEWORK = (
    Path(__file__).resolve().parents[1] / "data" / "frameworks" / "samples-pdu-test.yaml"
)


def samples_framework() -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(code="samples-pdu-test", version=1).first()
    return version or framework_load(doc=framework_read(SAMPLES_FRAMEWORK))


def samples_inspection(**kwargs) -> Inspection:
    return InspectionFactory(
        framework=samples_framework(),
        fieldwork_start=date(2022, 11, 28),
        fieldwork_end=date(2022, 12, 2),
        **kwargs,
    )
