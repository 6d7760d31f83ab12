"""What is outstanding before an inspection's report is recorded as published (a selector: it
reads, never writes). The publish page shows it and `inspection_publish` enforces it, so the two
never disagree.

Blocking: counted cases not signed off (submitted, awaiting quality assurance: the results
would count unchecked cases), second-reading disagreements not settled, and stored results that
differ from the data as it is now (or none at all). The lead may confirm the rest with a reason:
returned and in-progress cases (not counted: the report leaves them out) and an inspection with
no lead inspector on its team.
"""

from dataclasses import dataclass

from django.db.models import Count

from casework.models import Case, CaseStatus
from inspection.choices import TeamRole
from inspection.models import Inspection
from readings.selectors.readings import inspection_second_readings
from reports.selectors import latest_snapshot
from reports.services.results import results_build


@dataclass(frozen=True)
class Outstanding:
    code: str
    message: str
    blocks: bool


def _cases(n: int) -> str:
    return f"{n} case{'' if n == 1 else 's'}"


def publication_outstanding(*, inspection: Inspection) -> list[Outstanding]:
    """Everything not done yet, blocking first. Empty when the inspection is ready."""
    out: list[Outstanding] = []
    by_status = dict(
        Case.objects.filter(inspection=inspection)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    if n := by_status.get(CaseStatus.SUBMITTED, 0):
        out.append(
            Outstanding(
                "not_signed_off",
                f"{_cases(n)} submitted but not quality-assured "
                "and signed off. The results count them.",
                True,
            )
        )
    unsettled = sum(
        max(line.disagreements - line.settled, 0)
        for line in inspection_second_readings(inspection)
        if line.both_in
    )
    if unsettled:
        out.append(
            Outstanding(
                "unsettled",
                f"{unsettled} second-reading disagreement"
                f"{'' if unsettled == 1 else 's'} not settled.",
                True,
            )
        )
    snapshot = latest_snapshot(inspection=inspection)
    if snapshot is None:
        out.append(Outstanding("stale", "No results have been computed yet.", True))
    elif snapshot.document != results_build(inspection=inspection):
        out.append(
            Outstanding(
                "stale",
                "The results shown were computed before the last change "
                "to the counted cases or ratings. Recompute them.",
                True,
            )
        )
    if n := by_status.get(CaseStatus.RETURNED, 0):
        out.append(
            Outstanding(
                "returned",
                f"{_cases(n)} returned to the inspector. The report leaves them out.",
                False,
            )
        )
    if n := by_status.get(CaseStatus.DRAFT, 0):
        out.append(
            Outstanding(
                "in_progress", f"{_cases(n)} still in progress. The report leaves them out.", False
            )
        )
    if not inspection.team.filter(role=TeamRole.LEAD).exists():
        out.append(
            Outstanding("no_lead", "The inspection has no lead inspector on its team.", False)
        )
    return out
