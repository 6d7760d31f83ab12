import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.client_address import client_address

UserModel = get_user_model()
logger = logging.getLogger("casebook.sign_in")


def local_password_allowed(username: str | None) -> bool:
    """Local passwords are on, or off for everyone but the named break-glass admin."""
    if settings.LOCAL_PASSWORDS:
        return True
    return bool(settings.BREAK_GLASS_USERNAME) and username == settings.BREAK_GLASS_USERNAME


class AccountBackend(ModelBackend):
    """Django's model backend, loading the user's Casebook account in the same query, so the role
    and password checks on every request cost nothing.

    With LOCAL_PASSWORDS=false only BREAK_GLASS_USERNAME may use a password (every use is logged);
    anyone else's password is refused here, so django-axes still counts the failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        name = username if username is not None else kwargs.get(UserModel.USERNAME_FIELD)
        if not local_password_allowed(name):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not settings.LOCAL_PASSWORDS:
            address = client_address(request) if request is not None else ""
            logger.warning("break-glass sign-in with a local password: %s from %s", name, address)
        return user

    def get_user(self, user_id):
        user = UserModel._default_manager.select_related("account").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
