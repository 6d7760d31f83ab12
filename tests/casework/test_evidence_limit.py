"""Evidence has one documented maximum (EVIDENCE_MAX_CHARS), enforced by the model, the case form
and its autosave, the bundle import and the API import; a whole standard page at the maximum
fits the request size cap; a request over the cap gets a message, not a bare 400."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import EVIDENCE_MAX_CHARS, Answer, Case, answer_token
from casework.selectors.casework import case_form
from inspection.models import Item
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db

AT_LIMIT = "x" * EVIDENCE_MAX_CHARS
OVER = "x" * (EVIDENCE_MAX_CHARS + 1)
EMPTY = answer_token("", "")


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector)


def item(code: str) -> Item:
    return Item.objects.get(framework__code="hmip-pdu-2021", code=code)


def test_the_limit_is_ten_thousand_characters():
    assert EVIDENCE_MAX_CHARS == 10_000


def test_the_model_refuses_evidence_over_the_limit(case):
    Answer(case=case, item=item("2.2.1"), value="no", evidence=AT_LIMIT).full_clean()
    with pytest.raises(ValidationError) as error:
        Answer(case=case, item=item("2.2.1"), value="no", evidence=OVER).full_clean()
    assert "evidence" in error.value.message_dict


def test_the_page_counts_characters_with_the_govuk_component(client, case, inspector):
    client.force_login(inspector)
    html = client.get(reverse("cases:standard", args=[case.pk, "2.2"])).content.decode()
    assert f'data-module="govuk-character-count" data-maxlength="{EVIDENCE_MAX_CHARS}"' in html
    assert f'maxlength="{EVIDENCE_MAX_CHARS}"' in html  # holds the limit without script
    assert 'aria-describedby="id_e_2_2_1-info"' in html
    assert "You can enter up to 10,000 characters" in html


def test_a_plain_save_over_the_limit_is_a_form_error_naming_the_item(client, case, inspector):
    client.force_login(inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    data = {"version": 1, "a_2_2_1": "no", "e_2_2_1": OVER, "t_2_2_1": EMPTY, "action": "save"}
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    message = "Evidence for 2.2.1 must be 10,000 characters or fewer (it has 10,001)"
    assert message in html
    assert f'<a href="#id_e_2_2_1">{message}</a>' in html  # the error summary links to it
    assert not Answer.objects.filter(case=case).exists()
    data["e_2_2_1"] = AT_LIMIT
    assert client.post(url, data).status_code == 302
    assert Answer.objects.get(case=case).evidence == AT_LIMIT


def test_an_autosave_over_the_limit_says_which_item_to_shorten(client, case, inspector):
    client.force_login(inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    data = {"version": 1, "partial": "1", "a_2_2_1_a": "", "e_2_2_1_a": OVER, "t_2_2_1_a": EMPTY}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert (
        "Not saved: Evidence for 2.2.1.a must be 10,000 characters or fewer (it has 10,001)"
        in response.content.decode()
    )
    assert not Answer.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).version == 1


def test_the_bundle_import_lists_evidence_over_the_limit_and_writes_nothing(spec_bundle, framework):
    spec_bundle["cases"][0]["evidence"] = {"2.2.1": OVER, "2.2.3": AT_LIMIT}
    with pytest.raises(BundleError) as error:
        bundle_import(data=spec_bundle)
    assert error.value.problems == [
        "case C-0001: evidence for 2.2.1 must be 10,000 characters or fewer (it has 10,001)"
    ]
    assert not Case.objects.filter(ref="C-0001").exists()
    spec_bundle["cases"][0]["evidence"] = {"2.2.3": AT_LIMIT}
    inspection = bundle_import(data=spec_bundle)
    assert Answer.objects.get(case__inspection=inspection, item__code="2.2.3").evidence == AT_LIMIT


def test_the_api_import_refuses_evidence_over_the_limit(client, admin_user, spec_bundle, framework):
    spec_bundle["cases"][0]["evidence"] = {"2.2.1": OVER}
    client.force_login(admin_user)
    response = client.post("/api/inspections/import/", spec_bundle, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["problems"] == [
        "case C-0001: evidence for 2.2.1 must be 10,000 characters or fewer (it has 10,001)"
    ]
    assert not Case.objects.filter(ref="C-0001").exists()


def test_a_whole_standard_page_at_the_limit_fits_the_request_cap(client, inspection, inspector):
    """The plain Save posts every item of the page. Fill every evidence box of the largest
    standard to the limit with characters that cost the most to send (a character outside the
    Basic Multilingual Plane: 4 bytes of UTF-8, 12 once form-encoded) and post it as a browser
    does: it must be read and saved, not refused as too large."""
    case = CaseFactory(inspection=inspection, assigned_to=inspector, pre_sentence_info=True)
    casework = case_form(case)
    rows = {
        entry.standard.code: [
            r for row in casework.rows(entry.standard) for r in (row, *row.prompts) if r.applies
        ]
        for entry in casework.standards
    }
    code, largest = max(rows.items(), key=lambda pair: len(pair[1]))
    assert len(largest) >= 15
    widest = "\N{GRINNING FACE}" * EVIDENCE_MAX_CHARS
    data = {"version": "1", "action": "save", "csrfmiddlewaretoken": "x" * 64}
    for row in largest:
        data |= {f"a_{row.slug}": "no", f"e_{row.slug}": widest, f"t_{row.slug}": EMPTY}
    body = urlencode(data)
    assert len(body) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    client.force_login(inspector)
    response = client.post(
        reverse("cases:standard", args=[case.pk, code]),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert Answer.objects.filter(case=case, evidence=widest).count() == len(largest)


@pytest.mark.parametrize("htmx", [True, False])
def test_a_request_over_the_cap_is_answered_in_words_not_a_bare_400(
    client, case, inspector, settings, htmx
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    client.force_login(inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    body = urlencode({"version": 1, "partial": "1", "e_2_2_1": "x" * 60_000, "t_2_2_1": EMPTY})
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        url, body, content_type="application/x-www-form-urlencoded", headers=headers
    )
    assert response.status_code == 413
    html = response.content.decode()
    if htmx:
        assert "Not saved: this is more than the server accepts at once (48 KB)" in html
        assert "<html" not in html  # a status line for the page, not a page
    else:
        assert "What you sent is too large" in html
        assert "The text of the form you sent is larger than 48 KB" in html
        assert "each evidence box holds up to 10,000 characters" in html
    assert not Answer.objects.filter(case=case).exists()
