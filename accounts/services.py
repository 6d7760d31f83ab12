"""Account writes: the admin role and passwords.

Invariant: a password chosen by someone other than the user (an admin creating the account or
resetting it) must be changed by the user before they can do anything else.
"""

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from accounts.models import Account


def _account(user: User) -> Account:
    account, _ = Account.objects.select_for_update().get_or_create(user=user)
    return account


@transaction.atomic
def account_create(*, user: User, is_admin: bool = False) -> Account:
    """The account of a user an admin just created: their password was chosen for them."""
    account = Account(user=user, is_admin=is_admin, must_change_password=True)
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def account_admin_set(*, user: User, is_admin: bool) -> Account:
    """Grant or remove the Casebook admin role (rules about the last admin live with the caller)."""
    account = _account(user)
    account.is_admin = is_admin
    account.full_clean()
    account.save(update_fields=["is_admin"])
    return account


@transaction.atomic
def password_set_by_admin(*, user: User, password: str) -> User:
    """Set a password someone else chose: validated, and to be changed at the user's next sign-in."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    password_must_change(user=user)
    return user


@transaction.atomic
def password_must_change(*, user: User) -> Account:
    """Mark a password someone else set (e.g. in the Django admin) to be changed at sign-in."""
    account = _account(user)
    account.must_change_password = True
    account.save(update_fields=["must_change_password"])
    return account


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The user's own new password (already checked by the form): clears a pending change."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    account = Account.objects.select_for_update().filter(user=user).first()
    if account is not None and account.must_change_password:
        account.must_change_password = False
        account.save(update_fields=["must_change_password"])
    return user
