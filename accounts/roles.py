"""Reads of the account facts, without a query when the user came from the sign-in backend."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist

from accounts.models import Account, DirectoryIdentity


def account_of(user: User | AnonymousUser) -> Account | None:
    if not user.is_authenticated:
        return None
    try:
        return user.account
    except ObjectDoesNotExist:
        return None


def has_admin_role(user: User | AnonymousUser) -> bool:
    """The Casebook admin role: an app role on the account, never Django staff/superuser."""
    account = account_of(user)
    return bool(account and user.is_active and account.is_admin)


def must_change_password(user: User | AnonymousUser) -> bool:
    account = account_of(user)
    return bool(account and account.must_change_password)


def may_lead(user: User) -> bool:
    """Whether the user may lead an inspection. With organisation sign-in, a directory user leads
    only when the directory's groups or app roles give them the lead role (the role mapping, read
    at each sign-in); local accounts (no directory identity) and every user of a deployment
    without organisation sign-in may lead as before."""
    if not settings.OIDC_ISSUER:
        return True
    if not DirectoryIdentity.objects.filter(user=user).exists():
        return True
    account = account_of(user)
    return bool(account and account.may_lead)
