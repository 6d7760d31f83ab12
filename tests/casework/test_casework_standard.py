import pytest
from django.urls import reverse

from casework.models import Answer, CaseStatus, answer_token
from inspection.models import Item
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector)


def item(code: str) -> Item:
    return Item.objects.get(framework__code="hmip-pdu-2021", code=code)


def page_data(client, case, code="2.2") -> dict:
    """The form as the page renders it: every input's current value."""
    response = client.get(reverse("cases:standard", args=[case.pk, code]))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields if not name.startswith("r_")}


def test_standard_page_shows_key_questions_as_radios_with_hints(client, case, inspector):
    client.force_login(inspector)
    response = client.get(reverse("cases:standard", args=[case.pk, "2.2"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="a_2_2_1"' in html and 'type="radio"' in html
    assert "Not applicable" in html  # the 'na' label
    assert 'name="e_2_2_1"' in html
    assert item("2.2.1").text in html


def test_plain_save_stores_answers_and_evidence_and_bumps_version(client, case, inspector):
    client.force_login(inspector)
    data = page_data(client, case)
    data.update(
        {"a_2_2_1": "no", "e_2_2_1": "Plan ignores the partner.\r\nSecond line.", "action": "save"}
    )
    response = client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data)
    assert response.status_code == 302
    answer = Answer.objects.get(case=case, item=item("2.2.1"))
    assert (answer.value, answer.evidence) == ("no", "Plan ignores the partner.\nSecond line.")
    assert answer.updated_by == inspector
    case.refresh_from_db()
    assert case.version == 2


def test_item_not_applying_to_case_is_shown_not_asked(client, inspection, inspector):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, pre_sentence_info=False)
    client.force_login(inspector)
    html = client.get(reverse("cases:standard", args=[case.pk, "2.1"])).content.decode()
    assert 'name="a_2_1_1"' not in html
    assert "Asked only where pre-sentence information was given" in html


def test_judgement_standards_are_not_on_the_case_form(client, case, inspector):
    client.force_login(inspector)
    assert client.get(reverse("cases:standard", args=[case.pk, "1.1"])).status_code == 404


def test_stale_save_of_a_changed_answer_is_a_conflict_not_an_overwrite(
    client, case, inspector, lead
):
    client.force_login(inspector)
    mine = page_data(client, case)
    # the lead saves 2.2.1 first
    client.force_login(lead)
    theirs = page_data(client, case)
    theirs.update({"a_2_2_1": "yes", "e_2_2_1": "Lead's evidence", "action": "save"})
    assert client.post(reverse("cases:standard", args=[case.pk, "2.2"]), theirs).status_code == 302
    # the inspector saves from the page loaded before, changing 2.2.1 and 2.2.2
    client.force_login(inspector)
    mine.update({"a_2_2_1": "no", "e_2_2_1": "My evidence", "a_2_2_2": "yes", "action": "save"})
    response = client.post(reverse("cases:standard", args=[case.pk, "2.2"]), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Lead&#x27;s evidence" in html and "My evidence" in html
    assert Answer.objects.get(case=case, item=item("2.2.1")).evidence == "Lead's evidence"
    assert Answer.objects.get(case=case, item=item("2.2.2")).value == "yes"  # non-conflicting saved
    # choosing "keep mine" writes it
    shown = response.context["form"]
    data = {n: shown[n].value() or "" for n in shown.fields}
    data.update({"r_2_2_1": "mine", "action": "save"})
    assert client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data).status_code == 302
    assert Answer.objects.get(case=case, item=item("2.2.1")).evidence == "My evidence"


def test_keeping_the_saved_version_leaves_it(client, case, inspector, lead):
    client.force_login(inspector)
    mine = page_data(client, case)
    client.force_login(lead)
    theirs = page_data(client, case)
    theirs.update({"a_2_2_1": "yes", "e_2_2_1": "Lead's evidence", "action": "save"})
    client.post(reverse("cases:standard", args=[case.pk, "2.2"]), theirs)
    client.force_login(inspector)
    mine.update({"a_2_2_1": "no", "e_2_2_1": "My evidence", "action": "save"})
    response = client.post(reverse("cases:standard", args=[case.pk, "2.2"]), mine)
    shown = response.context["form"]
    data = {n: shown[n].value() or "" for n in shown.fields}
    data.update({"r_2_2_1": "theirs", "action": "save"})
    assert client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data).status_code == 302
    assert Answer.objects.get(case=case, item=item("2.2.1")).evidence == "Lead's evidence"


def test_unchanged_fields_from_a_stale_page_never_overwrite(client, case, inspector, lead):
    client.force_login(inspector)
    mine = page_data(client, case)
    client.force_login(lead)
    theirs = page_data(client, case)
    theirs.update({"a_2_2_1": "yes", "action": "save"})
    client.post(reverse("cases:standard", args=[case.pk, "2.2"]), theirs)
    client.force_login(inspector)
    mine.update({"a_2_2_2": "no", "action": "save"})
    assert client.post(reverse("cases:standard", args=[case.pk, "2.2"]), mine).status_code == 302
    assert Answer.objects.get(case=case, item=item("2.2.1")).value == "yes"


def test_autosave_returns_status_and_new_version(client, case, inspector):
    client.force_login(inspector)
    data = page_data(client, case)
    data.update({"a_2_2_1": "yes"})
    response = client.post(
        reverse("cases:standard", args=[case.pk, "2.2"]), data, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saved at" in html
    assert 'name="version" value="2"' in html
    token = answer_token("yes", "")
    assert f'name="t_2_2_1" id="id_t_2_2_1" value="{token}" hx-swap-oob="true"' in html


def test_autosave_conflict_is_409_with_both_versions(client, case, inspector, lead):
    client.force_login(inspector)
    mine = page_data(client, case)
    client.force_login(lead)
    theirs = page_data(client, case)
    theirs.update({"e_2_2_1": "Theirs", "action": "save"})
    client.post(reverse("cases:standard", args=[case.pk, "2.2"]), theirs)
    client.force_login(inspector)
    mine.update({"e_2_2_1": "Mine"})
    response = client.post(
        reverse("cases:standard", args=[case.pk, "2.2"]), mine, headers={"HX-Request": "true"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Theirs" in html and "Mine" in html and 'name="r_2_2_1"' in html


def test_submitted_case_is_read_only(client, case, inspector):
    case.status = CaseStatus.SUBMITTED
    case.save()
    client.force_login(inspector)
    response = client.get(reverse("cases:standard", args=[case.pk, "2.2"]))
    assert 'name="a_2_2_1"' not in response.content.decode()
    data = {"version": case.version, "a_2_2_1": "yes", "t_2_2_1": answer_token("", "")}
    assert client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data).status_code == 403
    assert not Answer.objects.filter(case=case).exists()


def test_outsider_gets_404(client, case, outsider):
    client.force_login(outsider)
    assert client.get(reverse("cases:standard", args=[case.pk, "2.2"])).status_code == 404
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
