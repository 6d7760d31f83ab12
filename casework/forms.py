"""Casework forms: answers of one standard, QA return/reopen, interviews. They validate only."""

from dataclasses import dataclass, field
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.forms import BoundField
from django.utils.html import escape, format_html

from accounts.govuk_forms import GovukErrors
from casework.models import EVIDENCE_MAX_CHARS, InterviewOutcome, answer_token, evidence_too_long
from casework.selectors.casework import AttributeQuestion, ItemRow
from casework.services.answer_sheet import AnswerEdit, Conflict
from casework.services.answers import AttributeEdit
from casework.text_limits import COMMENT_MAX, NOTES_MAX, REASON_MAX, too_long
from inspection.choices import PractitionerGrade

KEEP_CHOICES = [("mine", "Keep my version"), ("theirs", "Keep the saved version")]


def _text(value: Any) -> str:
    """Browsers send textarea line breaks as CRLF; store and compare LF only."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


class LooseText(forms.CharField):
    """Optional text kept exactly as typed (no stripping: evidence is compared character by
    character for conflicts), with line endings normalised."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return _text(super().to_python(value))


@dataclass
class ItemFields:
    """One item on the page: its row (answer, comments) and its bound fields."""

    row: ItemRow
    value: BoundField | None = None
    evidence: BoundField | None = None
    hidden: list[BoundField] = field(default_factory=list)
    prompts: list["ItemFields"] = field(default_factory=list)
    conflict: Conflict | None = None
    resolve: BoundField | None = None
    conflict_hidden: list[BoundField] = field(default_factory=list)


UNKNOWN = "unknown"


def attribute_code(value: Any) -> str:
    """A case-attribute value as a form value: True -> 'yes', None -> 'unknown'."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Evidence(LooseText):
    """Evidence text, at most EVIDENCE_MAX_CHARS characters (the textarea's maxlength, which the
    GOV.UK character count takes over); the error names the item."""

    def __init__(self, *, code: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.code = code
        self.max_length = EVIDENCE_MAX_CHARS  # checked in validate(), naming the item

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(EVIDENCE_MAX_CHARS)}

    def validate(self, value: str) -> None:
        super().validate(value)
        if len(value) > EVIDENCE_MAX_CHARS:
            raise forms.ValidationError(
                f"Evidence for {self.code} {evidence_too_long(len(value))}", code="max_length"
            )


TOKEN_MAX = 64  # answer_token is 32 characters; anything longer is not a token


class StandardAnswersForm(forms.Form):
    """The answers of one standard — or of the items an autosave sends (`rows` is then only those
    items). Per item: the answer (a_), evidence (e_), the token of the content the page started
    from (t_, `answer_token`) and, after a conflict, the choice (r_) and the token of the saved
    version the choice was made against (tt_). Per case attribute the items depend on (e.g.
    whether pre-sentence information was given): the value (q_) and the value the page started
    from (oq_)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        rows: list[ItemRow],
        *args: Any,
        questions: list[AttributeQuestion] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.questions = list(questions)
        for question in self.questions:
            self._add_question(question)
        self.applicable: list[ItemRow] = []
        for row in rows:
            if not row.applies:
                continue
            self._add(row, key_question=True)
            for prompt in row.prompts:
                if prompt.applies:
                    self._add(prompt, key_question=False)

    def _add_question(self, question: AttributeQuestion) -> None:
        attribute = question.attribute
        choices = [(attribute_code(v), label) for v, label in attribute.choices]
        self.fields[f"q_{question.slug}"] = forms.ChoiceField(
            label=attribute.question,
            help_text=attribute.hint,
            choices=[*choices, (UNKNOWN, "Not known")],
            required=False,
            widget=forms.RadioSelect(attrs={"data-cb-attribute": ""}),
        )
        self.fields[f"oq_{question.slug}"] = forms.CharField(
            required=False, max_length=TOKEN_MAX, widget=forms.HiddenInput
        )
        self.initial.setdefault(f"q_{question.slug}", attribute_code(question.value))
        self.initial.setdefault(f"oq_{question.slug}", attribute_code(question.value))

    def attribute_fields(self) -> list[tuple[BoundField, BoundField]]:
        return [(self[f"q_{q.slug}"], self[f"oq_{q.slug}"]) for q in self.questions]

    def attribute_edits(self) -> list[AttributeEdit]:
        """The attributes the inspector changed on this page (a blank or unknown answer means
        'not known'; a field missing from the post is no change)."""
        out = []
        for question in self.questions:
            s = question.slug
            if f"q_{s}" not in self.data:
                continue
            values = {attribute_code(v): v for v in question.attribute.values} | {UNKNOWN: None}
            new = self.cleaned_data.get(f"q_{s}") or UNKNOWN
            old = self.cleaned_data.get(f"oq_{s}") or UNKNOWN
            if new != old and old in values:
                out.append(AttributeEdit(question.attribute.name, values[new], values[old]))
        return out

    def _add(self, row: ItemRow, *, key_question: bool) -> None:
        s = row.slug
        code = row.item.code
        self.applicable.append(row)
        self.fields[f"a_{s}"] = forms.ChoiceField(
            label=escape(f"{code} {row.item.text}"),
            help_text=row.item.hint,
            choices=row.choices,
            required=False,
            widget=forms.RadioSelect,
        )
        label = "Evidence" if key_question else "Evidence (optional)"
        self.fields[f"e_{s}"] = Evidence(
            code=code,
            label=format_html('{}<span class="govuk-visually-hidden"> for {}</span>', label, code),
            widget=forms.Textarea(attrs={"rows": 5 if key_question else 2}),
        )
        for name in ("t", "tt"):
            self.fields[f"{name}_{s}"] = forms.CharField(
                required=False, max_length=TOKEN_MAX, widget=forms.HiddenInput
            )
        self.fields[f"r_{s}"] = forms.ChoiceField(
            label=f"Which version of {code} do you want to keep?",
            choices=KEEP_CHOICES,
            required=False,
            widget=forms.RadioSelect,
        )
        self.initial.setdefault(f"a_{s}", row.value)
        self.initial.setdefault(f"e_{s}", row.evidence)
        self.initial.setdefault(f"t_{s}", answer_token(row.value, row.evidence))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in self.applicable:
            s = row.slug
            if data.get(f"r_{s}") == "mine" and not self.data.get(f"tt_{s}"):
                self.add_error(f"r_{s}", "Select which version to keep again")
        return data

    def edits(self) -> list[AnswerEdit]:
        """What to record. 'Keep the saved version' drops the item; 'keep mine' bases the edit on
        the saved version the inspector saw, so it is written unless that moved again."""
        out = []
        for row in self.applicable:
            s = row.slug
            d = self.cleaned_data
            choice = d.get(f"r_{s}")
            if choice == "theirs":
                continue
            out.append(
                AnswerEdit(
                    item=row.item,
                    value=d.get(f"a_{s}") or "",
                    evidence=d.get(f"e_{s}") or "",
                    original=d.get(f"tt_{s}" if choice == "mine" else f"t_{s}") or "",
                )
            )
        return out

    def item_fields(self, conflicts: list[Conflict] | None = None) -> list[ItemFields]:
        """The rows of the standard paired with their bound fields, for the template."""
        by_item = {c.item.pk: c for c in conflicts or []}

        def pack(row: ItemRow) -> ItemFields:
            if not row.applies:
                return ItemFields(row=row)
            s = row.slug
            conflict = by_item.get(row.item.pk)
            return ItemFields(
                row=row,
                value=self[f"a_{s}"],
                evidence=self[f"e_{s}"],
                hidden=[self[f"t_{s}"]],
                conflict=conflict,
                resolve=self[f"r_{s}"] if conflict else None,
                conflict_hidden=[self[f"tt_{s}"]] if conflict else [],
            )

        out = []
        for row in self.rows:
            packed = pack(row)
            packed.prompts = [pack(p) for p in row.prompts] if row.applies else []
            out.append(packed)
        return out


class ReturnForm(GovukErrors, forms.Form):
    """A lead's comments when returning a case: one optional box per item, plus a general one."""

    general = forms.CharField(
        label="General comment",
        required=False,
        max_length=COMMENT_MAX,
        error_messages=too_long("The general comment", COMMENT_MAX),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the inspector needs to do overall. Add comments on specific key "
        "questions below.",
    )

    def __init__(self, rows: list[ItemRow], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if r.applies]
        for row in self.rows:
            self.fields[f"c_{row.slug}"] = forms.CharField(
                label=format_html(
                    'Comment<span class="govuk-visually-hidden"> on {}</span>', row.item.code
                ),
                required=False,
                max_length=COMMENT_MAX,
                error_messages=too_long(f"The comment on {row.item.code}", COMMENT_MAX),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((v or "").strip() for v in data.values()):
            raise forms.ValidationError(
                "Enter at least one comment saying what needs to change", code="empty"
            )
        return data

    def comments(self) -> list[tuple[Any, str]]:
        out = [(None, self.cleaned_data["general"])]
        out += [(row.item, self.cleaned_data.get(f"c_{row.slug}", "")) for row in self.rows]
        return [(item, text) for item, text in out if text.strip()]


class ReopenForm(GovukErrors, forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this case?",
        help_text="The inspector sees this reason, and it is kept in the case history.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the reason for reopening the case",
            **too_long("The reason", REASON_MAX),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Submit("reopen", "Reopen case", css_class="govuk-button--warning"),
        )


class InterviewForm(GovukErrors, forms.Form):
    held_on = DateInputField(
        label="Date of the interview",
        help_text="For example, 16 11 2026. Leave blank if the practitioner declined.",
        required=False,
        require_all_fields=False,
    )
    grade = forms.ChoiceField(
        label="Practitioner grade",
        choices=[
            (PractitionerGrade.PROBATION_OFFICER, "Probation officer (PO)"),
            (PractitionerGrade.PROBATION_SERVICES_OFFICER, "Probation services officer (PSO)"),
            (PractitionerGrade.TRAINEE, "Trainee"),
            (PractitionerGrade.AGENCY, "Agency"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the practitioner's grade"},
    )
    outcome = forms.ChoiceField(
        label="Was the interview held?",
        choices=[(InterviewOutcome.HELD, "Held"), (InterviewOutcome.DECLINED, "Declined")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the interview was held or declined"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTES_MAX,
        error_messages=too_long("The notes", NOTES_MAX),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM, inline=True),
            Field("held_on"),
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.textarea("notes", label_size=Size.MEDIUM),
            Submit("save", "Save interview"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        held = data.get("outcome") == InterviewOutcome.HELD
        if held and not data.get("held_on") and "held_on" not in self.errors:
            self.add_error("held_on", "Enter the date the interview was held")
        return data
