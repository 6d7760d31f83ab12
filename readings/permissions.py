"""Object scope for readings — who sees and records which second, practice or reference reading.

A second reading is seen by its reader (while on the team) and by the inspection's leads, never
by the first reader; a practice reading by its reader and by admins; a practice case's reference
reading by admins only. The case side of blind readings is in `casework.permissions`.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from casework.permissions import sees_readings, sees_readings_of
from inspection.permissions import User, is_admin, on_team
from readings.models import PracticeCase, PracticeStatus, Reading, ReadingKind, ReadingStatus


def readings_for(user: User) -> QuerySet[Reading]:
    """Readings the user may see. Second readings: their own (while on the team) and every one
    of the inspections they lead — never the first reader's, unless they lead. Practice and
    reference readings: their own. Admins see every reading."""
    qs = Reading.objects.select_related(
        "case__inspection__pdu__region",
        "case__inspection__framework",
        "case__assigned_to",
        "practice__framework",
        "reader",
    ).defer("case__inspection__framework__source", "practice__framework__source")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    second = Q(kind=ReadingKind.SECOND) & (
        (Q(reader=user) & on_team(user, "case__inspection_id"))
        | sees_readings_of(user, "case__inspection_id")
    )
    practice = Q(kind=ReadingKind.PRACTICE, reader=user)
    return qs.filter(second | practice)


def get_reading_for_user(request: HttpRequest, pk: int) -> Reading:
    reading = readings_for(request.user).filter(pk=pk).first()
    if reading is None:
        raise Http404("No such reading")
    return reading


@dataclass(frozen=True)
class ReadingAccess:
    """What one user may do with one reading (second, practice or reference)."""

    is_reader: bool
    is_lead: bool  # second readings: a lead of the inspection; practice: an admin
    can_edit: bool  # record answers and submit
    can_settle: bool  # second readings: settle disagreements with the first reading
    can_see_feedback: bool  # practice readings: the differences from the reference


def reading_access(user: User, reading: Reading) -> ReadingAccess:
    reader = reading.reader_id is not None and reading.reader_id == getattr(user, "pk", None)
    draft = reading.status == ReadingStatus.DRAFT
    if reading.kind == ReadingKind.SECOND:
        lead = sees_readings(user, reading.case.inspection)
        return ReadingAccess(
            is_reader=reader,
            is_lead=lead,
            can_edit=reader and draft,
            can_settle=lead and not draft and reading.case.is_counted,
            can_see_feedback=False,
        )
    admin = is_admin(user)
    open_for = (
        PracticeStatus.SETUP if reading.kind == ReadingKind.REFERENCE else PracticeStatus.OPEN
    )
    return ReadingAccess(
        is_reader=reader,
        is_lead=admin,
        can_edit=reader and draft and reading.practice.status == open_for,
        can_settle=False,
        can_see_feedback=reading.kind == ReadingKind.PRACTICE and not draft and (reader or admin),
    )


def practice_cases_for(user: User) -> QuerySet[PracticeCase]:
    """Practice cases the user may see: open and closed ones (every signed-in user practises);
    admins also those being set up."""
    qs = PracticeCase.objects.select_related("framework").defer("framework__source")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.exclude(status=PracticeStatus.SETUP)
