"""Calibration exercises: an admin sets up a practice case with a reference reading; every
inspector judges it, sees where they differed after submitting; the admin sees agreement by
inspector and by item. Nothing of it is counted anywhere."""

import pytest
from django.core.exceptions import ValidationError

from casework.models import Answer, answer_token
from casework.services.answer_sheet import AnswerEdit
from readings.models import PracticeCase, Reading, ReadingAnswer
from readings.selectors.practice import practice_feedback, practice_overview
from readings.services.practice import (
    practice_case_create,
    practice_case_status_set,
    practice_reading_start,
)
from readings.services.readings import reading_answers_record, reading_submit
from tests.support.factories import UserFactory
from tests.support.readings_data import key_questions

pytestmark = pytest.mark.django_db


def answer_all(reading, user, values: dict[str, str]) -> None:
    """Answer every applicable key question: `values` by code, the positive answer otherwise;
    evidence on every answer so negative ones can be submitted."""
    needed = key_questions(reading.practice.framework_id, reading.practice)
    edits = [
        AnswerEdit(
            item,
            values.get(item.code, item.positive_value),
            f"why {item.code}",
            answer_token("", ""),
        )
        for item in needed
    ]
    reading_answers_record(reading=reading, user=user, token=reading.version, edits=edits)
    reading.refresh_from_db()
    reading_submit(reading=reading, user=user)


@pytest.fixture
def practice(framework, admin_user) -> PracticeCase:
    return practice_case_create(
        framework=framework,
        user=admin_user,
        title="Practice: licence, high RoSH",
        material="Released in May; no contact before release.",
        case_type="licence",
        rosh="high",
        gender="male",
        ethnicity="",
        age_band="26-49",
        pre_sentence_info=False,
    )


def test_admin_sets_up_a_practice_case_through_the_pages(client, framework, admin_user):
    client.force_login(admin_user)
    bad = client.post("/setup/practice/new/", {"title": "", "framework": framework.pk})
    assert bad.status_code == 400 and not PracticeCase.objects.exists()
    response = client.post(
        "/setup/practice/new/",
        {
            "title": "Practice 1",
            "framework": framework.pk,
            "material": "Case notes",
            "case_type": "community",
            "rosh": "low",
            "gender": "female",
            "pre_sentence_info": "yes",
        },
    )
    practice = PracticeCase.objects.get()
    assert response.status_code == 302 and response.url == f"/setup/practice/{practice.pk}/"
    assert practice.pre_sentence_info is True and practice.status == "setup"
    reference = Reading.objects.get(kind="reference")
    assert reference.reader == admin_user and reference.practice == practice
    page = client.get(f"/setup/practice/{practice.pk}/").content.decode()
    assert f"/cases/readings/{reference.pk}/" in page


def test_it_opens_only_once_the_reference_is_submitted(practice, admin_user):
    with pytest.raises(ValidationError, match="Submit the reference reading"):
        practice_case_status_set(practice=practice, status="open", user=admin_user)
    answer_all(Reading.objects.get(kind="reference"), admin_user, {})
    practice_case_status_set(practice=practice, status="open", user=admin_user)
    assert PracticeCase.objects.get().status == "open"


def test_inspectors_judge_it_see_their_differences_and_the_admin_sees_agreement(
    client, practice, admin_user
):
    """Reference: every applicable key question (n of them) positive except R.1 'no'.
    Ann differs on R.1 only ('yes'): n pairs, n - 1 agree.
    Bob differs on 2.2.1 only ('no'; R.1 'no' as the reference): n pairs, n - 1 agree.
    Item R.1: reference 'no' against Ann 'yes' and Bob 'no': 2 pairs, 1 agree."""
    answer_all(Reading.objects.get(kind="reference"), admin_user, {"R.1": "no"})
    practice_case_status_set(practice=practice, status="open", user=admin_user)
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    client.force_login(ann)
    assert "1 practice case to judge" in client.get("/").content.decode()
    assert "Practice: licence, high RoSH" in client.get("/cases/practice/").content.decode()
    start = client.post(f"/cases/practice/{practice.pk}/start/")
    mine = Reading.objects.get(kind="practice", reader=ann)
    assert start.url == f"/cases/readings/{mine.pk}/"
    page = client.get(f"/cases/readings/{mine.pk}/").content.decode()
    assert "Released in May" in page
    assert client.get(f"/cases/readings/{mine.pk}/feedback/").status_code == 404  # not yet
    reference = Reading.objects.get(kind="reference")
    assert client.get(f"/cases/readings/{reference.pk}/").status_code == 404
    answer_all(mine, ann, {"R.1": "yes"})
    feedback = practice_feedback(mine)
    assert [r.item.code for r in feedback.differences] == ["R.1"]
    page = client.get(f"/cases/readings/{mine.pk}/feedback/").content.decode()
    assert "why R.1" in page and "Differs" in page
    answer_all(
        practice_reading_start(practice=practice, user=bob), bob, {"2.2.1": "no", "R.1": "no"}
    )
    client.force_login(bob)
    assert client.get(f"/cases/readings/{mine.pk}/feedback/").status_code == 404  # Ann's

    overview = practice_overview(practice)
    n = len(key_questions(practice.framework_id, practice))
    by_reader = {r.key[1]: r.figures for r in overview.agreement.reader_pairs}
    assert (by_reader["ann"].pairs, by_reader["ann"].agree) == (n, n - 1)
    assert (by_reader["bob"].pairs, by_reader["bob"].agree) == (n, n - 1)
    r1 = next(r.figures for r in overview.agreement.items if r.key == ("R.1",))
    assert (r1.pairs, r1.agree) == (2, 1)
    assert overview.agreement.low_first()[0].key in {("R.1",), ("2.2.1",)}
    client.force_login(admin_user)
    page = client.get(f"/setup/practice/{practice.pk}/").content.decode()
    assert "Agreement with the reference" in page and "By inspector" in page and "bob" in page
    # practice readings are nobody's case answers
    assert not Answer.objects.exists()
    assert ReadingAnswer.objects.filter(reading__case__isnull=False).count() == 0


def test_starting_is_refused_for_the_reference_reader_and_once_closed(practice, admin_user):
    answer_all(Reading.objects.get(kind="reference"), admin_user, {})
    practice_case_status_set(practice=practice, status="open", user=admin_user)
    with pytest.raises(ValidationError, match="reference reading"):
        practice_reading_start(practice=practice, user=admin_user)
    early = UserFactory(username="early")
    started = practice_reading_start(practice=practice, user=early)
    practice_case_status_set(practice=practice, status="closed", user=admin_user)
    with pytest.raises(ValidationError, match="not open"):
        practice_reading_start(practice=practice, user=UserFactory(username="late"))
    assert practice_reading_start(practice=practice, user=early) == started


def test_a_practice_case_being_set_up_is_hidden_from_inspectors(client, practice):
    client.force_login(UserFactory(username="curious"))
    assert "Practice: licence" not in client.get("/cases/practice/").content.decode()
    assert client.post(f"/cases/practice/{practice.pk}/start/").status_code == 404


def test_case_material_over_the_limit_is_refused(client, framework, admin_user):
    from readings.services.practice import MATERIAL_MAX

    client.force_login(admin_user)
    response = client.post(
        "/setup/practice/new/",
        {
            "title": "Long",
            "framework": framework.pk,
            "material": "x" * (MATERIAL_MAX + 1),
            "case_type": "community",
            "rosh": "low",
            "gender": "female",
        },
    )
    assert response.status_code == 400
    assert f"must be {MATERIAL_MAX:,} characters or fewer" in response.content.decode()
    with pytest.raises(ValidationError, match="longer than"):
        practice_case_create(
            framework=framework,
            user=admin_user,
            title="Long",
            material="x" * (MATERIAL_MAX + 1),
            case_type="community",
            rosh="low",
        )
    assert not PracticeCase.objects.exists()
