"""Retention: anonymising a published inspection's personal data, once, with an audit record.

What changes (live rows and every django-simple-history row of them):
  case references      -> pseudonyms CASE-0001, CASE-0002, … (one mapping for cases, cohort
                          records, conflicts and history, so the sample's links still hold)
  evidence, interview notes, QA comment text, conflict notes, second-reading evidence -> blank
  settlement reasons of second readings -> "Anonymised"
  practitioner grade and number on cases; ethnicity, age band and grade on cohort records -> blank
  staged case-list uploads -> their rows and error lists removed
  sample replacement reasons -> "Anonymised"; change reasons in history (reopen reasons) -> none
What stays: the case attributes the results are computed from (case type, RoSH, gender,
ethnicity, age band, dates), answers, statuses, who did what and when, and every results
snapshot — `cases` does not touch the reports tables, so frozen published results are unchanged.
Anonymising is final: `Inspection.anonymised_at` is set in the same transaction, and from then on
every write to the inspection is refused (`inspection.writes`), reopening and anonymising again
included.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Cast, Concat

from casework.models import Answer, Interview, QAComment
from inspection.models import Inspection
from inspection.writes import ANONYMISED_MESSAGE, InspectionReadOnly
from readings.models import ReadingAnswer, Settlement
from records.models import Anonymisation
from records.selectors.retention import (
    anonymisation_counts,
    anonymisation_refusal,
    original_refs,
    retention_scope,
)
from sampling.models import (
    CaseListUpload,
    CohortRecord,
    ConflictOfInterest,
    MemberRole,
    SampleMember,
)

REPLACED_REASON = "Anonymised"
BATCH = 500


def pseudonym(n: int) -> str:
    return f"CASE-{n:04d}"


def _rename(queryset: models.QuerySet[Any], mapping: dict[str, str], *, unique: bool) -> None:
    """Give every row of `queryset` the pseudonym of its ref, matching rows by primary key.

    Where refs are unique per inspection, every ref first becomes a temporary one built from the
    row's key, so a pseudonym can never meet an original ref that happens to look like one."""
    model = queryset.model
    pk = model._meta.pk.attname
    rows = list(queryset.values_list(pk, "ref"))
    if unique:
        queryset.update(ref=Concat(Value("~anonymising-"), Cast(pk, models.CharField())))
    objs = [model(**{pk: key, "ref": mapping[ref]}) for key, ref in rows]
    model.objects.bulk_update(objs, ["ref"], batch_size=BATCH)


def _blank(querysets: Iterable[models.QuerySet[Any]], **values: Any) -> None:
    for qs in querysets:
        qs.update(**values)


@transaction.atomic
def inspection_anonymise(*, inspection: Inspection, user: User) -> Anonymisation:
    """Anonymise a published inspection's personal data (see the module docstring) and record
    who did it, when and the counts of `anonymisation_counts` (the dry run shows the same).

    Refuses, changing nothing, an inspection that is not published or was already anonymised.
    The inspection row is locked, so two runs cannot interleave.
    """
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    refusal = anonymisation_refusal(locked)
    if locked.anonymised_at is not None:  # final: saying when and by whom
        raise InspectionReadOnly(f"{ANONYMISED_MESSAGE} {refusal}".strip())
    if refusal:
        raise ValidationError(refusal)
    counts = anonymisation_counts(locked)
    scope = retention_scope(locked)
    mapping = {ref: pseudonym(n) for n, ref in enumerate(original_refs(scope), start=1)}
    history = scope.history()
    cases = scope.cases()
    cohort = CohortRecord.objects.filter(inspection=locked)
    conflicts = ConflictOfInterest.objects.filter(inspection=locked)

    _rename(cases, mapping, unique=True)
    _rename(cohort, mapping, unique=True)
    _rename(conflicts, mapping, unique=True)
    _rename(history["case"], mapping, unique=False)
    # a stale form open on a case now conflicts instead of writing old text back unseen
    cases.update(version=F("version") + 1)
    _blank([cases, history["case"]], practitioner_grade="", practitioner_count=None)
    _blank([Answer.objects.filter(case__in=cases), history["answer"]], evidence="")
    _blank([Interview.objects.filter(case__in=cases), history["interview"]], notes="")
    _blank([QAComment.objects.filter(case__in=cases), history["qa_comment"]], text="")
    _blank(
        [ReadingAnswer.objects.filter(reading__case__in=cases), history["reading_answer"]],
        evidence="",
    )
    # a new answer's settlement must keep a reason: the reason becomes "Anonymised"
    _blank(
        [
            Settlement.objects.filter(reading__case__in=cases).exclude(reason=""),
            history["settlement"].exclude(reason=""),
        ],
        reason=REPLACED_REASON,
    )
    _blank(history.values(), history_change_reason=None)
    cohort.update(ethnicity="", age_band="", practitioner_grade="")
    CaseListUpload.objects.filter(inspection=locked).update(rows=[], errors=[])
    conflicts.update(note="")
    SampleMember.objects.filter(draw__inspection=locked, role=MemberRole.REPLACED).update(
        replaced_reason=REPLACED_REASON
    )
    scope.log_entries().update(object_repr="(anonymised)")

    record = Anonymisation(inspection=locked, performed_by=user, counts=counts)
    record.full_clean()
    record.save()
    # from now on every write to the inspection is refused (`inspection.writes`)
    locked.anonymised_at = record.performed_at
    locked.save(update_fields=["anonymised_at"])
    inspection.anonymised_at = locked.anonymised_at
    return record
