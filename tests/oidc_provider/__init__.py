"""A real OpenID Connect provider for the tests (panva's oidc-provider under node), run as its own
process on a free port, behind a small proxy that can alter what its token endpoint returns."""
