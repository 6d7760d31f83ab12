"""Models of the `cases` app, by sub-topic: `casework` (cases, answers, interviews, QA comments),
`setup` (the staged case list, the cohort, sample draws, conflicts of interest), `readings`
(second readings, their settlement, calibration exercises) and `retention` (the record of an
inspection's anonymisation)."""

from cases.models.casework import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    EVIDENCE_MAX_CHARS,
    INTERVIEW_STATUSES,
    Answer,
    Case,
    CaseStatus,
    Interview,
    InterviewOutcome,
    QAComment,
    answer_token,
    evidence_too_long,
)
from cases.models.readings import (
    PracticeCase,
    PracticeStatus,
    Reading,
    ReadingAnswer,
    ReadingDraw,
    ReadingKind,
    ReadingStatus,
    Settlement,
    SettlementOutcome,
)
from cases.models.retention import Anonymisation
from cases.models.setup import (
    CaseListUpload,
    CohortRecord,
    ConflictOfInterest,
    MemberRole,
    SampleDraw,
    SampleMember,
    UploadStatus,
)
from inspection.choices import CaseType, Gender, PractitionerGrade, Rosh

__all__ = [
    "COUNTED_STATUSES",
    "EDITABLE_STATUSES",
    "EVIDENCE_MAX_CHARS",
    "INTERVIEW_STATUSES",
    "Anonymisation",
    "Answer",
    "Case",
    "CaseListUpload",
    "CaseStatus",
    "CaseType",
    "CohortRecord",
    "ConflictOfInterest",
    "Gender",
    "Interview",
    "InterviewOutcome",
    "MemberRole",
    "PracticeCase",
    "PracticeStatus",
    "PractitionerGrade",
    "QAComment",
    "Reading",
    "ReadingAnswer",
    "ReadingDraw",
    "ReadingKind",
    "ReadingStatus",
    "Rosh",
    "SampleDraw",
    "SampleMember",
    "Settlement",
    "SettlementOutcome",
    "UploadStatus",
    "answer_token",
    "evidence_too_long",
]
