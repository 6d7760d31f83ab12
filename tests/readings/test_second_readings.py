"""Second readings: choosing cases (reproducible), giving them to blind readers, recording and
submitting them — and that they never reach the results or the first reader."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.models import Answer, Case, answer_token
from casework.permissions import cases_for
from casework.services.answer_sheet import AnswerEdit
from casework.services.qa import SubmitError
from readings.models import Reading, ReadingAnswer
from readings.permissions import readings_for
from readings.services.readings import (
    reading_answers_record,
    reading_submit,
    second_reader_set,
    second_reading_cancel,
    second_readings_select,
)
from reports.services.results import results_build
from sampling.models import ConflictOfInterest
from sampling.services.assignment import cases_assign, cases_auto_assign
from tests.support.factories import AdminFactory, CaseFactory, MembershipFactory
from tests.support.readings_data import double_read, items_by_code, key_questions

pytestmark = pytest.mark.django_db


def team(inspection, n: int) -> list:
    return [
        MembershipFactory(inspection=inspection, role="inspector", user__username=f"insp{i}").user
        for i in range(n)
    ]


def cases(inspection, inspectors, n: int) -> list[Case]:
    out = []
    for i in range(n):
        out.append(
            CaseFactory(
                inspection=inspection,
                ref=f"R-{i:03d}",
                assigned_to=inspectors[i % len(inspectors)],
                case_type=["community", "licence"][i % 2],
                rosh=["low", "medium", "high"][i % 3],
            )
        )
    return out


def chosen(draw) -> list[str]:
    return sorted(draw.readings.values_list("case__ref", flat=True))


def test_the_same_seed_chooses_the_same_cases(inspection, lead):
    inspectors = team(inspection, 3)
    cases(inspection, inspectors, 40)
    first = second_readings_select(inspection=inspection, seed=7, share=25, user=lead)
    refs = chosen(first)
    assert len(refs) == 10  # 25% of 40
    for reading in first.readings.all():
        second_reading_cancel(reading=reading, user=lead)
    again = second_readings_select(inspection=inspection, seed=7, share=25, user=lead)
    assert chosen(again) == refs
    for reading in again.readings.all():
        second_reading_cancel(reading=reading, user=lead)
    other = second_readings_select(inspection=inspection, seed=8, share=25, user=lead)
    assert chosen(other) != refs


def test_a_share_rounds_up_and_later_choices_skip_read_cases(inspection, lead):
    inspectors = team(inspection, 2)
    cases(inspection, inspectors, 21)
    draw = second_readings_select(inspection=inspection, seed=1, share=10, user=lead)
    assert draw.size == 3 and draw.eligible == 21  # ceil(2.1)
    more = second_readings_select(inspection=inspection, seed=1, size=18, user=lead)
    assert more.eligible == 18 and not set(chosen(draw)) & set(chosen(more))
    with pytest.raises(ValidationError, match="already has a second reading"):
        second_readings_select(inspection=inspection, seed=1, size=1, user=lead)


def test_a_stratified_choice_is_proportional(inspection, lead):
    """40 cases, 20 community and 20 licence: 10 chosen by case type give 5 and 5."""
    inspectors = team(inspection, 2)
    cases(inspection, inspectors, 40)
    draw = second_readings_select(
        inspection=inspection, seed=3, size=10, strata=["case_type"], user=lead
    )
    types = list(draw.readings.values_list("case__case_type", flat=True))
    assert sorted(types) == ["community"] * 5 + ["licence"] * 5
    assert draw.allocation == [
        {"stratum": "case_type=community", "eligible": 20, "chosen": 5},
        {"stratum": "case_type=licence", "eligible": 20, "chosen": 5},
    ]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"share": 0}, "percentage from 1 to 100"),
        ({"share": 101}, "percentage from 1 to 100"),
        ({"size": 0}, "at least 1"),
        ({"size": 5, "share": 5}, "either a share"),
        ({}, "either a share"),
        ({"size": 11}, "Only 10 cases"),
        ({"size": 2, "strata": ["shoe_size"]}, "Strata must be among"),
        ({"size": 2, "seed": -1}, "seed must be"),
    ],
)
def test_bad_choices_are_refused_with_a_reason(inspection, lead, params, message):
    cases(inspection, team(inspection, 2), 10)
    params = {"seed": 1} | params
    with pytest.raises(ValidationError, match=message):
        second_readings_select(inspection=inspection, user=lead, **params)
    assert not Reading.objects.exists()


def test_readers_are_never_the_first_reader_nor_conflicted_nor_admins_and_share_evenly(
    inspection, lead
):
    inspectors = team(inspection, 3)
    admin_on_team = AdminFactory(username="team-admin")
    MembershipFactory(inspection=inspection, user=admin_on_team, role="inspector")
    all_cases = cases(inspection, inspectors, 12)
    ConflictOfInterest.objects.create(inspection=inspection, user=inspectors[2], ref="R-000")
    second_readings_select(inspection=inspection, seed=5, share=100, user=lead)
    readings = list(Reading.objects.select_related("case"))
    assert len(readings) == 12
    for reading in readings:
        assert reading.reader_id not in (None, reading.case.assigned_to_id, admin_on_team.pk)
    r000 = next(r for r in readings if r.case.ref == "R-000")
    assert r000.reader_id == inspectors[1].pk  # insp0 reads it first, insp2 is conflicted
    loads = sorted(
        sum(1 for r in readings if r.reader_id == u.pk) for u in inspectors
    )  # 12 readings over 3 readers
    assert loads == [4, 4, 4]
    assert all_cases


def test_a_lead_or_the_first_reader_cannot_be_made_second_reader(inspection, lead):
    inspectors = team(inspection, 2)
    case = cases(inspection, inspectors, 1)[0]
    reading = Reading.objects.create(kind="second", case=case)
    with pytest.raises(ValidationError, match="is the inspector of case"):
        second_reader_set(reading=reading, reader=inspectors[0], user=lead)
    with pytest.raises(ValidationError, match="not an active inspector"):
        second_reader_set(reading=reading, reader=lead, user=lead)
    second_reader_set(reading=reading, reader=inspectors[1], user=lead)
    assert Reading.objects.get().reader == inspectors[1]


def test_a_case_is_never_assigned_to_its_second_reader(inspection, lead):
    inspectors = team(inspection, 2)
    case = CaseFactory(inspection=inspection, assigned_to=None, ref="U-1")
    Reading.objects.create(kind="second", case=case, reader=inspectors[0])
    with pytest.raises(ValidationError, match="second reader of U-1"):
        cases_assign(inspection=inspection, cases=[case], assignee=inspectors[0])
    cases_auto_assign(inspection=inspection)
    assert Case.objects.get(pk=case.pk).assigned_to == inspectors[1]


def _edit(item, value, evidence="", original=("", "")):
    return AnswerEdit(item, value, evidence, answer_token(*original))


def test_recording_a_second_reading_keeps_the_concurrency_rules(inspection, inspector, lead):
    reader = team(inspection, 1)[0]
    reading = double_read(
        inspection,
        first={},
        second={},
        second_reader=reader,
        first_reader=inspector,
        second_status="draft",
    )
    item = items_by_code(inspection)["2.2.1"]
    saved = reading_answers_record(
        reading=reading, user=reader, token=1, edits=[_edit(item, "no", "Thin.")]
    )
    assert saved.version == 2 and saved.saved == [item]
    # a stale page that started from blank and typed something else: a conflict, not an overwrite
    stale = reading_answers_record(
        reading=reading, user=reader, token=1, edits=[_edit(item, "yes", "Fine.")]
    )
    assert stale.stale and [c.theirs_value for c in stale.conflicts] == ["no"]
    assert ReadingAnswer.objects.get().value == "no"
    assert Reading.objects.get().version == 2
    # nobody but the reader records it, not even a lead or the first reader
    for other in (lead, inspector):
        with pytest.raises(PermissionDenied):
            reading_answers_record(reading=reading, user=other, token=2, edits=[])
    # and it never touches the case's own answers
    assert not Answer.objects.exists()


def test_submitting_needs_every_key_question_then_the_reading_is_read_only(inspection, inspector):
    reader = team(inspection, 1)[0]
    reading = double_read(
        inspection,
        first={},
        second={},
        second_reader=reader,
        first_reader=inspector,
        second_status="draft",
    )
    with pytest.raises(SubmitError) as problems:
        reading_submit(reading=reading, user=reader)
    needed = key_questions(inspection.framework_id, reading.case)
    assert len(problems.value.problems) == len(needed)
    edits = [_edit(item, item.positive_value) for item in needed]
    reading_answers_record(reading=reading, user=reader, token=1, edits=edits)
    reading_submit(reading=reading, user=reader)
    assert Reading.objects.get().is_submitted
    with pytest.raises(PermissionDenied, match="submitted"):
        reading_answers_record(reading=reading, user=reader, token=3, edits=[])


def _key_question(results: dict, code: str) -> dict:
    standard = next(s for s in results["standards"] if code.startswith(s["code"] + "."))
    return next(k for k in standard["key_questions"] if k["code"] == code)


def test_second_readings_never_count_in_the_results(inspection, inspector):
    reader = team(inspection, 1)[0]
    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    before = _key_question(results_build(inspection=inspection), "2.2.1")
    assert (before["yes"], before["no"]) == (1, 0)
    ReadingAnswer.objects.create(
        reading=reading, item=items_by_code(inspection)["2.2.3"], value="no"
    )
    after = results_build(inspection=inspection)
    assert _key_question(after, "2.2.1") == before
    assert _key_question(after, "2.2.3")["relevant"] == 0


def test_the_second_reader_cannot_see_the_case_and_the_first_reader_cannot_see_the_reading(
    inspection, inspector, lead, admin_user
):
    reader, colleague = team(inspection, 2)
    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    other = CaseFactory(inspection=inspection, assigned_to=colleague)
    assert reading.case not in cases_for(reader) and other in cases_for(reader)
    assert reading in readings_for(reader)
    assert reading.case in cases_for(inspector) and reading not in readings_for(inspector)
    assert reading not in readings_for(colleague)
    for boss in (lead, admin_user):
        assert reading.case in cases_for(boss) and reading in readings_for(boss)


def test_leaving_the_team_ends_a_second_readers_access(inspection, inspector):
    reader = team(inspection, 1)[0]
    reading = double_read(
        inspection, first={}, second={}, first_reader=inspector, second_reader=reader
    )
    inspection.team.filter(user=reader).delete()
    assert reading not in readings_for(reader)
