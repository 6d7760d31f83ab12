"""The case workflow: submit, return with comments, sign off, reopen with a reason.

draft/returned --submit--> submitted --return--> returned
                           submitted --sign off--> signed_off --reopen (reason)--> returned

Every transition locks the case row, checks the state it starts from, bumps the version token,
records who did it in the history (with the reason, when there is one) and schedules aggregation,
because submitted and signed-off cases are the ones counted.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.history import change_reason
from casework.models import EDITABLE_STATUSES, Case, CaseStatus, QAComment
from casework.selectors.casework import case_form, submit_problems
from casework.signals import counted_cases_changed
from casework.text_limits import REASON_MAX
from inspection.models import Item
from inspection.writes import inspection_writable


class SubmitError(ValidationError):
    """The case is not complete; `problems` lists each field to fix."""

    def __init__(self, problems: list[Any]):
        self.problems = problems
        super().__init__([p.message for p in problems])


def _transition(
    case: Case,
    *,
    user: User,
    source: tuple[str, ...],
    target: str,
    reason: str = "",
) -> Case:
    locked = Case.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    inspection_writable(locked.inspection)
    if locked.status not in source:
        raise ValidationError(
            f"This case is {locked.get_status_display().lower()}; it cannot be "
            f"{CaseStatus(target).label.lower()} from here."
        )
    locked.status = target
    locked.version += 1
    locked._history_user = user
    if reason:
        change_reason(locked, reason)
    locked.full_clean(exclude=["assigned_to"])
    locked.save(update_fields=["status", "version", "updated_at"])
    counted_cases_changed.send(sender=Case, inspection=locked.inspection, user=user)
    return locked


@transaction.atomic
def case_submit(*, case: Case, user: User) -> Case:
    """Submit a draft or returned case. Every applicable key question must be answered, and a
    negative answer must have evidence; otherwise `SubmitError` lists each problem. Open QA
    comments are resolved: the resubmission is the inspector's answer to them."""
    locked = Case.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    inspection_writable(locked.inspection)
    problems = submit_problems(case_form(locked, comments=False))
    if problems:
        raise SubmitError(problems)
    submitted = _transition(
        locked,
        user=user,
        source=EDITABLE_STATUSES,
        target=CaseStatus.SUBMITTED,
    )
    now = timezone.now()
    # Saved one by one (a case has a handful) so each resolution is kept in the comment's history.
    for comment in QAComment.objects.filter(case=submitted, resolved_at__isnull=True):
        comment.resolved_at = now
        comment._history_user = user
        comment.save(update_fields=["resolved_at"])
    return submitted


@dataclass(frozen=True)
class CommentInput:
    item: Item | None
    text: str


@transaction.atomic
def case_return(*, case: Case, user: User, comments: list[CommentInput]) -> Case:
    """Return a submitted case to its inspector with at least one comment (per item or general)."""
    inspection_writable(case.inspection)
    comments = [c for c in comments if c.text.strip()]
    if not comments:
        raise ValidationError("Add at least one comment saying what needs to change.")
    returned = _transition(
        case, user=user, source=(CaseStatus.SUBMITTED,), target=CaseStatus.RETURNED
    )
    for comment in comments:
        row = QAComment(case=returned, item=comment.item, text=comment.text.strip(), author=user)
        row._history_user = user
        row.full_clean()
        row.save()
    return returned


@transaction.atomic
def case_sign_off(*, case: Case, user: User) -> Case:
    """Sign off a submitted case: it becomes read-only and counts in the results."""
    return _transition(
        case, user=user, source=(CaseStatus.SUBMITTED,), target=CaseStatus.SIGNED_OFF
    )


@transaction.atomic
def case_reopen(*, case: Case, user: User, reason: str) -> Case:
    """Reopen a signed-off case for its inspector. The reason is kept in the history and shown to
    the inspector as a comment."""
    inspection_writable(case.inspection)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter the reason for reopening the case.")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"The reason must be {REASON_MAX:,} characters or fewer.")
    reopened = _transition(
        case,
        user=user,
        source=(CaseStatus.SIGNED_OFF,),
        target=CaseStatus.RETURNED,
        reason=f"Reopened: {reason}",
    )
    row = QAComment(case=reopened, text=f"Reopened after sign-off: {reason}", author=user)
    row._history_user = user
    row.full_clean()
    row.save()
    return reopened
