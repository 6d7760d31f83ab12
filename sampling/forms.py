"""Forms of the set-up pages: they validate and normalise; services write."""

import secrets

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from casework.text_limits import EMAIL_MAX, LINES_MAX, NOTE_MAX, REASON_MAX, too_long
from inspection.choices import TeamRole
from inspection.models import FrameworkVersion
from sampling.draw import MAX_SAMPLE
from sampling.services.sampling import DEFAULT_STRATA, STRATA_ATTRIBUTES, parse_minimum

User = get_user_model()
WINDOWS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d", attrs={"class": "govuk-input govuk-input--width-10"})


def active_users():
    return User.objects.filter(is_active=True).order_by("username")


def number(width: int = 5) -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": f"govuk-input govuk-input--width-{width}"})


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class InspectionCreateForm(forms.Form):
    region_name = forms.CharField(label="Region", max_length=120)
    pdu_name = forms.CharField(label="Probation delivery unit (PDU)", max_length=200)
    framework = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.all(),
        label="Framework version",
        help_text="Pinned for the life of the inspection.",
        empty_label=None,
    )
    fieldwork_start = forms.DateField(label="Fieldwork starts", widget=DateInput())
    fieldwork_end = forms.DateField(label="Fieldwork ends", widget=DateInput())
    lead = UserChoiceField(queryset=active_users(), label="Lead inspector", required=False)
    inspectors = UsersChoiceField(
        queryset=active_users(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, WINDOWS + 1):
            required = n == 1
            self.fields[f"window_{n}_start"] = forms.DateField(
                label=f"Cohort window {n} starts", required=required, widget=DateInput()
            )
            self.fields[f"window_{n}_end"] = forms.DateField(
                label=f"Cohort window {n} ends", required=required, widget=DateInput()
            )
        order = ["region_name", "pdu_name", "framework", "fieldwork_start", "fieldwork_end"]
        order += [f"window_{n}_{e}" for n in range(1, WINDOWS + 1) for e in ("start", "end")]
        self.order_fields([*order, "lead", "inspectors"])

    def clean(self):
        data = super().clean()
        start, end = data.get("fieldwork_start"), data.get("fieldwork_end")
        if start and end and end < start:
            self.add_error("fieldwork_end", "Fieldwork must end on or after the day it starts.")
        windows = []
        for n in range(1, WINDOWS + 1):
            ws, we = data.get(f"window_{n}_start"), data.get(f"window_{n}_end")
            if bool(ws) != bool(we):
                self.add_error(f"window_{n}_end", f"Give both dates of cohort window {n}.")
            elif ws and we:
                if we < ws:
                    self.add_error(f"window_{n}_end", "A window must end on or after its start.")
                windows.append((ws, we))
        data["windows"] = windows
        return data


def _within_limit(upload):
    """An uploaded file no larger than UPLOAD_MAX_BYTES (checked before it is read)."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {limit // 1024 // 1024} MB.")
    return upload


class TeamMemberForm(forms.Form):
    user = UserChoiceField(queryset=active_users(), label="Person")
    role = forms.ChoiceField(choices=TeamRole.choices, widget=forms.RadioSelect)


class CaseListUploadForm(forms.Form):
    file = forms.FileField(
        label="Case list file",
        help_text="CSV (UTF-8 or Windows-1252) or Excel .xlsx, header in row 1.",
    )

    def clean_file(self):
        return _within_limit(self.cleaned_data["file"])


CONFIDENCE_CHOICES = [("0.8", "80%"), ("0.9", "90%"), ("0.95", "95%"), ("0.99", "99%")]


class SampleSizeForm(forms.Form):
    population = forms.IntegerField(
        min_value=1, max_value=1_000_000, help_text="Cases in the cohort.", widget=number()
    )
    confidence = forms.TypedChoiceField(
        choices=CONFIDENCE_CHOICES, coerce=float, initial="0.8", label="Confidence level"
    )
    margin = forms.IntegerField(
        min_value=1,
        max_value=50,
        initial=10,
        label="Margin of error (± percentage points)",
        widget=number(3),
    )


class DrawForm(forms.Form):
    size = forms.IntegerField(min_value=1, label="Sample size", widget=number())
    seed = forms.IntegerField(
        min_value=0,
        max_value=2**62,
        widget=number(10),
        help_text="Stored with the draw: the same seed and cohort give the same sample.",
    )
    strata = forms.MultipleChoiceField(
        choices=[(a, a.replace("_", " ").capitalize()) for a in STRATA_ATTRIBUTES],
        initial=list(DEFAULT_STRATA),
        widget=forms.CheckboxSelectMultiple,
        label="Stratify by",
    )
    minimums = forms.CharField(
        required=False,
        max_length=LINES_MAX,
        error_messages=too_long("The minimums", LINES_MAX),
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Minimums (optional)",
        help_text="One per line, e.g. gender=female:5 for at least 5 women in the sample.",
    )
    reserves = forms.IntegerField(
        min_value=1, max_value=100, initial=10, label="Reserves per stratum", widget=number(3)
    )

    def __init__(self, *args, cohort: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["seed"].initial = secrets.randbelow(1_000_000)

    def clean_size(self) -> int:
        """At most the cohort (and MAX_SAMPLE): checked here, before any drawing is done."""
        size = self.cleaned_data["size"]
        if self.cohort == 0:
            raise ValidationError("Commit the case list before drawing the sample.")
        if size > self.cohort:
            raise ValidationError(
                f"The sample cannot be larger than the cohort: it has {self.cohort:,} cases."
            )
        if size > MAX_SAMPLE:
            raise ValidationError(f"The sample can be at most {MAX_SAMPLE:,} cases.")
        return size

    def clean_minimums(self):
        lines = [line.strip() for line in self.cleaned_data["minimums"].splitlines()]
        return [parse_minimum(line) for line in lines if line]

    def clean(self):
        data = super().clean()
        strata = data.get("strata") or []
        for m in data.get("minimums") or []:
            if m.attribute not in strata:
                self.add_error("minimums", f"To set a minimum on {m.attribute}, stratify by it.")
        # keep the order of the choices, so the stratum names are stable
        data["strata"] = [a for a in STRATA_ATTRIBUTES if a in strata]
        return data


class ReplaceForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX,
        error_messages=too_long("The reason", REASON_MAX),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the person has died, or the case has transferred out.",
    )


class AssignForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)
    assignee = UserChoiceField(
        queryset=None, required=False, label="Assign to", empty_label="Nobody (unassign)"
    )

    def __init__(self, *args, inspection, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = inspection.cases.all()
        self.fields["assignee"].queryset = members


class ConflictForm(forms.Form):
    user = UserChoiceField(queryset=None, label="Inspector")
    ref = forms.CharField(max_length=40, label="Case reference")
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX,
        error_messages=too_long("The note", NOTE_MAX),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members


class UserCreateForm(forms.Form):
    username = forms.RegexField(regex=r"^[\w.@+-]+$", max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False, max_length=EMAIL_MAX)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        help_text="At least 8 characters, not only numbers. Give it to the person: they must "
        "change it when they first sign in.",
    )
    is_admin = forms.BooleanField(
        required=False, label="Admin (can set up inspections and manage users)"
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("That username is taken.")
        return username


class BundleImportForm(forms.Form):
    """Only the choice of a file: its size, encoding and content are the bundle reader's
    (`bundle_read`), so the page, the command and the API say the same."""

    file = forms.FileField(
        label="Inspection bundle (JSON)",
        help_text="An inspection-bundle/1 file, for example one written by export_bundle.",
        error_messages={"required": "Choose a bundle file to import"},
        allow_empty_file=True,
    )
