"""Expected GET statuses for the reports pages (reports:*) and the read API (api:*).

Team members may look at results; only leads (and admins) change them. Writes are POST-only.
The API refuses anonymous callers with 403 (DRF session authentication) and 404s rows out of scope.
"""

TEAM = {"anonymous": 302, "outsider": 404, "inspector": 200, "lead": 200, "admin": 200}
LEAD = {"anonymous": 302, "outsider": 404, "inspector": 403, "lead": 200, "admin": 200}
POST_ONLY = {"anonymous": 302, "outsider": 405, "inspector": 405, "lead": 405, "admin": 405}
API_LIST = {"anonymous": 403, "outsider": 200, "inspector": 200, "lead": 200, "admin": 200}
API_ROW = {"anonymous": 403, "outsider": 404, "inspector": 200, "lead": 200, "admin": 200}

EXPECTATIONS: dict[str, dict[str, int]] = {
    "reports:dashboard": TEAM,
    "reports:job": TEAM,
    "reports:download": TEAM,
    "reports:recompute": POST_ONLY,
    "reports:freeze": POST_ONLY,
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
    "api:api-root": API_LIST,
    "api:inspection-list": API_LIST,
    "api:inspection-detail": API_ROW,
    "api:inspection-results": API_ROW,
    "api:inspection-bundle": API_ROW,
    # POST only (admins): a GET is 405 for signed-in users, 403 for anonymous and non-admins
    "api:inspection-import-bundle": {
        "anonymous": 403,
        "outsider": 403,
        "inspector": 403,
        "lead": 403,
        "admin": 405,
    },
    "api:case-list": API_LIST,
    "api:case-detail": API_ROW,
    "api:schema": {"anonymous": 403, "outsider": 200, "inspector": 200, "lead": 200, "admin": 200},
    "api:docs": {"anonymous": 403, "outsider": 200, "inspector": 200, "lead": 200, "admin": 200},
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
    return {
        "reports:dashboard": pk,
        "reports:job": {**pk, "job_pk": job.pk},
        "reports:download": {**pk, "job_pk": job.pk},
        "reports:recompute": pk,
        "reports:freeze": pk,
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
        "api:inspection-detail": pk,
        "api:inspection-results": pk,
        "api:inspection-bundle": pk,
        "api:case-detail": {"pk": world.case.pk},
    }
