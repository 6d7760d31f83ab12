"""Calibration exercises: an admin sets up a practice case with a reference reading and opens
it; every inspector judges it; each sees where they differed from the reference after
submitting. A practice case belongs to no inspection, so nothing read on it is ever counted.

being set up --open (reference submitted)--> open --close--> closed --open--> open
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from readings.models import PracticeCase, PracticeStatus, Reading, ReadingKind, ReadingStatus

MATERIAL_MAX = 50_000  # characters of case material: a long case summary (docs/readings.md)
PRACTICE_FIELDS = (
    "title",
    "material",
    "case_type",
    "rosh",
    "gender",
    "ethnicity",
    "age_band",
    "pre_sentence_info",
)


def _check(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PRACTICE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown practice case fields: {', '.join(sorted(unknown))}.")
    if len(fields.get("material") or "") > MATERIAL_MAX:
        raise ValidationError(f"The case material is longer than {MATERIAL_MAX} characters.")


@transaction.atomic
def practice_case_create(*, framework: Any, user: User, **fields: Any) -> PracticeCase:
    """A practice case being set up, with an empty reference reading for `user` to record."""
    _check(fields)
    practice = PracticeCase(framework=framework, created_by=user, **fields)
    practice._history_user = user
    practice.full_clean(exclude=["created_by"])
    practice.save()
    reference = Reading(kind=ReadingKind.REFERENCE, practice=practice, reader=user)
    reference._history_user = user
    reference.full_clean(exclude=["reader", "case", "draw"])
    reference.save()
    return practice


@transaction.atomic
def practice_case_update(*, practice: PracticeCase, user: User, **fields: Any) -> PracticeCase:
    """Change the details of a practice case while it is being set up (never its framework:
    the reference reading answers that framework's items)."""
    locked = PracticeCase.objects.select_for_update().get(pk=practice.pk)
    if locked.status != PracticeStatus.SETUP:
        raise ValidationError("Inspectors have started this practice case: it cannot change.")
    _check(fields)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = user
    locked.full_clean(exclude=["created_by"])
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def practice_case_status_set(*, practice: PracticeCase, status: str, user: User) -> PracticeCase:
    """Open a practice case to every inspector (its reference reading must be submitted), or
    close it (readings already started stay readable; no new ones)."""
    locked = PracticeCase.objects.select_for_update().get(pk=practice.pk)
    if status == PracticeStatus.OPEN:
        reference = Reading.objects.filter(practice=locked, kind=ReadingKind.REFERENCE).first()
        if reference is None or reference.status != ReadingStatus.SUBMITTED:
            raise ValidationError("Submit the reference reading before opening the practice case.")
    elif status != PracticeStatus.CLOSED:
        raise ValidationError("A practice case can be opened or closed.")
    if locked.status == status:
        return locked
    locked.status = status
    locked._history_user = user
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def practice_reading_start(*, practice: PracticeCase, user: User) -> Reading:
    """The user's reading of an open practice case (their existing one if they started it)."""
    existing = Reading.objects.filter(
        practice=practice, kind=ReadingKind.PRACTICE, reader=user
    ).first()
    if existing is not None:
        return existing
    practice = PracticeCase.objects.get(pk=practice.pk)  # its status as it is now
    if practice.status != PracticeStatus.OPEN:
        raise ValidationError("This practice case is not open.")
    if Reading.objects.filter(practice=practice, kind=ReadingKind.REFERENCE, reader=user).exists():
        raise ValidationError("You wrote the reference reading of this practice case.")
    reading = Reading(kind=ReadingKind.PRACTICE, practice=practice, reader=user)
    reading._history_user = user
    try:
        with transaction.atomic():
            reading.save()
    except IntegrityError:  # started twice at once (two tabs): the first one wins
        return Reading.objects.get(practice=practice, kind=ReadingKind.PRACTICE, reader=user)
    return reading
