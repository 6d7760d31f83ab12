"""User accounts: create inspectors and leads, deactivate, grant or remove admin rights.

Invariant: there is always at least one active admin (staff) account.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

User = get_user_model()


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    password: str,
    is_admin: bool = False,
) -> AbstractBaseUser:
    """A new active account; admins are Django staff (site-wide)."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _lock_admins() -> list[int]:
    return list(
        User.objects.select_for_update()
        .filter(is_active=True, is_staff=True)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def user_deactivate(*, user: AbstractBaseUser) -> AbstractBaseUser:
    """Refused for the last active admin, so nobody is locked out of administration."""
    admins = _lock_admins()
    if admins == [user.pk]:
        raise ValidationError("This is the last active admin account: it cannot be deactivated.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, user: AbstractBaseUser) -> AbstractBaseUser:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_set_admin(*, user: AbstractBaseUser, is_admin: bool) -> AbstractBaseUser:
    """Grant or remove admin rights; removing them from the last active admin is refused."""
    admins = _lock_admins()
    if not is_admin and admins == [user.pk]:
        raise ValidationError("This is the last active admin account: it must stay an admin.")
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.save(update_fields=["is_staff", "is_superuser"])
    return user
