"""The case form: case overview, one page per standard (plain Save and htmx autosave), submit."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.requests import SignedInRequest
from casework.forms import StandardAnswersForm, attribute_code
from casework.models import EVIDENCE_MAX_CHARS, SECOND_READING, Case, answer_token
from casework.permissions import CaseAccess, case_access, get_case_for_user
from casework.selectors.casework import (
    CaseForm,
    Problem,
    attribute_questions,
    case_form,
    case_interviews,
    case_status_label,
    field_slug,
    standard_rows,
    submit_problems,
)
from casework.services.answer_sheet import SaveResult
from casework.services.answers import answers_record
from casework.services.qa import SubmitError, case_submit
from casework.views.autosave import autosave_answer, status


@dataclass(frozen=True)
class SheetLinks:
    """What the one answer sheet page (`casework/answer_sheet.html`) links to: its standard pages
    (URL name and key), its overview, and the key its offline drafts are kept under."""

    standard_url: str
    pk: int
    overview_url: str
    draft_key: str


def _overview_context(case: Case, access: CaseAccess, form: CaseForm) -> dict[str, Any]:
    has_answers = any(e.answered for e in form.standards)
    return {
        "case": case,
        "access": access,
        "casework": form,
        "sheet": _sheet(case),
        "status_label": case_status_label(case, has_answers),
        "interviews": case_interviews(case),
        # a lead sees that a second reading exists (the first reader and other inspectors do not)
        "second_reading": case.readings.filter(kind=SECOND_READING).first()
        if access.sees_readings
        else None,
    }


@login_required
def case_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The case overview; `?check=1` (where a refused submit leads) lists what stops the submit."""
    case = get_case_for_user(request, pk)
    access = case_access(request.user, case)
    casework = case_form(case)
    context = _overview_context(case, access, casework)
    if request.GET.get("check") and access.can_edit:
        context["problems"] = submit_problems(casework)
    return render(request, "casework/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_submit_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Post/redirect/get: a refused submit leads back to the case's own address, which lists the
    problems (computed again there, so a reload shows them as they are then); a GET leads to the
    case."""
    case = get_case_for_user(request, pk)
    if request.method == "GET":
        return redirect("cases:detail", pk=case.pk)
    access = case_access(request.user, case)
    if not access.can_edit:
        raise PermissionDenied("You cannot submit this case.")
    try:
        case_submit(case=case, user=request.user)
    except SubmitError:
        return redirect(reverse("cases:detail", args=[case.pk]) + "?check=1")
    messages.success(request, f"Case {case.ref} submitted for quality assurance")
    return redirect("cases:detail", pk=case.pk)


def _sheet(case: Case) -> SheetLinks:
    return SheetLinks(
        "cases:standard", case.pk, reverse("cases:detail", args=[case.pk]), str(case.pk)
    )


def _standard_context(
    case: Case, access: CaseAccess, casework: CaseForm, code: str, form: StandardAnswersForm
) -> dict[str, Any]:
    entries = casework.standards
    index = next(i for i, e in enumerate(entries) if e.standard.code == code)
    return {
        "case": case,
        "access": access,
        "casework": casework,
        "sheet": _sheet(case),
        "entry": entries[index],
        "questions": casework.questions(entries[index].standard),
        "previous": entries[index - 1] if index > 0 else None,
        "next": entries[index + 1] if index + 1 < len(entries) else None,
        "form": form,
        "evidence_limit": EVIDENCE_MAX_CHARS,
        "evidence_limit_text": f"{EVIDENCE_MAX_CHARS:,}",
    }


def after_conflict_data(
    casework: CaseForm, code: str, form: StandardAnswersForm, result: SaveResult
) -> dict[str, str]:
    """The form to show after a plain save met conflicts: everything as now stored (read again
    after the save), except the conflicting items, which keep the inspector's version and carry
    the token of the saved one for the choice."""
    entry = casework.entry(code)
    data = {"version": str(result.version)}
    for question in casework.questions(entry.standard):
        data[f"q_{question.slug}"] = data[f"oq_{question.slug}"] = attribute_code(question.value)
    for row in casework.rows(entry.standard):
        for r in (row, *row.prompts):
            if r.applies:
                data |= {
                    f"a_{r.slug}": r.value,
                    f"e_{r.slug}": r.evidence,
                    f"t_{r.slug}": answer_token(r.value, r.evidence),
                }
    for conflict in result.conflicts:
        s = field_slug(conflict.item)
        data |= {
            f"a_{s}": conflict.mine_value,
            f"e_{s}": conflict.mine_evidence,
            f"t_{s}": form.cleaned_data.get(f"t_{s}") or "",
            f"tt_{s}": answer_token(conflict.theirs_value, conflict.theirs_evidence),
        }
    return data


def _checked_form(
    rows: list[Any], questions: list, case: Case, problems: list[Problem]
) -> StandardAnswersForm:
    """The stored answers as a bound form carrying the submit problems as field errors."""
    unbound = StandardAnswersForm(rows, questions=questions, initial={"version": case.version})
    data = {name: unbound[name].initial or "" for name in unbound.fields}
    form = StandardAnswersForm(rows, data, questions=questions)
    form.is_valid()
    for problem in problems:
        form.add_error(
            f"{'a' if problem.field == 'value' else 'e'}_{problem.slug}", problem.message
        )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def case_standard(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    autosave = request.method == "POST" and (request.htmx or "partial" in request.POST)
    case = get_case_for_user(request, pk, lean=autosave)
    access = case_access(request.user, case)
    if autosave:
        return _autosave(request, case, access, code)
    casework = case_form(case)
    entry = casework.entry(code)
    if entry is None:
        raise Http404("No such standard on the case form")
    rows = casework.rows(entry.standard)
    questions = casework.questions(entry.standard)
    if request.method == "POST":
        return _save(request, case, access, casework, code, rows, questions)
    form = StandardAnswersForm(rows, questions=questions, initial={"version": case.version})
    problems: list[Problem] = []
    if request.GET.get("check") and access.can_edit:
        problems = [p for p in submit_problems(casework) if p.standard.code == code]
        form = _checked_form(rows, questions, case, problems)
    context = _standard_context(case, access, casework, code, form)
    context.update(items=form.item_fields(), problems=problems)
    return render(request, "casework/standard.html", context)


def _autosave(request: SignedInRequest, case: Case, access: CaseAccess, code: str) -> HttpResponse:
    """An autosave (htmx, or the page's last save as it closes): only the items it sent."""
    if not access.can_edit:
        return status(request, "Not saved: this case is now read-only.", 403)
    rows = standard_rows(case, code)
    if rows is None:
        raise Http404("No such standard on the case form")

    def record(form: StandardAnswersForm) -> SaveResult:
        result = answers_record(
            case=case,
            user=request.user,
            token=form.cleaned_data["version"],
            edits=form.edits(),
            attributes=form.attribute_edits(),
        )
        _attribute_messages(request, result)
        return result

    questions = attribute_questions(case, rows)
    return autosave_answer(request, rows=rows, questions=questions, record=record)


def _save(
    request: SignedInRequest,
    case: Case,
    access: CaseAccess,
    casework: CaseForm,
    code: str,
    rows: list[Any],
    questions: list[Any],
) -> HttpResponse:
    """The plain Save (no script, or choosing between versions): the whole standard's form."""
    if not access.can_edit:
        raise PermissionDenied("This case is read-only.")
    form = StandardAnswersForm(rows, request.POST, questions=questions)
    result = None
    if form.is_valid():
        try:
            result = answers_record(
                case=case,
                user=request.user,
                token=form.cleaned_data["version"],
                edits=form.edits(),
                attributes=form.attribute_edits(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if result is None:
        context = _standard_context(case, access, casework, code, form)
        context.update(items=form.item_fields(), form_errors=True)
        return render(request, "casework/standard.html", context, status=400)
    _attribute_messages(request, result)
    if result.conflicts:
        for name in result.attributes_changed:
            setattr(case, name, getattr(result.case, name))
        fresh = case_form(case)
        entry = fresh.entry(code)
        shown = StandardAnswersForm(
            fresh.rows(entry.standard),
            after_conflict_data(fresh, code, form, result),
            questions=fresh.questions(entry.standard),
        )
        shown.is_valid()
        context = _standard_context(case, access, fresh, code, shown)
        items = shown.item_fields(result.conflicts)
        conflicts = [f for f in items if f.conflict]
        conflicts += [p for f in items for p in f.prompts if p.conflict]
        context.update(
            items=items, result=result, saved_at=timezone.localtime(), conflicts=conflicts
        )
        return render(request, "casework/standard.html", context, status=409)
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}")
    if request.POST.get("action") == "continue" and not result.attributes_changed:
        following = _standard_context(case, access, casework, code, form)["next"]
        if following:
            return redirect("cases:standard", pk=case.pk, code=following.standard.code)
        return redirect("cases:detail", pk=case.pk)
    return redirect("cases:standard", pk=case.pk, code=code)


def _attribute_messages(request: SignedInRequest, result: SaveResult) -> None:
    """Say what a change of a case attribute did to the page (shown on the next page load)."""
    if result.attribute_conflicts:
        messages.warning(
            request,
            "Someone else changed the case details on this page while you were working; "
            "your change to them was not saved. Check them and choose again.",
        )
    if result.made_not_applicable:
        codes = ", ".join(item.code for item in result.made_not_applicable)
        messages.info(
            request,
            f"These answers no longer apply to this case and were set to not applicable: {codes}. "
            "Any evidence you wrote is kept.",
        )
