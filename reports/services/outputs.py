"""Building the draft report, the data workbook and the draft regional report (run by the
`build_output` task)."""

import re
import unicodedata
from datetime import datetime
from typing import cast

from django.utils import timezone

from inspection.models import FrameworkVersion, Inspection, Region
from reports.models import Job, ResultsSnapshot
from reports.rendering import render_output, render_regional_output
from reports.services.jobs import job_finish, job_progress
from reports.services.results import snapshot_refresh


def output_build(*, job: Job) -> Job:
    """Render the job's output from a results snapshot and store the file on the job.

    Uses the snapshot chosen when the job was queued (e.g. a frozen one); otherwise the latest,
    recomputed first so the draft always agrees with the data. A rerun replaces the file. A
    workbook is stored twice: for the team, and with its Agreement sheet for those who may see
    readings (`Job.readings_file_name`; the download chooses).
    """
    if job.kind == Job.Kind.REGIONAL:
        return regional_output_build(job=job)
    inspection = cast(Inspection, job.inspection)  # every job but a regional one has one
    job_progress(job=job, progress=5, message="Reading results")
    snapshot: ResultsSnapshot | None = job.snapshot
    if snapshot is None:
        snapshot = snapshot_refresh(inspection=inspection)
    fmt = Job.Format.XLSX if job.kind == Job.Kind.WORKBOOK else job.format

    def progress(percent: int, message: str) -> None:
        job_progress(job=job, progress=percent, message=message)

    content = render_output(inspection=inspection, snapshot=snapshot, fmt=fmt, progress=progress)
    readings = None
    if job.kind == Job.Kind.WORKBOOK:
        # the team's workbook above has no readings; the leads' one adds the Agreement sheet
        progress(60, "Writing the workbook with the agreement of readings")
        readings = render_output(inspection=inspection, snapshot=snapshot, fmt=fmt, readings=True)
    stem = "data-workbook" if fmt == Job.Format.XLSX else "draft-report"
    when = timezone.localtime(snapshot.computed_at)
    filename = output_filename(inspection.pdu.name, when, stem, fmt)
    return job_finish(
        job=job, snapshot=snapshot, filename=filename, content=content, readings_content=readings
    )


def safe_name(text: str, limit: int = 40) -> str:
    """Letters, digits and hyphens only (accents dropped): 'Bristol PDU' -> 'Bristol-PDU'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain)[:limit].strip("-")


def output_filename(pdu: str, when: datetime, stem: str, fmt: str) -> str:
    """`Casebook-Bristol-PDU-2026-12-08-1430-draft-report.docx`: the PDU and the date (and time,
    so two builds of one day keep their own names) of the results it was built from."""
    name = safe_name(pdu) or "PDU"
    return f"Casebook-{name}-{when:%Y-%m-%d-%H%M}-{stem}.{fmt}"


def regional_output_build(*, job: Job) -> Job:
    """Render a draft regional report from the region's stored roll-up (as stored: a refresh is
    the lead's separate step) and each PDU's latest stored results; store it on the job."""

    def progress(percent: int, message: str) -> None:
        job_progress(job=job, progress=percent, message=message)

    # a regional job has both (regional_report_enqueue)
    region, framework = cast(Region, job.region), cast(FrameworkVersion, job.framework)
    content = render_regional_output(
        region=region, framework=framework, fmt=job.format, progress=progress
    )
    # short enough for the file field (100 characters with its folder)
    slug = re.sub(r"[^a-z0-9]+", "-", region.name.lower())[:40].strip("-") or "region"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = (
        f"region-{slug}-{framework.code}-v{framework.version}-draft-report-{stamp}.{job.format}"
    )
    return job_finish(job=job, filename=filename, content=content)
