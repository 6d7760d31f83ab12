"""User management (admins only): create inspectors and leads, deactivate, admin rights."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from inspection import permissions as perms
from sampling.forms import UserCreateForm
from sampling.selectors import users as sel
from sampling.services.users import user_create, user_deactivate, user_reactivate, user_set_admin


@login_required
def users(request: SignedInRequest) -> HttpResponse:
    perms.require_admin(request)
    return render(
        request,
        "sampling/users.html",
        {"users": sel.users_list(), "directory_sign_in": bool(settings.OIDC_ISSUER)},
    )


@login_required
def user_new(request: SignedInRequest) -> HttpResponse:
    perms.require_admin(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(**form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("password", message)
        else:
            messages.success(
                request,
                f"Account {user.username} created. They choose their own password when they first "
                "sign in. Add them to a team next.",
            )
            return redirect("setup:users")
    return render(request, "sampling/user_new.html", {"form": form})


@login_required
@require_POST
def user_active(request: SignedInRequest, user_pk: int) -> HttpResponse:
    perms.require_admin(request)
    user = sel.get_user(user_pk)
    try:
        if request.POST.get("active") == "1":
            user_reactivate(user=user)
        else:
            user_deactivate(user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        state = "active" if user.is_active else "deactivated"
        messages.success(request, f"{user.username} is {state}.")
    return redirect("setup:users")


@login_required
@require_POST
def user_admin(request: SignedInRequest, user_pk: int) -> HttpResponse:
    perms.require_admin(request)
    user = sel.get_user(user_pk)
    grant = request.POST.get("admin") == "1"
    try:
        user_set_admin(user=user, is_admin=grant)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        state = "an admin" if grant else "not an admin"
        messages.success(request, f"{user.username} is {state}.")
    return redirect("setup:users")
