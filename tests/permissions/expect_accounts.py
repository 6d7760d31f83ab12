"""Expected statuses for the sign-in with the organisation's account (off in the walk: no
OIDC_ISSUER, so 404) and the directory role mapping (Casebook admins only)."""

from accounts.models import RoleMapping
from tests.permissions import READ, Post, Writes, outcomes
from tests.permissions.expect_casework import statuses

NOT_SET_UP = statuses(404, 404, 404, 404, 404, 404)

EXPECTATIONS = {
    "accounts:oidc_start": NOT_SET_UP,
    "accounts:oidc_callback": NOT_SET_UP,
    "accounts:role_mappings": statuses(302, 404, 404, 404, 404, 200),
    "accounts:role_mapping_remove": statuses(302, 405, 405, 405, 405, 405),
}


def kwargs(world) -> dict[str, dict]:
    mapping = RoleMapping.objects.create(claim_value="walk-group", role="lead")
    return {"accounts:role_mapping_remove": {"pk": mapping.pk}}


W = Writes(302)
ADMIN_WRITE = outcomes(302, 404, 404, 404, 404, W)

POST_EXPECTATIONS = {
    # the provider's answers come back by GET; a POST there changes nothing
    "accounts:oidc_start": READ,
    "accounts:oidc_callback": READ,
    "accounts:role_mappings": ADMIN_WRITE,
    "accounts:role_mapping_remove": ADMIN_WRITE,
}


def posts(world) -> dict:
    return {
        "accounts:role_mappings": lambda: Post({"claim_value": "walk-admins", "role": "admin"}),
        "accounts:role_mapping_remove": Post,
    }
