"""The samples an inspection draws (INTERCHANGE.md "Framework format 2", Samples), and each
sample's state for the set-up: its cohort, its draw with reserves, its cases by status.

A case (or cohort record) belongs to every sample whose `applies_to` it meets, an unknown
attribute qualifying: the rule is `inspection.rule_filters.rule_q`, the database twin of
`inspection.applicability.rule_applies`, as in counting. A format-1 version has one sample,
"cases", of every case."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from casework.models import Case
from inspection.attributes import BY_NAME, CaseAttribute
from inspection.declared import declared_by_name
from inspection.framework_format2 import DEFAULT_SAMPLE
from inspection.models import FrameworkSample, Inspection
from inspection.rule_filters import rule_q
from sampling.models import CohortRecord, MemberRole, SampleDraw
from sampling.selectors.progress import STATUS_ORDER


@dataclass(frozen=True)
class Sample:
    """A sample of the inspection's framework version: its code, title and rule."""

    code: str
    title: str
    applies_to: Mapping[str, Sequence[Any]]
    # the framework's declared attributes, which the rule names (the format-1 six by default)
    declared: Mapping[str, CaseAttribute] = field(default_factory=lambda: BY_NAME)

    def cases_q(self) -> Q:
        """Its cases (or cohort records): those meeting its rule, unknown qualifying."""
        return rule_q(self.applies_to, declared=self.declared)


def inspection_samples(inspection: Inspection) -> list[Sample]:
    """The samples of the inspection's framework version, in the file's order (one query); a
    version stored without samples has the format-1 one, "cases"."""
    rows = FrameworkSample.objects.filter(framework_id=inspection.framework_id).order_by("order")
    declared = declared_by_name(inspection.framework)
    samples = [Sample(s.code, s.title, s.applies_to, declared) for s in rows]
    return samples or [Sample(str(DEFAULT_SAMPLE["code"]), str(DEFAULT_SAMPLE["title"]), {})]


def sample_named(samples: Sequence[Sample], code: str | None) -> Sample | None:
    """The sample with this code; with no code, the first (a single-sample inspection's pages
    keep their addresses without one). None when no sample has the code."""
    if not code:
        return samples[0]
    return next((s for s in samples if s.code == code), None)


def sample_cohort_size(inspection: Inspection, sample: Sample) -> int:
    """The committed cohort records meeting the sample's rule."""
    return CohortRecord.objects.filter(inspection=inspection).filter(sample.cases_q()).count()


def sample_draw_of(inspection: Inspection, sample: Sample) -> SampleDraw | None:
    return SampleDraw.objects.filter(inspection=inspection, sample=sample.code).first()


@dataclass
class SampleState:
    """One sample on the set-up page: cohort meeting it, its draw (size, drawn, reserves left)
    and its cases by status (`statuses` in STATUS_ORDER)."""

    sample: Sample
    cohort: int = 0
    draw: SampleDraw | None = None
    drawn: int = 0
    reserves: int = 0
    replaced: int = 0
    statuses: list[tuple[str, int]] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(n for _, n in self.statuses)


def sample_states(inspection: Inspection, samples: Sequence[Sample]) -> list[SampleState]:
    """Each sample's state in three queries whatever the number of samples and cases: the
    cohort per sample (a FILTER count each), the draws with their members by role, and the
    cases by status (a FILTER count per sample)."""
    names = {f"s{i}": s for i, s in enumerate(samples)}
    cohort = CohortRecord.objects.filter(inspection=inspection).aggregate(
        **{name: Count("pk", filter=s.cases_q()) for name, s in names.items()}
    )
    draws = {
        d.sample: d
        for d in SampleDraw.objects.filter(inspection=inspection).annotate(
            n_selected=Count("members", filter=Q(members__role=MemberRole.SELECTED)),
            n_reserve=Count("members", filter=Q(members__role=MemberRole.RESERVE)),
            n_replaced=Count("members", filter=Q(members__role=MemberRole.REPLACED)),
        )
    }
    by_status: dict[str, dict[str, int]] = {name: {} for name in names}
    rows = (
        Case.objects.filter(inspection=inspection)
        .values("status")
        .annotate(**{name: Count("pk", filter=s.cases_q()) for name, s in names.items()})
        .order_by()
        .values_list("status", *names)
    )
    for status, *counts in rows:
        for name, n in zip(names, counts, strict=True):
            by_status[name][status] = n
    states = []
    for name, sample in names.items():
        draw = draws.get(sample.code)
        states.append(
            SampleState(
                sample=sample,
                cohort=cohort[name],
                draw=draw,
                drawn=getattr(draw, "n_selected", 0),
                reserves=getattr(draw, "n_reserve", 0),
                replaced=getattr(draw, "n_replaced", 0),
                statuses=[(s.label, by_status[name].get(s.value, 0)) for s in STATUS_ORDER],
            )
        )
    return states
