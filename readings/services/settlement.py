"""Settling where a first and a second reading disagree: the first stands, the second stands, or
a new answer — decided by a lead, recorded (who, when, outcome, reason) and audited.

Settling changes the case's counted answer through the same history as every other change (the
`Answer` history row names the lead and carries the outcome and reason), then tells the results
to recompute (`counted_cases_changed`). Only the answer's value changes: the first reader's
evidence is kept as written, and the settlement and its reason explain the new value.
"""

from collections.abc import Sequence
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casework.history import change_reason
from casework.models import Answer, Case
from casework.signals import counted_cases_changed
from casework.text_limits import REASON_MAX
from inspection.applicability import rule_excludes
from inspection.declared import attributes_of
from inspection.labels import answer_label
from inspection.models import Item
from inspection.writes import inspection_writable
from readings.models import (
    Reading,
    ReadingAnswer,
    ReadingKind,
    ReadingStatus,
    Settlement,
    SettlementOutcome,
)


@transaction.atomic
def disagreement_settle(
    *,
    reading: Reading,
    item: Item,
    outcome: str,
    user: User,
    value: str = "",
    reason: str = "",
) -> Settlement:
    """Settle `item` of a submitted second reading of a counted case.

    `outcome` first | second | new (`value` is then the new answer). A reason is required for a
    new answer and whenever the settlement changes the case's answer. Settling again replaces the
    decision (the settlement's history keeps every one); `first_value` stays the first reading's
    answer as it was when the disagreement was first settled, which is what agreement measures.
    """
    locked = Reading.objects.select_for_update().get(pk=reading.pk)
    if locked.kind != ReadingKind.SECOND:
        raise ValidationError("Only a second reading is settled against the first.")
    if locked.status != ReadingStatus.SUBMITTED:
        raise ValidationError("The second reading has not been submitted yet.")
    case_id = cast(int, locked.case_id)  # a second reading has a case
    case = Case.objects.select_for_update().select_related("inspection").get(pk=case_id)
    inspection_writable(case.inspection)
    if not case.is_counted:
        raise ValidationError(
            f"Case {case.ref} is {case.get_status_display().lower()}: settle once the first "
            "reading has been submitted."
        )
    if item.framework_id != case.inspection.framework_id:
        raise ValidationError(f"Item {item.code} is not in this case's framework.")
    answer = Answer.objects.select_for_update().filter(case=case, item=item).first()
    second = ReadingAnswer.objects.filter(reading=locked, item=item).first()
    existing = Settlement.objects.select_for_update().filter(reading=locked, item=item).first()
    first_value = existing.first_value if existing else (answer.value if answer else "")
    second_value = second.value if second else ""
    if not first_value or not second_value or first_value == second_value:
        raise ValidationError(
            f"The two readings of {item.code} do not disagree: there is nothing to settle."
        )
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(f"The reason is longer than {REASON_MAX} characters.")
    if outcome == SettlementOutcome.FIRST:
        value = first_value
    elif outcome == SettlementOutcome.SECOND:
        value = second_value
    elif outcome == SettlementOutcome.NEW:
        if value not in item.answers:
            raise ValidationError(
                f"Choose the new answer to {item.code}: one of "
                f"{', '.join(answer_label(v) for v in item.answers)}."
            )
    else:
        raise ValidationError(
            "Choose whether the first reading, the second or a new answer stands."
        )
    current = answer.value if answer else ""
    if not reason and (outcome == SettlementOutcome.NEW or value != current):
        raise ValidationError("Give the reason for changing the case's answer.")
    if value != "na" and rule_excludes(item.applies_to, attributes_of(case)):
        raise ValidationError(
            f"{item.code} does not apply to case {case.ref}: only 'Not applicable'."
        )
    settlement = existing or Settlement(reading=locked, item=item, first_value=first_value)
    settlement.outcome = outcome
    settlement.second_value = second_value
    settlement.value = value
    settlement.reason = reason
    settlement.settled_by = user
    settlement.settled_at = timezone.now()
    settlement._history_user = user
    settlement.full_clean(exclude=["settled_by"])
    settlement.save()
    if value != current:
        if answer is None:
            answer = Answer(case=case, item=item)
        answer.value = value
        answer.updated_by = user
        answer._history_user = user
        change_reason(
            answer,
            f"Settled after a second reading: {SettlementOutcome(outcome).label.lower()}"
            + (f". {reason}" if reason else ""),
        )
        answer.full_clean(exclude=["case", "item", "updated_by"])
        answer.save()
        Case.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now())
        counted_cases_changed.send(sender=Case, inspection=case.inspection, user=user)
    return settlement


@transaction.atomic
def disagreements_first_stands(
    *, reading: Reading, items: Sequence[Item], user: User, reason: str
) -> list[Settlement]:
    """The first reading stands for each of `items` (the disagreements the lead has not settled):
    each is settled by `disagreement_settle`, so each has its own settlement, history row and
    reason, exactly as if settled one by one. All or none: one refusal settles nothing."""
    if not reason.strip():
        raise ValidationError(
            "Enter the reason the first reading stands for every remaining disagreement"
        )
    return [
        disagreement_settle(
            reading=reading, item=item, outcome=SettlementOutcome.FIRST, user=user, reason=reason
        )
        for item in items
    ]
