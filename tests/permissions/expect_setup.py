"""Expected GET statuses for the set-up pages (setup:*): admins and the inspection's lead only."""

from tests.permissions.expect_casework import statuses

MANAGER = statuses(302, 404, 404, 404, 200, 200)
ADMIN_ONLY = statuses(302, 404, 404, 404, 404, 200)
POST_ONLY = statuses(302, 405, 405, 405, 405, 405)

EXPECTATIONS: dict[str, dict[str, int]] = {
    "setup:index": MANAGER,
    "setup:caselist_docs": MANAGER,
    "setup:inspection_new": ADMIN_ONLY,
    "setup:bundle_import": ADMIN_ONLY,
    "setup:overview": MANAGER,
    "setup:team": MANAGER,
    "setup:team_remove": POST_ONLY,
    "setup:caselist_upload": MANAGER,
    "setup:caselist_preview": MANAGER,
    "setup:caselist_errors": MANAGER,
    "setup:caselist_commit": POST_ONLY,
    "setup:sample_size": MANAGER,
    "setup:draw": MANAGER,
    "setup:sample": MANAGER,
    "setup:replace": MANAGER,
    "setup:assignment": MANAGER,
    "setup:auto_assign": POST_ONLY,
    "setup:conflicts": MANAGER,
    "setup:progress": MANAGER,
    "setup:anonymise": ADMIN_ONLY,
    "setup:users": ADMIN_ONLY,
    "setup:user_new": ADMIN_ONLY,
    "setup:user_active": POST_ONLY,
    "setup:user_admin": POST_ONLY,
    "setup:second_readings": MANAGER,
    "setup:second_reader": MANAGER,
    "setup:second_reading_cancel": MANAGER,
    "setup:agreement": MANAGER,
    "setup:practice_list": ADMIN_ONLY,
    "setup:practice_new": ADMIN_ONLY,
    "setup:practice": ADMIN_ONLY,
    "setup:practice_change": ADMIN_ONLY,
    "setup:practice_status": POST_ONLY,
}


def kwargs(world) -> dict[str, dict]:
    from cases.models import PracticeCase
    from cases.services.caselist import caselist_upload_stage

    upload = caselist_upload_stage(
        inspection=world.inspection, data=b"Reference\nA1\n", filename="x.csv", user=None
    )
    pk = {"pk": world.inspection.pk}
    practice = PracticeCase.objects.create(
        framework=world.inspection.framework, title="Walk set-up", material="Notes",
        case_type="licence", rosh="high",
    )  # fmt: skip
    upload_kw = {**pk, "upload_pk": upload.pk}
    member = world.inspection.team.first()
    user = {"user_pk": world.users["inspector"].pk}
    return {
        "setup:overview": pk,
        "setup:team": pk,
        "setup:team_remove": {**pk, "member_pk": member.pk},
        "setup:caselist_upload": pk,
        "setup:caselist_preview": upload_kw,
        "setup:caselist_errors": upload_kw,
        "setup:caselist_commit": upload_kw,
        "setup:sample_size": pk,
        "setup:draw": pk,
        "setup:sample": pk,
        "setup:replace": {**pk, "case_pk": world.case.pk},
        "setup:assignment": pk,
        "setup:auto_assign": pk,
        "setup:conflicts": pk,
        "setup:progress": pk,
        "setup:anonymise": pk,
        "setup:user_active": user,
        "setup:user_admin": user,
        "setup:second_readings": pk,
        "setup:second_reader": {**pk, "reading_pk": world.reading.pk},
        "setup:second_reading_cancel": {**pk, "reading_pk": world.reading.pk},
        "setup:agreement": pk,
        "setup:practice": {"pk": practice.pk},
        "setup:practice_change": {"pk": practice.pk},
        "setup:practice_status": {"pk": practice.pk},
    }
