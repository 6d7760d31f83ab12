"""Expected GET statuses for the casework URLs (cases:*) and the project's own pages."""

from tests.permissions import ROLES


def statuses(anonymous, outsider, inspector, second_reader, lead, admin) -> dict[str, int]:
    return dict(
        zip(ROLES, (anonymous, outsider, inspector, second_reader, lead, admin), strict=True)
    )


ANY_SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
TEAM_PAGE = statuses(302, 404, 200, 200, 200, 200)
# The case's first reading: its blind second reader gets 404, like an outsider.
CASE_PAGE = statuses(302, 404, 200, 404, 200, 200)
LEAD_PAGE = statuses(302, 404, 403, 404, 200, 200)
POST_ONLY = statuses(302, 405, 405, 405, 405, 405)
# A form's POST address whose GET leads back to the case page (in the case's scope).
CASE_REDIRECT = statuses(302, 404, 302, 404, 302, 302)
# The second reading: its reader and leads; the first reader gets 404.
READING_PAGE = statuses(302, 404, 404, 200, 200, 200)
# Comparing and settling: leads only; the second reader sees the reading, not the comparison.
SETTLE_PAGE = statuses(302, 404, 404, 403, 200, 200)
# A practice reading (of users["inspector"]): its reader and admins.
PRACTICE_READING = statuses(302, 404, 200, 404, 404, 200)

EXPECTATIONS: dict[str, dict[str, int]] = {
    # project pages (config/urls.py, inspection/urls.py)
    "home": ANY_SIGNED_IN,
    "login": statuses(200, 302, 302, 302, 302, 302),
    "logout": statuses(405, 405, 405, 405, 405, 405),
    "health": statuses(200, 200, 200, 200, 200, 200),
    "accounts:password_change": ANY_SIGNED_IN,
    "inspection": TEAM_PAGE,
    # casework
    "cases:detail": CASE_PAGE,
    "cases:standard": CASE_PAGE,
    "cases:submit": CASE_REDIRECT,
    "cases:interview_add": CASE_PAGE,
    "cases:interview_change": CASE_PAGE,
    "cases:qa": LEAD_PAGE,
    "cases:sign_off": POST_ONLY,
    "cases:reopen": LEAD_PAGE,
    "cases:history": CASE_PAGE,
    # second readings and calibration exercises
    "cases:reading": READING_PAGE,
    "cases:reading_standard": READING_PAGE,
    "cases:reading_submit": POST_ONLY,
    "cases:reading_compare": SETTLE_PAGE,
    "cases:reading_settle": SETTLE_PAGE,
    "cases:reading_settle_remaining": POST_ONLY,
    "cases:reading_feedback": PRACTICE_READING,
    "cases:practice_list": ANY_SIGNED_IN,
    "cases:practice_start": POST_ONLY,
}


def kwargs(world) -> dict[str, dict]:
    from casework.models import Interview

    case = {"pk": world.case.pk}
    interview = Interview.objects.create(case=world.case, grade="trainee")
    return {
        "inspection": {"pk": world.inspection.pk},
        "cases:detail": case,
        "cases:standard": {**case, "code": "2.2"},
        "cases:submit": case,
        "cases:interview_add": case,
        "cases:interview_change": {**case, "interview_pk": interview.pk},
        "cases:qa": case,
        "cases:sign_off": case,
        "cases:reopen": case,
        "cases:history": case,
        "cases:reading": {"pk": world.reading.pk},
        "cases:reading_standard": {"pk": world.reading.pk, "code": "2.2"},
        "cases:reading_submit": {"pk": world.reading.pk},
        "cases:reading_compare": {"pk": world.reading.pk},
        "cases:reading_settle": {"pk": disagreement(world).pk, "code": "2.2.1"},
        "cases:reading_settle_remaining": {"pk": disagreement(world).pk},
        "cases:reading_feedback": {"pk": practice_reading(world).pk},
        "cases:practice_start": {"pk": practice_reading(world).practice_id},
    }


def disagreement(world):
    """A submitted case of users["inspector"] whose submitted second reading (by
    users["second_reader"]) disagrees on 2.2.1 (memoised per world)."""
    if not hasattr(world, "_disagreement"):
        world._disagreement = _disagreement(world)
    return world._disagreement


def _disagreement(world):
    from casework.models import Answer
    from inspection.models import Item
    from readings.models import Reading, ReadingAnswer
    from tests.support.factories import CaseFactory

    case = CaseFactory(
        inspection=world.inspection,
        assigned_to=world.users["inspector"],
        status="submitted",
        ref="WALK-SETTLE",  # not the factory's sequence: a world may hold imported C-nnnn refs
    )
    item = Item.objects.get(framework=world.inspection.framework, code="2.2.1")
    Answer.objects.create(case=case, item=item, value="yes")
    reading = Reading.objects.create(
        kind="second", case=case, reader=world.users["second_reader"], status="submitted"
    )
    ReadingAnswer.objects.create(reading=reading, item=item, value="no", evidence="Not enough.")
    return reading


def practice_reading(world):
    """users["inspector"]'s submitted reading of an open practice case (memoised per world)."""
    from readings.models import PracticeCase, Reading

    if not hasattr(world, "_practice_reading"):
        practice = PracticeCase.objects.create(
            framework=world.inspection.framework,
            title="Walk practice",
            material="Notes",
            case_type="community",
            rosh="medium",
            status="open",
        )
        Reading.objects.create(
            kind="reference", practice=practice, reader=world.users["admin"], status="submitted"
        )
        world._practice_reading = Reading.objects.create(
            kind="practice", practice=practice, reader=world.users["inspector"], status="submitted"
        )
    return world._practice_reading


# --- POST (test_post_walk.py) ---------------------------------------------------------------
from tests.permissions import FROZEN_STATES, KEEP, READ, Post, Writes, outcomes  # noqa: E402

W = Writes(302)
# The case's first reading: its blind second reader gets 404 on every write, like an outsider.
CASE_WRITE = outcomes(302, 404, W, 404, W, W)
LEAD_WRITE = outcomes(302, 404, 403, 404, W, W)
SIGNED_IN_WRITE = outcomes(302, W, W, W, W, W)
# The second reading: only its reader records and submits it; leads and admins see it, so they
# are refused with 403; the first reader does not see it (404).
READING_WRITE = outcomes(302, 404, 404, W, 403, 403)
# Settling: leads only; the second reader sees their reading, not the comparison (403).
SETTLE_WRITE = outcomes(302, 404, 404, 403, W, W)

POST_EXPECTATIONS = {
    "home": READ,
    # signing in writes last_login; a signed-in user is sent on without signing in again
    "login": outcomes(W, 302, 302, 302, 302, 302),
    "logout": outcomes(302, 302, 302, 302, 302, 302),
    "health": READ,
    "accounts:password_change": SIGNED_IN_WRITE,
    "inspection": READ,
    "cases:detail": READ,
    "cases:standard": CASE_WRITE,
    "cases:submit": CASE_WRITE,
    "cases:interview_add": CASE_WRITE,
    "cases:interview_change": CASE_WRITE,
    "cases:qa": LEAD_WRITE,
    "cases:sign_off": LEAD_WRITE,
    "cases:reopen": LEAD_WRITE,
    "cases:history": READ,
    # second readings and calibration exercises (pages without a method check render on POST)
    "cases:reading": READ,
    "cases:reading_standard": READING_WRITE,
    "cases:reading_submit": READING_WRITE,
    "cases:reading_compare": READ,
    "cases:reading_settle": SETTLE_WRITE,
    "cases:reading_settle_remaining": SETTLE_WRITE,
    "cases:reading_feedback": READ,
    "cases:practice_list": READ,
    # any signed-in user starts their own reading of an open practice case
    "cases:practice_start": SIGNED_IN_WRITE,
}
PASSWORD = "correct horse battery staple"  # tests.support.factories.UserFactory's
# On a published or anonymised inspection every write above is refused, except these: signing
# in and out, one's own password and the directory's role mapping are not an inspection's data,
# and a practice case belongs to no inspection.
FROZEN_POST_EXPECTATIONS = {
    state: dict.fromkeys(
        (
            "login",
            "logout",
            "accounts:password_change",
            "accounts:role_mappings",
            "accounts:role_mapping_remove",
            "cases:practice_start",
        ),
        KEEP,
    )
    for state in FROZEN_STATES
}


def complete(case) -> None:
    """Answer every applicable key question of the case, with evidence."""
    from casework.models import Answer
    from inspection.declared import attributes_of
    from inspection.models import Item

    attrs = attributes_of(case)
    for item in Item.objects.filter(framework=case.inspection.framework, kind="key_question"):
        if item.standard.rated_from != "judgement" and item.applies_to_case(attrs):
            Answer.objects.create(case=case, item=item, value=item.answers[0], evidence="Walk")


def _status(case, status: str) -> None:
    complete(case)
    case.status = status
    case.save(update_fields=["status"])


def posts(world) -> dict:
    from casework.forms import StandardAnswersForm
    from casework.selectors.casework import case_form

    case = world.case

    def standard() -> Post:
        casework = case_form(case)
        entry = casework.entry("2.2")
        rows, questions = casework.rows(entry.standard), casework.questions(entry.standard)
        form = StandardAnswersForm(rows, questions=questions, initial={"version": case.version})
        data = {name: form[name].initial or "" for name in form.fields}
        return Post(data | {"a_2_2_1": "no", "e_2_2_1": "Walk evidence", "action": "save"})

    def submit() -> Post:
        complete(case)
        return Post()

    def qa() -> Post:
        _status(case, "submitted")
        return Post({"general": "Walk", "c_2_2_1": "Say more"})

    def sign_off() -> Post:
        _status(case, "submitted")
        return Post()

    def reopen() -> Post:
        _status(case, "signed_off")
        return Post({"reason": "Walk"})

    interview = {"outcome": "declined", "grade": "trainee", "notes": "Walk"}
    user = world.users["inspector"]
    return {
        "login": lambda: Post({"username": user.username, "password": PASSWORD}),
        "logout": Post,
        "accounts:password_change": lambda: Post(
            {
                "old_password": PASSWORD,
                "new_password1": "a walk in the park 42",
                "new_password2": "a walk in the park 42",
            }
        ),
        "cases:standard": standard,
        "cases:submit": submit,
        "cases:interview_add": lambda: Post(interview),
        "cases:interview_change": lambda: Post(interview),
        "cases:qa": qa,
        "cases:sign_off": sign_off,
        "cases:reopen": reopen,
    } | _reading_posts(world)


def complete_reading(reading) -> None:
    """Answer every applicable key question of the reading, with evidence."""
    from inspection.declared import attributes_of
    from inspection.models import Item
    from readings.models import ReadingAnswer
    from readings.selectors.readings import reading_framework_id

    attrs = attributes_of(reading.subject)
    items = Item.objects.filter(framework_id=reading_framework_id(reading), kind="key_question")
    for item in items:
        if item.standard.rated_from != "judgement" and item.applies_to_case(attrs):
            ReadingAnswer.objects.create(
                reading=reading, item=item, value=item.answers[0], evidence="Walk"
            )


def _reading_posts(world) -> dict:
    """Requests for the second-reading and practice writes (world.reading: a draft second
    reading of world.case by users["second_reader"])."""
    from casework.forms import StandardAnswersForm
    from readings.models import PracticeCase, Reading
    from readings.selectors.readings import reading_form
    from tests.support.factories import UserFactory

    reading = world.reading

    def reading_standard() -> Post:
        casework = reading_form(reading)
        rows = casework.rows(casework.entry("2.2").standard)
        form = StandardAnswersForm(rows, initial={"version": reading.version})
        data = {name: form[name].initial or "" for name in form.fields}
        return Post(data | {"a_2_2_1": "no", "e_2_2_1": "Walk evidence", "action": "save"})

    def reading_submit() -> Post:
        complete_reading(reading)
        return Post()

    def practice_start() -> Post:
        """An open practice case nobody in the walk has started (its reference reader is
        someone else: the reference reader may not practise on it)."""
        practice = PracticeCase.objects.create(
            framework=world.inspection.framework,
            title="Walk start",
            material="Notes",
            case_type="licence",
            rosh="low",
            status="open",
        )
        Reading.objects.create(
            kind="reference", practice=practice, reader=UserFactory(), status="submitted"
        )
        return Post(kwargs={"pk": practice.pk})

    return {
        "cases:reading_standard": reading_standard,
        "cases:reading_submit": reading_submit,
        # world's disagreement (kwargs): the second reading stands, with a reason
        "cases:reading_settle": lambda: Post({"outcome": "second", "reason": "Walk"}),
        "cases:reading_settle_remaining": lambda: Post({"reason": "Walk"}),
        "cases:practice_start": practice_start,
    }
