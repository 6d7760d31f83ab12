"""Second readings: choosing cases (a share or a number, optionally stratified, with a seed),
assigning second readers, and recording and submitting any reading's answers (second, practice
or reference) with the same optimistic-concurrency rules as a case's answers.

A second reader must be able to read blind: an active inspector on the team (not a lead, not a
Casebook admin — both see every first reading), not the case's assignee and without a declared
conflict of interest on the case. Second readings never count in the results: their answers are
`ReadingAnswer` rows, which the results never read.
"""

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from casework.history import change_reason
from casework.models import Case
from casework.selectors.casework import form_build, submit_problems
from casework.services import answer_sheet
from casework.services.answer_sheet import AnswerEdit, AnswerSheet, SaveResult
from casework.services.qa import SubmitError
from inspection.attributes import CaseAttribute
from inspection.declared import attribute_value, declared_by_name
from inspection.models import Inspection
from inspection.permissions import team_inspectors
from inspection.writes import inspection_writable
from readings.models import Reading, ReadingAnswer, ReadingDraw, ReadingKind, ReadingStatus
from readings.selectors.readings import reading_framework_id
from sampling import draw as sampling
from sampling.models import ConflictOfInterest
from sampling.services.sampling import strata_names, strata_problems

MAX_SEED = 2**62  # as the sample draw


def second_reader_candidates(inspection: Inspection) -> QuerySet[User]:
    """Who may be a second reader on this inspection: active team inspectors who are not
    Casebook admins (admins see every first reading, so they cannot read blind)."""
    return team_inspectors(inspection).exclude(account__is_admin=True)


def second_reader_problem(case: Case, reader: User) -> str:
    """Why `reader` may not second-read `case` ('' when they may)."""
    name = reader.get_username()
    if not second_reader_candidates(case.inspection).filter(pk=reader.pk).exists():
        return f"{name} is not an active inspector on this inspection's team (leads and admins see every first reading)."
    if case.assigned_to_id == reader.pk:
        return f"{name} is the inspector of case {case.ref}: a second reader must be someone else."
    if ConflictOfInterest.objects.filter(
        inspection_id=case.inspection_id, user=reader, ref=case.ref
    ).exists():
        return f"{name} has declared a conflict of interest with case {case.ref}."
    return ""


def _stratum(
    case: Case, strata: Sequence[str], declared: Mapping[str, CaseAttribute]
) -> tuple[Any, ...]:
    values = []
    for name in strata:
        value = attribute_value(case, declared[name]) if name in declared else getattr(case, name)
        values.append("none" if value is None or value == "" else str(value))
    return tuple(values)


@transaction.atomic
def second_readings_select(
    *,
    inspection: Inspection,
    seed: int,
    share: int | None = None,
    size: int | None = None,
    strata: Sequence[str] = (),
    user: User | None = None,
) -> ReadingDraw:
    """Choose cases for a second reading from those without one: `share` percent of them
    (rounded up) or `size` of them, in proportion to the strata (largest remainder), shuffled
    per stratum with the seed (`sampling.draw`). Each chosen case gets a draft second reading,
    and readers are shared out at once (`second_readers_assign`).

    Invariant: the same eligible cases, seed and parameters choose the same cases.
    """
    inspection_writable(inspection)
    problems = []
    if (share is None) == (size is None):
        problems.append("Give either a share of the cases or a number of cases.")
    if share is not None and not 1 <= share <= 100:
        problems.append("The share must be a whole percentage from 1 to 100.")
    if size is not None and size < 1:
        problems.append("The number of cases must be at least 1.")
    if not 0 <= seed <= MAX_SEED:
        problems.append(f"The seed must be a whole number from 0 to {MAX_SEED}.")
    strata = list(strata)
    problems += strata_problems(strata, required=False, names=strata_names(inspection.framework))
    if problems:
        raise ValidationError(problems)
    Inspection.objects.select_for_update().get(pk=inspection.pk)
    eligible = list(
        Case.objects.filter(inspection=inspection)
        .exclude(readings__kind=ReadingKind.SECOND)
        .order_by("ref")
    )
    if not eligible:
        raise ValidationError("Every case of this inspection already has a second reading.")
    n = size if size is not None else math.ceil(cast(int, share) * len(eligible) / 100)
    if n > len(eligible):
        raise ValidationError(
            f"Only {len(eligible)} cases have no second reading yet: choose {len(eligible)} or fewer."
        )
    declared = declared_by_name(inspection.framework)
    keys = {c.pk: _stratum(c, strata, declared) for c in eligible}
    counts = Counter(keys.values())
    allocation = sampling.allocate(counts, n, strata=strata)
    drawn = sampling.draw(
        ((c.ref, keys[c.pk]) for c in eligible), allocation, seed=seed, reserves=0
    )
    chosen = {ref for result in drawn.values() for ref in result.selected}
    draw = ReadingDraw(
        inspection=inspection,
        seed=seed,
        share=share,
        size=n,
        strata=strata,
        eligible=len(eligible),
        allocation=[
            {
                "stratum": ";".join(f"{a}={v}" for a, v in zip(strata, k, strict=True)) or "all",
                "eligible": counts[k],
                "chosen": allocation[k],
            }
            for k in sorted(counts)
        ],
        created_by=user,
    )
    draw.full_clean(exclude=["created_by", "allocation", "strata"])
    draw.save()
    readings = []
    for case in eligible:
        if case.ref in chosen:
            reading = Reading(kind=ReadingKind.SECOND, case=case, draw=draw)
            reading._history_user = user
            reading.full_clean(exclude=["reader", "practice"])
            reading.save()
            readings.append(reading)
    second_readers_assign(inspection=inspection, readings=readings, user=user)
    return draw


def second_readers_assign(
    *,
    inspection: Inspection,
    readings: Sequence[Reading],
    user: User | None = None,
) -> dict[str, int]:
    """Give each unassigned draft reading a second reader, keeping counts as even as possible:
    the eligible reader (see module docstring) with the fewest second readings on this
    inspection, then by username. Readings with no eligible reader stay unassigned.
    Called inside the caller's transaction."""
    candidates = list(second_reader_candidates(inspection))
    load = {u.pk: 0 for u in candidates}
    for row in (
        Reading.objects.filter(
            kind=ReadingKind.SECOND, case__inspection=inspection, reader__in=candidates
        )
        .values("reader")
        .annotate(n=Count("pk"))
    ):
        load[row["reader"]] = row["n"]
    conflicts: dict[str, set[int]] = {}
    for ref, user_id in ConflictOfInterest.objects.filter(inspection=inspection).values_list(
        "ref", "user_id"
    ):
        conflicts.setdefault(ref, set()).add(user_id)
    assigned = unassigned = 0
    todo = [r for r in readings if r.reader_id is None and r.status == ReadingStatus.DRAFT]
    # a second reading's case is set (reading_subject_matches_kind)
    todo.sort(
        key=lambda r: (-len(conflicts.get(cast(Case, r.case).ref, ())), cast(Case, r.case).ref)
    )
    for reading in todo:
        case = cast(Case, reading.case)
        eligible = [
            u
            for u in candidates
            if u.pk != case.assigned_to_id and u.pk not in conflicts.get(case.ref, ())
        ]
        if not eligible:
            unassigned += 1
            continue
        chosen = min(eligible, key=lambda u: (load[u.pk], u.get_username()))
        load[chosen.pk] += 1
        reading.reader = chosen
        reading.version += 1
        reading._history_user = user
        reading.save(update_fields=["reader", "version"])
        assigned += 1
    return {"assigned": assigned, "unassigned": unassigned}


@transaction.atomic
def second_reader_set(*, reading: Reading, reader: User, user: User | None = None) -> Reading:
    """Give a draft second reading (with no answers yet) to another reader."""
    locked = (
        Reading.objects.select_for_update(of=("self",))
        .select_related("case__inspection")
        .get(pk=reading.pk)
    )
    if locked.kind != ReadingKind.SECOND:
        raise ValidationError("Only a second reading has a reader to change.")
    case = cast(Case, locked.case)  # a second reading's (reading_subject_matches_kind)
    inspection_writable(case.inspection)
    if locked.status != ReadingStatus.DRAFT:
        raise ValidationError("This second reading has been submitted: its reader cannot change.")
    if locked.answers.exclude(value="", evidence="").exists():
        raise ValidationError(
            "The reader has started this second reading. To give the case to someone else, "
            "cancel this reading and choose the case again."
        )
    problem = second_reader_problem(case, reader)
    if problem:
        raise ValidationError(problem)
    locked.reader = reader
    locked.version += 1
    locked._history_user = user
    locked.save(update_fields=["reader", "version"])
    return locked


@transaction.atomic
def second_reading_cancel(*, reading: Reading, user: User | None = None) -> None:
    """Withdraw a second reading that has not been submitted (its answers go with it; the
    history keeps them). The case becomes eligible for a second reading again."""
    reading_writable(reading)
    locked = Reading.objects.select_for_update().get(pk=reading.pk)
    if locked.kind != ReadingKind.SECOND or locked.status != ReadingStatus.DRAFT:
        raise ValidationError("Only a second reading that has not been submitted can be cancelled.")
    for answer in locked.answers.all():
        answer._history_user = user
        answer.delete()
    locked._history_user = user
    change_reason(locked, "Second reading cancelled")
    locked.delete()


def reading_writable(reading: Reading) -> None:
    """A second reading is its case's inspection's data (`inspection.writes`); a practice or
    reference reading belongs to no inspection."""
    if reading.case is not None:
        inspection_writable(reading.case.inspection)


READING_SHEET = AnswerSheet(
    owner=Reading, answer=ReadingAnswer, owner_field="reading", noun="reading"
)


@transaction.atomic
def reading_answers_record(
    *, reading: Reading, user: User, token: int, edits: list[AnswerEdit]
) -> SaveResult:
    """Write the changed, non-conflicting answers of a draft reading; report the conflicting ones.

    The one answer sheet's rules (`casework.services.answer_sheet`), as for a case's answers:
    nothing the client did not change is written; nothing saved since the client's starting
    values is overwritten (a conflict carries both versions back); saves serialise on the
    reading's row lock and each one that writes bumps the version token by one. Only the
    reading's reader records it.
    """
    reading_writable(reading)
    now = timezone.now()
    locked = answer_sheet.lock(READING_SHEET, reading.pk, now)
    if locked.reader_id is None or locked.reader_id != user.pk:
        raise PermissionDenied("Only the reader of this reading can record it.")
    if locked.status != ReadingStatus.DRAFT:
        raise PermissionDenied("This reading has been submitted and is read-only.")
    answer_sheet.edits_check(READING_SHEET, edits, reading_framework_id(reading))
    result = answer_sheet.start(locked, token, subject=reading.subject)
    answer_sheet.answers_write(
        READING_SHEET, owner=locked, user=user, now=now, edits=edits, result=result
    )
    return answer_sheet.close(result, locked)


def reading_answers(reading: Reading) -> dict[int, ReadingAnswer]:
    return {a.item_id: a for a in ReadingAnswer.objects.filter(reading=reading)}


@transaction.atomic
def reading_submit(*, reading: Reading, user: User) -> Reading:
    """Submit a draft reading: the completeness rules of a case (every applicable key question
    answered, evidence for every negative answer), else `SubmitError` lists each problem. A
    submitted reading is read-only."""
    reading_writable(reading)
    locked = Reading.objects.select_for_update().get(pk=reading.pk)
    if locked.reader_id != user.pk:
        raise PermissionDenied("Only the reader of this reading can submit it.")
    if locked.status != ReadingStatus.DRAFT:
        raise ValidationError("This reading has already been submitted.")
    form = form_build(reading.subject, reading_framework_id(reading), reading_answers(locked))
    problems = submit_problems(form)
    if problems:
        raise SubmitError(problems)
    locked.status = ReadingStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.version += 1
    locked._history_user = user
    locked.full_clean(exclude=["reader", "case", "practice", "draw"])
    locked.save(update_fields=["status", "submitted_at", "version"])
    return locked
