"""Pages use people's words, from the one place that defines them (inspection/attributes.py,
inspection/labels.py): no internal names or values, no developer's words, and download files
named by PDU and date."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from inspection.attributes import attribute_label, value_label
from reports.services.outputs import output_filename
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import case_rows, to_csv

pytestmark = pytest.mark.django_db


def test_attribute_and_value_labels_come_from_the_registry():
    assert attribute_label("rosh") == "RoSH level"
    assert attribute_label("pre_sentence_info") == "Pre-sentence information given"
    assert value_label("rosh", "very_high") == "Very high"
    assert value_label("pre_sentence_info", "True") == "Yes"
    assert value_label("age_band", "50+") == "50 and over"


def test_the_case_list_preview_shows_labelled_values_and_the_files_own_headers(
    client, admin_user, inspection
):
    rows = case_rows(30, seed=2)
    rows[2][3] = "Extreme"  # not a RoSH level
    header = [
        "Case ref",
        "Order type",
        "Sentence date",
        "Risk of serious harm",
        "Sex",
        "Ethnic group",
        "DOB",
        "PSR",
    ]
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(rows, header=header), filename="x.csv", user=None
    )
    client.force_login(admin_user)
    page = client.get(reverse("setup:caselist_preview", args=[inspection.pk, upload.pk])).text
    problems = page.split('data-testid="problems"')[1]
    assert "Risk of serious harm" in problems and ">rosh<" not in problems
    good = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(30, seed=2)), filename="y.csv", user=None
    )
    page = client.get(reverse("setup:caselist_preview", args=[inspection.pk, good.pk])).text
    assert "Very high" in page and "very_high" not in page and "very high<" not in page
    assert "RoSH level" in page


def test_the_sample_and_draw_pages_name_attributes_in_words(client, admin_user, inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(120, seed=4)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    client.force_login(admin_user)
    draw_page = client.get(reverse("setup:draw", args=[inspection.pk])).text
    assert "RoSH level" in draw_page and ">Rosh<" not in draw_page
    assert "Pre sentence info" not in draw_page
    sample_draw(inspection=inspection, size=20, seed=3)
    page = client.get(reverse("setup:sample", args=[inspection.pk])).text
    assert "case_type" not in page and "×" not in page and "rosh" not in page
    assert "Case type, RoSH level" in page


def test_report_files_are_named_by_pdu_and_date_in_safe_characters():
    when = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
    assert output_filename("Bristol PDU", when, "draft-report", "docx") == (
        "Casebook-Bristol-PDU-2026-12-08-1430-draft-report.docx"
    )
    name = output_filename("Café / ../Nord: Est", when, "data-workbook", "xlsx")
    assert re.fullmatch(r"[A-Za-z0-9.-]+", name) and name.startswith("Casebook-Cafe-Nord-Est-")


def test_the_anonymisation_summary_has_no_django_words():
    from records.selectors.retention import LABELS

    assert not any("Django" in words for words in LABELS.values())
