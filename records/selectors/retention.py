"""Reads for retention: what anonymising an inspection would change (the dry run), and whether it
may be anonymised at all. The service writes exactly the rows counted here."""

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from casework.models import Answer, Case, Interview, QAComment
from inspection.choices import InspectionStatus
from inspection.models import Inspection
from readings.models import Reading, ReadingAnswer, Settlement
from records.models import Anonymisation
from sampling.models import (
    CaseListUpload,
    CohortRecord,
    ConflictOfInterest,
    MemberRole,
    SampleMember,
)

# kind of data -> how the page and the command name it, in the order they list it
LABELS = {
    "case_refs": "Case references replaced by pseudonyms",
    "practitioner_details": "Cases with practitioner details (grade, number) blanked",
    "evidence": "Answers with evidence text blanked",
    "interview_notes": "Interviews with notes blanked",
    "qa_comments": "Quality-assurance comments with text blanked",
    "second_reading_evidence": "Second-reading answers with evidence text blanked",
    "settlement_reasons": "Settlements of second readings with their reason replaced",
    "cohort_records": "Case-list (cohort) records pseudonymised, ethnicity and age band blanked",
    "caselist_uploads": "Staged case-list uploads with their rows and errors removed",
    "conflicts": "Conflicts of interest pseudonymised, notes blanked",
    "replacement_reasons": "Sample replacement reasons blanked",
    "history_rows": "History rows (case timeline) rewritten the same way",
    "admin_log_entries": "Entries in the operators' change log renamed",
}


@dataclass(frozen=True)
class Scope:
    """The rows of one inspection that hold personal data, live and in history."""

    inspection: Inspection
    case_ids: frozenset[int]  # live cases and cases deleted since (kept in history)

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(inspection=self.inspection)

    def history(self) -> dict[str, QuerySet[Any]]:
        readings = self.reading_ids()
        return {
            "case": Case.history.filter(inspection_id=self.inspection.pk),
            "answer": Answer.history.filter(case_id__in=self.case_ids),
            "interview": Interview.history.filter(case_id__in=self.case_ids),
            "qa_comment": QAComment.history.filter(case_id__in=self.case_ids),
            "reading": Reading.history.filter(case_id__in=self.case_ids),
            "reading_answer": ReadingAnswer.history.filter(reading_id__in=readings),
            "settlement": Settlement.history.filter(reading_id__in=readings),
        }

    def reading_ids(self) -> list[int]:
        """Second readings of the cases, live and cancelled since (kept in history)."""
        return list(
            Reading.history.filter(case_id__in=self.case_ids)
            .values_list("id", flat=True)
            .distinct()
        )

    def log_entries(self) -> QuerySet[LogEntry]:
        ids = [str(pk) for pk in self.case_ids]
        models: list[type[Case | Answer | Interview | QAComment]] = [
            Case,
            Answer,
            Interview,
            QAComment,
        ]
        child_ids = {
            model: [
                str(pk)
                for pk in model.history.filter(case_id__in=self.case_ids)
                .values_list("id", flat=True)
                .distinct()
            ]
            for model in models[1:]
        }
        types = ContentType.objects.get_for_models(*models)
        condition = Q(content_type=types[Case], object_id__in=ids)
        for model, pks in child_ids.items():
            condition |= Q(content_type=types[model], object_id__in=pks)
        return LogEntry.objects.filter(condition)


def retention_scope(inspection: Inspection) -> Scope:
    live = set(Case.objects.filter(inspection=inspection).values_list("pk", flat=True))
    gone = set(Case.history.filter(inspection_id=inspection.pk).values_list("id", flat=True))
    return Scope(inspection=inspection, case_ids=frozenset(live | gone))


def original_refs(scope: Scope) -> list[str]:
    """Every case reference the inspection holds anywhere, in the order pseudonyms are given:
    live cases first (by id), then deleted cases, the rest of the cohort, conflicts."""
    refs: dict[str, None] = {}
    sources = [
        scope.cases().order_by("pk").values_list("ref", flat=True),
        scope.history()["case"].order_by("history_id").values_list("ref", flat=True),
        CohortRecord.objects.filter(inspection=scope.inspection)
        .order_by("pk")
        .values_list("ref", flat=True),
        ConflictOfInterest.objects.filter(inspection=scope.inspection)
        .order_by("pk")
        .values_list("ref", flat=True),
    ]
    for source in sources:
        refs.update(dict.fromkeys(source))
    return list(refs)


def anonymisation_counts(inspection: Inspection) -> dict[str, int]:
    """How many rows of each kind anonymising would change (keys and order of `LABELS`)."""
    scope = retention_scope(inspection)
    cases = scope.cases()
    return {
        "case_refs": len(original_refs(scope)),
        "practitioner_details": cases.filter(
            ~Q(practitioner_grade="") | Q(practitioner_count__isnull=False)
        ).count(),
        "evidence": Answer.objects.filter(case__in=cases).exclude(evidence="").count(),
        "interview_notes": Interview.objects.filter(case__in=cases).exclude(notes="").count(),
        "qa_comments": QAComment.objects.filter(case__in=cases).exclude(text="").count(),
        "second_reading_evidence": ReadingAnswer.objects.filter(reading__case__in=cases)
        .exclude(evidence="")
        .count(),
        "settlement_reasons": Settlement.objects.filter(reading__case__in=cases)
        .exclude(reason="")
        .count(),
        "cohort_records": CohortRecord.objects.filter(inspection=inspection).count(),
        "caselist_uploads": CaseListUpload.objects.filter(inspection=inspection)
        .exclude(rows=[], errors=[])
        .count(),
        "conflicts": ConflictOfInterest.objects.filter(inspection=inspection).count(),
        "replacement_reasons": SampleMember.objects.filter(
            draw__inspection=inspection, role=MemberRole.REPLACED
        ).count(),
        "history_rows": sum(qs.count() for qs in scope.history().values()),
        "admin_log_entries": scope.log_entries().count(),
    }


def anonymisation_refusal(inspection: Inspection) -> str:
    """Why this inspection cannot be anonymised now ('' when it can)."""
    done = Anonymisation.objects.filter(inspection=inspection).select_related("performed_by")
    record = done.first()
    if record is not None:
        who = record.performed_by.get_username() if record.performed_by else "someone"
        return f"This inspection was anonymised on {record.performed_at:%d %B %Y} by {who}."
    if inspection.status != InspectionStatus.PUBLISHED:
        return (
            f"This inspection is not published (its status is {inspection.get_status_display()}):"
            " personal data is anonymised only after the report is published."
        )
    return ""
