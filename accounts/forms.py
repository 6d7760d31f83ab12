"""The sign-in form: Django's, with its username limit enforced as a field error."""

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    """Django sets the username's `max_length` after the field is built, so a longer name only
    fails as "incorrect username or password"; here it is a field error naming the limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.CharField, self.fields["username"])
        limit = field.max_length
        field.validators.append(
            MaxLengthValidator(
                limit,
                f"The username must be {limit:,} characters or fewer (it has %(show_value)s)",
            )
        )
