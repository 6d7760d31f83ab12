"""The sign-in form: Django's, with its username limit enforced as a field error and its
messages in the GOV.UK Design System's words."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
        "inactive": "Your account has been switched off: ask an administrator to switch it on",
    }

    """Django sets the username's `max_length` after the field is built, so a longer name only
    fails as "incorrect username or password"; here it is a field error naming the limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        field = self.fields["username"]
        limit = field.max_length
        field.validators.append(
            MaxLengthValidator(
                limit,
                f"The username must be {limit:,} characters or fewer (it has %(show_value)s)",
            )
        )
