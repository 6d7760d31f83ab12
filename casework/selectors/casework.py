"""Reads for casework: the case form of one standard, progress, submit problems, interviews.

Every function here reads a bounded number of queries whatever the number of items or cases:
the framework's items in one query, the case's answers in one, its open comments in one.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from casework.models import Answer, Case, CaseStatus, Interview, QAComment
from inspection.applicability import rule_applies, rule_excludes
from inspection.attributes import CaseAttribute, declarations_of
from inspection.choices import ItemKind, RatedFrom
from inspection.declared import attribute_value, attributes_of, declared_by_name
from inspection.labels import answer_label
from inspection.models import Inspection, Item, Standard
from inspection.selectors import framework_items


def field_slug(item: Item) -> str:
    """The form-field stem of an item: '2.2.1' -> '2_2_1' (dots would break CSS selectors)."""
    return item.code.replace(".", "_").replace("-", "_")


def not_applicable_reason(item: Item, attrs: Mapping[str, Any]) -> str:
    """Why an item is not asked of this case, in words (empty when it is asked): its own rule,
    read with the declarations the case's values carry (`attributes_of`), or the case being
    outside the sample its standard's cases come from (framework format 2)."""
    declared = declarations_of(attrs)
    reasons = [
        declared[name].only_for(item.applies_to[name])
        for name in rule_excludes(item.applies_to, attrs)
    ]
    sample = item.standard.sample
    if sample is not None and not rule_applies(sample.applies_to, attrs):
        reasons.append(f"Asked only of cases in the sample {sample.title}.")
    return " ".join(reasons)


def is_negative(item: Item, value: str) -> bool:
    """An answer that needs evidence at submit: any answer but the positive one and 'na'."""
    return bool(value) and value not in (item.positive_value, "na")


@dataclass
class ItemRow:
    item: Item
    slug: str
    applies: bool
    na_reason: str = ""
    value: str = ""
    evidence: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    comments: list[QAComment] = field(default_factory=list)
    prompts: list["ItemRow"] = field(default_factory=list)

    @property
    def value_label(self) -> str:
        return answer_label(self.value)


@dataclass(frozen=True)
class AttributeQuestion:
    """A case attribute the standard's items depend on, asked on the case form (e.g. "Was
    pre-sentence information given to court?"). `value` is the stored value (None: not known)."""

    attribute: CaseAttribute
    value: Any

    @property
    def slug(self) -> str:
        return self.attribute.name

    @property
    def value_label(self) -> str:
        return self.attribute.label_of(self.value)


@dataclass
class StandardEntry:
    standard: Standard
    answered: int
    applicable: int
    status: str  # "Completed", "In progress", "Not started", "Not applicable"
    progress: str  # "3 of 4 key questions answered"

    @property
    def short(self) -> str:
        return "n/a" if self.applicable == 0 else f"{self.answered} of {self.applicable}"


@dataclass(frozen=True)
class CommentLink:
    """An open QA comment and where it is shown: the case page (a general comment) or the page
    of the standard its item is on."""

    comment: QAComment
    standard: Standard | None = None
    item: Item | None = None


@dataclass
class CaseForm:
    """Everything the case form needs, read in three queries."""

    case: Case
    standards: list[StandardEntry]
    rows_by_standard: dict[int, list[ItemRow]]
    general_comments: list[QAComment]

    def entry(self, code: str) -> StandardEntry | None:
        return next((e for e in self.standards if e.standard.code == code), None)

    def rows(self, standard: Standard) -> list[ItemRow]:
        return self.rows_by_standard.get(standard.pk, [])

    @property
    def comment_links(self) -> list["CommentLink"]:
        """Every open QA comment, general ones first, then by standard and item as on the form:
        what the returned case's banner names and links to."""
        links = [CommentLink(comment) for comment in self.general_comments]
        for entry in self.standards:
            for row in self.rows(entry.standard):
                for r in (row, *row.prompts):
                    links += [CommentLink(c, entry.standard, r.item) for c in r.comments]
        return links

    def questions(self, standard: Standard) -> list[AttributeQuestion]:
        """The case attributes the inspector may record on this standard's page."""
        rows = self.rows(standard)
        return attribute_questions(self.case, [i for r in rows for i in (r, *r.prompts)])


def attribute_questions(case: Case, rows: list["ItemRow"]) -> list[AttributeQuestion]:
    """The case attributes asked on a page of these items: those the framework declares with a
    question that some item's rule names, asked whether or not they are known yet."""
    declared = declared_by_name(case.inspection.framework)
    names: list[str] = []
    for row in rows:
        names += [n for n in row.item.applies_to if n not in names]
    asked = [declared[n] for n in names if n in declared and declared[n].question]
    return [AttributeQuestion(a, attribute_value(case, a)) for a in asked]


def standard_progress(answered: int, applicable: int) -> tuple[str, str]:
    if applicable == 0:
        return "Not applicable", "Not applicable to this case"
    noun = "key question" if applicable == 1 else "key questions"
    text = f"{answered} of {applicable} {noun} answered"
    if answered == 0:
        return "Not started", text
    if answered >= applicable:
        return "Completed", text
    return "In progress", text


def _row(
    item: Item, attrs: Mapping[str, Any], answer: Answer | None, comments: list[QAComment]
) -> ItemRow:
    return ItemRow(
        item=item,
        slug=field_slug(item),
        applies=item.relevant_to_case(attrs),
        na_reason=not_applicable_reason(item, attrs),
        value=answer.value if answer else "",
        evidence=answer.evidence if answer else "",
        choices=[(v, answer_label(v)) for v in item.answers],
        comments=comments,
    )


def _on_case_form(items: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(
        sorted(
            (item for item in items if item.standard.rated_from != RatedFrom.JUDGEMENT),
            key=lambda item: (item.standard.order, item.order),
        )
    )


def _form_items_read(framework_id: int) -> tuple[Item, ...]:
    return _on_case_form(
        Item.objects.filter(framework_id=framework_id).select_related("standard__sample")
    )


def form_items(case: Case) -> tuple[Item, ...]:
    """The items of the case's framework on the case form, with their standards, in order. No
    query when the case came with its framework version (`get_case_for_user` reads it, without
    its source document) and this process has read the items before
    (`inspection.selectors.framework_items`)."""
    inspection = case.inspection
    if Inspection._meta.get_field("framework").is_cached(inspection):
        return _on_case_form(framework_items(inspection.framework))
    return _form_items_read(inspection.framework_id)


def standard_rows(case: Case, code: str) -> list[ItemRow] | None:
    """The items of one standard of the case form as flat rows, without answers or comments:
    what a save of some of them (autosave) is parsed against. None when the case form has no
    such standard."""
    attrs = attributes_of(case)
    rows = [_row(item, attrs, None, []) for item in form_items(case) if item.standard.code == code]
    return rows or None


def case_form(case: Case, *, comments: bool = True) -> CaseForm:
    """The case's items grouped by standard, with answers, open QA comments and progress.

    Queries: the framework's items with their standards (none once this process has read them,
    see `form_items`), the case's answers (1) and, unless asked not to, its open QA comments (1).
    """
    items = form_items(case)
    answers = {a.item_id: a for a in Answer.objects.filter(case=case)}
    open_comments: dict[int | None, list[QAComment]] = defaultdict(list)
    if comments:
        for comment in (
            QAComment.objects.filter(case=case, resolved_at__isnull=True)
            .select_related("author")
            .order_by("created_at", "pk")
        ):
            open_comments[comment.item_id].append(comment)
    return form_build(case, case.inspection.framework_id, answers, open_comments, items=items)


def form_build(
    case: Any,
    framework_id: int,
    answers: Mapping[int, Any],
    open_comments: Mapping[int | None, list[QAComment]] | None = None,
    *,
    items: Sequence[Item] | None = None,
) -> CaseForm:
    """The form of any reading: the framework's items (`items`, or one query) grouped by
    standard, with `answers` (item id -> a row with `value` and `evidence`) and progress. `case`
    is what is read — a case, or a practice case: anything with the case attributes."""
    open_comments = open_comments or {}
    if items is None:
        items = _form_items_read(framework_id)
    attrs = attributes_of(case)
    standards: dict[int, Standard] = {}
    rows: dict[int, list[ItemRow]] = defaultdict(list)
    key_rows: dict[int, ItemRow] = {}
    for item in items:
        standards.setdefault(item.standard_id, item.standard)
        row = _row(item, attrs, answers.get(item.pk), open_comments.get(item.pk, []))
        if item.kind == ItemKind.KEY_QUESTION:
            key_rows[item.pk] = row
            rows[item.standard_id].append(row)
        elif item.parent_id in key_rows:
            key_rows[item.parent_id].prompts.append(row)
    entries = []
    for standard in sorted(standards.values(), key=lambda s: s.order):
        applicable = [r for r in rows[standard.pk] if r.applies]
        answered = sum(1 for r in applicable if r.value)
        status, progress = standard_progress(answered, len(applicable))
        entries.append(StandardEntry(standard, answered, len(applicable), status, progress))
    return CaseForm(case, entries, dict(rows), open_comments.get(None, []))


@dataclass(frozen=True)
class Problem:
    standard: Standard
    slug: str
    field: str  # "value" or "evidence"
    message: str

    @property
    def field_id(self) -> str:
        """The id of the input the error summary links to (GOV.UK: the first radio)."""
        return f"id_a_{self.slug}_1" if self.field == "value" else f"id_e_{self.slug}"


def submit_problems(form: CaseForm) -> list[Problem]:
    """What stops the case being submitted: unanswered key questions and a 'No' without evidence."""
    problems = []
    for entry in form.standards:
        for row in form.rows(entry.standard):
            if not row.applies:
                continue
            code = row.item.code
            if not row.value:
                problems.append(
                    Problem(entry.standard, row.slug, "value", f"Answer key question {code}")
                )
            elif is_negative(row.item, row.value) and not row.evidence.strip():
                problems.append(
                    Problem(
                        entry.standard,
                        row.slug,
                        "evidence",
                        f"Enter evidence for key question {code}: the answer is "
                        f"‘{row.value_label}’",
                    )
                )
    return problems


def case_status_label(case: Case, has_answers: bool) -> str:
    if case.status == CaseStatus.DRAFT and not has_answers:
        return "Not started"
    return case.get_status_display()


def case_interviews(case: Case) -> QuerySet[Interview]:
    return case.interviews.select_related("recorded_by").order_by("held_on", "pk")
