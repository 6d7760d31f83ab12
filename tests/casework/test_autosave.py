"""The lean autosave: only the items the page sends, each with a short token of what it started
from instead of the text again; the answer is the status line plus the new tokens."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from casework.models import Answer, Case, CaseStatus, answer_token
from casework.services.answer_sheet import AnswerEdit
from casework.services.answers import answers_record
from inspection.models import Item
from tests.support.factories import (
    CaseFactory,
    InspectionFactory,
    MembershipFactory,
    shipped_framework,
)
from tests.support.locks import backend_pid, waiting_on_lock

pytestmark = pytest.mark.django_db

EMPTY = answer_token("", "")


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector)


def item(code: str) -> Item:
    return Item.objects.get(framework__code="hmip-pdu-2021", code=code)


def autosave(client, case, items: dict, version=None, code="2.2", **extra):
    """What the page's script posts: per item the answer, evidence and starting token."""
    data = {"version": version or Case.objects.get(pk=case.pk).version, "partial": "1"}
    for slug, (value, evidence, token) in items.items():
        data |= {f"a_{slug}": value, f"e_{slug}": evidence, f"t_{slug}": token}
    data |= extra
    url = reverse("cases:standard", args=[case.pk, code])
    return client.post(url, data, headers={"HX-Request": "true"})


def stored(case, code: str) -> tuple[str, str] | None:
    answer = Answer.objects.filter(case=case, item__code=code).first()
    return (answer.value, answer.evidence) if answer else None


def test_an_autosave_of_one_item_writes_it_and_answers_with_its_new_token(client, case, inspector):
    Answer.objects.create(case=case, item=item("2.2.2"), value="no", evidence="Untouched")
    client.force_login(inspector)
    response = autosave(client, case, {"2_2_1": ("yes", "New evidence", EMPTY)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved at" in html
    token = answer_token("yes", "New evidence")
    assert f'name="t_2_2_1" id="id_t_2_2_1" value="{token}" hx-swap-oob="true"' in html
    assert 'name="version" value="2"' in html
    assert "t_2_2_2" not in html  # only the items it sent
    assert stored(case, "2.2.1") == ("yes", "New evidence")
    assert stored(case, "2.2.2") == ("no", "Untouched")


def test_a_save_from_stored_text_sends_its_token_not_the_text(client, case, inspector):
    """The page started from stored evidence; it sends the token of it, and the change lands
    (before tokens, a save without the original text counted as a conflict)."""
    Answer.objects.create(case=case, item=item("2.2.1"), value="no", evidence="First draft")
    client.force_login(inspector)
    start = answer_token("no", "First draft")
    response = autosave(client, case, {"2_2_1": ("no", "Second draft", start)})
    assert response.status_code == 200
    assert stored(case, "2.2.1") == ("no", "Second draft")


def test_a_stale_token_is_a_conflict_showing_both_versions_the_saved_one_from_the_database(
    client, case, inspector, lead
):
    Answer.objects.create(
        case=case, item=item("2.2.1"), value="yes", evidence="The lead's text", updated_by=lead
    )
    client.force_login(inspector)
    response = autosave(client, case, {"2_2_1": ("no", "My text", EMPTY)})
    assert response.status_code == 409
    html = response.content.decode()
    assert "My text" in html and "The lead&#x27;s text" in html
    theirs = answer_token("yes", "The lead's text")
    assert f'name="tt_2_2_1" value="{theirs}"' in html  # the choice is made against it
    assert 'name="r_2_2_1"' in html
    assert stored(case, "2.2.1") == ("yes", "The lead's text")
    assert Case.objects.get(pk=case.pk).version == 1


def test_keeping_mine_after_an_autosave_conflict_writes_it_unless_theirs_moved_again(
    client, case, inspector, lead
):
    Answer.objects.create(case=case, item=item("2.2.1"), value="yes", evidence="Theirs")
    client.force_login(inspector)
    theirs = answer_token("yes", "Theirs")
    page = reverse("cases:standard", args=[case.pk, "2.2"])
    choice = {
        "version": "1",
        "a_2_2_1": "no",
        "e_2_2_1": "Mine",
        "t_2_2_1": EMPTY,
        "tt_2_2_1": theirs,
        "r_2_2_1": "mine",
        "action": "save",
    }
    Answer.objects.filter(case=case).update(evidence="Theirs, changed again")
    response = client.post(page, choice)
    assert response.status_code == 409  # the saved version moved again: asked again
    assert stored(case, "2.2.1") == ("yes", "Theirs, changed again")
    choice["tt_2_2_1"] = answer_token("yes", "Theirs, changed again")
    assert client.post(page, choice).status_code == 302
    assert stored(case, "2.2.1") == ("no", "Mine")


def test_a_retried_save_that_already_landed_writes_nothing_and_keeps_the_version(
    client, case, inspector
):
    client.force_login(inspector)
    assert autosave(client, case, {"2_2_1": ("no", "Once", EMPTY)}).status_code == 200
    # the answer to that save was lost: the page sends it again with its old token
    response = autosave(client, case, {"2_2_1": ("no", "Once", EMPTY)}, version=1)
    assert response.status_code == 200
    assert "All changes saved" in response.content.decode()
    assert Case.objects.get(pk=case.pk).version == 2
    assert Answer.objects.get(case=case).history.count() == 1


def test_an_item_the_page_should_not_ask_is_refused_with_a_reason(client, inspection, inspector):
    case = CaseFactory(inspection=inspection, assigned_to=inspector, pre_sentence_info=False)
    client.force_login(inspector)
    response = autosave(client, case, {"2_1_1": ("yes", "x", EMPTY)}, code="2.1")
    assert response.status_code == 400
    assert "this page is out of date" in response.content.decode()
    unknown = autosave(client, case, {"9_9_9": ("yes", "x", EMPTY)})
    assert unknown.status_code == 400
    assert not Answer.objects.filter(case=case).exists()


def test_an_item_sent_without_its_evidence_is_refused_not_blanked(client, case, inspector):
    Answer.objects.create(case=case, item=item("2.2.1"), value="no", evidence="Keep me")
    client.force_login(inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    data = {"version": 1, "partial": "1", "a_2_2_1": "yes", "t_2_2_1": answer_token("no", "")}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert stored(case, "2.2.1") == ("no", "Keep me")


def test_an_invalid_answer_is_refused_naming_the_problem(client, case, inspector):
    client.force_login(inspector)
    response = autosave(client, case, {"2_2_1": ("maybe", "x", EMPTY)})
    assert response.status_code == 400
    assert "Not saved: 2.2.1: Select a valid choice" in response.content.decode()
    assert not Answer.objects.filter(case=case).exists()


def test_the_page_closing_save_is_lean_too(client, case, inspector):
    """The last save as the page goes away (sendBeacon) carries no htmx header: `partial`
    alone makes it an autosave of the items it names."""
    Answer.objects.create(case=case, item=item("2.2.2"), value="no", evidence="Untouched")
    client.force_login(inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    data = {"version": 1, "partial": "1", "a_2_2_3": "", "e_2_2_3": "Typed", "t_2_2_3": EMPTY}
    assert client.post(url, data).status_code == 200
    assert stored(case, "2.2.3") == ("", "Typed")
    assert stored(case, "2.2.2") == ("no", "Untouched")


def test_an_autosave_on_a_read_only_case_is_refused(client, case, inspector):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.SUBMITTED)
    client.force_login(inspector)
    response = autosave(client, case, {"2_2_1": ("yes", "x", EMPTY)})
    assert response.status_code == 403
    assert "read-only" in response.content.decode()
    assert not Answer.objects.filter(case=case).exists()


def test_a_save_that_writes_nothing_leaves_the_version_and_the_row_alone(case, inspector):
    """The version increment is the lock; with nothing to write it is rolled back."""
    before = Case.objects.get(pk=case.pk).updated_at
    result = answers_record(
        case=case,
        user=inspector,
        token=1,
        edits=[AnswerEdit(item("2.2.1"), "", "", EMPTY)],  # unchanged
    )
    assert not result.wrote and result.version == 1
    after = Case.objects.get(pk=case.pk)
    assert (after.version, after.updated_at) == (1, before)


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_item_serialise_and_the_second_is_a_conflict():
    """Two real transactions on two connections, both starting from the empty item. The first
    holds the case row (not yet committed); the second must wait for it, then find the first's
    text stored and report a conflict — never overwrite it."""
    inspection = InspectionFactory(framework=shipped_framework())
    first_user = MembershipFactory(inspection=inspection, role="inspector").user
    second_user = MembershipFactory(inspection=inspection, role="lead").user
    case = CaseFactory(inspection=inspection, assigned_to=first_user)
    target = item("2.2.1")
    written_uncommitted = threading.Event()
    commit_first = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                answers_record(
                    case=Case.objects.get(pk=case.pk),
                    user=first_user,
                    token=1,
                    edits=[AnswerEdit(target, "no", "First", EMPTY)],
                )
                written_uncommitted.set()
                assert commit_first.wait(timeout=60)
        finally:
            connection.close()

    def second() -> None:
        try:
            outcome["pid"] = backend_pid()
            outcome["result"] = answers_record(
                case=Case.objects.get(pk=case.pk),
                user=second_user,
                token=1,
                edits=[AnswerEdit(target, "yes", "Second", EMPTY)],
            )
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert written_uncommitted.wait(timeout=60)
    two = threading.Thread(target=second)
    two.start()
    for _ in range(2000):
        two.join(timeout=0.01)
        if not two.is_alive() or ("pid" in outcome and waiting_on_lock(outcome["pid"])):
            break
    outcome["waited"] = two.is_alive()
    commit_first.set()
    one.join(timeout=60)
    two.join(timeout=60)

    assert outcome["waited"], "the second save did not wait for the first one's lock"
    result = outcome["result"]
    assert [c.theirs_evidence for c in result.conflicts] == ["First"]
    assert not result.saved
    assert stored(case, "2.2.1") == ("no", "First")
    assert Case.objects.get(pk=case.pk).version == 2
