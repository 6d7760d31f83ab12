"""The lead's settling of a second reading's disagreements: the list of a pair's disagreements
(the comparison), one page per decision with a way on to the next, and "the first reading stands
for all remaining" in one decision with one reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from readings.forms import SettleForm, SettleRemainingForm
from readings.models import Reading, ReadingKind
from readings.permissions import ReadingAccess, get_reading_for_user, reading_access
from readings.selectors.readings import Comparison, comparison, settled_words
from readings.services.settlement import disagreement_settle, disagreements_first_stands


def _settling(request: SignedInRequest, pk: int) -> tuple[Reading, ReadingAccess]:
    reading = get_reading_for_user(request, pk)
    if reading.kind != ReadingKind.SECOND:
        raise Http404("Only a second reading is compared with the first")
    access = reading_access(request.user, reading)
    if not access.is_lead:
        raise PermissionDenied("Only a lead inspector compares the two readings.")
    return reading, access


def _compare_page(
    request: SignedInRequest,
    reading: Reading,
    access: ReadingAccess,
    cmp: Comparison,
    form: SettleRemainingForm | None = None,
) -> HttpResponse:
    context = {
        "reading": reading,
        "case": reading.case,
        "access": access,
        "cmp": cmp,
        "counts": settled_words(len(cmp.disagreements), len(cmp.unsettled)),
        "first_unsettled": cmp.unsettled[0] if cmp.unsettled else None,
        "rest_form": form or SettleRemainingForm(),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "readings/reading_compare.html", context, status=status)


@login_required
def reading_compare(request: SignedInRequest, pk: int) -> HttpResponse:
    """The lead's view: both readings side by side, every disagreement, its settlement."""
    reading, access = _settling(request, pk)
    return _compare_page(request, reading, access, comparison(reading))


@login_required
@require_http_methods(["GET", "POST"])
def reading_settle(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    reading, access = _settling(request, pk)
    cmp = comparison(reading)
    rows = cmp.disagreements
    index = next((n for n, r in enumerate(rows) if r.item.code == code), None)
    if index is None:
        raise Http404("The readings do not disagree on this item")
    row = rows[index]
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
            return _after_settling(request, reading, code)
    later = [r for r in rows[index + 1 :] + rows[:index] if r.settlement is None]
    context = {
        "reading": reading,
        "case": reading.case,
        "access": access,
        "row": row,
        "form": form,
        "position": index + 1,
        "total": len(rows),
        "next_row": later[0] if later else None,
        "counts": settled_words(len(rows), len(cmp.unsettled)),
    }
    return render(
        request, "readings/reading_settle.html", context, status=400 if form.errors else 200
    )


def _after_settling(request: SignedInRequest, reading: Reading, code: str) -> HttpResponse:
    """On to the next disagreement not yet settled (after this one, then from the top), or back
    to the list when none is left."""
    rows = comparison(reading).disagreements
    index = next((n for n, r in enumerate(rows) if r.item.code == code), 0)
    later = [r for r in rows[index + 1 :] + rows[:index] if r.settlement is None]
    if later:
        messages.success(request, f"{code} settled. Next: {later[0].item.code}.")
        return redirect("cases:reading_settle", pk=reading.pk, code=later[0].item.code)
    messages.success(request, f"{code} settled. Every disagreement of this case is settled.")
    return redirect("cases:reading_compare", pk=reading.pk)


@login_required
@require_POST
def reading_settle_remaining(request: SignedInRequest, pk: int) -> HttpResponse:
    """The first reading stands for every disagreement not yet settled: one settlement each, with
    the same reason, each in the case's history as a single settlement would be."""
    reading, access = _settling(request, pk)
    cmp = comparison(reading)
    form = SettleRemainingForm(request.POST)
    if form.is_valid():
        if not access.can_settle:
            raise PermissionDenied("Both readings must be in before settling.")
        try:
            done = disagreements_first_stands(
                reading=reading,
                items=[row.item for row in cmp.unsettled],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("reason", message)
        else:
            n = len(done)
            messages.success(
                request,
                f"The first reading stands for the {n} remaining disagreement{'s' if n != 1 else ''}.",
            )
            return redirect("cases:reading_compare", pk=reading.pk)
    return _compare_page(request, reading, access, cmp, form)
