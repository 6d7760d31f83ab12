"""Second readings of a format-2 inspection may be chosen in proportion to a declared attribute,
read from the case's JSON attributes through the one accessor."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspection.declared import declared_by_name
from readings.forms import SelectForm
from readings.services.readings import second_readings_select
from tests.support.declared_data import declared_case, format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_choice_in_proportion_to_a_declared_tier():
    audit = format2_inspection()
    lead = MembershipFactory(inspection=audit, role="lead").user
    inspectors = [
        MembershipFactory(inspection=audit, role="inspector", user__username=f"a{i}").user
        for i in range(2)
    ]
    for i in range(20):
        declared_case(
            audit, {"tier": [1, 3][i % 2]}, ref=f"T-{i:02d}", assigned_to=inspectors[i % 2]
        )
    draw = second_readings_select(inspection=audit, seed=3, size=6, strata=["tier"], user=lead)
    assert draw.allocation == [
        {"stratum": "tier=1", "eligible": 10, "chosen": 3},
        {"stratum": "tier=3", "eligible": 10, "chosen": 3},
    ]
    tiers = sorted(r.case.attributes["tier"] for r in draw.readings.select_related("case"))
    assert tiers == [1, 1, 1, 3, 3, 3]
    with pytest.raises(ValidationError, match="Strata must be among tier, victim_contact"):
        second_readings_select(inspection=audit, seed=3, size=2, strata=["case_type"], user=lead)
    form = SelectForm(framework=audit.framework)
    assert form.fields["strata"].choices == [
        ("tier", "Supervision tier"),
        ("victim_contact", "Victim contact scheme"),
        ("team", "Team name"),
        ("practitioner_grade", "Practitioner grade"),
    ]


def test_the_page_names_a_draws_strata_in_the_declared_words(client):
    audit = format2_inspection()
    lead = MembershipFactory(inspection=audit, role="lead").user
    inspector = MembershipFactory(inspection=audit, role="inspector").user
    for i in range(8):
        declared_case(audit, {"tier": [1, 3][i % 2]}, ref=f"T-{i:02d}", assigned_to=inspector)
    second_readings_select(inspection=audit, seed=3, size=2, strata=["tier"], user=lead)
    client.force_login(lead)
    page = client.get(reverse("setup:second_readings", args=[audit.pk])).content.decode()
    label = declared_by_name(audit.framework)["tier"].label
    assert label == "Supervision tier"  # not "Tier", the name humanised
    assert re.search(rf'<td class="govuk-table__cell">\s*{label}\s*</td>', page)
