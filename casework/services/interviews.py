"""Recording practitioner interviews on a case."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from casework.models import Case, CaseStatus, Interview
from casework.permissions import case_access
from inspection.writes import inspection_writable


@transaction.atomic
def interview_save(
    *,
    case: Case,
    user: User,
    held_on: date | None,
    grade: str,
    outcome: str,
    notes: str = "",
    interview: Interview | None = None,
) -> Interview:
    """Add a practitioner interview (held or declined) to the case, or correct `interview`.

    Like `answers_record`, it locks the case row and re-checks, under the lock, that interviews
    may still be recorded (not signed off; the user is its inspector or a lead), so a save racing
    a sign-off either lands before it or is refused. Every version is kept in the interview's
    history with who saved it.
    """
    locked = Case.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    inspection_writable(locked.inspection)
    if locked.status == CaseStatus.SIGNED_OFF:
        raise ValidationError(
            "This case has been signed off: interviews can no longer be recorded or changed."
        )
    if not case_access(user, locked).can_record_interview:
        raise ValidationError("You can no longer record interviews on this case.")
    if interview is None:
        interview = Interview(case=locked, recorded_by=user)
    elif interview.case_id != locked.pk:
        raise ValidationError("That interview belongs to another case.")
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
