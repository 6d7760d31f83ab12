"""The case form asks a declared attribute that has a `question` when an item's rule depends on
it (the audit framework's victim_contact), reading the declaration: its words, its values, and
the "asked only" reason once the case's value excludes the item."""

import pytest
from django.urls import reverse

from casework.models import Answer
from inspection.models import Item
from tests.support.declared_data import YOUTH, declared_case, format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db

QUESTION = "Is the victim in the contact scheme?"


@pytest.fixture
def audit():
    return format2_inspection()


@pytest.fixture
def audit_inspector(audit):
    return MembershipFactory(inspection=audit, role="inspector").user


@pytest.fixture
def unknown_case(audit, audit_inspector):
    return declared_case(audit, {"tier": 3}, assigned_to=audit_inspector)


def _page(client, case, code="A1") -> dict:
    response = client.get(reverse("cases:standard", args=[case.pk, code]))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields if not name.startswith("r_")}


def test_the_question_is_asked_with_the_declared_values_while_unknown(
    client, unknown_case, audit_inspector
):
    client.force_login(audit_inspector)
    response = client.get(reverse("cases:standard", args=[unknown_case.pk, "A1"]))
    html = response.content.decode()
    assert QUESTION in html and 'name="a_A1_2"' in html
    assert "In the scheme" in html and "Not in the scheme" in html
    assert response.context["form"]["q_victim_contact"].value() == "unknown"
    # a page whose items do not depend on it does not ask it
    other = client.get(reverse("cases:standard", args=[unknown_case.pk, "A2"])).content.decode()
    assert QUESTION not in other


def test_recording_no_stores_false_and_makes_the_item_not_applicable(
    client, unknown_case, audit_inspector
):
    client.force_login(audit_inspector)
    url = reverse("cases:standard", args=[unknown_case.pk, "A1"])
    data = _page(client, unknown_case) | {"a_A1_2": "good", "action": "save"}
    client.post(url, data)
    unknown_case.refresh_from_db()
    assert unknown_case.attributes == {"tier": 3, "victim_contact": True}  # judged: it qualifies

    data = _page(client, unknown_case) | {"q_victim_contact": "no", "action": "save"}
    assert client.post(url, data).status_code == 302
    unknown_case.refresh_from_db()
    assert unknown_case.attributes == {"tier": 3, "victim_contact": False}
    item = Item.objects.get(framework=unknown_case.inspection.framework, code="A1.2")
    assert Answer.objects.get(case=unknown_case, item=item).value == "na"
    assert unknown_case.history.first().attributes == {"tier": 3, "victim_contact": False}
    page = client.get(url).content.decode()
    assert 'name="a_A1_2"' not in page
    assert "Asked only where the victim contact scheme is in the scheme." in page


def test_the_youth_framework_asks_custody_only_where_an_item_depends_on_it(client):
    youth = format2_inspection(YOUTH)
    inspector = MembershipFactory(inspection=youth, role="inspector").user
    case = declared_case(youth, {"disposal": "court"}, assigned_to=inspector)
    client.force_login(inspector)
    # no item of the shipped youth framework names custody (only the resettlement sample does)
    rules = Item.objects.filter(framework=youth.framework).values_list("applies_to", flat=True)
    assert not any("custody" in rule for rule in rules)
    html = client.get(reverse("cases:standard", args=[case.pk, "2.1"])).content.decode()
    assert "Was the child released from custody in the period?" not in html


def test_the_case_summary_lists_the_declared_attributes_not_the_pdu_ones(
    client, audit, audit_inspector
):
    case = declared_case(
        audit, {"tier": 2, "victim_contact": False, "team": "North"}, assigned_to=audit_inspector
    )
    client.force_login(audit_inspector)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    summary = html[
        html.index("cb-case-summary") : html.index("</dl>", html.index("cb-case-summary"))
    ]
    for label, value in [
        ("Supervision tier", "Tier 2"),
        ("Victim contact scheme", "Not in the scheme"),
        ("Team name", "North"),
    ]:
        assert f">{label}</dt>" in summary and f">{value}</dd>" in summary
    assert "Case type" not in summary and "RoSH" not in summary
