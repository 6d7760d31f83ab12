"""Forms of the set-up pages: they validate and normalise; services write."""

import secrets

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.govuk_forms import GovukErrors
from casework.text_limits import EMAIL_MAX, LINES_MAX, NOTE_MAX, REASON_MAX, too_long
from inspection.attributes import attribute_label
from inspection.choices import TeamRole
from inspection.declared import declared_by_name
from inspection.models import FrameworkVersion, Region
from sampling.draw import MAX_SAMPLE
from sampling.services.sampling import (
    DEFAULT_STRATA,
    STRATA_ATTRIBUTES,
    default_strata,
    parse_minimum,
    strata_names,
)

User = get_user_model()
WINDOWS = 3


def date_input(label: str, what: str, required: bool = True) -> DateInputField:
    """The GOV.UK date input (day, month and year boxes), its messages naming the date."""
    field = DateInputField(label=label, required=required, require_all_fields=False)
    field.help_text = "For example, 27 3 2026"
    field.error_messages = {
        **field.error_messages,
        "required": f"Enter {what}",
        "incomplete": f"Enter {what} as a day, month and year",
        "invalid": f"{what[0].upper()}{what[1:]} must be a real date",
    }
    return field


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


NEW_REGION = "new"


class InspectionCreateForm(GovukErrors, forms.Form):
    region = forms.ChoiceField(
        label="Region",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the region, or add a new one"},
    )
    new_region = forms.CharField(
        label="Name of the new region",
        required=False,
        max_length=120,
        help_text="Only if you chose to add a new region. Check the spelling: every inspection "
        "in the region is counted under this name.",
    )
    pdu_name = forms.CharField(
        label="PDU name",
        help_text="The probation delivery unit, as it is named in the report.",
        max_length=200,
        error_messages={"required": "Enter the PDU name"},
    )
    framework = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.all(),
        label="Framework version",
        help_text="Pinned for the life of the inspection.",
        empty_label=None,
        error_messages={"required": "Select the framework version"},
    )
    lead = UserChoiceField(
        queryset=active_users(),
        label="Lead inspector",
        help_text="The lead quality-assures the cases and publishes the results.",
        error_messages={"required": "Select the lead inspector"},
    )
    inspectors = UsersChoiceField(
        queryset=active_users(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = [(str(r.pk), r.name) for r in Region.objects.order_by("name")]
        self.fields["region"].choices = [*regions, (NEW_REGION, "Add a new region")]
        self.fields["fieldwork_start"] = date_input("Fieldwork starts", "the date fieldwork starts")
        self.fields["fieldwork_end"] = date_input("Fieldwork ends", "the date fieldwork ends")
        for n in range(1, WINDOWS + 1):
            required = n == 1
            self.fields[f"window_{n}_start"] = date_input(
                f"Cohort window {n} starts", f"the date cohort window {n} starts", required
            )
            self.fields[f"window_{n}_end"] = date_input(
                f"Cohort window {n} ends", f"the date cohort window {n} ends", required
            )
        order = ["region", "new_region", "pdu_name", "framework", "fieldwork_start"]
        order += ["fieldwork_end"]
        order += [f"window_{n}_{e}" for n in range(1, WINDOWS + 1) for e in ("start", "end")]
        self.order_fields([*order, "lead", "inspectors"])

    def _region_name(self, data) -> str | None:
        """The chosen region's name; a new one only when asked for, and never a second spelling
        of one that exists."""
        choice = data.get("region")
        if choice is None:
            return None
        if choice != NEW_REGION:
            return Region.objects.get(pk=int(choice)).name
        name = " ".join((data.get("new_region") or "").split())
        if not name:
            self.add_error("new_region", "Enter the name of the new region")
            return None
        same = Region.objects.filter(name__iexact=name).first()
        if same is not None:
            self.add_error(
                "new_region", f"There is already a region called {same.name}: select it above"
            )
            return None
        return name

    def clean(self):
        data = super().clean()
        data["region_name"] = self._region_name(data)
        start, end = data.get("fieldwork_start"), data.get("fieldwork_end")
        if start and end and end < start:
            self.add_error(
                "fieldwork_end",
                "The date fieldwork ends must be the same as or after the date it starts",
            )
        windows = []
        for n in range(1, WINDOWS + 1):
            ws, we = data.get(f"window_{n}_start"), data.get(f"window_{n}_end")
            if bool(ws) != bool(we):
                missing = "end" if ws else "start"
                self.add_error(
                    f"window_{n}_{missing}", f"Enter the date cohort window {n} {missing}s"
                )
            elif ws and we:
                if we < ws:
                    self.add_error(
                        f"window_{n}_end",
                        f"The date cohort window {n} ends must be the same as or after the date it starts",
                    )
                windows.append((ws, we))
        data["windows"] = windows
        return data


def _within_limit(upload):
    """An uploaded file no larger than UPLOAD_MAX_BYTES (checked before it is read)."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {limit // 1024 // 1024} MB.")
    return upload


class TeamMemberForm(GovukErrors, forms.Form):
    user = UserChoiceField(queryset=active_users(), label="Person")
    role = forms.ChoiceField(choices=TeamRole.choices, widget=forms.RadioSelect)


class CaseListUploadForm(GovukErrors, forms.Form):
    file = forms.FileField(
        label="Case list file",
        help_text="CSV (UTF-8 or Windows-1252) or Excel .xlsx, header in row 1.",
    )

    def clean_file(self):
        return _within_limit(self.cleaned_data["file"])


CONFIDENCE_CHOICES = [("0.8", "80%"), ("0.9", "90%"), ("0.95", "95%"), ("0.99", "99%")]


class SampleSizeForm(GovukErrors, forms.Form):
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


class DrawForm(GovukErrors, forms.Form):
    size = forms.IntegerField(min_value=1, label="Sample size", widget=number())
    seed = forms.IntegerField(
        min_value=0,
        max_value=2**62,
        widget=number(10),
        help_text="Stored with the draw: the same seed and cohort give the same sample.",
    )
    strata = forms.MultipleChoiceField(
        choices=[(a, attribute_label(a)) for a in STRATA_ATTRIBUTES],
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

    def __init__(self, *args, cohort: int, framework: FrameworkVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["seed"].initial = secrets.randbelow(1_000_000)
        # the framework's declared attributes (the format-1 six when none is given)
        self.strata_names = STRATA_ATTRIBUTES if framework is None else strata_names(framework)
        declared = None if framework is None else declared_by_name(framework)
        strata = self.fields["strata"]
        strata.choices = [(a, attribute_label(a, declared)) for a in self.strata_names]
        strata.initial = list(DEFAULT_STRATA if framework is None else default_strata(framework))

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
        data["strata"] = [a for a in self.strata_names if a in strata]
        return data


class ReplaceForm(GovukErrors, forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX,
        error_messages=too_long("The reason", REASON_MAX),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the person has died, or the case has transferred out.",
    )


class AssignForm(GovukErrors, forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)
    assignee = UserChoiceField(
        queryset=None, required=False, label="Assign to", empty_label="Nobody (unassign)"
    )

    def __init__(self, *args, inspection, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = inspection.cases.all()
        self.fields["assignee"].queryset = members


class ConflictForm(GovukErrors, forms.Form):
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


class UserCreateForm(GovukErrors, forms.Form):
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


class BundleImportForm(GovukErrors, forms.Form):
    """Only the choice of a file: its size, encoding and content are the bundle reader's
    (`bundle_read`), so the page, the command and the API say the same."""

    file = forms.FileField(
        label="Inspection bundle (JSON)",
        help_text="An inspection-bundle/1 file, for example one written by export_bundle.",
        error_messages={"required": "Choose a bundle file to import"},
        allow_empty_file=True,
    )
