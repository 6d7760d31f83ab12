"""Reads for calibration exercises: the practice cases a user may judge, the feedback after
submitting (where a reading differed from the reference) and the admin's agreement of every
inspector with the reference, by inspector and by item. Fixed query counts."""

from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from casework.selectors.casework import form_build
from inspection.models import Item
from readings.agreement import Agreement, Pair, agreement
from readings.models import (
    PracticeCase,
    PracticeStatus,
    Reading,
    ReadingAnswer,
    ReadingKind,
    ReadingStatus,
)
from readings.selectors.readings import (
    AgreementView,
    Side,
    agreement_view,
    framework_items_uncached,
)


@dataclass
class PracticeLine:
    practice: PracticeCase
    mine: Reading | None


def practice_cases_open(user: User) -> list[PracticeLine]:
    """Open practice cases, and closed ones the user read, each with the user's own reading
    (two queries)."""
    mine = {
        r.practice_id: r
        for r in Reading.objects.filter(kind=ReadingKind.PRACTICE, reader=user).only(
            "pk", "practice_id", "status", "kind", "reader_id"
        )
    }
    practices = (
        PracticeCase.objects.filter(Q(status=PracticeStatus.OPEN) | Q(pk__in=list(mine)))
        .exclude(status=PracticeStatus.SETUP)
        .select_related("framework")
        .defer("framework__source", "material")
        .order_by("-created_at", "-pk")
    )
    return [PracticeLine(p, mine.get(p.pk)) for p in practices]


def practice_cases_admin() -> QuerySet[PracticeCase]:
    """Every practice case with its count of submitted practice readings (one query)."""
    return (
        PracticeCase.objects.select_related("framework")
        .defer("framework__source", "material")
        .annotate(
            submitted=Count(
                "readings",
                filter=Q(
                    readings__kind=ReadingKind.PRACTICE,
                    readings__status=ReadingStatus.SUBMITTED,
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )


def reference_of(practice: PracticeCase) -> Reading | None:
    return (
        Reading.objects.filter(practice=practice, kind=ReadingKind.REFERENCE)
        .select_related("reader")
        .first()
    )


@dataclass
class FeedbackRow:
    item: Item
    mine: Side
    reference: Side

    @property
    def differs(self) -> bool:
        return self.mine.value != self.reference.value


@dataclass
class Feedback:
    sections: list[tuple[str, list[FeedbackRow]]] = field(default_factory=list)

    @property
    def rows(self) -> list[FeedbackRow]:
        return [r for _, rows in self.sections for r in rows]

    @property
    def differences(self) -> list[FeedbackRow]:
        return [r for r in self.rows if r.differs]


def practice_feedback(reading: Reading) -> Feedback:
    """Item by item, the reading beside the reference: every applicable item either answered.
    Queries: the reference (1), items (1), both readings' answers (1)."""
    practice = cast(PracticeCase, reading.practice)  # a practice reading's (the database's rule)
    reference = reference_of(practice)
    form = form_build(practice, practice.framework_id, {})
    answers: dict[tuple[int, int], ReadingAnswer] = {
        (a.reading_id, a.item_id): a
        for a in ReadingAnswer.objects.filter(
            reading_id__in=[reading.pk, reference.pk if reference else reading.pk]
        )
    }
    out = Feedback()
    for entry in form.standards:
        rows = []
        for key_row in form.rows(entry.standard):
            for row in [key_row, *key_row.prompts]:
                if not row.applies:
                    continue
                mine = answers.get((reading.pk, row.item.pk))
                ref = answers.get((reference.pk, row.item.pk)) if reference else None
                if not (mine and mine.value) and not (ref and ref.value):
                    continue
                rows.append(
                    FeedbackRow(
                        item=row.item,
                        mine=Side(mine.value, mine.evidence) if mine else Side(),
                        reference=Side(ref.value, ref.evidence) if ref else Side(),
                    )
                )
        if rows:
            out.sections.append((f"{entry.standard.code} {entry.standard.title}", rows))
    return out


@dataclass
class PracticeOverview:
    reference: Reading | None
    readings: list[Reading]
    agreement: Agreement
    view: AgreementView


def practice_overview(practice: PracticeCase) -> PracticeOverview:
    """Every inspector's reading of the practice case and their agreement with the reference,
    by inspector and by item (the reference is the "first" reading of every pair). Queries:
    readings (1), items (1), answers (1)."""
    readings = list(
        Reading.objects.filter(practice=practice)
        .select_related("reader")
        .order_by("kind", "reader__username", "pk")
    )
    reference = next((r for r in readings if r.kind == ReadingKind.REFERENCE), None)
    practice_readings = [r for r in readings if r.kind == ReadingKind.PRACTICE]
    submitted = [r for r in practice_readings if r.is_submitted]
    ordered = framework_items_uncached(practice.framework_id)
    items = {i.pk: i for i in ordered}
    values: dict[int, dict[int, str]] = {r.pk: {} for r in readings}
    ids = [r.pk for r in submitted] + ([reference.pk] if reference else [])
    for reading_id, item_id, value in (
        ReadingAnswer.objects.filter(reading_id__in=ids)
        .exclude(value="")
        .values_list("reading_id", "item_id", "value")
    ):
        values[reading_id][item_id] = value
    pairs = []
    if reference is not None and reference.is_submitted:
        for reading in submitted:
            for item_id, value in values[reading.pk].items():
                ref = values[reference.pk].get(item_id)
                if ref:
                    item = items[item_id]
                    pairs.append(
                        Pair(
                            item=item.code,
                            first=ref,
                            second=value,
                            case=str(reading.pk),
                            standard=item.standard.code,
                            categories=tuple(item.answers),
                            first_reader="reference",
                            second_reader=reading.reader.get_username()
                            if reading.reader
                            else "(removed user)",
                        )
                    )
    result = agreement(pairs, order=[i.code for i in ordered])
    return PracticeOverview(reference, practice_readings, result, agreement_view(result, ordered))
