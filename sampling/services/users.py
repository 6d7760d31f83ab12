"""User accounts: create inspectors and leads, deactivate, grant or remove admin rights.

Invariants: there is always at least one active admin account; admin is Casebook's own role on
the account (accounts.Account.is_admin), never Django staff or superuser; a password chosen here
must be changed by its user at first sign-in.
"""

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Account
from accounts.services import account_admin_set, account_create


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    password: str,
    is_admin: bool = False,
) -> User:
    """A new active account with the password an admin chose: the user must change it when they
    first sign in. `is_admin` gives the Casebook admin role (site-wide)."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    account_create(user=user, is_admin=is_admin)
    return user


def _lock_admins() -> list[int]:
    return list(
        Account.objects.select_for_update()
        .filter(is_admin=True, user__is_active=True)
        .values_list("user_id", flat=True)
    )


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Refused for the last active admin, so nobody is locked out of administration."""
    admins = _lock_admins()
    if admins == [user.pk]:
        raise ValidationError("This is the last active admin account: it cannot be deactivated.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_set_admin(*, user: User, is_admin: bool) -> User:
    """Grant or remove admin rights; removing them from the last active admin is refused."""
    admins = _lock_admins()
    if not is_admin and admins == [user.pk]:
        raise ValidationError("This is the last active admin account: it must stay an admin.")
    account_admin_set(user=user, is_admin=is_admin)
    return user
