"""The directory role mapping, edited by Casebook admins in the product: which group or app role
in the organisation's directory gives the Casebook admin role or the right to lead inspections.
Applied at each directory sign-in (accounts.directory). Not admins: 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.govuk_forms import GovukErrors
from accounts.models import RoleMapping
from accounts.roles import has_admin_role


class RoleMappingForm(GovukErrors, forms.ModelForm):  # type: ignore[type-arg]  # not subscriptable at run time
    class Meta:
        model = RoleMapping
        fields = ["claim_value", "role", "note"]
        widgets = {"role": forms.RadioSelect}

    def clean_claim_value(self) -> str:
        value = str(self.cleaned_data["claim_value"]).strip()
        if not value:
            raise forms.ValidationError("Enter the group's object id or the app role's value")
        return value


def _admin_only(request: HttpRequest) -> None:
    if not has_admin_role(request.user):
        raise Http404("Not found")


@login_required
def role_mappings(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = RoleMappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mapping = form.save()
        messages.success(request, f"{mapping.claim_value} now gives {mapping.get_role_display()}.")
        return redirect("accounts:role_mappings")
    return render(
        request,
        "accounts/role_mappings.html",
        {"form": form, "mappings": RoleMapping.objects.all()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def role_mapping_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    mapping = get_object_or_404(RoleMapping, pk=pk)
    mapping.delete()
    messages.success(
        request,
        f"{mapping.claim_value} no longer gives {mapping.get_role_display()} "
        "(from each user's next sign-in).",
    )
    return redirect("accounts:role_mappings")
