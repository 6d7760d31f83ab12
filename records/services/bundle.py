"""Importing an inspection bundle (`inspection-bundle/1`): validate everything, then write once.

The import command, the import page and the API share `bundle_import`.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from casework.models import (
    Answer,
    Case,
    CaseStatus,
    Interview,
    InterviewOutcome,
)
from inspection.applicability import rule_implies
from inspection.attributes import CaseAttribute, column_of
from inspection.choices import CaseType, Gender, PractitionerGrade, RatedFrom, Rosh, TeamRole
from inspection.declared import attribute_write, declared_by_name
from inspection.models import (
    CohortWindow,
    FrameworkVersion,
    Inspection,
    Item,
    Pdu,
    Region,
    StandardRating,
    TeamMembership,
)
from records.services import bundle_rules as rules
from records.services.bundle_checks import (
    Checked,
    answers_check,
    attributes_check,
    case_attributes,
    choice_check,
    date_check,
    unknown_keys,
)
from records.services.bundle_format import (
    CASE_KEYS,
    FORMAT,
    INSPECTION_KEYS,
    INTERVIEW_KEYS,
    TOP_KEYS,
    BundleError,
)
from records.services.bundle_readings import second_readings_check, second_readings_create


def _framework_ratings(framework: FrameworkVersion) -> set[str]:
    ratings = {b["rating"] for b in framework.case_bands}
    ratings |= {b["rating"] for b in framework.overall_bands or []}
    return ratings | set(framework.scores or {})


def bundle_validate(data: dict[str, Any]) -> Checked:
    """Check a parsed bundle against its framework; collect every problem, write nothing."""
    checked = Checked()
    unknown_keys(data, TOP_KEYS, "bundle", checked)
    if data.get("format") != FORMAT:
        checked.add(f"format must be {FORMAT!r}, got {data.get('format')!r}")
    rules.nul_problems(data, checked.add)
    if not rules.framework_problems(data, checked.add):
        return checked
    versions = FrameworkVersion.objects.filter(code=data["framework"])
    if "framework_version" in data:
        versions = versions.filter(version=data["framework_version"])
    checked.framework = versions.order_by("-version").first()
    if checked.framework is None:
        checked.add(f"framework {data.get('framework')!r} is not loaded (load_framework first)")
        return checked
    checked.items = {i.code: i for i in checked.framework.items.select_related("standard")}
    checked.declared = declared_by_name(checked.framework)

    insp = data.get("inspection")
    windows: list[tuple[date, date]] = []
    if not isinstance(insp, dict):
        checked.add("inspection: an object is required")
        insp = {}
    unknown_keys(insp, INSPECTION_KEYS, "inspection", checked)
    for key in ("pdu", "region"):
        if not isinstance(insp.get(key), str) or not insp.get(key, "").strip():
            checked.add(f"inspection.{key}: a name is required")
    rules.name_problems(insp, checked.add)
    start = date_check(insp.get("fieldwork_start"), "inspection.fieldwork_start", checked)
    end = date_check(insp.get("fieldwork_end"), "inspection.fieldwork_end", checked)
    if start and end and end < start:
        checked.add("inspection: fieldwork_end is before fieldwork_start")
    raw_windows = insp.get("cohort_windows")
    if not isinstance(raw_windows, list) or not raw_windows:
        checked.add("inspection.cohort_windows: at least one window is required")
        raw_windows = []
    for i, w in enumerate(raw_windows):
        where = f"inspection.cohort_windows[{i}]"
        if not isinstance(w, dict) or set(w) != {"start", "end"}:
            checked.add(f"{where}: needs exactly start and end")
            continue
        ws, we = (
            date_check(w["start"], f"{where}.start", checked),
            date_check(w["end"], f"{where}.end", checked),
        )
        if ws and we:
            if we < ws:
                checked.add(f"{where}: end is before start")
            windows.append((ws, we))

    _check_ratings(data, checked)
    refs = _check_cases(data.get("cases"), windows, checked)
    _check_interviews(data.get("interviews", []), refs, checked)
    second_readings_check(data, checked)
    return checked


def _check_ratings(data: dict[str, Any], checked: Checked) -> None:
    framework = cast(FrameworkVersion, checked.framework)  # found, or validation stopped before
    ratings = _framework_ratings(framework)
    standards = {s.code: s for s in framework.standards.all()}
    given = data.get("standard_ratings", {})
    if not isinstance(given, dict):
        checked.add("standard_ratings: an object of standard code -> rating is required")
        given = {}
    for code, rating in given.items():
        standard = standards.get(code)
        if standard is None:
            checked.add(f"standard_ratings: {code!r} is not a standard of {framework.code}")
        elif standard.rated_from != RatedFrom.JUDGEMENT:
            checked.add(
                f"standard_ratings: {code} is rated from {standard.rated_from}, not by judgement"
            )
        elif not isinstance(rating, str) or rating not in ratings:
            checked.add(
                f"standard_ratings: {code}: {rating!r} is not one of {', '.join(sorted(ratings))}"
            )
    moderations = data.get("moderations", {})
    if not isinstance(moderations, dict):
        checked.add("moderations: an object of standard code -> {rating, reason} is required")
        moderations = {}
    for code, mod in moderations.items():
        standard = standards.get(code)
        if standard is None or standard.rated_from == RatedFrom.NONE:
            checked.add(f"moderations: {code!r} is not a rated standard of {framework.code}")
        elif not isinstance(mod, dict) or set(mod) != {"rating", "reason"}:
            checked.add(f"moderations: {code}: needs exactly rating and reason")
        elif not isinstance(mod["rating"], str) or mod["rating"] not in ratings:
            checked.add(f"moderations: {code}: {mod['rating']!r} is not a rating of the framework")
        elif not isinstance(mod["reason"], str) or not mod["reason"].strip():
            checked.add(f"moderations: {code}: a reason is required")
    if "overall_rating" in data:
        if framework.overall_bands:
            checked.add(
                "overall_rating: this framework computes the overall rating from its bands; "
                "remove overall_rating"
            )
        elif not isinstance(data["overall_rating"], str) or data["overall_rating"] not in ratings:
            checked.add(
                f"overall_rating: {data['overall_rating']!r} is not a rating of the framework"
            )


def _check_cases(cases: Any, windows: list[tuple[date, date]], checked: Checked) -> set[str]:
    refs: set[str] = set()
    seen: set[str] = set()  # references compared as the case list does, ignoring case
    if not isinstance(cases, list):
        checked.add("cases: a list is required")
        return refs
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            checked.add(f"cases[{i}]: an object is required")
            continue
        ref = case.get("ref")
        shown = ref if isinstance(ref, str) and len(ref) <= 40 else f"{str(ref)[:37]}..."
        where = f"case {shown}" if isinstance(ref, str) and ref else f"cases[{i}]"
        if not isinstance(ref, str) or not ref.strip():
            checked.add(f"{where}: ref is required")
        elif ref.upper() in seen:
            checked.add(f"{where}: duplicate case ref")
        else:
            refs.add(ref)
            seen.add(ref.upper())
        unknown_keys(case, CASE_KEYS, where, checked)
        attributes_check(case, where, checked)
        # the PDU attributes, checked as format 1 always did where the framework declares them
        typed = {n for n, a in checked.declared.items() if column_of(a)}
        if "case_type" in typed:
            choice_check(case.get("case_type"), CaseType.values, f"{where}: case_type", checked)
        if "rosh" in typed:
            choice_check(case.get("rosh"), Rosh.values, f"{where}: rosh", checked)
        if "gender" in typed:
            choice_check(case.get("gender", "unknown"), Gender.values, f"{where}: gender", checked)
        choice_check(
            case.get("status", "submitted"), CaseStatus.values, f"{where}: status", checked
        )
        if case.get("practitioner_grade", "") not in ["", *PractitionerGrade.values]:
            choice_check(
                case["practitioner_grade"],
                PractitionerGrade.values,
                f"{where}: practitioner_grade",
                checked,
            )
        if case.get("pre_sentence_info") not in (None, True, False):
            checked.add(f"{where}: pre_sentence_info must be true or false")
        count = case.get("practitioner_count")
        if count is not None and (
            not isinstance(count, int) or isinstance(count, bool) or count < 0
        ):
            checked.add(f"{where}: practitioner_count must be a whole number")
        for key in ("ethnicity", "age_band"):
            if not isinstance(case.get(key, ""), str):
                checked.add(f"{where}: {key} must be text")
        rules.case_field_problems(case, where, checked.add)
        day = date_check(case.get("start_date"), f"{where}: start_date", checked)
        if day and windows and not any(s <= day <= e for s, e in windows):
            checked.add(f"{where}: start_date {day} is outside every cohort window")
        answers_check(case, where, checked)
    return refs


def _check_interviews(interviews: Any, refs: set[str], checked: Checked) -> None:
    if not isinstance(interviews, list):
        checked.add("interviews: a list is required")
        return
    for i, row in enumerate(interviews):
        where = f"interviews[{i}]"
        if not isinstance(row, dict):
            checked.add(f"{where}: an object is required")
            continue
        unknown_keys(row, INTERVIEW_KEYS, where, checked)
        if not isinstance(row.get("case_ref"), str) or row["case_ref"] not in refs:
            checked.add(f"{where}: case_ref {row.get('case_ref')!r} is not a case of this bundle")
        choice_check(row.get("role"), PractitionerGrade.values, f"{where}: role", checked)
        if row.get("held_on") is not None:
            date_check(row["held_on"], f"{where}: held_on", checked)
        choice_check(
            row.get("outcome", "held"), InterviewOutcome.values, f"{where}: outcome", checked
        )
        if not isinstance(row.get("notes", ""), str):
            checked.add(f"{where}: notes must be text")


@transaction.atomic
def bundle_import(*, data: dict[str, Any], user: User | None = None) -> Inspection:
    """Create one inspection with its cases, answers, interviews and ratings — all or nothing.

    Raises BundleError listing every problem before anything is written.
    """
    checked = bundle_validate(data)
    if checked.problems:
        raise BundleError(checked.problems)
    framework = cast(FrameworkVersion, checked.framework)  # no problems: the framework was found
    insp = data["inspection"]
    region, _ = Region.objects.get_or_create(name=insp["region"].strip())
    pdu, _ = Pdu.objects.get_or_create(region=region, name=insp["pdu"].strip())
    inspection = Inspection.objects.create(
        pdu=pdu,
        framework=framework,
        fieldwork_start=date.fromisoformat(insp["fieldwork_start"]),
        fieldwork_end=date.fromisoformat(insp["fieldwork_end"]),
        overall_judgement=data.get("overall_rating", ""),
    )
    CohortWindow.objects.bulk_create(
        CohortWindow(
            inspection=inspection,
            start=date.fromisoformat(w["start"]),
            end=date.fromisoformat(w["end"]),
        )
        for w in insp["cohort_windows"]
    )
    if user is not None:
        TeamMembership.objects.create(inspection=inspection, user=user, role=TeamRole.LEAD)
    standards = {s.code: s for s in framework.standards.all()}
    judgements = data.get("standard_ratings", {})
    moderations = data.get("moderations", {})
    StandardRating.objects.bulk_create(
        StandardRating(
            inspection=inspection,
            standard=standards[code],
            judgement=judgements.get(code, ""),
            final_rating=moderations.get(code, {}).get("rating", ""),
            moderation_reason=moderations.get(code, {}).get("reason", ""),
            updated_by=user,
        )
        for code in judgements.keys() | moderations.keys()
    )
    bulk_create_with_history(
        [_case(inspection, raw, checked.items, checked.declared) for raw in data["cases"]],
        Case,
        default_user=user,
    )
    by_ref = {c.ref: c for c in Case.objects.filter(inspection=inspection)}
    answers = []
    for raw in data["cases"]:
        case = by_ref[raw["ref"]]
        values, evidence = raw.get("answers", {}), raw.get("evidence", {})
        for code in values.keys() | evidence.keys():
            answers.append(
                Answer(
                    case=case,
                    item=checked.items[code],
                    value=values.get(code, ""),
                    evidence=evidence.get(code, ""),
                    updated_by=user,
                )
            )
    bulk_create_with_history(answers, Answer, default_user=user, batch_size=2000)
    interviews = [
        Interview(
            case=by_ref[row["case_ref"]],
            grade=row["role"],
            held_on=date.fromisoformat(row["held_on"]) if row.get("held_on") else None,
            outcome=row.get("outcome", InterviewOutcome.HELD),
            notes=row.get("notes", ""),
            recorded_by=user,
        )
        for row in data.get("interviews", [])
    ]
    bulk_create_with_history(interviews, Interview, default_user=user)
    second_readings_create(data=data, inspection=inspection, items=checked.items, user=user)
    return inspection


def _implied(
    raw: dict[str, Any], items: dict[str, Item], declared: Mapping[str, CaseAttribute]
) -> dict[str, Any]:
    """Attributes the case leaves unknown that its judged answers show qualify: a `yes`/`no` on
    court work records that pre-sentence information was given (unknown is not "no")."""
    attrs = case_attributes(raw, declared)
    implied: dict[str, Any] = {}
    for code, value in raw.get("answers", {}).items():
        if value != "na":
            implied |= rule_implies(items[code].applies_to, attrs)
    return implied


def _case(
    inspection: Inspection,
    raw: dict[str, Any],
    items: dict[str, Item],
    declared: Mapping[str, CaseAttribute],
) -> Case:
    case = Case(
        inspection=inspection,
        ref=raw["ref"],
        case_type=raw.get("case_type", ""),
        start_date=date.fromisoformat(raw["start_date"]),
        rosh=raw.get("rosh", ""),
        gender=raw.get("gender", Gender.UNKNOWN),
        ethnicity=raw.get("ethnicity", ""),
        age_band=raw.get("age_band", ""),
        pre_sentence_info=raw.get("pre_sentence_info"),
        practitioner_count=raw.get("practitioner_count"),
        practitioner_grade=raw.get("practitioner_grade", ""),
        status=raw.get("status", CaseStatus.SUBMITTED),
    )
    for name, value in (raw.get("attributes") or {}).items():
        attribute_write(case, declared[name], value)
    for name, value in _implied(raw, items, declared).items():
        attribute_write(case, declared[name], value)
    return case


def user_by_username(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise BundleError([f"--user: no user named {username!r}"]) from None
