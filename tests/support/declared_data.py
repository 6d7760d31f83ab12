"""Builders for inspections on format-2 frameworks, whose case attributes are declared in the
file (the test audit framework: tier int, victim_contact bool, team free text; the youth
framework: disposal, oocd_type, custody)."""

from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from inspection.models import FrameworkVersion, Inspection
from tests.support.factories import CaseFactory, InspectionFactory

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "tests" / "data" / "frameworks" / "casefile-audit-test.yaml"
YOUTH = ROOT / "inspection" / "frameworks" / "hmip-youth-2021.yaml"
WINDOW = (date(2025, 1, 6), date(2025, 1, 31))

# What a case of a framework that does not declare the PDU attributes holds in their columns.
NO_PDU_ATTRIBUTES = {
    "case_type": "",
    "rosh": "",
    "gender": "unknown",
    "ethnicity": "",
    "age_band": "",
    "pre_sentence_info": None,
}


def framework_loaded(path: Path) -> FrameworkVersion:
    """The framework file loaded (once per test database)."""
    call_command("load_framework", str(path), stdout=StringIO())
    code = path.stem
    return FrameworkVersion.objects.filter(code=code).order_by("-version").first()


def format2_inspection(path: Path = AUDIT) -> Inspection:
    return InspectionFactory(
        framework=framework_loaded(path),
        fieldwork_start=date(2025, 3, 3),
        fieldwork_end=date(2025, 3, 7),
        windows=[WINDOW],
    )


def declared_case(inspection: Inspection, attributes: dict, **fields):
    """A case holding only declared attributes (`attributes` as stored, raw)."""
    return CaseFactory(
        inspection=inspection,
        start_date=WINDOW[0],
        attributes=attributes,
        **{**NO_PDU_ATTRIBUTES, **fields},
    )
