"""Creating an inspection and managing its team. Knows nothing about cases."""

import itertools
from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import may_lead
from inspection.choices import InspectionStatus, TeamRole
from inspection.models import (
    CohortWindow,
    FrameworkVersion,
    Inspection,
    Pdu,
    Region,
    TeamMembership,
)
from inspection.writes import inspection_writable


@transaction.atomic
def inspection_create(
    *,
    region_name: str,
    pdu_name: str,
    framework: FrameworkVersion,
    fieldwork_start: date,
    fieldwork_end: date,
    windows: Sequence[tuple[date, date]],
    lead: User,
    inspectors: Iterable[User] = (),
) -> Inspection:
    """An inspection in set-up, with its cohort windows and team. The framework version is pinned
    for the inspection's life (nothing offers to change it). A lead inspector is required: only a
    lead may quality-assure and publish, so an inspection without one could never be published."""
    if lead is None:
        raise ValidationError("Select the lead inspector")
    if not windows:
        raise ValidationError("Give at least one cohort window.")
    for start, end in windows:
        if end < start:
            raise ValidationError("A cohort window must end on or after its start.")
    ordered = sorted(windows)
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start <= end:
            raise ValidationError("Cohort windows must not overlap.")
    region, _ = Region.objects.get_or_create(name=region_name.strip())
    pdu, _ = Pdu.objects.get_or_create(region=region, name=pdu_name.strip())
    inspection = Inspection(
        pdu=pdu,
        framework=framework,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        status=InspectionStatus.SETUP,
    )
    inspection.full_clean()
    inspection.save()
    for start, end in ordered:
        window = CohortWindow(inspection=inspection, start=start, end=end)
        window.full_clean()
        window.save()
    team_member_set(inspection=inspection, user=lead, role=TeamRole.LEAD)
    for user in inspectors:
        if user.pk != lead.pk:
            team_member_set(inspection=inspection, user=user, role=TeamRole.INSPECTOR)
    return inspection


@transaction.atomic
def team_member_set(*, inspection: Inspection, user: User, role: str) -> TeamMembership:
    """Add the user to the team, or change their role."""
    inspection_writable(inspection)
    if role not in TeamRole.values:
        raise ValidationError(f"{role!r} is not a team role.")
    if not user.is_active:
        raise ValidationError(f"{user} is deactivated.")
    if role == TeamRole.LEAD and not may_lead(user):
        raise ValidationError(
            f"{user} cannot lead an inspection: the directory does not give them the lead role."
        )
    membership, created = TeamMembership.objects.get_or_create(
        inspection=inspection, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        if membership.role == TeamRole.LEAD:
            lead_keep(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def inspection_status_set(*, inspection: Inspection, status: str) -> Inspection:
    """Move the inspection to `status` (setting up, fieldwork, reporting, published). Publishing is
    done by the reports app, which freezes the published results; a published inspection keeps
    that status (its personal data may then be anonymised) until a lead reopens it
    (`inspection.services.publication`)."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    inspection_writable(locked)
    if status not in InspectionStatus.values:
        raise ValidationError(f"{status!r} is not an inspection status.")
    locked.status = status
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def team_member_remove(*, membership: TeamMembership) -> None:
    inspection_writable(membership.inspection)
    if membership.role == TeamRole.LEAD:
        lead_keep(membership)
    membership.delete()


def lead_keep(membership: TeamMembership) -> None:
    """Refuse to take away the inspection's last lead inspector: without one nobody could
    quality-assure or publish it."""
    others = TeamMembership.objects.filter(
        inspection_id=membership.inspection_id, role=TeamRole.LEAD
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            f"{membership.user} is the only lead inspector: make someone else the lead first"
        )
