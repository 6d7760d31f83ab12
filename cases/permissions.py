"""Object scope for cases — the one place that decides who sees and edits which case.

Inspectors see the cases of inspections they are on and edit only cases assigned to them; leads
see and quality-assure every case of their inspections; admins see everything. Rows outside a
user's scope are a 404, never a 403, so their existence is not revealed.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.http import Http404, HttpRequest

from cases.models import Case
from inspection.permissions import User, is_admin, is_lead, leads, on_team


def cases_for(user: User) -> QuerySet[Case]:
    """Every case the user may see (read scope)."""
    qs = Case.objects.select_related(
        "inspection__pdu__region", "inspection__framework", "assigned_to"
    ).defer("inspection__framework__source")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.filter(on_team(user, "inspection_id"))


def get_case_for_user(request: HttpRequest, pk: int) -> Case:
    """The case if the user may see it (404 otherwise), with whether they lead its inspection
    read in the same query, for `case_access`."""
    user = request.user
    qs = cases_for(user).filter(pk=pk)
    if user.is_authenticated:
        lead = Value(True) if is_admin(user) else led_cases(user)
        qs = qs.annotate(viewer_leads=ExpressionWrapper(lead, output_field=BooleanField()))
    case = qs.first()
    if case is None:
        raise Http404("No such case")
    case.viewer_pk = user.pk
    return case


def led_cases(user: User) -> Q:
    """A filter on Case: cases of the inspections the user leads (all, for admins)."""
    return leads(user, "inspection_id")


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do with one case, decided in one query (or none)."""

    is_lead: bool
    is_assignee: bool
    can_edit: bool  # answers and evidence
    can_record_interview: bool
    can_quality_assure: bool


def case_access(user: User, case: Case) -> CaseAccess:
    lead = getattr(case, "viewer_leads", None)  # read with the case by get_case_for_user
    if lead is None or getattr(case, "viewer_pk", None) != getattr(user, "pk", None):
        lead = is_lead(user, case.inspection)
    assignee = case.assigned_to_id is not None and case.assigned_to_id == getattr(user, "pk", None)
    return CaseAccess(
        is_lead=lead,
        is_assignee=assignee,
        can_edit=case.is_editable and (assignee or lead),
        can_record_interview=case.takes_interviews and (assignee or lead),
        can_quality_assure=lead,
    )
