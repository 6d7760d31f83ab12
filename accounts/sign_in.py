"""The sign-in page: the organisation's account when OIDC_ISSUER is set, and local passwords
unless LOCAL_PASSWORDS=false, which leaves them to the break-glass admin only
(BREAK_GLASS_USERNAME; see accounts.backends)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError

from accounts import oidc
from accounts.backends import local_password_allowed


class SignInForm(AuthenticationForm):
    def get_invalid_login_error(self) -> ValidationError:
        if not local_password_allowed(self.cleaned_data.get("username")):
            return ValidationError(
                "Casebook passwords are switched off: sign in with your organisation's account.",
                code="local_passwords_off",
            )
        return super().get_invalid_login_error()


class SignInView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    form_class = SignInForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            organisation_sign_in=oidc.enabled(),
            local_passwords=settings.LOCAL_PASSWORDS,
        )
