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
