"""The sign-in form: Django's, with its username limit enforced as a field error, its messages
in the GOV.UK Design System's words, and a clear message when local passwords are switched off
for this user (accounts.backends)."""

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from accounts.backends import local_password_allowed
from accounts.govuk_forms import GovukErrors


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
        "inactive": "Your account has been switched off: ask an administrator to switch it on",
    }

    """Django sets the username's `max_length` after the field is built, so a longer name only
    fails as "incorrect username or password"; here it is a field error naming the limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        field = cast(forms.CharField, self.fields["username"])
        limit = field.max_length
        field.validators.append(
            MaxLengthValidator(
                limit,
                f"The username must be {limit:,} characters or fewer (it has %(show_value)s)",
            )
        )

    def get_invalid_login_error(self) -> ValidationError:
        if not local_password_allowed(self.cleaned_data.get("username")):
            return ValidationError(
                "Casebook passwords are switched off: sign in with your organisation's account.",
                code="local_passwords_off",
            )
        return super().get_invalid_login_error()


class PasswordChange(GovukErrors, PasswordChangeForm):
    """Django's password change, with its field errors in the design system's words."""
