"""One answer sheet: recording answers and evidence with optimistic concurrency, for a case's
answers (`casework.services.answers`) and a reading's (`readings.services.readings`) alike.

The client sends, per item it saves, what it wants stored and a short token of what it started
from (`answer_token` of the value and evidence it last loaded or saved — never the text itself
again), plus the sheet's version token. Under a row lock on the sheet's owner (the case or the
reading):

* an item the client did not change (its content still has the token it started from) is never
  written (so a stale page cannot overwrite);
* a changed item whose stored content still has the token the client started from is written;
* a changed item whose stored content moved since (someone else saved) and differs from the
  client's is a conflict: nothing of it is written, and both versions go back to the client
  (the stored one read from the database).

A save that writes anything increments the owner's `version`; the new token goes back to the
client. The increment is also the lock: the save starts with `UPDATE ... SET version = version +
1 ... RETURNING` on the owner's row (one statement instead of a locking read and a later update)
and rolls its transaction back when it wrote nothing, so the version moves only with a write.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from casework.models import Answer, Case, answer_token
from inspection.labels import answer_label
from inspection.models import Item


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
    case: Any  # the case, or what a reading reads (a case or a practice case)
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


@dataclass(frozen=True)
class AnswerSheet:
    """Where one kind of sheet keeps its answers: the owner row (with a `version` token) that is
    the lock, the answer model, the answer's foreign key to the owner, and the owner fields a
    save stamps with its time."""

    owner: type[models.Model]
    answer: type[models.Model]
    owner_field: str
    noun: str  # "case" or "reading", in messages
    stamped: tuple[str, ...] = ()


CASE_SHEET = AnswerSheet(
    owner=Case, answer=Answer, owner_field="case", noun="case", stamped=("updated_at",)
)


def _column(model: type[models.Model], name: str) -> str:
    field = cast("models.Field[Any, Any]", model._meta.get_field(name))
    return connection.ops.quote_name(field.column or name)


def lock(sheet: AnswerSheet, pk: int, now: datetime) -> Any:
    """Take the owner's row lock by incrementing its version, and return the row as it now is
    (version already incremented). `close` rolls back if the save wrote nothing else."""
    meta = sheet.owner._meta
    quote = connection.ops.quote_name
    version = _column(sheet.owner, "version")
    sets = [f"{version} = {version} + 1"]
    sets += [f"{_column(sheet.owner, name)} = %s" for name in sheet.stamped]
    # S608: the names are quoted from the model, the values are parameters.
    rows = sheet.owner.objects.raw(  # type: ignore[attr-defined]  # every model has `objects`
        f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} "  # noqa: S608
        f"WHERE {_column(sheet.owner, meta.pk.name)} = %s RETURNING *",
        [now for _ in sheet.stamped] + [pk],
    )
    for row in rows:
        return row
    raise sheet.owner.DoesNotExist(f"{sheet.owner.__name__} {pk} no longer exists.")  # type: ignore[attr-defined]


def start(locked: Any, token: int, *, subject: Any) -> SaveResult:
    """The result of a save that has just taken `locked`'s lock (its version already bumped)."""
    before = int(locked.version) - 1
    return SaveResult(case=subject, version=before, stale=token != before)


def edits_check(sheet: AnswerSheet, edits: Iterable[AnswerEdit], framework_id: int) -> None:
    for edit in edits:
        if edit.item.framework_id != framework_id:
            raise ValidationError(f"Item {edit.item.code} is not in this {sheet.noun}'s framework.")
        if edit.value and edit.value not in edit.item.answers:
            raise ValidationError(f"{edit.value!r} is not an answer to {edit.item.code}.")


def _who(answer: Any) -> str:
    user = answer.updated_by if answer is not None else None
    if user is None:
        return "someone else"
    return str(user.get_full_name() or user.get_username())


def answers_write(
    sheet: AnswerSheet,
    *,
    owner: models.Model,
    user: User,
    now: datetime,
    edits: Iterable[AnswerEdit],
    result: SaveResult,
    on_written: Callable[[AnswerEdit], None] | None = None,
) -> None:
    """Write the changed, non-conflicting answers of `edits` to the locked `owner`, adding them
    to `result.saved` (and calling `on_written` for each); add the conflicting ones to
    `result.conflicts`."""
    edits = list(edits)
    stored = {
        a.item_id: a
        for a in sheet.answer.objects.select_related("updated_by").filter(  # type: ignore[attr-defined]
            **{sheet.owner_field: owner, "item__in": [e.item for e in edits]}
        )
    }
    created: list[Any] = []
    updated: list[Any] = []
    for edit in edits:
        if not edit.changed:
            continue
        answer: Any = stored.get(edit.item.pk)
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
                    theirs_by=_who(answer),
                    theirs_at=answer.updated_at if answer else None,
                )
            )
            continue
        if answer is None:
            answer = sheet.answer(**{sheet.owner_field: owner, "item": edit.item})
            created.append(answer)
        else:
            updated.append(answer)
        answer.value = edit.value
        answer.evidence = edit.evidence
        answer.updated_by = user
        answer.updated_at = now
        answer._history_user = user
        answer.full_clean(exclude=[sheet.owner_field, "item", "updated_by"])
        result.saved.append(edit.item)
        if on_written is not None:
            on_written(edit)
    # One statement for the new answers and one for the changed ones, each with its history rows
    # in one more: the query count of a save does not grow with the items it writes.
    if created:
        bulk_create_with_history(created, sheet.answer, default_user=user, default_date=now)
    if updated:
        bulk_update_with_history(
            updated,
            sheet.answer,
            ["value", "evidence", "updated_by", "updated_at"],
            default_user=user,
            default_date=now,
        )


def close(result: SaveResult, locked: Any) -> SaveResult:
    """Finish a save: the new version token when it wrote, else roll back the version bump."""
    if result.wrote:
        result.version = locked.version
    else:
        locked.version = result.version
        transaction.set_rollback(True)  # nothing written: the version stays as it was
    return result
