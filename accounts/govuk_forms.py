"""Error messages in the GOV.UK design system's words, for every form of the service.

Django's defaults ("This field is required.", "Enter a whole number.") name no field, so an
error summary of them says nothing. `GovukErrors` replaces each default still in place with a
message naming the field from its label: "Enter the PDU name", "Select the lead inspector",
"The margin of error must be 50 or less". A message a form sets itself is kept, so a form says
something more specific where it can (see the design system's error message pattern:
https://design-system.service.gov.uk/components/error-message/).

The error summary (templates/_error_summary.html) lists the messages and links each to its field.
"""

from typing import Any

from django import forms

_DEFAULTS = {
    key: str(message)
    for cls in (
        forms.Field,
        forms.CharField,
        forms.IntegerField,
        forms.DecimalField,
        forms.DateField,
        forms.EmailField,
        forms.ChoiceField,
        forms.MultipleChoiceField,
        forms.ModelChoiceField,
        forms.ModelMultipleChoiceField,
        forms.FileField,
        forms.MultiValueField,
    )
    for key, message in cls.default_error_messages.items()
}
# Messages Django fills in itself (min_value, max_value, max_length) are compared without their
# placeholders' values: the template strings are the defaults.
_DJANGO_MESSAGES = set(_DEFAULTS.values()) | {
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
}


def _is_default(message: Any) -> bool:
    text = str(message)
    return text in _DJANGO_MESSAGES or text.startswith("Ensure this value")


def field_name(field: forms.Field, name: str) -> str:
    """'the PDU name', 'the lead inspector': the label, lower-cased unless it starts with an
    abbreviation, after 'the'."""
    label = str(field.label or name.replace("_", " ").capitalize()).rstrip(" ?:")
    if len(label) > 1 and not label[:2].isupper():
        label = label[0].lower() + label[1:]
    return f"the {label}"


def _choice(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)


def govuk_messages(field: forms.Field, name: str) -> dict[str, str]:
    """The design system's message for each default message `field` still has."""
    what = field_name(field, name)
    sentence = what[0].upper() + what[1:]
    if isinstance(field, forms.FileField):
        required = f"Select {what}"
    elif isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        required = f"Select at least one of {what.removeprefix('the ')}"
    elif _choice(field):
        required = f"Select {what}"
    else:
        required = f"Enter {what}"
    words = {
        "required": required,
        "incomplete": required,
        "invalid_choice": f"Choose {what} from the options shown",
        "invalid_list": f"Choose {what} from the options shown",
        "invalid_pk_value": f"Choose {what} from the options shown",
        "min_value": f"{sentence} must be %(limit_value)s or more",
        "max_value": f"{sentence} must be %(limit_value)s or less",
        "max_length": f"{sentence} must be %(limit_value)s characters or fewer",
        "max_digits": f"{sentence} must have at most %(max)s digits",
        "max_decimal_places": f"{sentence} must have at most %(max)s decimal places",
        "max_whole_digits": f"{sentence} must have at most %(max)s digits before the point",
        "empty": f"{sentence} is empty: select a file with something in it",
        "missing": f"Select {what}",
    }
    if isinstance(field, forms.IntegerField):
        words["invalid"] = f"{sentence} must be a whole number, like 12"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        words["invalid"] = f"{sentence} must be a number, like 12.5"
    elif isinstance(field, forms.EmailField):
        words["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.DateField | forms.MultiValueField):
        words["invalid"] = f"{sentence} must be a real date, like 27 3 2026"
    elif isinstance(field, forms.FileField):
        words["invalid"] = f"{sentence} could not be read: select the file again"
    else:
        words["invalid"] = f"Enter {what} in the format shown"
    # A validator's message is replaced by the field's message of the same code (Django's
    # Field.run_validators), so the limits are set even where the field has no default for them.
    limits = ("min_value", "max_value", "max_length")
    return {
        key: text
        for key, text in words.items()
        if (key in field.error_messages and _is_default(field.error_messages[key]))
        or (key in limits and key not in field.error_messages)
    }


def govuk_words(form: forms.BaseForm) -> None:
    """Replace the Django default messages of every field of `form` (in place)."""
    for name, field in form.fields.items():
        field.error_messages = {**field.error_messages, **govuk_messages(field, name)}
        for part in getattr(field, "fields", ()):  # the day, month and year of a date
            part.error_messages = {**part.error_messages, **govuk_messages(part, name)}


class GovukErrors:
    """Mixin for a form: its fields' default error messages become the design system's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_words(self)  # type: ignore[arg-type]  # a mixin: self is the form it is mixed into
