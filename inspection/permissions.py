"""Object scope: who may see and change what. Every view, export and API goes through here."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from accounts.roles import has_admin_role
from inspection.choices import TeamRole
from inspection.models import Inspection

User = AbstractBaseUser | AnonymousUser


def is_admin(user: User) -> bool:
    """Admins are site-wide: the Casebook admin role on the account (not Django staff)."""
    return has_admin_role(user)


def inspections_for(user: User) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("pdu__region", "framework")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.filter(team__user=user).distinct()


def is_lead(user: User, inspection: Inspection) -> bool:
    if is_admin(user):
        return True
    return inspection.team.filter(user=user, role=TeamRole.LEAD).exists()


def get_inspection_for_user(request: HttpRequest, pk: int) -> Inspection:
    """The inspection if the user is on its team (or an admin); 404 otherwise, never 403."""
    inspection = inspections_for(request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    return inspection
