"""import_bundle / export_bundle: all or nothing, every problem named, a faithful round trip."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.models import Answer, Case, Interview
from inspection.models import Inspection, Region, StandardRating
from reports.services.results import results_build
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def run_import(tmp_path, bundle: dict | str, *args) -> tuple[str, str]:
    path = tmp_path / "bundle.json"
    path.write_text(bundle if isinstance(bundle, str) else json.dumps(bundle))
    out, err = StringIO(), StringIO()
    call_command("import_bundle", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row_counts() -> tuple[int, ...]:
    return (
        Inspection.objects.count(),
        Case.objects.count(),
        Answer.objects.count(),
        Interview.objects.count(),
        StandardRating.objects.count(),
        Region.objects.count(),
    )


def test_spec_example_imports_and_aggregates(tmp_path, spec_bundle, framework):
    out, _ = run_import(tmp_path, spec_bundle)
    result = json.loads(out)
    assert result["cases"] == 1
    inspection = Inspection.objects.get(pk=result["inspection"])
    case = inspection.cases.get()
    assert case.answers.get(item__code="2.2.3").value == "no"
    assert case.interviews.get().grade == "probation_officer"
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["format"] == "inspection-results/1"
    assert doc["inspection"] == inspection.pk
    assert doc["cases_counted"] == 1
    assessment = next(s for s in doc["standards"] if s["code"] == "2.2")
    kq = {k["code"]: k for k in assessment["key_questions"]}
    assert (kq["2.2.3"]["yes"], kq["2.2.3"]["no"], kq["2.2.3"]["relevant"]) == (0, 1, 1)
    assert kq["2.2.2"]["relevant"] == 0 and kq["2.2.2"]["percent"] is None
    assert assessment["driver"] == "2.2.3" and assessment["rating"] == "inadequate"
    # 1.2 and 1.4 have no judgement yet: the overall score is not guessed
    assert doc["overall"] == {"score": None, "max": 27, "rating": None}
    outcomes = next(s for s in doc["standards"] if s["code"] == "2.6")
    assert outcomes["rating"] is None and outcomes["score"] is None


def test_import_records_the_user_as_lead(tmp_path, spec_bundle, framework):
    user = UserFactory(username="lead-1")
    out, _ = run_import(tmp_path, spec_bundle, "--user", "lead-1")
    inspection = Inspection.objects.get(pk=json.loads(out)["inspection"])
    assert inspection.team.get().user == user
    assert inspection.team.get().role == "lead"


def mutate(bundle: dict, change) -> dict:
    bundle = copy.deepcopy(bundle)
    change(bundle)
    return bundle


BAD_BUNDLES = {
    "unknown item code": (
        lambda b: b["cases"][0]["answers"].update({"9.9.9": "yes"}),
        "case C-0001: answer for unknown item code '9.9.9'",
    ),
    "bad answer": (
        lambda b: b["cases"][0]["answers"].update({"2.2.1": "maybe"}),
        "case C-0001: 2.2.1: 'maybe' is not one of yes, no, na",
    ),
    "date outside windows": (
        lambda b: b["cases"][0].update(start_date="2022-06-01"),
        "case C-0001: start_date 2022-06-01 is outside every cohort window",
    ),
    "unknown key": (
        lambda b: b["cases"][0].update(sentence="12 months"),
        "case C-0001: unknown key 'sentence'",
    ),
    "duplicate ref": (
        lambda b: b["cases"].append(copy.deepcopy(b["cases"][0])),
        "case C-0001: duplicate case ref",
    ),
    "rating for a case-rated standard": (
        lambda b: b["standard_ratings"].update({"2.2": "good"}),
        "standard_ratings: 2.2 is rated from cases, not by judgement",
    ),
    "overall rating where bands exist": (
        lambda b: b.update(overall_rating="good"),
        "overall_rating: this framework computes the overall rating from its bands",
    ),
    "unknown framework": (
        lambda b: b.update(framework="hmip-pdu-1999"),
        "framework 'hmip-pdu-1999' is not loaded",
    ),
    "interview for a missing case": (
        lambda b: b["interviews"].append({"case_ref": "C-9999", "role": "trainee"}),
        "interviews[1]: case_ref 'C-9999' is not a case of this bundle",
    ),
    "bad enum": (lambda b: b["cases"][0].update(rosh="extreme"), "case C-0001: rosh: 'extreme'"),
    "court work answer on a case without pre-sentence information": (
        lambda b: b["cases"][0].update(pre_sentence_info=False, answers={"2.1.1": "yes"}),
        "case C-0001: 2.1.1 does not apply to this case",
    ),
}


@pytest.mark.parametrize("name", BAD_BUNDLES)
def test_malformed_bundle_is_refused_with_a_reason_and_nothing_written(
    tmp_path, spec_bundle, framework, name
):
    change, reason = BAD_BUNDLES[name]
    before = row_counts()
    with pytest.raises(CommandError, match="nothing imported"):
        run_import(tmp_path, mutate(spec_bundle, change))
    assert row_counts() == before
    err = StringIO()
    path = tmp_path / "bundle.json"
    with pytest.raises(CommandError):
        call_command("import_bundle", str(path), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert any(line.startswith(reason) for line in lines), lines


def test_truncated_json_is_refused_with_its_position(tmp_path, spec_bundle, framework):
    text = json.dumps(spec_bundle)[:200]
    with pytest.raises(CommandError) as exc:
        run_import(tmp_path, text)
    assert "nothing imported" in str(exc.value)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_bundle", str(tmp_path / "bundle.json"), stderr=err)
    assert "bundle is not valid JSON (line 1, column" in err.getvalue()
    assert Inspection.objects.count() == 0


def test_every_problem_is_listed_one_line_each(tmp_path, spec_bundle, framework):
    bundle = copy.deepcopy(spec_bundle)
    for change, _ in BAD_BUNDLES.values():
        if change is not BAD_BUNDLES["unknown framework"][0]:
            change(bundle)
    err = StringIO()
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    with pytest.raises(CommandError, match=r"\d+ problem\(s\), nothing imported"):
        call_command("import_bundle", str(path), stderr=err)
    assert len(err.getvalue().strip().splitlines()) >= 9
    assert Case.objects.count() == 0


def test_a_failure_after_validation_rolls_everything_back(
    tmp_path, spec_bundle, framework, monkeypatch
):
    import records.services.bundle as bundle_module

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bundle_module.Interview, "__init__", boom)
    before = row_counts()
    with pytest.raises(RuntimeError):
        run_import(tmp_path, spec_bundle)
    assert row_counts() == before


def test_unknown_user_is_refused(tmp_path, spec_bundle, framework):
    with pytest.raises(CommandError):
        run_import(tmp_path, spec_bundle, "--user", "nobody")
    assert Inspection.objects.count() == 0


def test_export_then_import_round_trips_to_identical_results(tmp_path, framework):
    from records.demo import demo_bundle

    out, _ = run_import(tmp_path, demo_bundle(framework, cases=30, seed=7))
    first = Inspection.objects.get(pk=json.loads(out)["inspection"])
    StandardRating.objects.filter(inspection=first, standard__code="2.3").delete()
    StandardRating.objects.create(
        inspection=first,
        standard=first.framework.standards.get(code="2.3"),
        final_rating="good",
        moderation_reason="Decision rule applied at moderation",
    )
    exported = StringIO()
    call_command("export_bundle", str(first.pk), stdout=exported)
    bundle = json.loads(exported.getvalue())
    out, _ = run_import(tmp_path, bundle)
    second = Inspection.objects.get(pk=json.loads(out)["inspection"])

    a, b = results_build(inspection=first), results_build(inspection=second)
    assert a["cases_counted"] > 0
    a.pop("inspection"), b.pop("inspection")
    assert a == b
    again = StringIO()
    call_command("export_bundle", str(second.pk), stdout=again)
    assert json.loads(again.getvalue()) == bundle
    assert next(s for s in b["standards"] if s["code"] == "2.3")["rating"] == "good"


def test_export_of_missing_inspection_fails_cleanly(db):
    with pytest.raises(CommandError, match="no inspection with id 999"):
        call_command("export_bundle", "999")
