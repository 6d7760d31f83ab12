"""Reasons of the length the forms allow are kept whole in the audit history and shown on the
case's history page (issue 15, item 2): settling a disagreement, reopening a case, replacing a
sampled case — through the pages, on PostgreSQL, whose history reason column once held 100."""

import pytest
from django.urls import reverse

from casework.models import Answer, Case, CaseStatus
from casework.text_limits import REASON_MAX
from readings.models import Settlement
from sampling.models import SampleMember
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import CaseFactory, MembershipFactory
from tests.support.readings_data import double_read, items_by_code

pytestmark = pytest.mark.django_db


def reason(length: int) -> str:
    """A reason of `length` characters that reads as words, ending in a marker."""
    words = ("The second reading is right: risk was never analysed. " * (length // 50 + 1))[
        : length - 4
    ]
    return words + " END"


def test_settling_with_a_reason_at_the_limit_keeps_it_whole(client, inspection, inspector, lead):
    reader = MembershipFactory(inspection=inspection, role="inspector").user
    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    text = reason(REASON_MAX)
    client.force_login(lead)
    response = client.post(
        reverse("cases:reading_settle", args=[reading.pk, "2.2.1"]),
        {"outcome": "second", "reason": text},
    )
    assert response.status_code == 302
    item = items_by_code(inspection)["2.2.1"]
    assert Settlement.objects.get(reading=reading, item=item).reason == text
    answer = Answer.objects.get(case=reading.case, item=item)
    assert answer.value == "no"
    assert answer.history.first().history_change_reason.endswith(text)
    history = client.get(reverse("cases:history", args=[reading.case.pk]))
    assert history.status_code == 200 and text in history.content.decode()


def test_reopening_with_a_long_reason_keeps_it_whole(client, inspection, inspector, lead):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, status=CaseStatus.SIGNED_OFF)
    text = reason(REASON_MAX)
    client.force_login(lead)
    response = client.post(reverse("cases:reopen", args=[case.pk]), {"reason": text})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    assert case.history.first().history_change_reason == f"Reopened: {text}"
    history = client.get(reverse("cases:history", args=[case.pk]))
    assert f"Reopened: {text}" in history.content.decode()


def test_replacing_a_sampled_case_with_a_long_reason_keeps_it_whole(client, inspection, lead):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(60, seed=4)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    sample_draw(inspection=inspection, size=10, seed=8, strata=["gender"])
    case = Case.objects.filter(inspection=inspection).first()
    text = reason(REASON_MAX)
    client.force_login(lead)
    response = client.post(
        reverse("setup:replace", args=[inspection.pk, case.pk]), {"reason": text}
    )
    assert response.status_code == 302
    assert SampleMember.objects.get(record__ref=case.ref).replaced_reason == text
    deleted = Case.history.filter(id=case.pk, history_type="-").get()
    assert deleted.history_change_reason == f"Replaced from the reserve list: {text}"
    assert text in client.get(reverse("setup:sample", args=[inspection.pk])).content.decode()


@pytest.mark.parametrize("name", ["reopen", "replace"], ids=["reopen reason", "replacement reason"])
def test_a_reason_over_the_limit_is_a_field_error_naming_it(client, inspection, lead, name):
    case = CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    client.force_login(lead)
    url = (
        reverse("cases:reopen", args=[case.pk])
        if name == "reopen"
        else reverse("setup:replace", args=[inspection.pk, case.pk])
    )
    response = client.post(url, {"reason": reason(REASON_MAX + 1)})
    assert response.status_code in (200, 400)
    assert f"{REASON_MAX:,} characters or fewer" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNED_OFF
