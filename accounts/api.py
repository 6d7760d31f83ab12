"""The forced password change for the API (Django REST framework).

`PasswordChangeRequiredMiddleware` cannot see API callers: DRF authenticates inside the view, after
every middleware has run, and a caller with HTTP Basic (or any scheme added later, such as OIDC)
has no session. So DRF enforces the same rule (`accounts.roles.must_change_password`) itself, as a
default permission that reads only `request.user`: whichever scheme authenticated the caller, a
password an admin set gets 403 with a message naming the problem until it is changed.
"""

from typing import TYPE_CHECKING

from django.urls import reverse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.roles import must_change_password

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views is loading
    from rest_framework.views import APIView


def password_change_message() -> str:
    return (
        "You must change the password an administrator set before you can use Casebook: sign in "
        f"and choose a new one at {reverse('accounts:password_change')}"
    )


class PasswordChanged(BasePermission):
    """Refuses a caller who must still change an admin-set password (403, code
    `password_change_required`). In DEFAULT_PERMISSION_CLASSES: a view that names its own
    permissions adds them to the defaults, never replaces them (tests/accounts walk every API
    route)."""

    code = "password_change_required"

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if must_change_password(request.user):
            self.message = password_change_message()
            return False
        return True
