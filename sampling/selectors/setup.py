"""Reads for the set-up pages: cohort, sample, assignment, progress. Who may manage which
inspection is decided in `inspection.permissions`. Each function runs a fixed number of queries whatever the number of cases."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from casework.models import Answer, Case, CaseStatus, Interview, InterviewOutcome
from inspection.choices import ItemKind
from inspection.models import Inspection, TeamMembership
from inspection.permissions import team_members
from sampling.models import (
    CaseListUpload,
    CohortRecord,
    ConflictOfInterest,
    MemberRole,
    SampleDraw,
)

UserModel = get_user_model()


# --- rows of one inspection (the caller has checked scope) ---------------------------------


def get_upload(inspection: Inspection, pk: int) -> CaseListUpload:
    upload = inspection.caselist_uploads.defer("rows").filter(pk=pk).first()
    if upload is None:
        raise Http404("No such upload")
    return upload


def get_case(inspection: Inspection, pk: int) -> Case:
    case = inspection.cases.select_related("assigned_to").filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    return case


# --- overview ------------------------------------------------------------------------------


@dataclass
class Overview:
    cohort: int
    latest_upload: CaseListUpload | None
    draw: SampleDraw | None
    cases: int
    assigned: int
    team: list[TeamMembership]


def setup_overview(inspection: Inspection) -> Overview:
    cases = Case.objects.filter(inspection=inspection).aggregate(
        n=Count("pk"), assigned=Count("pk", filter=Q(assigned_to__isnull=False))
    )
    return Overview(
        cohort=CohortRecord.objects.filter(inspection=inspection).count(),
        latest_upload=inspection.caselist_uploads.defer("rows", "errors").first(),
        draw=SampleDraw.objects.filter(inspection=inspection).first(),
        cases=cases["n"],
        assigned=cases["assigned"],
        team=list(team(inspection)),
    )


def team(inspection: Inspection) -> QuerySet[TeamMembership]:
    return inspection.team.select_related("user").order_by("role", "user__username")


def cohort_size(inspection: Inspection) -> int:
    return CohortRecord.objects.filter(inspection=inspection).count()


# --- sample --------------------------------------------------------------------------------


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


@dataclass
class ProfileRow:
    stratum: str
    label: str
    cohort: int
    cohort_share: str
    sample: int
    sample_share: str


def stratum_label(stratum: str) -> str:
    """`case_type=licence;rosh=very_high` -> `Licence · Very high`."""
    parts = [p.split("=", 1)[-1] for p in stratum.split(";") if p]
    return " · ".join(p.replace("_", " ").capitalize() for p in parts)


def sample_profile(draw: SampleDraw) -> list[ProfileRow]:
    """Sample against cohort per stratum; sample counts are the current ones (after replacements)."""
    current = dict(
        draw.members.filter(role=MemberRole.SELECTED)
        .values("stratum")
        .annotate(n=Count("pk"))
        .values_list("stratum", "n")
    )
    cohort_total = sum(a["cohort"] for a in draw.allocation)
    sample_total = sum(current.values())
    return [
        ProfileRow(
            stratum=a["stratum"],
            label=stratum_label(a["stratum"]),
            cohort=a["cohort"],
            cohort_share=percent(a["cohort"], cohort_total),
            sample=current.get(a["stratum"], 0),
            sample_share=percent(current.get(a["stratum"], 0), sample_total),
        )
        for a in draw.allocation
    ]


def sample_members(draw: SampleDraw, role: str, *, per_stratum: int | None = None) -> list[Any]:
    """Members with one role in stratum and rank order; at most `per_stratum` of each stratum."""
    rows = (
        draw.members.filter(role=role)
        .select_related("record", "replaced_by__record", "replaced_by_user")
        .order_by("stratum", "rank")
    )
    out: list[Any] = []
    seen: Counter[str] = Counter()
    for member in rows:
        seen[member.stratum] += 1
        if per_stratum is None or seen[member.stratum] <= per_stratum:
            out.append(member)
    return out


def sampled_cases(inspection: Inspection) -> QuerySet[Case]:
    return inspection.cases.select_related("assigned_to").order_by("stratum", "ref")


# --- assignment ----------------------------------------------------------------------------


@dataclass
class AssignmentRow:
    case: Case
    conflicts: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)


def assignment_rows(inspection: Inspection) -> list[AssignmentRow]:
    cases = list(inspection.cases.select_related("assigned_to").order_by("ref"))
    conflicts: dict[str, list[str]] = defaultdict(list)
    for c in ConflictOfInterest.objects.filter(inspection=inspection).select_related("user"):
        conflicts[c.ref].append(c.user.get_full_name() or c.user.username)
    names = {u.pk: u.get_full_name() or u.username for u in team_members(inspection)}
    previous: dict[int, list[str]] = defaultdict(list)
    history = (
        Case.history.filter(inspection_id=inspection.pk)
        .order_by("id", "history_date")
        .values_list("id", "assigned_to_id")
    )
    for case_id, user_id in history:
        seen = previous[case_id]
        name = names.get(user_id, "someone no longer on the team") if user_id else None
        if name and (not seen or seen[-1] != name):
            seen.append(name)
    rows = []
    for case in cases:
        current = (
            case.assigned_to.get_full_name() or case.assigned_to.username
            if case.assigned_to
            else None
        )
        earlier = [n for n in previous.get(case.pk, []) if n != current]
        rows.append(
            AssignmentRow(case=case, conflicts=conflicts.get(case.ref, []), previous=earlier)
        )
    return rows


def conflicts(inspection: Inspection) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(inspection=inspection).select_related("user")


# --- progress ------------------------------------------------------------------------------


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


# --- users ---------------------------------------------------------------------------------


def users_list() -> QuerySet[User]:
    return (
        UserModel.objects.select_related("account")
        .annotate(inspections=Count("memberships"))
        .order_by("-is_active", "username")
    )


def get_user(pk: int) -> User:
    user = UserModel.objects.select_related("account").filter(pk=pk).first()
    if user is None:
        raise Http404("No such user")
    return user
