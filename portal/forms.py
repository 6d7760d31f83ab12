"""Forms of the top layer: they validate and normalise only."""

from django import forms

from accounts.govuk_forms import GovukErrors
from inspection.models import FrameworkVersion, Inspection


def _name(choice: tuple[int, str]) -> str:
    return choice[1]


class NationalFilterForm(GovukErrors, forms.Form):
    """The national overview's filters (GET): framework version, region, fieldwork year, and —
    from a distribution's count — one standard's (or the overall) rating."""

    framework = forms.TypedChoiceField(coerce=int, label="Framework version")
    region = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Region")
    year = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Year fieldwork started"
    )
    standard = forms.CharField(required=False, max_length=20)
    rating = forms.RegexField(
        regex=r"^[a-z0-9_]+$",
        required=False,
        max_length=40,
        error_messages={"invalid": "A rating is written in lower case letters, digits and _."},
    )

    def __init__(
        self,
        *args,
        frameworks: list[FrameworkVersion],
        inspections: list[Inspection],
        keys: set[str],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.keys = keys
        self.fields["framework"].choices = [(f.pk, f"{f} – {f.title}") for f in frameworks]
        regions = sorted({(i.pdu.region_id, i.pdu.region.name) for i in inspections}, key=_name)
        self.fields["region"].choices = [("", "All regions"), *regions]
        years = sorted({i.fieldwork_start.year for i in inspections}, reverse=True)
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]

    def clean_standard(self) -> str:
        standard = self.cleaned_data["standard"]
        if standard and standard not in self.keys:
            raise forms.ValidationError(f"There is no rated standard {standard!r} to filter by.")
        return standard

    def clean(self):
        data = super().clean()
        if bool(data.get("standard")) != bool(data.get("rating")):
            raise forms.ValidationError("A rating filter needs both a standard and a rating.")
        return data
