"""The case form: case overview, one page per standard (plain Save and htmx autosave), submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases.forms.casework import StandardAnswersForm, attribute_code
from cases.models import Case, ReadingKind
from cases.permissions import CaseAccess, case_access, get_case_for_user
from cases.selectors.casework import (
    CaseForm,
    Problem,
    case_form,
    case_interviews,
    case_status_label,
    field_slug,
    submit_problems,
)
from cases.services.judgements import SaveResult, answers_record
from cases.services.qa import SubmitError, case_submit


def _overview_context(case: Case, access: CaseAccess, form: CaseForm) -> dict:
    has_answers = any(e.answered for e in form.standards)
    return {
        "case": case,
        "access": access,
        "casework": form,
        "status_label": case_status_label(case, has_answers),
        "interviews": case_interviews(case),
        # a lead sees that a second reading exists (the first reader and other inspectors do not)
        "second_reading": case.readings.filter(kind=ReadingKind.SECOND).first()
        if access.is_lead
        else None,
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    access = case_access(request.user, case)
    context = _overview_context(case, access, case_form(case))
    return render(request, "cases/detail.html", context)


@login_required
@require_POST
def case_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    access = case_access(request.user, case)
    if not access.can_edit:
        raise PermissionDenied("You cannot submit this case.")
    try:
        case_submit(case=case, user=request.user)
    except SubmitError as exc:
        context = _overview_context(case, access, case_form(case))
        context["problems"] = exc.problems
        return render(request, "cases/detail.html", context, status=400)
    messages.success(request, f"Case {case.ref} submitted for quality assurance")
    return redirect("cases:detail", pk=case.pk)


def _standard_context(
    case: Case, access: CaseAccess, casework: CaseForm, code: str, form: StandardAnswersForm
) -> dict:
    entries = casework.standards
    index = next(i for i, e in enumerate(entries) if e.standard.code == code)
    return {
        "case": case,
        "access": access,
        "casework": casework,
        "entry": entries[index],
        "questions": casework.questions(entries[index].standard),
        "previous": entries[index - 1] if index > 0 else None,
        "next": entries[index + 1] if index + 1 < len(entries) else None,
        "form": form,
    }


def _after_save_data(post: QueryDict, form: StandardAnswersForm, result: SaveResult) -> QueryDict:
    """The form data to show after a save with conflicts: saved items now start from what was
    saved, items kept as the saved version show it, conflicting items carry the saved version."""
    data = post.copy()
    data["version"] = str(result.version)
    saved = {item.pk for item in result.saved}
    for row in form.applicable:
        s = row.slug
        choice = form.cleaned_data.get(f"r_{s}")
        if row.item.pk in saved:
            data[f"oa_{s}"] = form.cleaned_data.get(f"a_{s}") or ""
            data[f"oe_{s}"] = form.cleaned_data.get(f"e_{s}") or ""
        elif choice == "theirs":
            for mine, theirs in (("a", "ta"), ("e", "te"), ("oa", "ta"), ("oe", "te")):
                data[f"{mine}_{s}"] = form.cleaned_data.get(f"{theirs}_{s}") or ""
        for name in ("r", "ta", "te"):
            data.pop(f"{name}_{s}", None)
    for question in form.questions:
        if question.attribute.name in result.attributes_changed:
            data[f"oq_{question.slug}"] = attribute_code(getattr(result.case, question.slug))
    for conflict in result.conflicts:
        s = field_slug(conflict.item)
        data[f"ta_{s}"] = conflict.theirs_value
        data[f"te_{s}"] = conflict.theirs_evidence
    return data


def _checked_form(
    rows: list, questions: list, case: Case, problems: list[Problem]
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
def case_standard(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    case = get_case_for_user(request, pk)
    access = case_access(request.user, case)
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
    return render(request, "cases/standard.html", context)


def _save(
    request: HttpRequest,
    case: Case,
    access: CaseAccess,
    casework: CaseForm,
    code: str,
    rows: list,
    questions: list,
) -> HttpResponse:
    autosave = bool(request.htmx)
    try:
        if not access.can_edit:
            raise PermissionDenied("This case is read-only.")
        form = StandardAnswersForm(rows, request.POST, questions=questions)
        if not form.is_valid():
            if autosave:
                return _status(request, "Not saved: reload the page and try again.", 400)
            context = _standard_context(case, access, casework, code, form)
            context.update(items=form.item_fields(), form_errors=True)
            return render(request, "cases/standard.html", context, status=400)
        result = answers_record(
            case=case,
            user=request.user,
            token=form.cleaned_data["version"],
            edits=form.edits(),
            attributes=form.attribute_edits(),
        )
    except PermissionDenied:
        if autosave:
            return _status(request, "Not saved: this case is now read-only.", 403)
        raise
    _attribute_messages(request, result)
    if result.conflicts or autosave:
        shown = StandardAnswersForm(
            rows, _after_save_data(request.POST, form, result), questions=questions
        )
        shown.is_valid()
        context = _standard_context(case, access, casework, code, shown)
        items = shown.item_fields(result.conflicts)
        conflicts = [f for f in items if f.conflict]
        conflicts += [p for f in items for p in f.prompts if p.conflict]
        context.update(
            items=items, result=result, saved_at=timezone.localtime(), conflicts=conflicts
        )
        template = "cases/_autosave.html" if autosave else "cases/standard.html"
        return render(request, template, context, status=409 if result.conflicts else 200)
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}")
    if request.POST.get("action") == "continue" and not result.attributes_changed:
        following = _standard_context(case, access, casework, code, form)["next"]
        if following:
            return redirect("cases:standard", pk=case.pk, code=following.standard.code)
        return redirect("cases:detail", pk=case.pk)
    return redirect("cases:standard", pk=case.pk, code=code)


def _attribute_messages(request: HttpRequest, result: SaveResult) -> None:
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


def _status(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "cases/_save_status.html", {"message": message}, status=status)
