"""Recording answers and evidence on a case, with optimistic concurrency.

The client sends, per item it saves, what it wants stored and a short token of what it started
from (`answer_token` of the value and evidence it last loaded or saved — never the text itself
again), plus the case's version token. Under a row lock on the case:

* an item the client did not change (its content still has the token it started from) is never
  written (so a stale page cannot overwrite);
* a changed item whose stored content still has the token the client started from is written;
* a changed item whose stored content moved since (someone else saved) and differs from the
  client's is a conflict: nothing of it is written, and both versions go back to the client
  (the stored one read from the database).

A save that writes anything increments `Case.version`; the new token goes back to the client. The
increment is also the lock: the save starts with `UPDATE ... SET version = version + 1 ...
RETURNING` on the case row (one statement instead of a locking read and a later update) and rolls
its transaction back when it wrote nothing, so the version moves only with a write.

The same save records the case attributes the page asks (whether pre-sentence information was
given): a changed attribute is written unless someone else changed it since. Items that a known
attribute now excludes keep their evidence but their answer becomes "na" (kept in history); a
judged answer on an item whose attribute is unknown records that the attribute qualifies
(`inspection.applicability`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from casework.models import Answer, Case, answer_token
from inspection.applicability import rule_excludes, rule_implies
from inspection.attributes import attributes_of
from inspection.labels import answer_label
from inspection.models import Item
from inspection.writes import inspection_writable


@dataclass(frozen=True)
class AnswerEdit:
    """What the client wants stored for one item, and the token of what it started from."""

    item: Item
    value: str
    evidence: str
    original: str  # answer_token of the content the client started from

    @property
    def changed(self) -> bool:
        return answer_token(self.value, self.evidence) != self.original


@dataclass(frozen=True)
class AttributeEdit:
    """A case attribute the page set: `value` wanted, `original` what the page started from."""

    name: str
    value: Any
    original: Any


@dataclass(frozen=True)
class Conflict:
    item: Item
    mine_value: str
    mine_evidence: str
    theirs_value: str
    theirs_evidence: str
    theirs_by: str
    theirs_at: datetime | None

    @property
    def mine_label(self) -> str:
        return answer_label(self.mine_value)

    @property
    def theirs_label(self) -> str:
        return answer_label(self.theirs_value)


@dataclass
class SaveResult:
    case: Case
    version: int
    stale: bool  # the client's token was behind: someone else saved in between
    saved: list[Item] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    attributes_changed: list[str] = field(default_factory=list)
    attribute_conflicts: list[str] = field(default_factory=list)
    made_not_applicable: list[Item] = field(default_factory=list)

    @property
    def wrote(self) -> bool:
        return bool(self.saved or self.attributes_changed or self.made_not_applicable)


def _attributes_save(case: Case, user: User, changes: dict[str, Any], result: SaveResult) -> None:
    """Write changed case attributes (with history); answers on items they now exclude become
    'na', evidence kept."""
    for name, value in changes.items():
        setattr(case, name, value)
    case._history_user = user
    case.full_clean(exclude=["assigned_to"])
    case.save(update_fields=list(changes))
    result.attributes_changed = list(changes)
    attrs = attributes_of(case)
    judged = Answer.objects.filter(case=case).exclude(value__in=["", "na"]).select_related("item")
    for answer in judged:
        if any(name in changes for name in rule_excludes(answer.item.applies_to, attrs)):
            answer.value = "na"
            answer.updated_by = user
            answer._history_user = user
            answer.save(update_fields=["value", "updated_by", "updated_at"])
            result.made_not_applicable.append(answer.item)


def _lock_and_bump(case: Case, now: datetime) -> Case:
    """Take the case's row lock by incrementing its version, and return the row as it now is
    (version already incremented). The caller rolls back if it writes nothing else."""
    quote = connection.ops.quote_name
    table, version, updated_at, pk = (
        quote(Case._meta.db_table),
        quote(Case._meta.get_field("version").column),
        quote(Case._meta.get_field("updated_at").column),
        quote(Case._meta.pk.column),
    )
    # S608: the names are quoted from the model, the values are parameters.
    rows = Case.objects.raw(
        f"UPDATE {table} SET {version} = {version} + 1, {updated_at} = %s "  # noqa: S608
        f"WHERE {pk} = %s RETURNING *",
        [now, case.pk],
    )
    for row in rows:
        return row
    raise Case.DoesNotExist(f"Case {case.pk} no longer exists.")


def _who(answer: Answer) -> str:
    user = answer.updated_by
    if user is None:
        return "someone else"
    return user.get_full_name() or user.get_username()


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
    locked = _lock_and_bump(case, now)
    if not locked.is_editable:
        raise PermissionDenied("This case is read-only: it has been submitted or signed off.")
    for edit in edits:
        if edit.item.framework_id != case.inspection.framework_id:
            raise ValidationError(f"Item {edit.item.code} is not in this case's framework.")
        if edit.value and edit.value not in edit.item.answers:
            raise ValidationError(f"{edit.value!r} is not an answer to {edit.item.code}.")
    stored = {
        a.item_id: a
        for a in Answer.objects.select_related("updated_by").filter(
            case=locked, item__in=[e.item for e in edits]
        )
    }
    before = locked.version - 1
    result = SaveResult(case=locked, version=before, stale=token != before)
    known = attributes_of(locked)
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
    created: list[Answer] = []
    updated: list[Answer] = []
    for edit in edits:
        if not edit.changed:
            continue
        answer = stored.get(edit.item.pk)
        current = (answer.value, answer.evidence) if answer else ("", "")
        if current == (edit.value, edit.evidence):
            continue  # already stored (e.g. a retried save that did reach the server)
        if answer_token(*current) != edit.original:
            result.conflicts.append(
                Conflict(
                    item=edit.item,
                    mine_value=edit.value,
                    mine_evidence=edit.evidence,
                    theirs_value=current[0],
                    theirs_evidence=current[1],
                    theirs_by=_who(answer) if answer else "someone else",
                    theirs_at=answer.updated_at if answer else None,
                )
            )
            continue
        if answer is None:
            answer = Answer(case=locked, item=edit.item)
            created.append(answer)
        else:
            updated.append(answer)
        answer.value = edit.value
        answer.evidence = edit.evidence
        answer.updated_by = user
        answer.updated_at = now
        answer._history_user = user
        answer.full_clean(exclude=["case", "item", "updated_by"])
        result.saved.append(edit.item)
        if edit.value not in ("", "na"):
            implied = rule_implies(edit.item.applies_to, known)
            changes |= implied
            known |= implied
    # One statement for the new answers and one for the changed ones, each with its history rows
    # in one more: the query count of a save does not grow with the items it writes.
    if created:
        bulk_create_with_history(created, Answer, default_user=user, default_date=now)
    if updated:
        bulk_update_with_history(
            updated,
            Answer,
            ["value", "evidence", "updated_by", "updated_at"],
            default_user=user,
            default_date=now,
        )
    if changes:
        _attributes_save(locked, user, changes, result)
    if result.wrote:
        result.version = locked.version
    else:
        locked.version = before
        transaction.set_rollback(True)  # nothing written: the version stays as it was
    return result
