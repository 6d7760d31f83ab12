"""Reads for second readings: the reader's form, the lead's side-by-side comparison, the lists
on the home and set-up pages, and the pairs agreement is measured on.

Each function reads a fixed number of queries whatever the number of cases or items.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth.models import User
from django.db.models import QuerySet

from casework.models import COUNTED_STATUSES, Answer, Case
from casework.selectors.casework import CaseForm, form_build
from inspection.labels import answer_label
from inspection.models import Inspection, Item
from inspection.permissions import on_team, team_inspectors
from readings.agreement import Agreement, Figures, Pair, agreement
from readings.models import (
    PracticeCase,
    Reading,
    ReadingAnswer,
    ReadingKind,
    ReadingStatus,
    Settlement,
)
from sampling.models import ConflictOfInterest


def reading_framework_id(reading: Reading) -> int:
    # the database holds a case for every second reading and a practice case for every other
    if reading.kind == ReadingKind.SECOND:
        return cast(Case, reading.case).inspection.framework_id
    return cast(PracticeCase, reading.practice).framework_id


def reading_form(reading: Reading) -> CaseForm:
    """The reading's items by standard with its own answers and progress (two queries). Never
    the first reading's answers: a second reader reads blind."""
    answers = {a.item_id: a for a in ReadingAnswer.objects.filter(reading=reading)}
    return form_build(reading.subject, reading_framework_id(reading), answers)


@dataclass
class Side:
    value: str = ""
    evidence: str = ""

    @property
    def label(self) -> str:
        return answer_label(self.value)


@dataclass
class CompareRow:
    """One item, both readings side by side."""

    item: Item
    applies: bool
    first: Side
    second: Side
    settlement: Settlement | None = None
    # the first reading as it was before any settlement (what agreement measures)
    first_before: str = ""

    @property
    def first_before_label(self) -> str:
        return answer_label(self.first_before)

    @property
    def settled_label(self) -> str:
        return answer_label(self.settlement.value) if self.settlement else ""

    @property
    def compared(self) -> bool:
        return bool(self.first_before and self.second.value)

    @property
    def disagrees(self) -> bool:
        return self.compared and self.first_before != self.second.value

    @property
    def state(self) -> str:
        if not self.compared:
            return "Not compared"
        if not self.disagrees:
            return "Agree"
        return "Settled" if self.settlement else "Disagree"


@dataclass
class Comparison:
    reading: Reading
    sections: list[tuple[str, list[CompareRow]]] = field(default_factory=list)

    @property
    def rows(self) -> list[CompareRow]:
        return [row for _, rows in self.sections for row in rows]

    @property
    def disagreements(self) -> list[CompareRow]:
        return [row for row in self.rows if row.disagrees]

    @property
    def unsettled(self) -> list[CompareRow]:
        return [row for row in self.disagreements if row.settlement is None]


def settled_words(total: int, unsettled: int) -> str:
    """'27 disagreements, none settled yet', '27 disagreements: 5 settled, 22 to settle',
    '27 disagreements, all settled'."""
    if total == 0:
        return "No disagreements"
    noun = f"{total} disagreement{'s' if total != 1 else ''}"
    if unsettled == total:
        return f"{noun}, none settled yet"
    if unsettled == 0:
        return f"{noun}, all settled" if total > 1 else f"{noun}, settled"
    return f"{noun}: {total - unsettled} settled, {unsettled} to settle"


def comparison(reading: Reading) -> Comparison:
    """The first and second readings of a case, item by item, with every disagreement and its
    settlement. Queries: items (1), the case's answers (1), the reading's answers (1),
    settlements (1)."""
    case = cast(Case, reading.case)  # a second reading's (reading_subject_matches_kind)
    form = form_build(case, case.inspection.framework_id, {})
    first = {a.item_id: a for a in Answer.objects.filter(case=case)}
    second = {a.item_id: a for a in ReadingAnswer.objects.filter(reading=reading)}
    settled = {
        s.item_id: s
        for s in Settlement.objects.filter(reading=reading).select_related("settled_by")
    }
    out = Comparison(reading)
    for entry in form.standards:
        rows = []
        for key_row in form.rows(entry.standard):
            for row in [key_row, *key_row.prompts]:
                a, b = first.get(row.item.pk), second.get(row.item.pk)
                settlement = settled.get(row.item.pk)
                first_side = Side(a.value, a.evidence) if a else Side()
                rows.append(
                    CompareRow(
                        item=row.item,
                        applies=row.applies,
                        first=first_side,
                        second=Side(b.value, b.evidence) if b else Side(),
                        settlement=settlement,
                        first_before=settlement.first_value if settlement else first_side.value,
                    )
                )
        if any(r.first.value or r.second.value for r in rows):
            out.sections.append((f"{entry.standard.code} {entry.standard.title}", rows))
    return out


def my_second_readings(user: User) -> QuerySet[Reading]:
    """Second readings given to the user, in inspections they are still on (one query)."""
    return (
        Reading.objects.filter(kind=ReadingKind.SECOND, reader=user)
        .filter(on_team(user, "case__inspection_id"))
        .select_related("case__inspection__pdu")
        .order_by("status", "case__inspection__fieldwork_start", "case__ref")
    )


@dataclass
class ReadingLine:
    reading: Reading
    disagreements: int
    settled: int
    no_reader_reason: str = ""

    @property
    def both_in(self) -> bool:
        return self.reading.is_submitted and cast(Case, self.reading.case).is_counted

    @property
    def counts(self) -> str:
        return settled_words(self.disagreements, self.disagreements - self.settled)


def no_reader_reasons(inspection: Inspection, readings: list[Reading]) -> dict[int, str]:
    """Why each reading without a reader has none, for the lead to act on. Two queries, and
    only when a reading lacks a reader."""
    waiting = [r for r in readings if r.reader_id is None and not r.is_submitted]
    if not waiting:
        return {}
    readers = set(
        team_inspectors(inspection).exclude(account__is_admin=True).values_list("pk", flat=True)
    )
    conflicts: dict[str, set[int]] = defaultdict(set)
    for ref, user_id in ConflictOfInterest.objects.filter(inspection=inspection).values_list(
        "ref", "user_id"
    ):
        conflicts[ref].add(user_id)
    reasons = {}
    for r in waiting:
        case = cast(Case, r.case)  # a second reading's (reading_subject_matches_kind)
        others = readers - {case.assigned_to_id}
        if not readers:
            why = "Nobody can read it blind: the team has no inspector who is not an admin."
        elif not others:
            why = "The only inspector on the team is the case's own inspector."
        elif not others - conflicts[case.ref]:
            why = "Every other inspector has declared a conflict of interest with this case."
        else:
            why = "Its reader was removed, or none was given: choose a reader."
        reasons[r.pk] = why
    return reasons


def inspection_second_readings(inspection: Inspection) -> list[ReadingLine]:
    """Every second reading of the inspection with its count of disagreements and settlements
    once both readings are in. Queries: readings (1), first answers of those cases (1), second
    answers (1), settlements (1)."""
    readings = list(
        Reading.objects.filter(kind=ReadingKind.SECOND, case__inspection=inspection)
        .select_related("case__assigned_to", "reader", "draw")
        .order_by("case__ref")
    )
    pairs = _pairs_of(readings)
    settled: dict[int, int] = defaultdict(int)
    for reading_id in Settlement.objects.filter(reading__in=readings).values_list(
        "reading_id", flat=True
    ):
        settled[reading_id] += 1
    reasons = no_reader_reasons(inspection, readings)
    out = []
    for reading in readings:
        disagree = sum(1 for p in pairs.get(reading.pk, []) if not p.agrees)
        out.append(ReadingLine(reading, disagree, settled[reading.pk], reasons.get(reading.pk, "")))
    return out


def _pairs_of(readings: list[Reading]) -> dict[int, list[Pair]]:
    """Per reading: the items both readings answered (first as before any settlement)."""
    cases = {r.case_id: r for r in readings if r.case_id is not None}
    first: dict[tuple[int, int], str] = {}
    for case_id, item_id, value in (
        Answer.objects.filter(case_id__in=cases)
        .exclude(value="")
        .values_list("case_id", "item_id", "value")
    ):
        first[(cases[case_id].pk, item_id)] = value
    for reading_id, item_id, value in Settlement.objects.filter(reading__in=readings).values_list(
        "reading_id", "item_id", "first_value"
    ):
        first[(reading_id, item_id)] = value
    out: dict[int, list[Pair]] = defaultdict(list)
    for reading_id, item_id, value in (
        ReadingAnswer.objects.filter(reading__in=readings)
        .exclude(value="")
        .values_list("reading_id", "item_id", "value")
    ):
        if (reading_id, item_id) in first:
            out[reading_id].append(Pair(str(item_id), first[(reading_id, item_id)], value))
    return out


def _name(user: User | None, fallback: str = "") -> str:
    if user is None:
        return fallback or "Not assigned"
    return user.get_username()


def framework_items_uncached(framework_id: int) -> list[Item]:
    """The framework's items with their standards, in framework order: one query every time
    (`inspection.selectors.framework_items` keeps them per process instead)."""
    return list(
        Item.objects.filter(framework_id=framework_id).select_related("standard").order_by("order")
    )


def agreement_pairs(inspection: Inspection, items: list[Item]) -> list[Pair]:
    """Every pair the inspection's agreement is measured on: items answered by both the first
    reading of a counted case and its submitted second reading. The first reading's answer is
    the one before any settlement. Queries: readings (1), answers (1), second answers (1),
    settlements (1)."""
    readings = list(
        Reading.objects.filter(
            kind=ReadingKind.SECOND,
            status=ReadingStatus.SUBMITTED,
            case__inspection=inspection,
            case__status__in=COUNTED_STATUSES,
        ).select_related("case__assigned_to", "reader")
    )
    by_id = {i.pk: i for i in items}
    by_pk = {r.pk: r for r in readings}
    out = []
    for reading_id, pairs in _pairs_of(readings).items():
        reading = by_pk[reading_id]
        case = cast(Case, reading.case)  # a second reading's (reading_subject_matches_kind)
        for p in pairs:
            item = by_id[int(p.item)]
            out.append(
                Pair(
                    item=item.code,
                    first=p.first,
                    second=p.second,
                    case=case.ref,
                    standard=item.standard.code,
                    categories=tuple(item.answers),
                    first_reader=_name(case.assigned_to, "unassigned"),
                    second_reader=_name(reading.reader, reading.reader_name),
                )
            )
    return out


def inspection_agreement(inspection: Inspection, items: list[Item] | None = None) -> Agreement:
    """Agreement of the inspection's double-read cases (five queries; four given the items)."""
    items = framework_items_uncached(inspection.framework_id) if items is None else items
    return agreement(agreement_pairs(inspection, items), order=[i.code for i in items])


@dataclass(frozen=True)
class AgreementLine:
    """One row of an agreement table: what it is about, in words, and its figures."""

    code: str
    text: str
    figures: Figures


@dataclass(frozen=True)
class AgreementView:
    overall: Figures
    cases: int
    items: list[AgreementLine]  # lowest agreement first
    standards: list[AgreementLine]
    reader_pairs: list[AgreementLine]  # code: "first reader", text: "second reader"


def agreement_view(result: Agreement, items: list[Item]) -> AgreementView:
    """Agreement figures with the items' and standards' words, low-agreement items first (no
    query: `items` come with their standards)."""
    texts = {i.code: i.text for i in items}
    titles = {i.standard.code: i.standard.title for i in items}
    return AgreementView(
        overall=result.overall,
        cases=result.cases,
        items=[
            AgreementLine(r.key[0], texts.get(r.key[0], ""), r.figures) for r in result.low_first()
        ],
        standards=[
            AgreementLine(r.key[0], titles.get(r.key[0], ""), r.figures) for r in result.standards
        ],
        reader_pairs=[AgreementLine(r.key[0], r.key[1], r.figures) for r in result.reader_pairs],
    )


def inspection_agreement_view(inspection: Inspection) -> AgreementView:
    """The inspection's agreement in words (five queries), for pages and the workbook."""
    items = framework_items_uncached(inspection.framework_id)
    return agreement_view(inspection_agreement(inspection, items), items)
