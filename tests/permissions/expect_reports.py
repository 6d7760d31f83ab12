"""Expected GET statuses for the reports pages (reports:*), the national overview and the read
API (api:*).

Team members may look at results; only leads (and admins) change them. Writes are POST-only.
The API refuses anonymous callers with 403 (DRF session authentication) and 404s rows out of scope.
The national overview is for admins and anyone who leads an inspection (404 for others, like the
set-up pages); the draft regional report for leads of an inspection in the region (and admins):
it prints every PDU's ratings.
"""

from tests.permissions.expect_casework import statuses

TEAM = statuses(302, 404, 200, 200, 200, 200)
LEAD = statuses(302, 404, 403, 403, 200, 200)
POST_ONLY = statuses(302, 405, 405, 405, 405, 405)
API_LIST = statuses(403, 200, 200, 200, 200, 200)
API_ROW = statuses(403, 404, 200, 200, 200, 200)
# The case's first reading: its blind second reader gets 404, like an outsider.
API_CASE = statuses(403, 404, 200, 404, 200, 200)
# The bundle holds first and second readings alike: leads and admins only.
API_BUNDLE = statuses(403, 404, 404, 404, 200, 200)
MANAGERS = statuses(302, 404, 404, 404, 200, 200)

EXPECTATIONS: dict[str, dict[str, int]] = {
    "reports:dashboard": TEAM,
    "reports:key_questions": TEAM,
    "reports:breakdowns": TEAM,
    "reports:benchmarks": TEAM,
    "reports:outputs": TEAM,
    "reports:frozen": TEAM,
    "reports:job": TEAM,
    "reports:download": TEAM,
    "reports:recompute": POST_ONLY,
    "reports:job_retry": POST_ONLY,
    "reports:freeze": POST_ONLY,
    "reports:publish": LEAD,
    "reports:reopen": LEAD,
    "reports:diff": TEAM,
    "reports:figure": TEAM,
    "reports:standard": TEAM,
    "reports:moderate": LEAD,
    "reports:recommendations": TEAM,
    "reports:recommendation_remove": POST_ONLY,
    "reports:background": TEAM,
    "reports:build": POST_ONLY,
    "reports:preview": TEAM,
    "reports:region": TEAM,
    "reports:region_refresh": POST_ONLY,
    "reports:region_answers": LEAD,
    "reports:comparisons": POST_ONLY,
    "reports:region_build": POST_ONLY,
    "reports:region_job": LEAD,
    "reports:region_job_retry": POST_ONLY,
    "reports:region_download": LEAD,
    "national": MANAGERS,
    "api:api-root": API_LIST,
    "api:inspection-list": API_LIST,
    "api:inspection-detail": API_ROW,
    "api:inspection-results": API_ROW,
    "api:inspection-bundle": API_BUNDLE,
    # POST only (admins): a GET is 405 for signed-in users, 403 for anonymous and non-admins
    "api:inspection-import-bundle": statuses(403, 403, 403, 403, 403, 405),
    "api:case-list": API_LIST,
    "api:case-detail": API_CASE,
    "api:schema": API_LIST,
    "api:docs": API_LIST,
}


def kwargs(world) -> dict[str, dict]:
    from django.core.files.base import ContentFile

    from reports.models import Job
    from reports.services.entries import recommendation_add
    from reports.services.results import snapshot_refresh
    from reports.services.snapshots import snapshot_freeze

    inspection = world.inspection
    snapshot_refresh(inspection=inspection)
    frozen = snapshot_freeze(inspection=inspection, user=None, label="walk")
    job = Job.objects.create(inspection=inspection, kind="report", format="md", state="done")
    job.result_file.save("walk.md", ContentFile(b"# walk\n"))
    rec = recommendation_add(inspection=inspection, actor="pdu", text="Walk")
    pk = {"pk": inspection.pk}
    region = {"region_pk": inspection.pdu.region_id, "framework_pk": inspection.framework_id}
    regional = Job.objects.create(
        kind="regional",
        region=inspection.pdu.region,
        framework=inspection.framework,
        format="html",
        state="done",
    )
    regional.result_file.save("walk-region.html", ContentFile(b"<p>walk</p>"))
    region_job = {**region, "job_pk": regional.pk}
    return {
        "reports:dashboard": pk,
        "reports:key_questions": pk,
        "reports:breakdowns": pk,
        "reports:benchmarks": pk,
        "reports:outputs": pk,
        "reports:frozen": pk,
        "reports:job": {**pk, "job_pk": job.pk},
        "reports:download": {**pk, "job_pk": job.pk},
        "reports:recompute": pk,
        "reports:job_retry": {**pk, "job_pk": job.pk},
        "reports:freeze": pk,
        "reports:publish": pk,
        "reports:reopen": pk,
        "reports:diff": {**pk, "snapshot_pk": frozen.pk},
        "reports:figure": {**pk, "code": "2.2.3"},
        "reports:standard": {**pk, "code": "1.1"},
        "reports:moderate": {**pk, "code": "2.2"},
        "reports:recommendations": pk,
        "reports:recommendation_remove": {**pk, "rec_pk": rec.pk},
        "reports:background": pk,
        "reports:build": pk,
        "reports:preview": pk,
        "reports:region": region,
        "reports:region_refresh": region,
        "reports:region_answers": region,
        "reports:comparisons": pk,
        "reports:region_build": region,
        "reports:region_job": region_job,
        "reports:region_job_retry": region_job,
        "reports:region_download": region_job,
        "api:inspection-detail": pk,
        "api:inspection-results": pk,
        "api:inspection-bundle": pk,
        "api:case-detail": {"pk": world.case.pk},
    }


# --- POST (test_post_walk.py) ---------------------------------------------------------------
from tests.permissions import KEEP, READ, READ_ONLY, Post, Writes, outcomes  # noqa: E402

W = Writes(302)
# Team members see the inspection, so a write they may not make is 403 (the second reader too).
LEAD_WRITE = outcomes(302, 404, 403, 403, W, W)

POST_EXPECTATIONS = {
    "reports:dashboard": READ,
    "reports:key_questions": READ,
    "reports:breakdowns": READ,
    "reports:benchmarks": READ,
    "reports:outputs": READ,
    "reports:frozen": READ,
    "reports:job": READ,
    "reports:download": READ,
    "reports:recompute": LEAD_WRITE,
    "reports:job_retry": LEAD_WRITE,
    "reports:freeze": LEAD_WRITE,
    "reports:publish": LEAD_WRITE,
    # an open inspection is not published: nothing to reopen (the form says so, 400)
    "reports:reopen": outcomes(302, 404, 403, 403, 400, 400),
    "reports:diff": READ,
    "reports:figure": READ,
    "reports:standard": LEAD_WRITE,
    "reports:moderate": LEAD_WRITE,
    "reports:recommendations": LEAD_WRITE,
    "reports:recommendation_remove": LEAD_WRITE,
    "reports:background": LEAD_WRITE,
    "reports:build": LEAD_WRITE,
    "reports:preview": READ,
    "reports:region": READ,
    "reports:region_refresh": LEAD_WRITE,
    "reports:region_answers": READ,
    "reports:comparisons": LEAD_WRITE,
    "reports:region_build": LEAD_WRITE,
    "reports:region_job": READ,
    "reports:region_job_retry": LEAD_WRITE,
    "reports:region_download": READ,
    "national": READ,
    "api:api-root": READ,
    "api:inspection-list": READ,
    "api:inspection-detail": READ,
    "api:inspection-results": READ,
    "api:inspection-bundle": READ,
    "api:inspection-import-bundle": outcomes(403, 403, 403, 403, 403, Writes(201)),
    "api:case-list": READ,
    "api:case-detail": READ,
    "api:schema": READ,
    "api:docs": READ,
}
# On a published or anonymised inspection every write above is refused, except building reports
# and workbooks from the stored results (a job and a file: the published record may be wanted in
# another format; the walk's failed job is a report), the region's pages (they span
# inspections) and the API's import (it creates a new inspection). A lead reopens a published
# inspection; an anonymised one cannot be reopened.
_OUTPUTS = dict.fromkeys(
    (
        "reports:build",
        "reports:job_retry",
        "reports:region_refresh",
        "reports:region_build",
        "reports:region_job_retry",
        "api:inspection-import-bundle",
    ),
    KEEP,
)
FROZEN_POST_EXPECTATIONS = {
    "published": _OUTPUTS | {"reports:reopen": LEAD_WRITE},
    "anonymised": _OUTPUTS | {"reports:reopen": outcomes(302, 404, 403, 403, READ_ONLY, READ_ONLY)},
}


def posts(world) -> dict:
    from reports.models import Job
    from tests.conftest import SPEC_EXAMPLE

    def job_retry() -> Post:
        failed = Job.objects.create(
            inspection=world.inspection, kind="report", format="md", state="failed"
        )
        return Post(kwargs={"job_pk": failed.pk})

    def region_build() -> Post:
        from reports.services.rollups import rollup_refresh, rollup_row

        inspection = world.inspection
        rollup_refresh(
            rollup=rollup_row(framework=inspection.framework, region=inspection.pdu.region)
        )
        return Post({"format": "docx"})

    def region_job_retry() -> Post:
        failed = Job.objects.create(
            kind="regional",
            region=world.inspection.pdu.region,
            framework=world.inspection.framework,
            format="pdf",
            state="failed",
        )
        return Post(kwargs={"job_pk": failed.pk})

    def publish() -> Post:
        """Ready to publish: every case signed off, no second-reading answer left to settle and
        the results computed (each would block)."""
        from readings.models import ReadingAnswer
        from reports.services.results import snapshot_refresh

        world.inspection.cases.update(status="signed_off")
        ReadingAnswer.objects.filter(reading__case__inspection=world.inspection).delete()
        snapshot_refresh(inspection=world.inspection)
        return Post({"reason": "Walk: published with what remains"})

    return {
        "reports:comparisons": lambda: Post({"standards": ["2.2", "2.3"]}),
        "reports:region_build": region_build,
        "reports:region_job_retry": region_job_retry,
        "reports:recompute": Post,
        "reports:job_retry": job_retry,
        "reports:freeze": lambda: Post({"label": "Walk"}),
        "reports:publish": publish,
        "reports:reopen": lambda: Post({"reason": "Walk: a figure was wrong"}),
        "reports:standard": lambda: Post(
            {
                "rating": "good",
                "strengths": "Walk",
                "areas_for_improvement": "Walk",
                "evidence_notes": "Walk",
            }
        ),
        "reports:moderate": lambda: Post({"final_rating": "good", "reason": "Walk"}),
        "reports:recommendations": lambda: Post({"actor": "pdu", "text": "Walk"}),
        "reports:recommendation_remove": Post,
        "reports:background": lambda: Post({"narrative": "Walk"}),
        "reports:build": lambda: Post({"format": "md"}),
        "reports:region_refresh": Post,
        "api:inspection-import-bundle": lambda: Post(
            SPEC_EXAMPLE.read_text(), content_type="application/json"
        ),
    }
