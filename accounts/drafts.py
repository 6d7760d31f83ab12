"""Unsaved casework kept in the browser (localStorage) belongs to one user: the pages name that
user by a key the browser cannot turn back into an id or a name, and signing out clears it all."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

KEY_SALT = "casebook.accounts.drafts.owner"


def draft_owner_key(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """A stable, non-reversible key for the user's drafts (an HMAC of the id under SECRET_KEY)."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac(KEY_SALT, str(user.pk), algorithm="sha256").hexdigest()[:32]


def draft_owner(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `draft_owner`, computed only where a template uses it."""
    return {"draft_owner": lambda: draft_owner_key(getattr(request, "user", None))}


class SignOutView(LogoutView):
    """Django's sign-out, also telling the browser to drop this site's storage (the drafts):
    the sign-out button's script does the same where Clear-Site-Data is not honoured."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response
