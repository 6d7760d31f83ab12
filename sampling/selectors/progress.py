"""Reads for the progress page: cases by status per inspector and per standard, interviews
held, the QA backlog and returned cases. A fixed number of queries whatever the number of
cases."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from casework.models import Answer, Case, CaseStatus, Interview, InterviewOutcome
from inspection.choices import ItemKind
from inspection.models import Inspection
from inspection.permissions import team_members

STATUS_ORDER = [CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED, CaseStatus.SIGNED_OFF]


@dataclass
class Progress:
    statuses: list[tuple[str, str]]
    inspectors: list[dict[str, Any]]
    standards: list[dict[str, Any]]
    interviews_held: int
    cases: int
    qa_backlog: list[Case]
    returned: list[Case]


def progress_board(inspection: Inspection) -> Progress:
    """Cases by status per inspector and per standard, interviews held, QA backlog, returned."""
    statuses = [(s.value, s.label) for s in STATUS_ORDER]
    per_user: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CaseStatus.values, 0))
    for row in (
        Case.objects.filter(inspection=inspection)
        .values("assigned_to", "status")
        .annotate(n=Count("pk"))
    ):
        per_user[row["assigned_to"]][row["status"]] += row["n"]
    names = {u.pk: u.get_full_name() or u.username for u in team_members(inspection)}
    inspectors = []
    for user_id, counts in sorted(
        per_user.items(), key=lambda kv: (kv[0] is None, names.get(kv[0], ""))
    ):
        inspectors.append(
            {
                "name": names.get(user_id, "Unassigned" if user_id is None else "Former member"),
                "counts": [counts[s] for s, _ in statuses],
                "total": sum(counts.values()),
            }
        )
    per_standard: dict[tuple[Any, ...], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(CaseStatus.values, 0)
    )
    for answers in (
        Answer.objects.filter(case__inspection=inspection, item__kind=ItemKind.KEY_QUESTION)
        .exclude(value="")
        .values(
            "item__standard__order", "item__standard__code", "item__standard__title", "case__status"
        )
        .annotate(n=Count("case", distinct=True))
    ):
        key = (
            answers["item__standard__order"],
            answers["item__standard__code"],
            answers["item__standard__title"],
        )
        per_standard[key][answers["case__status"]] += answers["n"]
    standards = [
        {
            "code": code,
            "title": title,
            "counts": [c[s] for s, _ in statuses],
            "total": sum(c.values()),
        }
        for (_, code, title), c in sorted(per_standard.items())
    ]
    open_cases = inspection.cases.select_related("assigned_to").order_by("ref")
    return Progress(
        statuses=statuses,
        inspectors=inspectors,
        standards=standards,
        interviews_held=Interview.objects.filter(
            case__inspection=inspection, outcome=InterviewOutcome.HELD
        ).count(),
        cases=sum(i["total"] for i in inspectors),
        qa_backlog=list(open_cases.filter(status=CaseStatus.SUBMITTED)),
        returned=list(open_cases.filter(status=CaseStatus.RETURNED)),
    )
