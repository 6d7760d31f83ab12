"""Who may see and manage which inspection — the one home of the team rules.

- Admins see and manage every inspection.
- A lead inspector manages (sets up, quality-assures, rates, reports) the inspections they lead.
- An inspector sees the inspections they are on the team of.
Rows outside a user's scope are a 404, never a 403, so their existence is not revealed. Case
scope (`casework.permissions`) builds on these rules; every view, export and API goes through here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as SignedInUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from accounts.roles import has_admin_role
from inspection.choices import TeamRole
from inspection.models import Inspection, TeamMembership

User = SignedInUser | AnonymousUser


def is_admin(user: User) -> bool:
    """Admins are site-wide: the Casebook admin role on the account (not Django staff)."""
    return has_admin_role(user)


def _membership(user: User, inspection_ref: str, role: str | None = None) -> Exists:
    """EXISTS a membership of `user` in the inspection the outer query's `inspection_ref` names."""
    rows = TeamMembership.objects.filter(inspection=OuterRef(inspection_ref), user=user)
    return Exists(rows.filter(role=role) if role else rows)


def on_team(user: User, inspection_ref: str = "pk") -> Q:
    """A filter: the user is on the team of the inspection `inspection_ref` points at (an EXISTS,
    so it never multiplies rows)."""
    return Q(_membership(user, inspection_ref))


def leads(user: User, inspection_ref: str = "pk") -> Q:
    """A filter: the user leads the inspection `inspection_ref` points at (all, for admins)."""
    if is_admin(user):
        return Q()
    return Q(_membership(user, inspection_ref, TeamRole.LEAD))


def inspections_for(user: User) -> QuerySet[Inspection]:
    """Every inspection the user may see."""
    qs = Inspection.objects.select_related("pdu__region", "framework").defer("framework__source")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.filter(on_team(user))


def managed_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections the user manages: all for admins, those they lead otherwise."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    return inspections_for(user).filter(leads(user))


def is_lead(user: User, inspection: Inspection) -> bool:
    """Whether the user manages this inspection (admins manage every one)."""
    if is_admin(user):
        return True
    if not user.is_authenticated:
        return False
    return inspection.team.filter(user=user, role=TeamRole.LEAD).exists()


def manages_any(user: User) -> bool:
    """Whether the set-up area is open to the user: admins and leads of any inspection."""
    return is_admin(user) or managed_inspections(user).exists()


def team_inspectors(inspection: Inspection) -> QuerySet:
    """The active inspectors on the team (the people cases are assigned to)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__inspection=inspection,
            memberships__role=TeamRole.INSPECTOR,
            is_active=True,
        )
        .order_by("username")
    )


def team_members(inspection: Inspection) -> QuerySet:
    """Everyone active on the team, leads included."""
    return (
        get_user_model()
        .objects.filter(memberships__inspection=inspection, is_active=True)
        .order_by("username")
    )


def get_inspection_for_user(request: HttpRequest, pk: int) -> Inspection:
    """The inspection if the user is on its team (or an admin); 404 otherwise, never 403."""
    inspection = inspections_for(request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def get_inspection_to_manage(request: HttpRequest, pk: int) -> Inspection:
    """The inspection if the user is an admin or one of its leads; 404 otherwise."""
    inspection = managed_inspections(request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def require_admin(request: HttpRequest) -> None:
    if not is_admin(request.user):
        raise Http404("Not found")


def require_manager(request: HttpRequest) -> None:
    """Set-up pages exist only for admins and leads."""
    if not manages_any(request.user):
        raise Http404("Not found")
