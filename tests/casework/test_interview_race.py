"""Interviews lock the case and re-check it, like answers: none lands after the sign-off."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from casework.models import Case, CaseStatus, Interview
from casework.services.interviews import interview_save
from casework.services.qa import case_sign_off
from tests.support.factories import (
    CaseFactory,
    InspectionFactory,
    MembershipFactory,
    shipped_framework,
)
from tests.support.locks import backend_pid, waiting_on_lock

INTERVIEW = {"held_on": date(2022, 11, 29), "grade": "probation_officer", "outcome": "held"}


def _team_and_case():
    inspection = InspectionFactory(framework=shipped_framework())
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    lead = MembershipFactory(inspection=inspection, role="lead").user
    case = CaseFactory(inspection=inspection, assigned_to=inspector, status=CaseStatus.SUBMITTED)
    return case, inspector, lead


@pytest.mark.django_db
def test_interview_save_rechecks_the_stored_status_not_the_callers_copy():
    case, inspector, lead = _team_and_case()
    stale = Case.objects.get(pk=case.pk)  # what the view checked: submitted, interviews allowed
    case_sign_off(case=case, user=lead)

    with pytest.raises(ValidationError, match="signed off"):
        interview_save(case=stale, user=inspector, **INTERVIEW)
    assert not Interview.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_correcting_an_interview_is_refused_once_the_case_is_signed_off():
    case, inspector, lead = _team_and_case()
    interview = interview_save(case=case, user=inspector, **INTERVIEW)
    stale = Case.objects.get(pk=case.pk)
    case_sign_off(case=case, user=lead)

    with pytest.raises(ValidationError, match="signed off"):
        interview_save(
            case=stale, user=inspector, interview=interview, **INTERVIEW | {"notes": "x"}
        )
    interview.refresh_from_db()
    assert interview.notes == ""


@pytest.mark.django_db(transaction=True)
def test_interview_racing_a_sign_off_never_lands_after_it():
    """Two real transactions on two connections. The sign-off holds the case row (not yet
    committed) while the interview save starts: the save must wait for the lock, then see the
    case signed off and refuse. Without the lock it writes straight away and lands after the
    sign-off commits."""
    case, inspector, lead = _team_and_case()
    stale = Case.objects.get(pk=case.pk)
    signed_off_uncommitted = threading.Event()
    commit_sign_off = threading.Event()
    outcome: dict[str, object] = {}

    def sign_off() -> None:
        try:
            with transaction.atomic():
                case_sign_off(case=Case.objects.get(pk=case.pk), user=lead)
                signed_off_uncommitted.set()
                assert commit_sign_off.wait(timeout=60)
        finally:
            connection.close()

    def record_interview() -> None:
        try:
            outcome["pid"] = backend_pid()
            interview_save(case=stale, user=inspector, **INTERVIEW)
            outcome["result"] = "saved"
        except ValidationError as exc:
            outcome["result"] = exc.messages
        finally:
            connection.close()

    signer = threading.Thread(target=sign_off)
    signer.start()
    assert signed_off_uncommitted.wait(timeout=60)
    recorder = threading.Thread(target=record_interview)
    recorder.start()
    # Let the sign-off commit only once the interview save is blocked on the case row lock, or
    # has finished without waiting for it (the bug).
    for _ in range(2000):
        recorder.join(timeout=0.01)
        if not recorder.is_alive() or ("pid" in outcome and waiting_on_lock(outcome["pid"])):
            break
    commit_sign_off.set()
    signer.join(timeout=60)
    recorder.join(timeout=60)

    assert Case.objects.get(pk=case.pk).status == CaseStatus.SIGNED_OFF
    assert not Interview.objects.filter(case=case).exists()
    assert outcome["result"] != "saved"
    assert "signed off" in " ".join(outcome["result"])
