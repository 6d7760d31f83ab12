"""The set-up pages of a format-2 inspection speak its framework's declarations: strata, minimums
and reserves in the declared labels, and each case's samples on the assignment page (the youth
framework: samples court, oocd and resettlement over disposal and custody)."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspection.applicability import rule_applies
from inspection.declared import attributes_of, declared_by_name
from inspection.models import FrameworkSample
from sampling import draw as sampling
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import case_rows, to_csv
from tests.support.declared_data import YOUTH, format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HEADER = ["Reference", "Sentence date", "Type of disposal", "custody"]


@pytest.fixture
def youth():
    inspection = format2_inspection(YOUTH)
    rows = [
        [f"Y{i}", "2025-01-10", "court" if i % 2 else "oocd", "yes" if i % 3 == 0 else "no"]
        for i in range(1, 13)
    ]
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(rows, HEADER), filename="y.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    return inspection


@pytest.fixture
def lead_client(client, youth):
    client.force_login(MembershipFactory(inspection=youth, role="lead").user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_sample_page_labels_strata_minimums_and_reserves_from_the_declaration(lead_client, youth):
    minimum = sampling.Minimum("disposal", "court", 2)
    sample_draw(
        inspection=youth, size=4, seed=3, strata=["disposal"], sample="court", minimums=[minimum]
    )
    declared = declared_by_name(youth.framework)
    court = declared["disposal"].choices[0][1]
    assert court == "Court disposal"  # the declared label, not the value humanised ("Court")
    page = lead_client.get(reverse("setup:sample", args=[youth.pk]) + "?sample=court")
    assert page.status_code == 200
    profile = text_of(page.content.decode().split('data-testid="profile"')[1].split("</table>")[0])
    assert f"{court} " in profile
    body = text_of(page.content.decode())
    assert f"Strata {declared['disposal'].label} " in body
    assert f"{declared['disposal'].label} {court}: at least 2" in body
    cases = youth.cases.order_by("ref")
    assert cases and all(c.stratum == "disposal=court" for c in cases)
    assert body.count(f" {court} ") >= len(cases) + 1  # each case's stratum, and the profile's
    replace = lead_client.get(
        reverse("setup:replace", args=[youth.pk, cases[0].pk]) + "?sample=court"
    )
    assert f"({court})" in text_of(replace.content.decode())


def test_draw_sample_defaults_to_the_declared_breakdown_attributes(youth, capsys):
    breakdowns = [a.name for a in declared_by_name(youth.framework).values() if a.breakdown]
    assert breakdowns == ["disposal", "oocd_type"]  # the youth file's, not the PDU's three
    out = StringIO()
    call_command(
        "draw_sample", str(youth.pk), "--size", "3", "--seed", "2", "--sample", "court", stdout=out
    )
    assert json.loads(out.getvalue())["strata"] == breakdowns
    with pytest.raises(SystemExit):
        call_command("draw_sample", "--help")
    assert "declared breakdown attributes" in " ".join(capsys.readouterr().out.split())


def test_draw_page_ticks_the_declared_breakdown_attributes(lead_client, youth):
    page = lead_client.get(reverse("setup:draw", args=[youth.pk]) + "?sample=oocd")
    ticked = set(
        re.findall(
            r'<input[^>]*name="strata"[^>]*value="([a-z_]+)"[^>]*checked', page.content.decode()
        )
    )
    assert ticked == {"disposal", "oocd_type"}


def test_draw_sample_keeps_the_pdu_default_strata(inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(30, seed=4)), filename="c.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    out = StringIO()
    call_command("draw_sample", str(inspection.pk), "--size", "6", "--seed", "2", stdout=out)
    assert json.loads(out.getvalue())["strata"] == ["case_type", "rosh", "gender"]


def test_assignment_page_names_each_cases_samples(lead_client, youth):
    for code in ("court", "oocd", "resettlement"):
        sample_draw(inspection=youth, size=3, seed=1, strata=["disposal"], sample=code)
    samples = list(FrameworkSample.objects.filter(framework=youth.framework).order_by("order"))
    cases = list(youth.cases.select_related("inspection__framework").order_by("ref"))
    expected = {
        c.ref: ", ".join(s.title for s in samples if rule_applies(s.applies_to, attributes_of(c)))
        for c in cases
    }
    assert any("," in titles for titles in expected.values())  # a case in two samples
    page = lead_client.get(reverse("setup:assignment", args=[youth.pk]))
    table = page.content.decode().split('data-testid="assignment"')[1].split("</table>")[0]
    assert ">Sample</th>" in table
    shown = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        shown[cells[1]] = cells[2]
    assert shown == expected


def test_assignment_page_of_one_sample_has_no_sample_column(client, lead, inspection):
    client.force_login(lead)
    page = client.get(reverse("setup:assignment", args=[inspection.pk]))
    assert ">Sample</th>" not in page.content.decode()
