"""Forms validate and normalise only; services write."""

from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.validators import MaxLengthValidator

from accounts.govuk_forms import GovukErrors
from casework.text_limits import LINES_MAX, NARRATIVE_MAX, NOTE_MAX, NOTES_MAX, REASON_MAX, too_long
from inspection.choices import Rating
from inspection.models import REOPEN_REASON_MAX
from reports.models import FORMAT_WORDS, Job, Recommendation

RATING_CHOICES = [("", "Not yet rated"), *Rating.choices]


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-•") for line in text.splitlines() if line.strip(" \t-•")]


class DomainOneForm(GovukErrors, forms.Form):
    rating = forms.ChoiceField(choices=RATING_CHOICES, required=False, label="Rating")
    strengths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=NOTES_MAX,
        error_messages=too_long("The strengths", NOTES_MAX),
        help_text="One strength per line.",
    )
    areas_for_improvement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=NOTES_MAX,
        error_messages=too_long("The areas for improvement", NOTES_MAX),
        label="Areas for improvement",
        help_text="One area per line.",
    )
    evidence_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Evidence notes",
        max_length=NOTES_MAX,
        error_messages=too_long("The evidence notes", NOTES_MAX),
    )

    def __init__(self, *args, judgement: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not judgement:
            del self.fields["rating"]

    def clean_strengths(self) -> list[str]:
        return _lines(self.cleaned_data["strengths"])

    def clean_areas_for_improvement(self) -> list[str]:
        return _lines(self.cleaned_data["areas_for_improvement"])


class ModerationForm(GovukErrors, forms.Form):
    final_rating = forms.ChoiceField(
        choices=[("", "No moderation (use the computed rating)"), *Rating.choices],
        required=False,
        label="Final rating",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Reason for moderation",
        max_length=REASON_MAX,
        error_messages=too_long("The reason", REASON_MAX),
        help_text="Required when you set a final rating. It is shown wherever the rating appears.",
    )

    def clean(self):
        data = super().clean()
        if data.get("final_rating") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for moderating this rating")
        return data


class RecommendationForm(GovukErrors, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["actor", "text"]
        labels = {"actor": "Who must act on the new recommendation?", "text": "Recommendation"}
        widgets = {"actor": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "actor": {"required": "Select who must act on the recommendation"},
            "text": {"required": "Enter the recommendation"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a required choice: no blank radio ("- Select an option -")
        actor = self.fields["actor"]
        actor.choices = Recommendation.Actor.choices  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("actor", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("text", label_size=Size.SMALL),
        )
        text = self.fields["text"]
        text.max_length = NOTE_MAX
        text.validators.append(MaxLengthValidator(NOTE_MAX))
        text.widget.attrs["maxlength"] = str(NOTE_MAX)
        text.error_messages |= too_long("The recommendation", NOTE_MAX)


class BackgroundForm(GovukErrors, forms.Form):
    caseload = forms.IntegerField(min_value=0, required=False, label="PDU caseload")
    region_caseload = forms.IntegerField(min_value=0, required=False, label="Region caseload")
    po_vacancy_percent = forms.DecimalField(
        min_value=0,
        max_value=100,
        decimal_places=1,
        required=False,
        label="Probation Officer vacancy rate (per cent)",
    )
    court_vacancy_percent = forms.DecimalField(
        min_value=0,
        max_value=100,
        decimal_places=1,
        required=False,
        label="Court staff vacancy rate (per cent)",
    )
    workload_percent = forms.DecimalField(
        min_value=0,
        max_value=999,
        decimal_places=1,
        required=False,
        label="Average workload (workload measurement tool, per cent)",
    )
    sickness_days = forms.DecimalField(
        min_value=0,
        max_value=365,
        decimal_places=1,
        required=False,
        label="Average annual sickness days lost",
    )
    region_sickness_days = forms.DecimalField(
        min_value=0,
        max_value=365,
        decimal_places=1,
        required=False,
        label="Regional average sickness days",
    )
    interviews_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Interviews held (note)",
        max_length=NOTE_MAX,
        error_messages=too_long("The note on interviews", NOTE_MAX),
    )
    user_voice_contacts = forms.IntegerField(
        min_value=0, required=False, label="User Voice: people on probation contacted"
    )
    user_voice_figures = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="User Voice survey figures",
        max_length=LINES_MAX,
        error_messages=too_long("The User Voice figures", LINES_MAX),
        help_text="One per line as: percent, finding — for example: 97, felt safe accessing probation services",
    )
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="Background narrative",
        max_length=NARRATIVE_MAX,
        error_messages=too_long("The narrative", NARRATIVE_MAX),
        help_text="Paragraphs for the report's background section; separate them with a blank line.",
    )

    def clean_user_voice_figures(self) -> list[dict[str, Any]]:
        rows = []
        for n, line in enumerate(self.cleaned_data["user_voice_figures"].splitlines(), start=1):
            if not line.strip():
                continue
            percent, sep, label = line.partition(",")
            try:
                value = Decimal(percent.strip().rstrip("%"))
            except ArithmeticError:
                value = None
            if not sep or not label.strip() or value is None or not 0 <= value <= 100:
                raise forms.ValidationError(
                    f"Line {n}: write a percentage, a comma, then the finding"
                )
            rows.append({"percent": float(value), "label": label.strip()})
        return rows

    @staticmethod
    def initial_from(facts) -> dict[str, Any]:
        if facts is None:
            return {}
        data = {name: getattr(facts, name) for name in BackgroundForm.base_fields}
        data["user_voice_figures"] = "\n".join(
            f"{r['percent']:g}, {r['label']}" for r in facts.user_voice_figures
        )
        return data


class BuildForm(GovukErrors, forms.Form):
    format = forms.ChoiceField(
        choices=[(f, FORMAT_WORDS.get(f, label)) for f, label in Job.Format.choices if f],
        initial="docx",
        widget=forms.RadioSelect,
        label="Format",
    )
    snapshot = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        label="Results to use",
        choices=[("", "Latest results (recomputed now)")],
    )

    def __init__(self, *args: Any, frozen: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].choices = [("", "Latest results (recomputed now)")] + [
            (s.pk, f"Frozen: {s.label}") for s in frozen
        ]


class FreezeForm(GovukErrors, forms.Form):
    label = forms.CharField(
        max_length=200,
        required=False,
        label="Label for the frozen results",
        error_messages=too_long("The label", 200),
    )


class RegionComparisonForm(GovukErrors, forms.Form):
    """The case-rated standards whose draft-report section compares with the region."""

    standards = forms.MultipleChoiceField(
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Compare with the region in the draft report",
        help_text="For each standard you tick, the draft report adds one sentence after the "
        "lowest key question: the region's percentage on that key question, with its counts "
        "and the number of inspections behind it, against this PDU's.",
    )

    def __init__(self, *args: Any, standards: Any = (), unit: str = "PDU", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standards"]
        field.help_text = field.help_text.replace("this PDU's", f"this {unit}'s")
        self.fields["standards"].choices = [(s.code, f"{s.code} {s.title}") for s in standards]


class RegionalBuildForm(GovukErrors, forms.Form):
    format = forms.ChoiceField(
        choices=[(f, label) for f, label in Job.Format.choices if f in ("docx", "html", "pdf")],
        initial="docx",
        widget=forms.RadioSelect,
        label="Format",
    )


PUBLISH_REASON_MAX = 2_000


class PublishForm(GovukErrors, forms.Form):
    """Publishing with something outstanding the lead may confirm needs a reason."""

    reason = forms.CharField(
        label="Why publish with these outstanding?",
        help_text=f"At most {PUBLISH_REASON_MAX:,} characters. It is kept with the published record.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PUBLISH_REASON_MAX,
        required=False,
        strip=True,
        error_messages=too_long("The reason", PUBLISH_REASON_MAX),
    )


class PublicationReopenForm(GovukErrors, forms.Form):
    reason = forms.CharField(
        label="Why are you reopening the published inspection?",
        help_text=(
            f"At most {REOPEN_REASON_MAX:,} characters. It is kept with your name and the time; "
            "the results published before stay on the results page."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=REOPEN_REASON_MAX,
        strip=True,
        error_messages={
            "required": "Enter the reason for reopening the published inspection",
            "max_length": f"The reason must be {REOPEN_REASON_MAX:,} characters or fewer",
        },
    )
