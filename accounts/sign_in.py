"""The sign-in page: the organisation's account when OIDC_ISSUER is set, and local passwords
unless LOCAL_PASSWORDS=false, which leaves them to the break-glass admin only
(BREAK_GLASS_USERNAME; see accounts.backends)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView

from accounts import oidc
from accounts.forms import SignInForm


class SignInView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    form_class = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            **kwargs,
            organisation_sign_in=oidc.enabled(),
            local_passwords=settings.LOCAL_PASSWORDS,
        )
