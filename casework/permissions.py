"""Object scope for cases — the one place that decides who sees and edits which case.

Inspectors see the cases of inspections they are on and edit only cases assigned to them; leads
see and quality-assure every case of their inspections; admins see everything. Rows outside a
user's scope are a 404, never a 403, so their existence is not revealed.

Second readings are blind, both ways (reading scope: `readings.permissions`): an inspector who is the second reader of a case does not
see the case's first reading at all (every case page, the results' drill-down, the API: the case
is outside their scope), and the first reader — like every other inspector — does not see the
second reading. Its reader and the inspection's leads do; admins see everything (so an admin or
a lead is never chosen as a second reader: they could not read blind). Whatever shows readings
side by side or measures how far they agree (the agreement page, the comparison, the bundle, the
data workbook's Agreement sheet) is for those `sees_readings` names, whichever page, file, export
or API route it is in. A practice reading is seen by its reader and by admins; a practice case's
reference reading by admins only.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.http import Http404, HttpRequest

from casework.models import Case, CaseQuerySet, second_readings
from inspection.models import Inspection
from inspection.permissions import User, is_admin, is_lead, leads, on_team

# What a case page shows with the case; an autosave needs only the framework version (its items).
CASE_RELATED = ("inspection__pdu__region", "inspection__framework", "assigned_to")
LEAN_RELATED = ("inspection__framework",)


def cases_for(user: User, *, related: tuple[str, ...] = CASE_RELATED) -> CaseQuerySet:
    """Every case the user may see (read scope), with `related` read in the same query."""
    qs = Case.objects.select_related(*related).defer("inspection__framework__source")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.filter(on_team(user, "inspection_id")).exclude(
        second_reader_of(user) & ~sees_readings_of(user, "inspection_id")
    )


def second_reader_of(user: User, case_ref: str = "pk") -> Q:
    """A filter on Case: the user is the second reader of the case `case_ref` points at."""
    readings = second_readings().filter(case=OuterRef(case_ref), reader=user)
    return Q(Exists(readings))


def get_case_for_user(request: HttpRequest, pk: int, *, lean: bool = False) -> Case:
    """The case if the user may see it (404 otherwise), with whether they lead its inspection
    read in the same query, for `case_access`. `lean`: with its inspection and framework
    version only (an autosave shows no PDU, region or assignee), which PostgreSQL plans in a
    quarter of the time."""
    user = request.user
    qs = cases_for(user, related=LEAN_RELATED if lean else CASE_RELATED).filter(pk=pk)
    if user.is_authenticated:
        lead = Value(True) if is_admin(user) else led_cases(user)
        qs = qs.annotate(viewer_leads=ExpressionWrapper(lead, output_field=BooleanField()))
    case = qs.order_by().first()  # one row at most: no ordering to plan
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
    sees_readings: bool  # `sees_readings` for the case's inspection (the second reading's status)


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
        sees_readings=lead,  # the same rule as `sees_readings`, without its query
    )


def sees_readings(user: User, inspection: Inspection) -> bool:
    """Whether the user may see every reading of the inspection, first and second, and their
    agreement: its leads and admins. The one rule for every output that reveals readings or
    agreement; inspectors (a second reader too) get outputs without them."""
    return is_lead(user, inspection)


def sees_readings_of(user: User, inspection_ref: str = "pk") -> Q:
    """`sees_readings` as a filter on the inspection `inspection_ref` points at."""
    return leads(user, inspection_ref)
