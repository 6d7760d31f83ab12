"""Reads for the set-up pages: cohort, sample, assignment, progress. Who may manage which
inspection is decided in `inspection.permissions`. Each function runs a fixed number of queries whatever the number of cases."""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from casework.models import Case, CaseStatus
from inspection.attributes import CaseAttribute, stratum_label
from inspection.models import Inspection, TeamMembership
from inspection.permissions import team_members
from sampling.models import (
    CaseListUpload,
    CohortRecord,
    ConflictOfInterest,
    MemberRole,
    SampleDraw,
)
from sampling.selectors.samples import Sample, SampleState, inspection_samples, sample_states

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
class Step:
    """One line of the set-up task list: its status read from the data, never remembered."""

    name: str
    url_name: str
    status: str  # "completed", "in_progress", "not_started", "cannot_start"
    detail: str = ""

    @property
    def tag(self) -> str:
        return STEP_TAGS[self.status]


STEP_TAGS = {
    "completed": "Completed",
    "in_progress": "In progress",
    "not_started": "Not started",
    "cannot_start": "Cannot start yet",
}


@dataclass
class Overview:
    cohort: int
    latest_upload: CaseListUpload | None
    draw: SampleDraw | None
    cases: int
    assigned: int
    team: list[TeamMembership]
    counted: int = 0
    signed_off: int = 0
    readings: int = 0
    steps: list[Step] = field(default_factory=list)
    # With several samples: each one's cohort, draw and cases by status (empty with one).
    samples: list[SampleState] = field(default_factory=list)

    @property
    def drawn_samples(self) -> int:
        return sum(1 for s in self.samples if s.draw is not None)


def setup_overview(inspection: Inspection) -> Overview:
    """The inspection's set-up state in five queries (cases, cohort, upload, draw, team, with
    readings counted in the cases query); with several samples, four more (the samples, and
    each one's cohort, draw and cases: `sample_states`)."""
    cases = Case.objects.filter(inspection=inspection).aggregate(
        n=Count("pk"),
        assigned=Count("pk", filter=Q(assigned_to__isnull=False)),
        counted=Count("pk", filter=~Q(status=CaseStatus.DRAFT)),
        signed_off=Count("pk", filter=Q(status=CaseStatus.SIGNED_OFF)),
        readings=Count("readings", filter=Q(readings__kind="second"), distinct=True),
    )
    overview = Overview(
        cohort=CohortRecord.objects.filter(inspection=inspection).count(),
        latest_upload=inspection.caselist_uploads.defer("rows", "errors").first(),
        draw=SampleDraw.objects.filter(inspection=inspection).first(),
        cases=cases["n"],
        assigned=cases["assigned"],
        team=list(team(inspection)),
        counted=cases["counted"],
        signed_off=cases["signed_off"],
        readings=cases["readings"],
    )
    samples = inspection_samples(inspection)
    if len(samples) > 1:
        overview.samples = sample_states(inspection, samples)
    overview.steps = setup_steps(overview)
    return overview


def setup_steps(o: Overview) -> list[Step]:
    """Each step's status from what is stored: an inspection imported as a bundle has its cases
    (and results) without a case list or a draw, and its first steps are done all the same."""
    imported = o.cases and not o.cohort and o.draw is None
    if o.cohort:
        caselist = Step(
            "Import the case list",
            "setup:caselist_upload",
            "completed",
            f"{o.cohort:,} cases in the cohort",
        )
    elif imported:
        caselist = Step(
            "Import the case list",
            "setup:caselist_upload",
            "completed",
            f"{o.cases:,} cases came with the imported inspection",
        )
    elif o.latest_upload is not None:
        caselist = Step(
            "Import the case list",
            "setup:caselist_upload",
            "in_progress",
            f"Latest file: {o.latest_upload.get_status_display().lower()}",
        )
    else:
        caselist = Step("Import the case list", "setup:caselist_upload", "not_started")
    if o.samples and not imported:
        sizing, drawing = _sample_steps(o)
    elif o.draw is not None or imported:
        size = o.draw.size if o.draw is not None else o.cases
        sizing = Step(
            "Work out the sample size", "setup:sample_size", "completed", f"{size:,} cases"
        )
        detail = f"Drawn with seed {o.draw.seed}" if o.draw else "Sample came with the import"
        drawing = Step("Draw the sample", "setup:draw", "completed", detail)
    else:
        ready = "not_started" if o.cohort else "cannot_start"
        sizing = Step("Work out the sample size", "setup:sample_size", ready)
        drawing = Step("Draw the sample", "setup:draw", ready)
    leads = [m for m in o.team if m.role == "lead"]
    people = f"{len(o.team)} {'person' if len(o.team) == 1 else 'people'}"
    if leads:
        team_step = Step("Choose the team", "setup:team", "completed", f"{people}, with a lead")
    elif o.team:
        team_step = Step("Choose the team", "setup:team", "in_progress", f"{people}, no lead yet")
    else:
        team_step = Step("Choose the team", "setup:team", "not_started")
    if not o.cases:
        assigning = Step("Assign cases to inspectors", "setup:assignment", "cannot_start")
    else:
        state = (
            "completed" if o.assigned == o.cases else "in_progress" if o.assigned else "not_started"
        )
        assigning = Step(
            "Assign cases to inspectors",
            "setup:assignment",
            state,
            f"{o.assigned:,} of {o.cases:,} assigned",
        )
    if not o.cases:
        results = Step("Follow progress", "setup:progress", "cannot_start")
    else:
        state = (
            "completed"
            if o.signed_off == o.cases
            else "in_progress"
            if o.counted
            else "not_started"
        )
        results = Step(
            "Follow progress",
            "setup:progress",
            state,
            f"{o.counted:,} of {o.cases:,} submitted, {o.signed_off:,} signed off",
        )
    readings = Step(
        "Choose cases for a second reading",
        "setup:second_readings",
        "in_progress" if o.readings else ("not_started" if o.cases else "cannot_start"),
        f"{o.readings:,} second reading{'s' if o.readings != 1 else ''}" if o.readings else "",
    )
    return [caselist, sizing, drawing, team_step, assigning, results, readings]


def _sample_steps(o: Overview) -> tuple[Step, Step]:
    """Sizing and drawing with several samples: done when every sample is drawn."""
    drawn, total = o.drawn_samples, len(o.samples)
    if drawn:
        state = "completed" if drawn == total else "in_progress"
        size = sum(s.draw.size for s in o.samples if s.draw is not None)
        sizing = Step("Work out the sample size", "setup:sample_size", state, f"{size:,} cases")
        detail = f"{drawn} of {total} samples drawn"
        return sizing, Step("Draw the sample", "setup:draw", state, detail)
    ready = "not_started" if o.cohort else "cannot_start"
    return (
        Step("Work out the sample size", "setup:sample_size", ready),
        Step("Draw the sample", "setup:draw", ready, f"{total} samples" if o.cohort else ""),
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


def sample_profile(
    draw: SampleDraw, declared: Mapping[str, CaseAttribute] | None = None
) -> list[ProfileRow]:
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
            label=stratum_label(a["stratum"], declared),
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


def sampled_cases(inspection: Inspection, draw: SampleDraw | None = None) -> QuerySet[Case]:
    """The inspection's cases; with `draw`, those that draw holds sampled (a case drawn in two
    samples is listed under both)."""
    cases = inspection.cases.select_related("assigned_to").order_by("stratum", "ref")
    if draw is not None:
        refs = draw.members.filter(role=MemberRole.SELECTED).values("record__ref")
        cases = cases.filter(ref__in=refs)
    return cases


# --- assignment ----------------------------------------------------------------------------


@dataclass
class AssignmentRow:
    case: Case
    conflicts: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    # the titles of the samples the case belongs to (with several samples; empty otherwise)
    samples: list[str] = field(default_factory=list)


def assignment_rows(inspection: Inspection, samples: Sequence[Sample] = ()) -> list[AssignmentRow]:
    """Each case with its conflicts, earlier assignees and, given `samples`, the samples it
    belongs to (by their rules, read in the cases query: no query more)."""
    in_sample = {
        f"in_s{i}": ExpressionWrapper(s.cases_q(), output_field=BooleanField())
        for i, s in enumerate(samples)
    }
    cases = list(
        inspection.cases.select_related("assigned_to").annotate(**in_sample).order_by("ref")
    )
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
            AssignmentRow(
                case=case,
                conflicts=conflicts.get(case.ref, []),
                previous=earlier,
                samples=[s.title for i, s in enumerate(samples) if getattr(case, f"in_s{i}")],
            )
        )
    return rows


def conflicts(inspection: Inspection) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(inspection=inspection).select_related("user")
