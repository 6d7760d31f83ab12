"""Accounts from the directory: a directory sign-in finds its user by the token's issuer and
subject (never by e-mail), creates one at the first sign-in, and sets the name, e-mail and
Casebook roles from the token each time. Team membership is Casebook's own and is never touched.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import Account, DirectoryIdentity, RoleMapping

logger = logging.getLogger("casebook.sign_in")
USERNAME_MAX: int = User._meta.get_field("username").max_length or 150


class DirectoryRefusal(Exception):
    """A directory user Casebook will not sign in (the message says why)."""


def claim_values(claims: dict[str, Any]) -> set[str]:
    """The group ids and app role values in the token's role claims (OIDC_ROLE_CLAIMS)."""
    values: set[str] = set()
    for name in settings.OIDC_ROLE_CLAIMS:
        value = claims.get(name) or []
        if isinstance(value, str):
            value = [value]
        values.update(str(v) for v in value if isinstance(v, str | int))
    return values


def roles_for(values: set[str]) -> set[str]:
    return set(RoleMapping.objects.filter(claim_value__in=values).values_list("role", flat=True))


def _free_username(claims: dict[str, Any], subject: str) -> str:
    """A readable username for a new user (preferred_username, else e-mail, else subject); a
    taken one gets a suffix, so a local account of the same name is never taken over."""
    base = (claims.get("preferred_username") or claims.get("email") or subject)[: USERNAME_MAX - 8]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}~{n}"
    return candidate


def _split_name(claims: dict[str, Any]) -> tuple[str, str]:
    given, family = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (given or family) and claims.get("name"):
        given, _, family = str(claims["name"]).partition(" ")
    return str(given)[:150], str(family)[:150]


@transaction.atomic
def user_from_claims(*, issuer: str, claims: dict[str, Any]) -> User:
    """The Casebook user for a checked ID token: created or updated, with roles from the mapping."""
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > 255:
        raise DirectoryRefusal("The sign-in token does not name the user.")
    identity = (
        DirectoryIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    first, last = _split_name(claims)
    email = str(claims.get("email") or "")[:254]
    if identity is None:
        user = User(username=_free_username(claims, subject), is_active=True)
        user.set_unusable_password()  # signs in through the directory only
        user.first_name, user.last_name, user.email = first, last, email
        user.save()
        identity = DirectoryIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        logger.info("directory user %s created as %s", subject, user.username)
    user = identity.user
    if not user.is_active:
        raise DirectoryRefusal(
            "Your Casebook account has been switched off. Ask a Casebook admin if you need it back."
        )
    user.first_name, user.last_name, user.email = first, last, email
    user.save(update_fields=["first_name", "last_name", "email"])
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at"])

    roles = roles_for(claim_values(claims))
    account, _ = Account.objects.select_for_update().get_or_create(user=user)
    is_admin, may_lead = RoleMapping.Role.ADMIN in roles, RoleMapping.Role.LEAD in roles
    if (account.is_admin, account.may_lead) != (is_admin, may_lead):
        logger.info("directory roles of %s: admin=%s lead=%s", user.username, is_admin, may_lead)
        account.is_admin, account.may_lead = is_admin, may_lead
        account.save(update_fields=["is_admin", "may_lead"])
    user.account = account
    return user
