"""Sharing the sampled cases among the inspection team.

Reassignment is an ordinary save: `Case.history` (django-simple-history) keeps every previous
assignee with who changed it and when.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from casework.history import change_reason
from casework.models import Case, second_readings
from inspection.choices import TeamRole
from inspection.models import Inspection, TeamMembership
from inspection.permissions import team_inspectors
from inspection.services.setup import lead_keep, team_member_remove
from inspection.writes import inspection_writable
from sampling.models import ConflictOfInterest


def _check_assignee(inspection: Inspection, user: User) -> None:
    if not user.is_active or not inspection.team.filter(user=user).exists():
        raise ValidationError(f"{user} is not an active member of this inspection's team.")


def _second_read_by(user: User, cases: list[Case]) -> set[int]:
    """Ids of those cases whose second reader is `user` (blind readings stay blind)."""
    return set(
        second_readings().filter(reader=user, case__in=cases).values_list("case_id", flat=True)
    )


@transaction.atomic
def cases_assign(
    *, inspection: Inspection, cases: Iterable[Case], assignee: User | None
) -> list[Case]:
    """Assign (or, with None, unassign) cases of this inspection; refuses declared conflicts."""
    inspection_writable(inspection)
    cases = list(Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases]))
    if any(c.inspection_id != inspection.pk for c in cases):
        raise ValidationError("Only cases of this inspection can be assigned here.")
    if assignee is not None:
        _check_assignee(inspection, assignee)
        conflicted = set(
            ConflictOfInterest.objects.filter(
                inspection=inspection, user=assignee, ref__in=[c.ref for c in cases]
            ).values_list("ref", flat=True)
        )
        if conflicted:
            raise ValidationError(
                f"{assignee} has declared a conflict of interest with {', '.join(sorted(conflicted))}."
            )
        read_second = _second_read_by(assignee, cases)
        second = sorted(c.ref for c in cases if c.pk in read_second)
        if second:
            raise ValidationError(
                f"{assignee} is the second reader of {', '.join(second)}: the first reading must "
                "be someone else's."
            )
    changed = []
    for case in cases:
        if case.assigned_to_id == getattr(assignee, "pk", None):
            continue
        case.assigned_to = assignee
        case.version += 1
        case.save(update_fields=["assigned_to", "version", "updated_at"])
        changed.append(case)
    return changed


@transaction.atomic
def cases_auto_assign(*, inspection: Inspection) -> dict[str, int]:
    """Share the unassigned cases among the team's inspectors so counts end up as even as
    possible, never giving a case to someone with a declared conflict on it.

    Cases with the most conflicts are placed first; ties go to the inspector with fewest cases,
    then by username. Returns {"assigned": n, "unassigned": n} (unassigned: no eligible inspector).
    """
    inspection_writable(inspection)
    inspectors = list(team_inspectors(inspection))
    if not inspectors:
        raise ValidationError("Add inspectors to the team before sharing out the cases.")
    loads = {
        row["assigned_to"]: row["n"]
        for row in Case.objects.filter(inspection=inspection, assigned_to__in=inspectors)
        .values("assigned_to")
        .annotate(n=Count("pk"))
    }
    load = {u.pk: loads.get(u.pk, 0) for u in inspectors}
    conflicts: dict[str, set[int]] = {}
    for ref, user_id in ConflictOfInterest.objects.filter(inspection=inspection).values_list(
        "ref", "user_id"
    ):
        conflicts.setdefault(ref, set()).add(user_id)
    cases = list(
        Case.objects.select_for_update().filter(inspection=inspection, assigned_to__isnull=True)
    )
    cases.sort(key=lambda c: (-len(conflicts.get(c.ref, ())), c.ref))
    second_readers = dict(
        second_readings().filter(case__in=cases).values_list("case_id", "reader_id")
    )
    assigned = unassigned = 0
    for case in cases:
        eligible = [
            u
            for u in inspectors
            if u.pk not in conflicts.get(case.ref, ()) and u.pk != second_readers.get(case.pk)
        ]
        if not eligible:
            unassigned += 1
            continue
        chosen = min(eligible, key=lambda u: (load[u.pk], u.username))
        load[chosen.pk] += 1
        case.assigned_to = chosen
        case.version += 1
        case.save(update_fields=["assigned_to", "version", "updated_at"])
        assigned += 1
    return {"assigned": assigned, "unassigned": unassigned}


@transaction.atomic
def conflict_declare(
    *, inspection: Inspection, user: User, ref: str, note: str = ""
) -> ConflictOfInterest:
    """Record that `user` must not inspect case `ref`; if it is assigned to them, unassign it."""
    inspection_writable(inspection)
    ref = ref.strip()
    conflict, _ = ConflictOfInterest.objects.get_or_create(
        inspection=inspection, user=user, ref=ref, defaults={"note": note}
    )
    for case in Case.objects.filter(inspection=inspection, ref=ref, assigned_to=user):
        case.assigned_to = None
        case.version += 1
        case.save(update_fields=["assigned_to", "version", "updated_at"])
    return conflict


@transaction.atomic
def team_member_withdraw(*, membership: TeamMembership, user: User | None) -> list[Case]:
    """Take `membership.user` off the inspection's team and withdraw their casework: each case of
    this inspection assigned to them goes back to unassigned, saved one by one so the case
    history shows who withdrew it (`user`) and why. Then the membership goes, which ends their
    read access (case scope follows team membership). Returns the unassigned cases.
    """
    inspection_writable(membership.inspection)
    if membership.role == TeamRole.LEAD:
        lead_keep(membership)
    member = membership.user
    cases = list(
        Case.objects.select_for_update()
        .filter(inspection_id=membership.inspection_id, assigned_to_id=member.pk)
        .order_by("pk")
    )
    for case in cases:
        case.assigned_to = None
        case.version += 1
        case._history_user = user
        change_reason(case, f"{member.get_username()} removed from the inspection team")
        case.save(update_fields=["assigned_to", "version", "updated_at"])
    team_member_remove(membership=membership)
    return cases
