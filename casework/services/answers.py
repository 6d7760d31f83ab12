"""Recording a case's answers and evidence, with optimistic concurrency: the protocol of one
answer sheet (`casework.services.answer_sheet`), under the case's row lock and version token.

The same save records the case attributes the page asks (whether pre-sentence information was
given): a changed attribute is written unless someone else changed it since. Items that a known
attribute now excludes keep their evidence but their answer becomes "na" (kept in history); a
judged answer on an item whose attribute is unknown records that the attribute qualifies
(`inspection.applicability`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casework.models import Answer, Case
from casework.services import answer_sheet
from casework.services.answer_sheet import CASE_SHEET, AnswerEdit, SaveResult
from inspection.applicability import rule_excludes, rule_implies
from inspection.attributes import CaseAttribute
from inspection.declared import attribute_field, attribute_write, declared_by_name, values_of
from inspection.writes import inspection_writable


@dataclass(frozen=True)
class AttributeEdit:
    """A case attribute the page set: `value` wanted, `original` what the page started from."""

    name: str
    value: Any
    original: Any


def _attributes_save(
    case: Case,
    user: User,
    changes: dict[str, Any],
    result: SaveResult,
    declared: Mapping[str, CaseAttribute],
) -> None:
    """Write changed case attributes (with history); answers on items they now exclude become
    'na', evidence kept."""
    for name, value in changes.items():
        attribute_write(case, declared[name], value)
    case._history_user = user
    case.full_clean(exclude=["assigned_to"])
    case.save(update_fields=sorted({attribute_field(declared[name]) for name in changes}))
    result.attributes_changed = list(changes)
    attrs = values_of(case, declared)
    judged = Answer.objects.filter(case=case).exclude(value__in=["", "na"]).select_related("item")
    for answer in judged:
        if any(name in changes for name in rule_excludes(answer.item.applies_to, attrs)):
            answer.value = "na"
            answer.updated_by = user
            answer._history_user = user
            answer.save(update_fields=["value", "updated_by", "updated_at"])
            result.made_not_applicable.append(answer.item)


@transaction.atomic
def answers_record(
    *,
    case: Case,
    user: User,
    token: int,
    edits: list[AnswerEdit],
    attributes: Sequence[AttributeEdit] = (),
) -> SaveResult:
    """Write the changed, non-conflicting answers of `edits`; report the conflicting ones.

    Invariants: nothing the client did not change is written; nothing another user saved since
    the client's starting values is overwritten; two concurrent saves serialise on the case row
    lock, and the version token only ever increases by one per successful save.
    """
    inspection_writable(case.inspection)
    now = timezone.now()
    locked = answer_sheet.lock(CASE_SHEET, case.pk, now)
    if not locked.is_editable:
        raise PermissionDenied("This case is read-only: it has been submitted or signed off.")
    answer_sheet.edits_check(CASE_SHEET, edits, case.inspection.framework_id)
    result = answer_sheet.start(locked, token, subject=locked)
    # the declarations of the case's framework, read with the case (the locked row is bare)
    declared = declared_by_name(case.inspection.framework)
    known = values_of(locked, declared)
    changes: dict[str, Any] = {}
    for attribute in attributes:
        current = known[attribute.name]
        if current == attribute.value:
            continue
        if current != attribute.original:
            result.attribute_conflicts.append(attribute.name)
            continue
        changes[attribute.name] = attribute.value
    known |= changes

    def implied(edit: AnswerEdit) -> None:
        """A judged answer records that the attributes its item depends on qualify."""
        if edit.value not in ("", "na"):
            found = rule_implies(edit.item.applies_to, known)
            changes.update(found)
            known.update(found)

    answer_sheet.answers_write(
        CASE_SHEET, owner=locked, user=user, now=now, edits=edits, result=result, on_written=implied
    )
    if changes:
        _attributes_save(locked, user, changes, result, declared)
    return answer_sheet.close(result, locked)
