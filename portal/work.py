"""Home and the sections of the navigation that list a person's work: what is waiting for them
first (cases to check, cases returned to them, readings to do, files built for them), then the
rest. The long lists have their own pages: My cases (a page at a time), Second readings,
Quality assurance and Inspections."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.requests import SignedInRequest
from casework.models import CaseStatus
from casework.permissions import led_cases
from casework.selectors.home import HomeCase, my_cases, qa_queue
from inspection.choices import TeamRole
from inspection.permissions import inspections_for, is_admin, managed_inspections
from portal.navigation import remember_roles
from readings.selectors.practice import practice_cases_open
from readings.selectors.readings import my_second_readings
from reports.models import Job

SHORT = 5  # rows of each "waiting for you" list on the home page; the section page has the rest
CASES_PER_PAGE = 25
RECENT_JOBS_DAYS = 7
OUTPUTS = (Job.Kind.REPORT, Job.Kind.WORKBOOK, Job.Kind.REGIONAL)


@dataclass(frozen=True)
class FinishedJob:
    job: Job
    title: str  # what was built, and of what
    href: str  # its download


@dataclass(frozen=True)
class Returned:
    row: HomeCase
    comments: list[tuple[str, str, str]]  # (item code or "", link to the item or "", text)


def returned_to(cases: list[HomeCase]) -> list[Returned]:
    """The user's cases sent back by a lead (or holding a comment they have not answered), each
    comment linked to the question it is about."""
    out = []
    for row in cases:
        if row.case.status != CaseStatus.RETURNED and not row.comments:
            continue
        comments = []
        for c in row.comments:
            item = c.item
            if item is None:
                comments.append(("", "", c.text))
                continue
            page = reverse("cases:standard", args=[row.case.pk, item.standard.code])
            comments.append((item.code, f"{page}#item-{item.code.replace('.', '_')}", c.text))
        out.append(Returned(row, comments))
    return out


def finished_jobs(user: User, manages: bool) -> list[FinishedJob]:
    """Reports and workbooks the user asked for that finished in the last week, newest first,
    in inspections (or, for regional reports, with a role) they still have."""
    since = timezone.now() - timedelta(days=RECENT_JOBS_DAYS)
    scope = Q(inspection__in=inspections_for(user))
    if manages:
        scope |= Q(kind=Job.Kind.REGIONAL)
    jobs = (
        Job.objects.filter(scope, created_by=user, kind__in=OUTPUTS, state=Job.State.DONE)
        .filter(finished_at__gte=since)
        .exclude(result_file="")
        .select_related("inspection__pdu", "region", "framework")
        .order_by("-finished_at")[:SHORT]
    )
    out = []
    for job in jobs:
        fmt = f" ({job.get_format_display()})" if job.format else ""
        if job.inspection is not None:
            title = f"{job.get_kind_display()}{fmt}: {job.inspection.pdu.name}"
            href = reverse("reports:download", args=[job.inspection_id, job.pk])
        else:
            region = job.region.name if job.region is not None else ""
            title = f"{job.get_kind_display()}{fmt}: {region}"
            href = reverse(
                "reports:region_download", args=[job.region_id, job.framework_id, job.pk]
            )
        out.append(FinishedJob(job, title, href))
    return out


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """What is waiting for this person first, then a short view of the rest."""
    user = request.user
    cases = my_cases(user)
    returned = returned_to(cases)
    sent_back = {r.row.case.pk for r in returned}
    in_progress = [
        r for r in cases if r.case.status == CaseStatus.DRAFT and r.case.pk not in sent_back
    ]
    readings = list(my_second_readings(user))
    to_read = [r for r in readings if not r.is_submitted]
    roles = remember_roles(request)  # the navigation's roles, refreshed here
    manages = is_admin(user) or TeamRole.LEAD in roles  # as `manages_any`
    qa = list(qa_queue(user, led_cases(user))) if manages else []
    jobs = finished_jobs(user, manages)
    inspections = list(inspections_for(user).order_by("-fieldwork_start"))
    return render(
        request,
        "portal/home.html",
        {
            "my_cases": cases,
            "returned": returned,
            "in_progress": in_progress[:SHORT],
            "in_progress_count": len(in_progress),
            "second_readings": to_read[:SHORT],
            "second_readings_count": len(to_read),
            "readings_count": len(readings),
            "qa_cases": qa[:SHORT],
            "qa_count": len(qa),
            "jobs": jobs,
            "waiting": bool(returned or to_read or qa or jobs),
            "practice": [
                line
                for line in practice_cases_open(user)
                if not line.mine or not line.mine.is_submitted
            ],
            "inspections": inspections[:SHORT],
            "inspections_count": len(inspections),
            "is_admin": is_admin(user),
            "can_set_up": manages,
        },
    )


@login_required
def my_cases_page(request: SignedInRequest) -> HttpResponse:
    """Every case assigned to the user, a page at a time."""
    cases = my_cases(request.user)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/my_cases.html", {"page": page, "total": len(cases)})


@login_required
def my_readings(request: SignedInRequest) -> HttpResponse:
    """Second readings given to the user, the practice cases open to them and, for leads, the
    second readings and agreement of the inspections they manage."""
    return render(
        request,
        "portal/my_readings.html",
        {
            "readings": list(my_second_readings(request.user)),
            "practice": practice_cases_open(request.user),
            # leads settle and measure agreement per inspection: the way there from this section
            "led": list(managed_inspections(request.user).order_by("-fieldwork_start")),
        },
    )


@login_required
def qa_queue_page(request: SignedInRequest) -> HttpResponse:
    """Submitted cases waiting for quality assurance in the inspections the user leads."""
    cases = list(qa_queue(request.user, led_cases(request.user)))
    return render(request, "portal/qa_queue.html", {"qa_cases": cases})


@login_required
def inspections_page(request: SignedInRequest) -> HttpResponse:
    """The inspections the user can see, with the way to each one's dashboard and set-up."""
    user = request.user
    managed = set(managed_inspections(user).values_list("pk", flat=True))
    return render(
        request,
        "portal/inspections.html",
        {
            "inspections": inspections_for(user).order_by("-fieldwork_start"),
            "managed": managed,
            "can_set_up": bool(managed) or is_admin(user),
        },
    )
