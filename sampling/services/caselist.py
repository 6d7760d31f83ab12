"""Staging and committing a case list. Parsing and checking live in `sampling.caselist` (no ORM).

The upload page and `import_caselist` share these services. A commit writes the whole cohort in
one transaction or nothing.
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from inspection.attributes import CASELIST_FIELDS
from inspection.declared import declared_attributes
from inspection.models import Inspection
from inspection.writes import inspection_writable
from sampling.caselist import (
    CaseListUnreadable,
    Checked,
    caselist_check,
    caselist_counts,
    caselist_read,
    column_heading,
)
from sampling.models import CaseListUpload, CohortRecord, SampleDraw, UploadStatus

RECORD_FIELDS = (*CASELIST_FIELDS, "source_row")


def caselist_validate(*, inspection: Inspection, data: bytes, filename: str = "") -> Checked:
    """Read and check a file against the inspection's cohort windows; writes nothing."""
    windows = [(w.start, w.end) for w in inspection.cohort_windows.all()]
    try:
        rows = caselist_read(data, filename)
    except CaseListUnreadable as exc:
        checked = Checked()
        checked.error(1, "", str(exc))
        return checked
    return caselist_check(rows, windows, declared_attributes(inspection.framework))


@transaction.atomic
def caselist_upload_stage(
    *, inspection: Inspection, data: bytes, filename: str, user: User | None
) -> CaseListUpload:
    """Check a file and keep the result for review; earlier uncommitted uploads are superseded."""
    inspection_writable(inspection)
    checked = caselist_validate(inspection=inspection, data=data, filename=filename)
    declared = declared_attributes(inspection.framework)
    inspection.caselist_uploads.filter(
        status__in=[UploadStatus.STAGED, UploadStatus.INVALID]
    ).update(status=UploadStatus.SUPERSEDED, rows=[])
    upload = CaseListUpload(
        inspection=inspection,
        filename=filename[:255],
        uploaded_by=user,
        status=UploadStatus.INVALID if checked.errors else UploadStatus.STAGED,
        row_count=checked.row_count,
        valid_count=checked.valid_count,
        rows=[] if checked.errors else checked.rows,
        # each problem keeps the column's name in the file, so the page uses the user's words
        errors=[
            {**e, "header": column_heading(e["column"], checked.headers, declared)}
            if e["column"]
            else e
            for e in checked.errors
        ],
        counts=caselist_counts(checked.rows, declared),
    )
    upload.full_clean(exclude=["rows", "errors", "counts", "uploaded_by"])
    upload.save()
    return upload


@transaction.atomic
def caselist_upload_commit(*, upload: CaseListUpload) -> int:
    """Replace the inspection's cohort with the upload's rows. Refused when the upload has errors,
    is not the latest, or a sample has already been drawn. Returns the number of records."""
    upload = CaseListUpload.objects.select_for_update().get(pk=upload.pk)
    inspection_writable(upload.inspection)
    if upload.status != UploadStatus.STAGED:
        raise ValidationError(
            f"This upload cannot be committed: it is {upload.get_status_display().lower()}."
        )
    if SampleDraw.objects.filter(inspection_id=upload.inspection_id).exists():
        raise ValidationError(
            "A sample has been drawn from the current cohort: it cannot be replaced."
        )
    CohortRecord.objects.filter(inspection_id=upload.inspection_id).delete()
    records = [_record(upload.inspection_id, row) for row in upload.rows]
    CohortRecord.objects.bulk_create(records, batch_size=2000)
    upload.inspection.caselist_uploads.filter(status=UploadStatus.COMMITTED).update(
        status=UploadStatus.SUPERSEDED
    )
    upload.status = UploadStatus.COMMITTED
    upload.rows = []  # the cohort table holds them now
    upload.save(update_fields=["status", "rows"])
    return len(records)


def _record(inspection_id: int, row: dict[str, Any]) -> CohortRecord:
    # declared attributes outside the PDU columns come as the JSON `attributes` they are stored as
    return CohortRecord(
        inspection_id=inspection_id,
        attributes=row.get("attributes", {}),
        **{f: row[f] for f in RECORD_FIELDS},
    )
