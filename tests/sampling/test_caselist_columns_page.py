"""The case-list columns page describes each format-2 framework's declared columns (name, label,
required, values with labels, "not known" values) beside the PDU table, and from an inspection
only its framework's (docs/caselist.md)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from inspection.declared import declared_by_name
from tests.support.declared_data import AUDIT, YOUTH, format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db
URL = reverse("setup:caselist_docs")


def rows_of(html: str, testid: str) -> dict[str, list[str]]:
    """A table's rows by their header cell, each a list of its cells' text."""
    table = html.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    body = table.split("<tbody")[1]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c))).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture
def audit():
    return format2_inspection(AUDIT)


def test_from_a_format2_inspection_the_page_lists_its_declared_columns(client, audit):
    client.force_login(MembershipFactory(inspection=audit, role="lead").user)
    upload = client.get(reverse("setup:caselist_upload", args=[audit.pk]))
    link = f'href="{URL}?inspection={audit.pk}"'
    assert link in upload.content.decode()
    html = client.get(f"{URL}?inspection={audit.pk}").content.decode()
    declared = declared_by_name(audit.framework)
    rows = rows_of(html, f"declared-{audit.framework.code}-{audit.framework.version}")
    assert list(rows) == list(declared)  # tier, victim_contact, team: none is a PDU column
    tier, contact, team = declared["tier"], declared["victim_contact"], declared["team"]
    assert rows["tier"][:2] == [tier.label, "yes"]
    assert rows["tier"][2] == "; ".join(f"{v} ({label})" for v, label in tier.choices)
    assert rows["tier"][3] == "blank, 0"  # its declared unknown value
    assert rows["victim_contact"][1:3] == [
        "no",
        f"yes ({contact.choices[0][1]}); no ({contact.choices[1][1]})",
    ]
    assert f"up to {team.max_length} characters" in rows["team"][2]
    assert 'data-testid="pdu-columns"' not in html


def test_without_an_inspection_the_page_shows_the_pdu_table_and_every_format2_framework(
    client, lead, audit
):
    youth = format2_inspection(YOUTH).framework
    client.force_login(lead)
    html = client.get(URL).content.decode()
    assert "rosh" in rows_of(html, "pdu-columns")
    disposal = rows_of(html, f"declared-{youth.code}-{youth.version}")["disposal"]
    assert disposal[:3] == [
        "Type of disposal",
        "yes",
        "court (Court disposal); oocd (Out-of-court disposal)",
    ]
    assert f"declared-{audit.framework.code}-" in html


def test_from_a_pdu_inspection_the_page_is_the_pdu_table_only(client, lead, inspection, audit):
    client.force_login(lead)
    html = client.get(f"{URL}?inspection={inspection.pk}").content.decode()
    assert "rosh" in rows_of(html, "pdu-columns")
    assert "declared-" not in html
    assert client.get(f"{URL}?inspection={audit.pk}").status_code == 404  # not theirs
