"""Expected GET statuses for the set-up pages (setup:*): admins and the inspection's lead only."""

from tests.permissions.expect_casework import statuses
from tests.support.forms import date_parts

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
    from readings.models import PracticeCase
    from sampling.services.caselist import caselist_upload_stage

    upload = caselist_upload_stage(
        inspection=world.inspection, data=b"Reference\nA1\n", filename="x.csv", user=None
    )
    pk = {"pk": world.inspection.pk}
    practice = PracticeCase.objects.create(
        framework=world.inspection.framework,
        title="Walk set-up",
        material="Notes",
        case_type="licence",
        rosh="high",
    )
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


# --- POST (test_post_walk.py) ---------------------------------------------------------------
from tests.permissions import FROZEN_STATES, KEEP, READ, Post, Writes, outcomes  # noqa: E402

W = Writes(302)
MANAGER_WRITE = outcomes(302, 404, 404, 404, W, W)
ADMIN_WRITE = outcomes(302, 404, 404, 404, 404, W)

POST_EXPECTATIONS = {
    "setup:index": READ,
    "setup:caselist_docs": READ,
    "setup:inspection_new": ADMIN_WRITE,
    "setup:bundle_import": ADMIN_WRITE,
    "setup:overview": READ,
    "setup:team": MANAGER_WRITE,
    "setup:team_remove": MANAGER_WRITE,
    "setup:caselist_upload": MANAGER_WRITE,
    "setup:caselist_preview": READ,
    "setup:caselist_errors": READ,
    "setup:caselist_commit": MANAGER_WRITE,
    "setup:sample_size": READ,
    "setup:draw": MANAGER_WRITE,
    "setup:sample": READ,
    "setup:replace": MANAGER_WRITE,
    "setup:assignment": MANAGER_WRITE,
    "setup:auto_assign": MANAGER_WRITE,
    "setup:conflicts": MANAGER_WRITE,
    "setup:progress": READ,
    "setup:anonymise": ADMIN_WRITE,
    "setup:users": READ,
    "setup:user_new": ADMIN_WRITE,
    "setup:user_active": ADMIN_WRITE,
    "setup:user_admin": ADMIN_WRITE,
    "setup:second_readings": MANAGER_WRITE,
    "setup:second_reader": MANAGER_WRITE,
    "setup:second_reading_cancel": MANAGER_WRITE,
    "setup:agreement": READ,
    "setup:practice_list": READ,
    "setup:practice_new": ADMIN_WRITE,
    "setup:practice": READ,
    "setup:practice_change": ADMIN_WRITE,
    "setup:practice_status": ADMIN_WRITE,
}
# On a published or anonymised inspection every write above is refused, except those that are
# not to that inspection's data (a new inspection, accounts, practice cases); an admin anonymises
# a published inspection, once.
_ELSEWHERE = dict.fromkeys(
    (
        "setup:inspection_new",
        "setup:bundle_import",
        "setup:user_new",
        "setup:user_active",
        "setup:user_admin",
        "setup:practice_new",
        "setup:practice_change",
        "setup:practice_status",
    ),
    KEEP,
)
FROZEN_POST_EXPECTATIONS = {
    state: _ELSEWHERE | ({"setup:anonymise": KEEP} if state == "published" else {})
    for state in FROZEN_STATES
}


def posts(world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.models import Case
    from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
    from sampling.services.sampling import sample_draw
    from tests.conftest import SPEC_EXAMPLE
    from tests.support.caselist_data import case_rows, to_csv
    from tests.support.factories import CaseFactory

    inspection = world.inspection
    csv = to_csv(case_rows(12, seed=3, prefix="W"))

    def staged():
        return caselist_upload_stage(inspection=inspection, data=csv, filename="w.csv", user=None)

    def commit() -> Post:
        return Post(kwargs={"upload_pk": staged().pk})

    def draw() -> Post:
        caselist_upload_commit(upload=staged())
        return Post({"size": 4, "seed": 1, "strata": ["case_type"], "reserves": 2})

    def replace() -> Post:
        caselist_upload_commit(upload=staged())
        sample_draw(inspection=inspection, size=4, seed=1, strata=["case_type"], reserves=3)
        sampled = Case.objects.filter(inspection=inspection, assigned_to=None).first()
        return Post({"reason": "Transferred out"}, kwargs={"case_pk": sampled.pk})

    def auto_assign() -> Post:
        CaseFactory(inspection=inspection)  # an unassigned case to share out
        return Post()

    def anonymise() -> Post:
        # in the database only: the world's inspection object stays open for the other requests
        type(inspection).objects.filter(pk=inspection.pk).update(status="published")
        return Post()

    return {
        "setup:inspection_new": lambda: Post(
            {
                "region": "new",
                "new_region": "Walk region",
                "pdu_name": "Walk PDU",
                "framework": inspection.framework_id,
                "lead": world.users["lead"].pk,
                **date_parts(
                    fieldwork_start="2023-01-09",
                    fieldwork_end="2023-01-13",
                    window_1_start="2022-06-01",
                    window_1_end="2022-06-07",
                ),
            }
        ),
        "setup:bundle_import": lambda: Post(
            {"file": SimpleUploadedFile("b.json", SPEC_EXAMPLE.read_bytes())}
        ),
        "setup:team": lambda: Post({"user": world.users["outsider"].pk, "role": "inspector"}),
        "setup:team_remove": Post,
        "setup:caselist_upload": lambda: Post({"file": SimpleUploadedFile("w.csv", csv)}),
        "setup:caselist_commit": commit,
        "setup:draw": draw,
        "setup:replace": replace,
        "setup:assignment": lambda: Post(
            {"cases": [world.case.pk], "assignee": world.users["lead"].pk}
        ),
        "setup:auto_assign": auto_assign,
        "setup:conflicts": lambda: Post(
            {"user": world.users["inspector"].pk, "ref": "W-1", "note": "Knows them"}
        ),
        "setup:anonymise": anonymise,
        "setup:user_new": lambda: Post(
            {
                "username": "walk-new",
                "first_name": "Walk",
                "last_name": "New",
                "password": "a long walk passphrase 7",
            }
        ),
        "setup:user_active": lambda: Post({"active": "0"}),
        "setup:user_admin": lambda: Post({"admin": "1"}),
    } | _reading_posts(world)


PRACTICE_DETAILS = {
    "title": "Walk practice",
    "material": "Walk notes",
    "case_type": "community",
    "rosh": "low",
    "gender": "female",
}


def _reading_posts(world) -> dict:
    """Second readings (world.reading: a draft second reading of world.case, no answers yet) and
    practice cases (the practice case in kwargs() is being set up)."""
    from readings.models import PracticeCase, Reading
    from tests.support.factories import CaseFactory, MembershipFactory, UserFactory

    inspection = world.inspection

    def second_readings() -> Post:
        CaseFactory(inspection=inspection, ref="WALK-CHOOSE")  # no second reading yet
        return Post({"how": "number", "size": 1, "seed": 1})

    def second_reader() -> Post:
        other = MembershipFactory(inspection=inspection, role="inspector").user
        return Post({"reader": other.pk})

    def practice_status() -> Post:
        """A practice case being set up whose reference reading is submitted: it can open."""
        practice = PracticeCase.objects.create(
            framework=inspection.framework, **PRACTICE_DETAILS, created_by=UserFactory()
        )
        Reading.objects.create(
            kind="reference", practice=practice, reader=practice.created_by, status="submitted"
        )
        return Post({"status": "open"}, kwargs={"pk": practice.pk})

    return {
        "setup:second_readings": second_readings,
        "setup:second_reader": second_reader,
        "setup:second_reading_cancel": Post,
        "setup:practice_new": lambda: Post(
            PRACTICE_DETAILS | {"framework": inspection.framework_id}
        ),
        "setup:practice_change": lambda: Post(PRACTICE_DETAILS | {"title": "Walk changed"}),
        "setup:practice_status": practice_status,
    }
