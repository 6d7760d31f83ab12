from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

UserModel = get_user_model()


class AccountBackend(ModelBackend):
    """Django's model backend, loading the user's Casebook account in the same query, so the role
    and password checks on every request cost nothing."""

    def get_user(self, user_id):
        user = UserModel._default_manager.select_related("account").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
