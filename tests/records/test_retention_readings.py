"""Anonymising a published inspection also blanks its second readings' evidence and replaces the
reasons of their settlements, live and in history; the judgements and agreement stay."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from casework.models import Case, CaseStatus, answer_token
from casework.services.answer_sheet import AnswerEdit
from inspection.choices import InspectionStatus
from inspection.models import Inspection
from readings.agreement import agreement_document
from readings.models import Reading, ReadingAnswer, Settlement
from readings.selectors.readings import inspection_agreement
from readings.services.readings import reading_answers_record, reading_submit
from readings.services.settlement import disagreement_settle
from tests.records.test_retention import database_text, found
from tests.records.test_retention import published as published  # the fixture
from tests.support.factories import AdminFactory, MembershipFactory
from tests.support.readings_data import key_questions

pytestmark = pytest.mark.django_db

SECRETS = ["SECOND-SECRET", "SETTLE-SECRET"]


def test_second_readings_are_anonymised_with_the_inspection(published):
    inspection = published.inspection
    # the second reading was made and settled before publication (a published inspection is
    # read-only), so open it for that and publish it again after
    Inspection.objects.filter(pk=inspection.pk).update(status=InspectionStatus.REPORTING)
    inspection.refresh_from_db()
    case = Case.objects.get(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    reader = MembershipFactory(inspection=inspection, role="inspector").user
    reading = Reading.objects.create(kind="second", case=case, reader=reader)
    items = key_questions(inspection.framework_id, case)
    edits = [
        AnswerEdit(
            i,
            i.answers[1] if n == 0 else i.answers[0],
            f"SECOND-SECRET {i.code}",
            answer_token("", ""),
        )
        for n, i in enumerate(items)
    ]
    reading_answers_record(reading=reading, user=reader, token=1, edits=edits)
    reading.refresh_from_db()
    reading_submit(reading=reading, user=reader)
    disagreement_settle(
        reading=reading,
        item=items[0],
        outcome="new",
        value=items[0].answers[1],
        user=published.lead,
        reason="SETTLE-SECRET the police report",
    )
    Inspection.objects.filter(pk=inspection.pk).update(status=InspectionStatus.PUBLISHED)
    inspection.refresh_from_db()
    assert found(database_text(), SECRETS) == SECRETS
    agreement_before = agreement_document(inspection.pk, inspection_agreement(inspection))

    dry = StringIO()
    call_command("anonymise_inspection", str(inspection.pk), "--dry-run", stdout=dry)
    counts = json.loads(dry.getvalue())["counts"]
    assert (counts["second_reading_evidence"], counts["settlement_reasons"]) == (len(items), 1)
    admin = AdminFactory(username="retention-admin")
    call_command(
        "anonymise_inspection", str(inspection.pk), "--user", admin.username, stdout=StringIO()
    )

    assert found(database_text(), SECRETS) == []
    assert not ReadingAnswer.objects.exclude(evidence="").exists()
    assert Settlement.objects.get().reason == "Anonymised"
    assert agreement_document(inspection.pk, inspection_agreement(inspection)) == agreement_before
