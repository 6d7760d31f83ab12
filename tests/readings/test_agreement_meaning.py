"""Agreement figures say what they mean: the kappa named on the Landis and Koch (1977) scale,
whole percentages, the pairs behind each figure and a warning when they are too few."""

import pytest
from django.urls import reverse

from readings.agreement import MIN_PAIRS, figures, kappa_band
from tests.support.factories import MembershipFactory
from tests.support.readings_data import double_read


@pytest.mark.parametrize(
    ("kappa", "band"),
    [
        (-0.80, "poor"),
        (-0.01, "poor"),
        (0.0, "slight"),
        (0.01, "slight"),
        (0.20, "slight"),
        (0.21, "fair"),
        (0.40, "fair"),
        (0.41, "moderate"),
        (0.60, "moderate"),
        (0.61, "substantial"),
        (0.80, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (None, ""),
    ],
)
def test_landis_and_koch_bands(kappa, band):
    assert kappa_band(kappa) == band


def test_figures_carry_their_band_and_say_when_pairs_are_too_few():
    few = figures([("yes", "yes"), ("no", "yes"), ("yes", "yes")])
    assert few.pairs == 3 and few.too_few and MIN_PAIRS == 10
    many = figures([("yes", "yes")] * 8 + [("no", "no")] * 4)
    assert many.kappa == 1.0 and many.band == "almost perfect" and not many.too_few


@pytest.mark.django_db
def test_agreement_page_names_the_band_rounds_percent_and_warns_on_few_pairs(
    client, inspection, inspector, lead
):
    reader = MembershipFactory(inspection=inspection, role="inspector", user__username="r2").user
    kw = {"first_reader": inspector, "second_reader": reader}
    double_read(
        inspection,
        ref="C1",
        first={"2.2.1": "yes", "2.2.2": "no"},
        second={"2.2.1": "yes", "2.2.2": "yes"},
        **kw,
    )
    double_read(
        inspection,
        ref="C2",
        first={"2.2.1": "no", "2.2.2": "yes"},
        second={"2.2.1": "no", "2.2.2": "yes"},
        **kw,
    )
    double_read(inspection, ref="C3", first={"2.2.1": "yes"}, second={"2.2.1": "no"}, **kw)
    client.force_login(lead)
    page = client.get(reverse("setup:agreement", args=[inspection.pk])).text
    # 2.2.1: 3 pairs, 66.67% and kappa 0.40 (fair); overall 5 pairs, 60%, kappa 0.17 (slight)
    assert "66.67" not in page and "67%" in page and "60%" in page
    assert "0.40: fair agreement" in page and "0.17: slight agreement" in page
    assert "Too few pairs" in page
    assert "Landis and Koch (1977)" in page
