"""Recording practitioner interviews on a case."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cases.models import Case, Interview


@transaction.atomic
def interview_record(
    *,
    case: Case,
    user: AbstractBaseUser,
    held_on: date | None,
    grade: str,
    outcome: str,
    notes: str = "",
) -> Interview:
    """Add a practitioner interview (held or declined) to the case."""
    interview = Interview(
        case=case, held_on=held_on, grade=grade, outcome=outcome, notes=notes, recorded_by=user
    )
    interview._history_user = user
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    user: AbstractBaseUser,
    held_on: date | None,
    grade: str,
    outcome: str,
    notes: str = "",
) -> Interview:
    """Correct a recorded interview; the change is kept in its history."""
    interview.held_on, interview.grade, interview.outcome, interview.notes = (
        held_on,
        grade,
        outcome,
        notes,
    )
    interview._history_user = user
    interview.full_clean()
    interview.save(update_fields=["held_on", "grade", "outcome", "notes"])
    return interview
