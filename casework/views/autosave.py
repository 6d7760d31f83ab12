"""The lean autosave: parse, validate and record only the items the page sent, and answer with the
status line plus, out of band, the new version and tokens (and the conflict panel).

The page's script sends, per item edited since its last save, the answer (a_), the evidence
(e_) and the token of what it started from (t_), plus the case's version, `partial=1` and any
case attribute it changed (q_, oq_). Nothing else of the page is read, built or validated.

Generic over where the answers go: `autosave_answer` takes the rows the post is parsed against
and a `record` callable that writes the form's edits (the case's answers here).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casework.forms import StandardAnswersForm, attribute_code
from casework.models import answer_token
from casework.selectors.casework import AttributeQuestion, ItemRow, field_slug
from casework.services.answer_sheet import SaveResult
from inspection.writes import InspectionReadOnly

RELOAD = "Not saved: this page is out of date. Copy any text you need, then reload the page."


def status(request: HttpRequest, message: str, http_status: int) -> HttpResponse:
    return render(request, "casework/_save_status.html", {"message": message}, status=http_status)


def posted_rows(rows: list[ItemRow], post) -> tuple[list[ItemRow], str]:
    """The rows of the items in the post (those with a token), and a problem if the post names an
    item the page does not ask (any more) or leaves out an item's evidence."""
    sent = {name[2:] for name in post if name.startswith("t_")}
    asked = {row.slug: row for row in rows if row.applies}
    if sent - asked.keys() or any(f"e_{slug}" not in post for slug in sent):
        return [], RELOAD
    return [asked[slug] for slug in sorted(sent)], ""


def _not_saved(form: StandardAnswersForm, rows: list[ItemRow]) -> str:
    """The first problem, naming the item (evidence errors name it themselves)."""
    if form["version"].errors:
        return RELOAD
    codes = {f"a_{row.slug}": row.item.code for row in rows}
    for field in form:
        for error in field.errors:
            code = codes.get(field.name)
            return f"Not saved: {code}: {error}" if code else f"Not saved: {error}"
    errors = form.non_field_errors()
    return f"Not saved: {errors[0]}" if errors else RELOAD


def autosave_answer(
    request: HttpRequest,
    *,
    rows: list[ItemRow],
    questions: list[AttributeQuestion],
    record: Callable[[StandardAnswersForm], SaveResult],
) -> HttpResponse:
    picked, problem = posted_rows(rows, request.POST)
    if problem:
        return status(request, problem, 400)
    form = StandardAnswersForm(picked, request.POST, questions=questions)
    if not form.is_valid():
        return status(request, _not_saved(form, picked), 400)
    try:
        result = record(form)
    except InspectionReadOnly as exc:  # published or anonymised: say which (inspection.writes)
        return status(request, f"Not saved: {exc}", 403)
    except PermissionDenied:
        return status(request, "Not saved: this case is now read-only.", 403)
    except ValidationError as exc:
        return status(request, f"Not saved: {exc.messages[0]}", 400)
    conflicted = {c.item.pk for c in result.conflicts}
    tokens = [
        (
            row.slug,
            answer_token(
                form.cleaned_data[f"a_{row.slug}"] or "", form.cleaned_data[f"e_{row.slug}"] or ""
            ),
        )
        for row in picked
        if row.item.pk not in conflicted
    ]
    conflicts = []
    if result.conflicts:
        data = request.POST.copy()
        for conflict in result.conflicts:
            theirs = answer_token(conflict.theirs_value, conflict.theirs_evidence)
            data[f"tt_{field_slug(conflict.item)}"] = theirs
        shown = StandardAnswersForm(picked, data, questions=questions)
        shown.is_valid()
        conflicts = [f for f in shown.item_fields(result.conflicts) if f.conflict]
    attributes = [
        (q.slug, attribute_code(getattr(result.case, q.slug)))
        for q in questions
        if q.attribute.name in result.attributes_changed
    ]
    context = {
        "result": result,
        "saved_at": timezone.localtime(),
        "tokens": tokens,
        "attributes": attributes,
        "conflicts": conflicts,
    }
    return render(
        request, "casework/_autosave.html", context, status=409 if result.conflicts else 200
    )
