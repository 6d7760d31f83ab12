"""With several samples (framework format 2), a case is asked a standard's key questions only when
it belongs to the standard's sample — the case form and the inspector's home say so — as the
counting counts it only there; a case of unknown gender belongs to the women's sample."""

import pytest
from django.urls import reverse

from casework.selectors.home import my_cases
from tests.support.factories import CaseFactory, MembershipFactory
from tests.support.samples import samples_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    inspection = samples_inspection()
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    return inspection, inspector


def test_the_case_form_asks_only_the_standards_of_the_case_samples(client, team):
    inspection, inspector = team
    case = CaseFactory(
        inspection=inspection, assigned_to=inspector, case_type="licence", gender="male"
    )
    client.force_login(inspector)
    community = client.get(reverse("cases:standard", args=[case.pk, "S1"]))
    assert community.status_code == 200
    assert "Asked only of cases in the sample Community cases." in community.text
    licence = client.get(reverse("cases:standard", args=[case.pk, "S2"]))
    assert "Asked only of cases in the sample" not in licence.text


def test_home_counts_a_standard_only_for_cases_of_its_sample(team):
    inspection, inspector = team
    CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence", gender="male")
    CaseFactory(
        inspection=inspection, assigned_to=inspector, case_type="community", gender="unknown"
    )
    shown = {
        home.case.case_type: {e.standard.code: e.applicable for e in home.standards}
        for home in my_cases(inspector)
    }
    # licence, male: S2 only (S3.2 is for licence cases, but S3's sample is women)
    assert shown["licence"] == {"S1": 0, "S2": 1, "S3": 0}
    # community, gender unknown: S1 (two key questions) and S3.1 (unknown qualifies; S3.2 is
    # for licence cases)
    assert shown["community"] == {"S1": 2, "S2": 0, "S3": 1}
