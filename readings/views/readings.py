"""Reading pages — a second reading of a case, or a practice or reference reading of a practice
case: an overview, one page per standard (plain Save and htmx autosave, the case form's parts),
submit; for a lead the two readings side by side and the settling of each disagreement; for a
practice reading, after submitting, where it differed from the reference."""

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from casework.forms import StandardAnswersForm
from casework.models import EVIDENCE_MAX_CHARS
from casework.selectors.casework import CaseForm
from casework.services.answer_sheet import SaveResult
from casework.services.qa import SubmitError
from casework.views.autosave import autosave_answer
from casework.views.autosave import status as autosave_status
from casework.views.casework import SheetLinks, after_conflict_data
from readings.forms import SettleForm
from readings.models import Reading, ReadingKind
from readings.permissions import ReadingAccess, get_reading_for_user, reading_access
from readings.selectors.practice import practice_feedback
from readings.selectors.readings import comparison, reading_form
from readings.services.readings import reading_answers_record, reading_submit
from readings.services.settlement import disagreement_settle


def _context(reading: Reading, access: ReadingAccess, form: CaseForm) -> dict[str, Any]:
    sheet = SheetLinks(
        "cases:reading_standard",
        reading.pk,
        reverse("cases:reading", args=[reading.pk]),
        f"reading:{reading.pk}",
    )
    return {
        "reading": reading,
        "subject": reading.subject,
        "access": access,
        "casework": form,
        "sheet": sheet,
    }


@login_required
def reading_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    reading = get_reading_for_user(request, pk)
    access = reading_access(request.user, reading)
    return render(
        request, "readings/reading_detail.html", _context(reading, access, reading_form(reading))
    )


@login_required
@require_POST
def reading_submit_view(request: SignedInRequest, pk: int) -> HttpResponse:
    reading = get_reading_for_user(request, pk)
    access = reading_access(request.user, reading)
    if not access.can_edit:
        raise PermissionDenied("You cannot submit this reading.")
    try:
        reading_submit(reading=reading, user=request.user)
    except SubmitError as exc:
        context = _context(reading, access, reading_form(reading)) | {"problems": exc.problems}
        return render(request, "readings/reading_detail.html", context, status=400)
    messages.success(request, f"{reading.get_kind_display()} submitted")
    if reading.kind == ReadingKind.PRACTICE:
        return redirect("cases:reading_feedback", pk=reading.pk)
    return redirect("cases:reading", pk=reading.pk)


def _standard_context(
    reading: Reading, access: ReadingAccess, casework: CaseForm, code: str, form: Any
) -> dict[str, Any]:
    entries = casework.standards
    index = next(i for i, e in enumerate(entries) if e.standard.code == code)
    return _context(reading, access, casework) | {
        "entry": entries[index],
        "previous": entries[index - 1] if index > 0 else None,
        "next": entries[index + 1] if index + 1 < len(entries) else None,
        "form": form,
        "evidence_limit": EVIDENCE_MAX_CHARS,
        "evidence_limit_text": f"{EVIDENCE_MAX_CHARS:,}",
    }


@login_required
@require_http_methods(["GET", "POST"])
def reading_standard(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    reading = get_reading_for_user(request, pk)
    access = reading_access(request.user, reading)
    casework = reading_form(reading)
    entry = casework.entry(code)
    if entry is None:
        raise Http404("No such standard on this reading")
    rows = casework.rows(entry.standard)
    if request.method == "POST" and (request.htmx or "partial" in request.POST):
        return _autosave(request, reading, access, rows)
    if request.method == "POST":
        return _save(request, reading, access, casework, code, rows)
    form = StandardAnswersForm(rows, initial={"version": reading.version})
    context = _standard_context(reading, access, casework, code, form)
    context["items"] = form.item_fields()
    return render(request, "readings/reading_standard.html", context)


def _record(request: SignedInRequest, reading: Reading):
    def record(form: StandardAnswersForm) -> SaveResult:
        return reading_answers_record(
            reading=reading,
            user=request.user,
            token=form.cleaned_data["version"],
            edits=form.edits(),
        )

    return record


def _autosave(
    request: SignedInRequest, reading: Reading, access: ReadingAccess, rows: list[Any]
) -> HttpResponse:
    """The case form's lean autosave, recorded on the reading (the same protocol and fragment)."""
    if not access.can_edit:
        return autosave_status(request, "Not saved: this reading is now read-only.", 403)
    # Flat rows, as a case's autosave parses against (`standard_rows`): a key question's row
    # without its prompts, or a post with both would record each prompt twice.
    flat = [replace(r, prompts=[]) for row in rows for r in (row, *row.prompts)]
    return autosave_answer(request, rows=flat, questions=[], record=_record(request, reading))


def _save(
    request: SignedInRequest,
    reading: Reading,
    access: ReadingAccess,
    casework: CaseForm,
    code: str,
    rows: list[Any],
) -> HttpResponse:
    """The plain Save (no script, or choosing between versions): the whole standard's form, with
    the case form's conflict handling."""
    if not access.can_edit:
        raise PermissionDenied("This reading is read-only.")
    form = StandardAnswersForm(rows, request.POST)
    result = None
    if form.is_valid():
        try:
            result = _record(request, reading)(form)
        except ValidationError as exc:
            form.add_error(None, exc)
    if result is None:
        context = _standard_context(reading, access, casework, code, form)
        context.update(items=form.item_fields(), form_errors=True)
        return render(request, "readings/reading_standard.html", context, status=400)
    if result.conflicts:
        fresh = reading_form(reading)
        shown = StandardAnswersForm(
            fresh.rows(fresh.entry(code).standard), after_conflict_data(fresh, code, form, result)
        )
        shown.is_valid()
        context = _standard_context(reading, access, fresh, code, shown)
        items = shown.item_fields(result.conflicts)
        conflicts = [f for f in items if f.conflict]
        conflicts += [p for f in items for p in f.prompts if p.conflict]
        context.update(
            items=items, result=result, saved_at=timezone.localtime(), conflicts=conflicts
        )
        return render(request, "readings/reading_standard.html", context, status=409)
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}")
    if request.POST.get("action") == "continue":
        following = _standard_context(reading, access, casework, code, form)["next"]
        if following:
            return redirect("cases:reading_standard", pk=reading.pk, code=following.standard.code)
        return redirect("cases:reading", pk=reading.pk)
    return redirect("cases:reading_standard", pk=reading.pk, code=code)


def _settling(request: SignedInRequest, pk: int) -> tuple[Reading, ReadingAccess]:
    reading = get_reading_for_user(request, pk)
    if reading.kind != ReadingKind.SECOND:
        raise Http404("Only a second reading is compared with the first")
    access = reading_access(request.user, reading)
    if not access.is_lead:
        raise PermissionDenied("Only a lead inspector compares the two readings.")
    return reading, access


@login_required
def reading_compare(request: SignedInRequest, pk: int) -> HttpResponse:
    """The lead's view: both readings side by side, every disagreement, its settlement."""
    reading, access = _settling(request, pk)
    return render(
        request,
        "readings/reading_compare.html",
        {"reading": reading, "case": reading.case, "access": access, "cmp": comparison(reading)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reading_settle(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    reading, access = _settling(request, pk)
    row = next((r for r in comparison(reading).disagreements if r.item.code == code), None)
    if row is None:
        raise Http404("The readings do not disagree on this item")
    initial = {}
    if row.settlement:
        s = row.settlement
        initial = {"outcome": s.outcome, "value": s.value, "reason": s.reason}
    form = SettleForm(
        request.POST or None,
        initial=initial,
        item=row.item,
        first=row.first_before,
        second=row.second.value,
    )
    if request.method == "POST" and form.is_valid():
        if not access.can_settle:
            raise PermissionDenied("Both readings must be in before settling.")
        data = form.cleaned_data
        try:
            disagreement_settle(
                reading=reading,
                item=row.item,
                outcome=data["outcome"],
                user=request.user,
                value=data.get("value") or "",
                reason=data.get("reason") or "",
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"{row.item.code} settled")
            return redirect("cases:reading_compare", pk=reading.pk)
    context = {"reading": reading, "case": reading.case, "access": access, "row": row, "form": form}
    return render(
        request, "readings/reading_settle.html", context, status=400 if form.errors else 200
    )


@login_required
def reading_feedback(request: SignedInRequest, pk: int) -> HttpResponse:
    """A practice reading after submitting: where it differed from the reference."""
    reading = get_reading_for_user(request, pk)
    if not reading_access(request.user, reading).can_see_feedback:
        raise Http404("Feedback is shown once a practice reading is submitted")
    return render(
        request,
        "readings/reading_feedback.html",
        {"reading": reading, "practice": reading.practice, "feedback": practice_feedback(reading)},
    )
