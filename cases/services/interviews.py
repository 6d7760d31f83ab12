"""Recording practitioner interviews on a case."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cases.models import Case, Interview


@transaction.atomic
def interview_save(
    *,
    case: Case,
    user: AbstractBaseUser,
    held_on: date | None,
    grade: str,
    outcome: str,
    notes: str = "",
    interview: Interview | None = None,
) -> Interview:
    """Add a practitioner interview (held or declined) to the case, or correct `interview`.

    Every version is kept in the interview's history with who saved it.
    """
    if interview is None:
        interview = Interview(case=case, recorded_by=user)
    interview.held_on, interview.grade, interview.outcome, interview.notes = (
        held_on,
        grade,
        outcome,
        notes,
    )
    interview._history_user = user
    interview.full_clean()
    interview.save()
    return interview
