"""Reads for the inspector's home page: my cases with progress, and the lead's QA queue."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from casework.models import Answer, Case, CaseStatus, QAComment
from casework.selectors.casework import StandardEntry, case_status_label, standard_progress
from inspection.choices import ItemKind, RatedFrom
from inspection.declared import attributes_of
from inspection.models import Item, Standard


@dataclass
class HomeCase:
    case: Case
    status_label: str
    standards: list[StandardEntry]
    comments: list[QAComment]


def my_cases(user: User) -> list[HomeCase]:
    """The cases assigned to the user in inspections they are on, with progress and open QA
    comments.

    Four queries whatever the number of cases: cases (with their framework versions), items of
    their frameworks, answered (case, item) pairs, open comments — and, the first time a process
    shows a framework, its declared attributes.
    """
    # Only inspections the user is still on: removal from a team withdraws read access even if
    # a case was left assigned (read scope follows team membership, as in casework.permissions).
    cases = list(
        Case.objects.filter(assigned_to=user, inspection__team__user=user)
        .select_related("inspection__pdu", "inspection__framework")
        .defer("inspection__framework__source")
        .order_by("inspection__fieldwork_start", "ref")
    )
    if not cases:
        return []
    framework_ids = {c.inspection.framework_id for c in cases}
    items = list(
        Item.objects.filter(framework_id__in=framework_ids)
        .exclude(standard__rated_from=RatedFrom.JUDGEMENT)
        .select_related("standard__sample")
        .order_by("standard__order", "order")
    )
    answered: dict[int, set[int]] = defaultdict(set)
    any_answer: set[int] = set()
    for case_id, item_id, value in Answer.objects.filter(case__in=cases).values_list(
        "case_id", "item_id", "value"
    ):
        if value:
            answered[case_id].add(item_id)
            any_answer.add(case_id)
    comments: dict[int, list[QAComment]] = defaultdict(list)
    for comment in QAComment.objects.filter(
        case__in=cases, resolved_at__isnull=True
    ).select_related("item__standard", "author"):
        comments[comment.case_id].append(comment)
    out = []
    for case in cases:
        attrs = attributes_of(case)
        per_standard: dict[int, list[int]] = {}
        standards: dict[int, Standard] = {}
        for item in items:
            if item.framework_id != case.inspection.framework_id:
                continue
            if item.kind != ItemKind.KEY_QUESTION:
                continue
            standards.setdefault(item.standard_id, item.standard)
            counts = per_standard.setdefault(item.standard_id, [0, 0])
            if item.relevant_to_case(attrs):
                counts[1] += 1
                counts[0] += item.pk in answered[case.pk]
        entries = []
        for standard_id, (done, total) in per_standard.items():
            status, progress = standard_progress(done, total)
            entries.append(StandardEntry(standards[standard_id], done, total, status, progress))
        out.append(
            HomeCase(
                case, case_status_label(case, case.pk in any_answer), entries, comments[case.pk]
            )
        )
    return out


def qa_queue(user: User, lead_filter: Q) -> QuerySet[Case]:
    """Submitted cases of the inspections the user leads, oldest first."""
    return (
        Case.objects.filter(lead_filter, status=CaseStatus.SUBMITTED)
        .select_related("inspection__pdu", "assigned_to")
        .order_by("updated_at")
    )
