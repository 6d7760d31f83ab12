"""The sign-in settings come from the environment, fail loudly when incomplete, and keep the
deploy check clean."""

from tests.test_settings_and_embedded_run import PRODUCTION, run

ENTRA = {
    **PRODUCTION,
    "OIDC_ISSUER": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
    "OIDC_CLIENT_ID": "11111111-1111-1111-1111-111111111111",
    "OIDC_CLIENT_SECRET": "a-client-secret",
    "LOCAL_PASSWORDS": "false",
    "BREAK_GLASS_USERNAME": "emergency",
}


def test_entra_settings_pass_the_deploy_check_at_warning_level():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], ENTRA)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_incomplete_or_unsafe_sign_in_settings_are_named():
    cases = [
        ({"OIDC_CLIENT_SECRET": ""}, "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"),
        ({"OIDC_ISSUER": "http://idp.example"}, "OIDC_ISSUER must be an https:// URL"),
        ({"OIDC_SCOPES": "profile email"}, "OIDC_SCOPES must include openid"),
        ({"OIDC_CLOCK_SKEW_SECONDS": "3600"}, "OIDC_CLOCK_SKEW_SECONDS must be between 0 and 300"),
        ({"OIDC_ISSUER": ""}, "LOCAL_PASSWORDS=false needs OIDC_ISSUER"),
    ]
    for change, message in cases:
        result = run(["check"], {**ENTRA, **change})
        assert result.returncode != 0 and message in result.stderr, (change, result.stderr[-500:])
