"""The user's own password change (every signed-in user; forced after an admin-set password)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import PasswordChange
from accounts.requests import SignedInRequest
from accounts.roles import must_change_password
from accounts.services import password_change


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@login_required
def password_change_view(request: SignedInRequest) -> HttpResponse:
    forced = must_change_password(request.user)
    form = PasswordChange(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = password_change(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        messages.success(request, "Your password has been changed.")
        return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
    context = {"form": form, "forced": forced, "next": _next_url(request)}
    return render(request, "registration/password_change.html", context)
