"""Settling a pair's disagreements: a list with a way through them one by one ("next"), the
first reading standing for all remaining in one decision with a reason (audited like single
settlements), counts in words, and a reason wherever a case has no reader."""

import pytest
from django.urls import reverse

from casework.models import Answer
from readings.models import Reading, Settlement
from readings.selectors.readings import settled_words
from sampling.models import ConflictOfInterest
from tests.support.factories import CaseFactory, MembershipFactory
from tests.support.readings_data import double_read

pytestmark = pytest.mark.django_db

FIRST = {"2.2.1": "yes", "2.2.2": "yes", "2.2.3": "yes", "2.3.1": "no"}
SECOND = {"2.2.1": "no", "2.2.2": "no", "2.2.3": "no", "2.3.1": "no"}


@pytest.fixture
def reading(inspection, inspector):
    reader = MembershipFactory(inspection=inspection, role="inspector").user
    return double_read(
        inspection,
        ref="S1",
        first=FIRST,
        second=SECOND,
        first_reader=inspector,
        second_reader=reader,
    )


def test_counts_are_worded_properly():
    assert settled_words(27, 27) == "27 disagreements, none settled yet"
    assert settled_words(27, 22) == "27 disagreements: 5 settled, 22 to settle"
    assert settled_words(27, 0) == "27 disagreements, all settled"
    assert settled_words(1, 1) == "1 disagreement, none settled yet"


def test_settling_one_leads_on_to_the_next_then_back_to_the_list(client, lead, reading):
    client.force_login(lead)
    compare = client.get(reverse("cases:reading_compare", args=[reading.pk])).text
    assert "3 disagreements, none settled yet" in compare
    assert "27, 27" not in compare and "not settled yet" not in compare
    first = reverse("cases:reading_settle", args=[reading.pk, "2.2.1"])
    page = client.get(first).text
    assert "disagreement 1 of 3" in page and "Skip to 2.2.2" in page
    answer = client.post(first, {"outcome": "first"})
    assert answer.status_code == 302
    assert answer.url == reverse("cases:reading_settle", args=[reading.pk, "2.2.2"])
    answer = client.post(answer.url, {"outcome": "first"})
    assert answer.url == reverse("cases:reading_settle", args=[reading.pk, "2.2.3"])
    answer = client.post(answer.url, {"outcome": "second", "reason": "Second is right."})
    assert answer.url == reverse("cases:reading_compare", args=[reading.pk])
    page = client.get(answer.url).text
    assert "3 disagreements, all settled" in page


def test_the_first_reading_stands_for_all_remaining_with_a_reason(client, lead, reading):
    client.force_login(lead)
    client.post(
        reverse("cases:reading_settle", args=[reading.pk, "2.2.1"]),
        {"outcome": "second", "reason": "Second is right."},
    )
    url = reverse("cases:reading_settle_remaining", args=[reading.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert '<a href="#id_reason">Enter the reason the first reading stands' in refused.text
    assert Settlement.objects.count() == 1
    done = client.post(url, {"reason": "Evidence supports the first reader throughout."})
    assert done.status_code == 302
    rows = {s.item.code: s for s in Settlement.objects.select_related("item")}
    assert {c: s.outcome for c, s in rows.items()} == {
        "2.2.1": "second",
        "2.2.2": "first",
        "2.2.3": "first",
    }
    for code in ("2.2.2", "2.2.3"):
        assert rows[code].reason == "Evidence supports the first reader throughout."
        assert rows[code].settled_by == lead
        assert rows[code].history.count() == 1  # audited as a single settlement is
    answers = dict(Answer.objects.filter(case=reading.case).values_list("item__code", "value"))
    assert answers["2.2.2"] == "yes" and answers["2.2.1"] == "no"
    page = client.get(reverse("cases:reading_compare", args=[reading.pk]), follow=True).text
    assert "3 disagreements, all settled" in page


def test_a_case_with_no_reader_says_why(client, lead, inspection, inspector):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, ref="NR1")
    Reading.objects.create(kind="second", case=case, reader=None)
    client.force_login(lead)
    url = reverse("setup:second_readings", args=[inspection.pk])
    page = client.get(url).text
    assert "No reader" in page
    assert "The only inspector on the team is the case&#x27;s own inspector." in page
    other = MembershipFactory(inspection=inspection, role="inspector").user
    ConflictOfInterest.objects.create(inspection=inspection, user=other, ref="NR1")
    page = client.get(url).text
    assert "Every other inspector has declared a conflict of interest with this case." in page
