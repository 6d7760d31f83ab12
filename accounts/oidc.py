"""The OpenID Connect client (Authlib): code flow with PKCE (S256), state and nonce kept in the
session, the ID token's signature checked against the provider's JWKS (fetched again when a token
names a key it does not hold: key rotation), issuer, audience, expiry and nonce checked with a
bounded clock skew (OIDC_CLOCK_SKEW_SECONDS).

Errors are turned into a sentence a person can act on (`SignInProblem`): the views show it and
create nothing.
"""

import logging
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest
from joserfc import errors as jose

logger = logging.getLogger("casebook.sign_in")

# Only asymmetric signatures: never "none", never an HMAC keyed with the client secret.
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]

_clients: dict[tuple[object, ...], Any] = {}


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def client() -> Any:
    """The registered client for the current settings (one per configuration: the metadata and
    keys it loads are kept in this process until a token names an unknown key)."""
    config = (
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TIMEOUT_SECONDS,
    )
    if config not in _clients:
        oauth = OAuth()
        _clients[config] = oauth.register(
            name="directory",
            client_id=settings.OIDC_CLIENT_ID,
            client_secret=settings.OIDC_CLIENT_SECRET,
            server_metadata_url=f"{settings.OIDC_ISSUER.rstrip('/')}/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings.OIDC_SCOPES,
                "code_challenge_method": "S256",
                "default_timeout": settings.OIDC_TIMEOUT_SECONDS,
            },
        )
    return _clients[config]


def metadata() -> dict[str, Any]:
    """The provider's metadata, with the signing algorithms pinned to Casebook's list."""
    data: dict[str, Any] = client().load_server_metadata()
    if data.get("issuer") != settings.OIDC_ISSUER:
        raise SignInProblem(
            "The sign-in service describes itself with another issuer than OIDC_ISSUER "
            f"({data.get('issuer')!r}): check the setting."
        )
    offered = data.get("id_token_signing_alg_values_supported") or ["RS256"]
    data["id_token_signing_alg_values_supported"] = [
        alg for alg in offered if alg in SIGNING_ALGORITHMS
    ]
    return data


def claims_options() -> dict[str, Any]:
    """The issuer must be OIDC_ISSUER and the audience must include Casebook's client id (Authlib
    alone would accept another audience when `azp` names Casebook)."""
    return {
        "iss": {"essential": True, "values": [settings.OIDC_ISSUER]},
        "aud": {"essential": True, "values": [settings.OIDC_CLIENT_ID]},
        "exp": {"essential": True},
    }


@dataclass
class SignInProblem(Exception):
    message: str
    status: int = 400


UNREACHABLE = SignInProblem(
    "The organisation's sign-in service could not be reached. Try again in a few minutes; if it "
    "keeps happening, tell the service desk.",
    503,
)


def _claim_problem(error: jose.ClaimError) -> str:
    claim = getattr(error, "claim", "")
    if isinstance(error, jose.ExpiredTokenError) or claim == "exp":
        return "The sign-in token has expired. Sign in again; if it keeps happening, check the server's clock."
    return {
        "aud": "The sign-in token was issued for another application, not Casebook.",
        "azp": "The sign-in token was issued for another application, not Casebook.",
        "iss": "The sign-in token was issued by another service than the one Casebook trusts.",
        "nonce": "The sign-in token belongs to another sign-in (it may have been replayed).",
        "sub": "The sign-in token does not name the user.",
    }.get(claim, f"The sign-in token's {claim or 'claims'} could not be accepted.")


def token_from_callback(request: HttpRequest) -> dict[str, Any]:
    """Exchange the callback's code for tokens and check the ID token; its claims are in
    token["userinfo"]. Raises SignInProblem with the reason."""
    error = request.GET.get("error")
    if error:
        description = request.GET.get("error_description", "")[:300]
        raise SignInProblem(
            f"The sign-in service did not sign you in: {error} {description}".strip()
        )
    try:
        metadata()
        token: dict[str, Any] = client().authorize_access_token(
            request, leeway=settings.OIDC_CLOCK_SKEW_SECONDS, claims_options=claims_options()
        )
    except requests.RequestException:
        logger.warning("sign-in service unreachable at the callback", exc_info=True)
        raise UNREACHABLE from None
    except OAuthError as e:
        logger.warning("sign-in refused: %s %s", e.error, e.description)
        if e.error == "mismatching_state":
            raise SignInProblem(
                "This sign-in was not started here or has already been used. Start again."
            ) from None
        raise SignInProblem(f"The sign-in service refused the sign-in ({e.error}).") from None
    except jose.ClaimError as e:
        logger.warning("sign-in token refused: %s", e)
        raise SignInProblem(_claim_problem(e)) from None
    except (jose.BadSignatureError, jose.InvalidKeyIdError) as e:
        logger.warning("sign-in token refused: %s", e)
        raise SignInProblem(
            "The sign-in token's signature did not verify against the service's keys."
        ) from None
    except (jose.UnsupportedAlgorithmError, jose.MissingAlgorithmError) as e:
        logger.warning("sign-in token refused: %s", e)
        raise SignInProblem(
            "The sign-in token is not signed with an algorithm Casebook accepts."
        ) from None
    except jose.JoseError as e:
        logger.warning("sign-in token refused: %s", e)
        raise SignInProblem("The sign-in token could not be read.") from None
    if not token.get("userinfo"):
        raise SignInProblem("The sign-in service returned no ID token.")
    return token


def refresh(refresh_token: str) -> dict[str, Any]:
    """A refresh-token exchange: the provider's word that the user may still sign in. Raises
    OAuthError when it refuses (disabled user, revoked session), requests errors when down."""
    metadata()
    # The refresh asks for the sign-in's scopes less offline_access (a provider may keep that
    # one off the refresh token itself and refuse it here).
    scope = " ".join(s for s in settings.OIDC_SCOPES.split() if s != "offline_access")
    token: dict[str, Any] = client().fetch_access_token(
        grant_type="refresh_token", refresh_token=refresh_token, scope=scope
    )
    return token


def logout_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session URL (RP-initiated logout), or None when it has none or is down."""
    try:
        if not metadata().get("end_session_endpoint"):
            return None
        url: str = client().create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri,
            id_token_hint=id_token,
            client_id=settings.OIDC_CLIENT_ID,
        )["url"]
        return url
    except (requests.RequestException, SignInProblem):
        logger.warning("sign-in service unreachable at sign-out", exc_info=True)
        return None
