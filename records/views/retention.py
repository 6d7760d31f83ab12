"""Retention page (admins only): the dry run of anonymising an inspection, then the confirmation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.requests import SignedInRequest
from inspection import permissions as perms
from records.models import Anonymisation
from records.selectors.retention import LABELS, anonymisation_counts, anonymisation_refusal
from records.services.retention import inspection_anonymise


@login_required
@require_http_methods(["GET", "POST"])
def anonymise(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET shows what anonymising would change (nothing is written); POST does it."""
    perms.require_admin(request)
    inspection = perms.get_inspection_to_manage(request, pk)
    form = forms.Form(request.POST if request.method == "POST" else None)  # carries the errors
    if request.method == "POST" and form.is_valid():
        try:
            inspection_anonymise(inspection=inspection, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "The inspection's personal data has been anonymised.")
            return redirect("setup:overview", pk)
    record = Anonymisation.objects.filter(inspection=inspection).first()
    refusal = anonymisation_refusal(inspection)
    counts = record.counts if record else ({} if refusal else anonymisation_counts(inspection))
    context = {
        "inspection": inspection,
        "form": form,
        "record": record,
        "refusal": refusal,
        "rows": [(label, counts[key]) for key, label in LABELS.items() if key in counts],
    }
    return render(request, "records/anonymise.html", context, status=400 if form.errors else 200)
