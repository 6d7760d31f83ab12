"""Inspections on framework-format-2 files with stored results, for the pages and outputs that
read them (dashboard, draft report, workbook, national overview).

The results document is built by the real pipeline from given answers — each item's answers
classified on its own scale (`reports.scoring_scales`), rated by `reports.scoring.rate` with the
framework's rules, written by `reports.results_document` — and stored as the latest snapshot.
It needs no case (so no case list with the framework's own attributes): the counting of cases
is tested elsewhere; what these tests read is what the pages make of a stored document.
"""

from datetime import date
from pathlib import Path

from django.utils import timezone

from inspection.framework_file import framework_read
from inspection.models import FrameworkVersion, Inspection, Item
from inspection.services.frameworks import framework_load
from reports import scoring
from reports.counting import DEFAULT_ANSWERS
from reports.models import ResultsSnapshot
from reports.results_document import RESULTS_FORMAT, results_sections
from reports.scoring_scales import AnswerScale, counts_on_scale
from reports.selectors import framework_plan
from tests.support.factories import InspectionFactory, PduFactory, RegionFactory

ROOT = Path(__file__).resolve().parents[2]
YOUTH = ROOT / "inspection" / "frameworks" / "hmip-youth-2021.yaml"
AUDIT = ROOT / "tests" / "data" / "frameworks" / "casefile-audit-test.yaml"


def framework(path: Path) -> FrameworkVersion:
    """The framework version of a file, loaded once."""
    doc = framework_read(path)
    found = FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).first()
    return found or framework_load(doc=doc)


def results_store(
    *,
    inspection: Inspection,
    answers: dict[str, dict[str, int]],
    judgements: dict[str, str] | None = None,
    moderations: dict[str, tuple[str, str]] | None = None,
    cases: int = 10,
) -> ResultsSnapshot:
    """Store the latest results of `inspection` from `answers` (item code -> answer -> cases);
    items not named have no answer, so a case-rated standard with none of its items named has
    no relevant case."""
    version = inspection.framework
    items = {i.code: i for i in Item.objects.filter(framework=version)}
    counts = {}
    values = {}
    for code, given in answers.items():
        item = items[code]
        scale = AnswerScale(values=tuple(item.answers), positive=tuple(item.positive))
        counts[code] = scoring.Counts(*counts_on_scale(given, scale))
        if item.answers != DEFAULT_ANSWERS:
            values[code] = dict.fromkeys(item.answers, 0) | given
    plan = framework_plan(version)
    results = scoring.rate(
        plan.rules,
        plan.specs,
        counts,
        judgements=judgements or {},
        moderations=moderations or {},
        overall_judgement=inspection.overall_judgement or None,
    )
    document = {
        "format": RESULTS_FORMAT,
        "inspection": inspection.pk,
        "framework": version.code,
        "framework_version": version.version,
        "cases_counted": cases,
        **results_sections(results, values),
    }
    return ResultsSnapshot.objects.create(
        inspection=inspection,
        document=document,
        cases_counted=cases,
        framework_code=version.code,
        framework_version=version.version,
        computed_at=timezone.now(),
    )


def format2_inspection(path: Path, *, unit: str, region: str, **fields) -> Inspection:
    version = framework(path)
    pdu = PduFactory(name=unit, region=RegionFactory(name=region))
    inspection = InspectionFactory(
        framework=version,
        pdu=pdu,
        fieldwork_start=date(2025, 3, 3),
        fieldwork_end=date(2025, 3, 7),
        windows=[(date(2024, 9, 2), date(2024, 11, 29))],
        **fields,
    )
    return Inspection.objects.select_related("framework", "pdu__region").get(pk=inspection.pk)


# The youth framework (yes/no, `when_not_rated: exclude`): every case-rated key question of
# domains two and three answered, domain four's resettlement sample without a case.
YOUTH_JUDGEMENTS = {
    "1.1": "good",
    "1.2": "good",
    "1.3": "outstanding",
    "1.4": "good",
    "3.4": "good",
}


def youth_answers() -> dict[str, dict[str, int]]:
    codes = Item.objects.filter(
        framework__code="hmip-youth-2021", parent__isnull=True, standard__rated_from="cases"
    ).exclude(standard__code="4.1")
    return {code: {"yes": 7, "no": 3} for code in codes.values_list("code", flat=True)}


def youth_inspection(unit: str = "Riverside Youth Justice Service", region: str = "Northern"):
    """A youth inspection whose 4.1 is not rated: 12 standards rated, the score out of 39."""
    inspection = format2_inspection(YOUTH, unit=unit, region=region, overall_judgement="good")
    results_store(inspection=inspection, answers=youth_answers(), judgements=YOUTH_JUDGEMENTS)
    return inspection


# The case-file audit (graded, `when_not_rated: scale`): A3 has no victim case.
AUDIT_ANSWERS = {
    # 6 of 8 outstanding or good: 75 per cent, excellent
    "A1.1": {"outstanding": 3, "good": 3, "requires_improvement": 1, "inadequate": 1},
    "A1.1.a": {"outstanding": 2, "good": 2, "inadequate": 4},
    # 2 of 4: 50 per cent, sound (the lowest of A1, so A1 is sound: 2 points)
    "A1.2": {"outstanding": 1, "good": 1, "requires_improvement": 2, "na": 4},
    # 4 of 5: 80 per cent, excellent (4 points)
    "A2.1": {"good": 4, "requires_improvement": 1},
}


def audit_inspection(unit: str = "Eastgate audit team", region: str = "Eastern") -> Inspection:
    """The audit inspection: A1 sound (2), A2 excellent (4), B1 judged excellent (4), A3 not
    rated. Rated total 10 of a rated maximum 12, scaled to the maximum possible 16: 10 * 16 / 12
    = 13.33, rounded half up to 13; overall excellent (10 or more)."""
    inspection = format2_inspection(AUDIT, unit=unit, region=region)
    results_store(inspection=inspection, answers=AUDIT_ANSWERS, judgements={"B1": "excellent"})
    return inspection
