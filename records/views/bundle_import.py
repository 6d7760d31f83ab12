"""Importing an inspection bundle in the browser: the same reader and service as `import_bundle`
and the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.requests import SignedInRequest
from inspection import permissions as perms
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError, bundle_read
from sampling.forms import BundleImportForm


@login_required
@require_http_methods(["GET", "POST"])
def bundle_import_view(request: SignedInRequest) -> HttpResponse:
    perms.require_admin(request)
    posted = request.method == "POST"
    form = BundleImportForm(request.POST, request.FILES) if posted else BundleImportForm()
    problems: list[str] = []
    if posted and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            data = bundle_read(upload, size=upload.size)
            inspection = bundle_import(data=data, user=request.user)
        except BundleError as exc:
            problems = exc.problems
        else:
            messages.success(
                request, f"Imported {inspection.pdu.name} with {inspection.cases.count()} cases"
            )
            return redirect("inspection", pk=inspection.pk)
    status = 400 if form.errors or problems else 200
    return render(
        request, "records/bundle_import.html", {"form": form, "problems": problems}, status=status
    )
