"""Forms of second readings and calibration exercises. They validate and normalise only; the
answers of a reading use the case form's `StandardAnswersForm`."""

import secrets
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from accounts.govuk_forms import GovukErrors
from casework.text_limits import REASON_MAX, too_long
from inspection.attributes import BY_NAME, attribute_label
from inspection.declared import declared_by_name
from inspection.labels import answer_label
from inspection.models import FrameworkVersion, Item
from readings.models import PracticeCase, SettlementOutcome
from readings.services.practice import MATERIAL_MAX
from readings.services.readings import MAX_SEED
from sampling.forms import UserChoiceField, number
from sampling.services.sampling import STRATA_ATTRIBUTES, strata_names

# Readable names of the attributes a draw may be stratified by.
STRATA_LABELS = {"practitioner_grade": "Practitioner grade"} | {
    name: attribute.label for name, attribute in BY_NAME.items()
}


class SelectForm(GovukErrors, forms.Form):
    """How many cases to read twice — a share or a number — and how to choose them."""

    how = forms.ChoiceField(
        label="How many cases should have a second reading?",
        choices=[("share", "A share of the cases"), ("number", "A number of cases")],
        widget=forms.RadioSelect,
        initial="share",
        error_messages={"required": "Select a share or a number of cases"},
    )
    share = forms.IntegerField(
        label="Percentage of the cases without a second reading",
        min_value=1,
        max_value=100,
        required=False,
        initial=10,
        widget=number(3),
        error_messages={
            "min_value": "Enter a percentage from 1 to 100",
            "max_value": "Enter a percentage from 1 to 100",
            "invalid": "Enter the percentage as a whole number, like 10",
        },
    )
    size = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        required=False,
        widget=number(4),
        error_messages={
            "min_value": "Enter a number of cases of at least 1",
            "invalid": "Enter the number of cases as a whole number, like 12",
        },
    )
    strata = forms.MultipleChoiceField(
        label="Keep the choice in proportion to (optional)",
        help_text="Leave all unticked for a simple random choice.",
        choices=[(a, STRATA_LABELS[a]) for a in STRATA_ATTRIBUTES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=MAX_SEED,
        widget=number(10),
        help_text="Stored with the choice: the same seed and cases give the same choice.",
        error_messages={
            "required": "Enter a seed",
            "invalid": "Enter the seed as a whole number",
            "min_value": f"Enter a seed from 0 to {MAX_SEED}",
            "max_value": f"Enter a seed from 0 to {MAX_SEED}",
        },
    )

    def __init__(self, *args: Any, framework: FrameworkVersion | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["seed"].initial = secrets.randbelow(1_000_000)
        # the framework's declared attributes (the format-1 six when none is given)
        self.strata_names: Sequence[str] = STRATA_ATTRIBUTES
        if framework is not None:
            self.strata_names = strata_names(framework)
            declared = declared_by_name(framework)
            self.fields["strata"].choices = [  # type: ignore[attr-defined]
                (a, attribute_label(a, declared)) for a in self.strata_names
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        how = data.get("how")
        if how == "share" and data.get("share") is None and "share" not in self.errors:
            self.add_error("share", "Enter the percentage of cases")
        if how == "number" and data.get("size") is None and "size" not in self.errors:
            self.add_error("size", "Enter the number of cases")
        # keep the order of the choices, so stratum names are stable
        data["strata"] = [a for a in self.strata_names if a in (data.get("strata") or [])]
        return data

    def selection(self) -> dict[str, Any]:
        d = self.cleaned_data
        share = d["share"] if d["how"] == "share" else None
        size = d["size"] if d["how"] == "number" else None
        return {"seed": d["seed"], "share": share, "size": size, "strata": d["strata"]}


class ReaderForm(GovukErrors, forms.Form):
    reader = UserChoiceField(
        queryset=None,
        label="Second reader",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the second reader"},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = candidates


class SettleForm(GovukErrors, forms.Form):
    """A lead's decision on one disagreement."""

    outcome = forms.ChoiceField(
        label="Which answer stands?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which answer stands"},
    )
    value = forms.ChoiceField(
        label="New answer",
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Kept with the decision and in the case's history. Required when the case's "
        "answer changes.",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=too_long("The reason", REASON_MAX),
    )

    def __init__(self, *args: Any, item: Item, first: str, second: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (SettlementOutcome.FIRST, f"First reading stands: {answer_label(first)}"),
            (SettlementOutcome.SECOND, f"Second reading stands: {answer_label(second)}"),
            (SettlementOutcome.NEW, "A new answer"),
        ]
        self.fields["value"].choices = [(v, answer_label(v)) for v in item.answers]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") == SettlementOutcome.NEW:
            if not data.get("value"):
                self.add_error("value", "Select the new answer")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Enter the reason for the new answer")
        return data


class SettleRemainingForm(GovukErrors, forms.Form):
    """The first reading stands for every disagreement not yet settled."""

    reason = forms.CharField(
        label="Why does the first reading stand for all of them?",
        help_text="Kept with each settlement and in the case's history.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason the first reading stands for every remaining "
            "disagreement",
            **too_long("The reason", REASON_MAX),
        },
    )


class PracticeCaseForm(GovukErrors, forms.ModelForm):
    framework = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.defer("source"),
        label="Framework version",
        empty_label=None,
    )
    pre_sentence_info = forms.TypedChoiceField(
        label="Was pre-sentence information given to court?",
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = PracticeCase
        fields = [
            "title",
            "framework",
            "material",
            "case_type",
            "rosh",
            "gender",
            "age_band",
            "ethnicity",
            "pre_sentence_info",
        ]
        labels = {
            "title": "Title",
            "material": "Case material",
            "case_type": "Case type",
            "age_band": "Age band",
        }
        help_texts = {
            "title": "Inspectors see this in their list, e.g. ‘Practice: licence, high RoSH’.",
            "material": "What inspectors read to judge the case. Use made-up or fully "
            "anonymised material only: every signed-in user can read it.",
        }
        widgets = {
            "material": forms.Textarea(attrs={"rows": 12}),
            "case_type": forms.RadioSelect,
            "rosh": forms.RadioSelect,
            "gender": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        age = BY_NAME["age_band"]
        self.fields["age_band"] = forms.ChoiceField(
            label="Age band",
            choices=[("", "Not known"), *age.choices],
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["ethnicity"].required = False
        # radios need no "select an option" entry
        for name in ("case_type", "rosh", "gender"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self.fields["case_type"].error_messages["required"] = "Select the case type"
        self.fields["rosh"].error_messages["required"] = "Select the RoSH level"
        self.fields["title"].error_messages["required"] = "Enter a title"
        self.fields["material"].error_messages["required"] = "Enter the case material"
        self.fields["material"].max_length = MATERIAL_MAX
        self.fields["material"].validators.append(MaxLengthValidator(MATERIAL_MAX))
        self.fields["material"].error_messages |= too_long("The case material", MATERIAL_MAX)
