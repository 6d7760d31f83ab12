"""Drawing a sample from the committed cohort, and replacing a sampled case.

An inspection draws each sample of its framework version apart (INTERCHANGE.md "Framework format
2", Samples): its own size, strata, seed and reserves, over the cohort records meeting the
sample's `applies_to`. A record drawn in two samples is one case (one reference per inspection),
counted in both. The draw page and `draw_sample` share `sample_draw`. The arithmetic is in
`sampling.draw`.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.history import change_reason
from casework.models import Case, CaseStatus
from casework.text_limits import REASON_MAX
from inspection.attributes import CASELIST_FIELDS, STRATA_NAMES, CaseAttribute
from inspection.declared import (
    attribute_value,
    breakdown_attributes,
    declared_attributes,
    declared_by_name,
)
from inspection.models import FrameworkVersion, Inspection
from inspection.writes import inspection_writable
from sampling import draw as sampling
from sampling.models import CohortRecord, MemberRole, SampleDraw, SampleMember
from sampling.selectors.samples import Sample, inspection_samples, sample_named

STRATA_ATTRIBUTES = STRATA_NAMES  # a format-1 framework's
DEFAULT_STRATA = ("case_type", "rosh", "gender")
DEFAULT_RESERVES = 10
GRADE = "practitioner_grade"  # not an attribute, but a case list field a draw may use


def strata_names(framework: FrameworkVersion) -> tuple[str, ...]:
    """What a draw may be stratified by: the framework's declared attributes and the
    practitioner's grade."""
    return (*(a.name for a in declared_attributes(framework)), GRADE)


def default_strata(framework: FrameworkVersion) -> tuple[str, ...]:
    """What a draw is stratified by when nothing is chosen: a format-1 framework's case type,
    RoSH level and gender (as always); another framework's declared breakdown attributes, in
    its order (none when it declares none: the strata must then be chosen)."""
    if framework.file_format == 1:
        return DEFAULT_STRATA
    return tuple(a.name for a in breakdown_attributes(framework))


def strata_problems(
    strata: Sequence[str], *, required: bool = True, names: Sequence[str] = STRATA_ATTRIBUTES
) -> list[str]:
    """Why `strata` cannot stratify a draw (of the sample, or of cases for a second reading):
    an attribute that is not among `names`, one chosen twice, or none when `required`."""
    problems = []
    if any(a not in names for a in strata) or (required and not strata):
        problems.append(
            f"Strata must be among {', '.join(names)} (got {', '.join(strata) or 'none'})."
        )
    if len(set(strata)) != len(strata):
        problems.append("Each stratum attribute can be chosen once.")
    return problems


def _value(value: object) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _stratum_value(record: CohortRecord, name: str, declared: Mapping[str, CaseAttribute]) -> Any:
    if name in declared:
        return attribute_value(record, declared[name])
    return getattr(record, name)


def parse_minimum(text: str) -> sampling.Minimum:
    """`gender=female:5` -> Minimum("gender", "female", 5)."""
    try:
        condition, n = text.rsplit(":", 1)
        attribute, value = condition.split("=", 1)
        return sampling.Minimum(attribute.strip(), value.strip(), int(n))
    except ValueError:
        raise ValidationError(f"{text!r} is not a minimum like gender=female:5") from None


def sample_for_draw(inspection: Inspection, code: str | None) -> Sample:
    """The sample a draw is for: the one named, or the only one. With several samples a draw
    names its sample."""
    samples = inspection_samples(inspection)
    if not code and len(samples) > 1:
        raise ValidationError(f"Choose the sample to draw: {', '.join(s.code for s in samples)}.")
    sample = sample_named(samples, code)
    if sample is None:
        raise ValidationError(
            f"{code!r} is not a sample of this inspection ({', '.join(s.code for s in samples)})."
        )
    return sample


@transaction.atomic
def sample_draw(
    *,
    inspection: Inspection,
    size: int,
    seed: int,
    strata: Sequence[str] | None = None,
    minimums: Sequence[sampling.Minimum] = (),
    reserves: int = DEFAULT_RESERVES,
    user: User | None = None,
    sample: str | None = None,
) -> SampleDraw:
    """Draw `size` cases of one sample (`sample`: its code; the only one when None) from the
    cohort records meeting its rule, proportional per stratum (largest remainder, then
    minimums; by `default_strata` when `strata` is None), and a ranked reserve list per
    stratum; create a Case for each sampled record
    that is not one already (drawn in another sample).

    The sample's previous draw is replaced only while none of its cases is assigned or started.
    Invariant: the same cohort, seed and parameters give the same sample.
    """
    inspection_writable(inspection)
    strata = list(default_strata(inspection.framework) if strata is None else strata)
    problems = strata_problems(strata, names=strata_names(inspection.framework))
    if problems:
        raise ValidationError(problems[0])
    Inspection.objects.select_for_update().get(pk=inspection.pk)
    chosen = sample_for_draw(inspection, sample)
    _clear_previous_draw(inspection, chosen.code)
    cohort = CohortRecord.objects.filter(inspection=inspection)
    records = list(cohort.filter(chosen.cases_q()).order_by("ref"))
    if not records:
        if chosen.applies_to and cohort.exists():
            raise ValidationError(f"No case of the case list belongs to the sample {chosen.title}.")
        raise ValidationError("Import and commit the case list before drawing the sample.")
    if size < 1:
        raise ValidationError("The sample size must be at least 1.")
    declared = declared_by_name(inspection.framework)
    keys = {r.pk: tuple(_value(_stratum_value(r, a, declared)) for a in strata) for r in records}
    counts = Counter(keys.values())
    try:
        allocation = sampling.allocate(counts, size, strata=strata, minimums=minimums)
    except sampling.SamplingError as exc:
        raise ValidationError(str(exc)) from exc
    if size > sampling.MAX_SAMPLE:
        raise ValidationError(f"The sample size can be at most {sampling.MAX_SAMPLE:,}.")
    by_ref = {r.ref: r for r in records}
    drawn = sampling.draw(
        ((r.ref, keys[r.pk]) for r in records), allocation, seed=seed, reserves=reserves
    )
    draw = SampleDraw(
        inspection=inspection,
        sample=chosen.code,
        seed=seed,
        size=size,
        strata=strata,
        minimums=[{"attribute": m.attribute, "value": m.value, "n": m.n} for m in minimums],
        parameters={"reserves": reserves, "cohort": len(records), "method": "largest-remainder"},
        allocation=[
            {"stratum": _name(strata, k), "cohort": counts[k], "sample": allocation[k]}
            for k in sorted(counts)
        ],
        created_by=user,
    )
    draw.full_clean(exclude=["created_by", "minimums", "parameters"])
    draw.save()
    members, cases = [], []
    selected = [ref for result in drawn.values() for ref in result.selected]
    already = set(
        Case.objects.filter(inspection=inspection, ref__in=selected).values_list("ref", flat=True)
    )
    for key, result in drawn.items():
        name = _name(strata, key)
        for rank, ref in enumerate(result.selected + result.reserve, start=1):
            role = MemberRole.SELECTED if rank <= len(result.selected) else MemberRole.RESERVE
            members.append(
                SampleMember(draw=draw, record=by_ref[ref], stratum=name, rank=rank, role=role)
            )
            if role == MemberRole.SELECTED and ref not in already:
                cases.append(_case(inspection, by_ref[ref], name))
    SampleMember.objects.bulk_create(members, batch_size=2000)
    for case in cases:
        case.full_clean(validate_unique=False)
        case.save()  # one by one, so each case starts its history
    return draw


def _name(strata: Sequence[str], key: tuple[Any, ...]) -> str:
    return ";".join(f"{a}={v}" for a, v in zip(strata, key, strict=True))


def _case(inspection: Inspection, record: CohortRecord, stratum: str) -> Case:
    return Case(
        inspection=inspection,
        stratum=stratum,
        attributes=dict(record.attributes),
        **{f: getattr(record, f) for f in CASELIST_FIELDS},
    )


def _clear_previous_draw(inspection: Inspection, sample: str) -> None:
    """Remove the sample's draw and the cases it alone drew (a case another sample drew too
    stays, with that sample)."""
    previous = SampleDraw.objects.filter(inspection=inspection, sample=sample).first()
    if previous is None:
        return
    refs = previous.members.filter(role=MemberRole.SELECTED).values("record__ref")
    cases = Case.objects.filter(inspection=inspection, ref__in=refs)
    if (
        cases.filter(assigned_to__isnull=False).exists()
        or cases.exclude(status=CaseStatus.DRAFT).exists()
    ):
        raise ValidationError(
            "Cases of the current sample are already assigned or started: it cannot be redrawn."
        )
    elsewhere = SampleMember.objects.filter(
        draw__inspection=inspection, role=MemberRole.SELECTED
    ).exclude(draw=previous)
    for case in cases.exclude(ref__in=elsewhere.values("record__ref")):
        case.delete()
    previous.delete()


@transaction.atomic
def sample_replace(*, case: Case, reason: str, user: User | None = None) -> Case:
    """Replace a sampled case by the next reserve of its stratum, in every sample that drew it;
    returns the new case (the first sample's, when several drew it).

    The replaced members keep their reason and who replaced them (also in the cases' history);
    a new case goes to the same inspector. A reserve that is a case already (drawn in another
    sample) stays that one case. Refused for a case with recorded judgements or one already
    submitted, and when a sample that drew it has no reserve left in its stratum.
    """
    inspection_writable(case.inspection)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give the reason for replacing the case.")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"The reason must be {REASON_MAX:,} characters or fewer.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.DRAFT or case.answers.exclude(value="").exists():
        raise ValidationError("This case already has judgements recorded: it cannot be replaced.")
    members = list(
        SampleMember.objects.select_for_update(of=("self",))
        .select_related("draw")
        .filter(draw__inspection_id=case.inspection_id, record__ref=case.ref)
        .filter(role=MemberRole.SELECTED)
        .order_by("draw_id")
    )
    if not members:
        raise ValidationError("This case was not drawn in the sample, so it has no reserve list.")
    replacements = [(member, _next_reserve(member, several=len(members) > 1)) for member in members]
    assignee = case.assigned_to
    case._history_user = user
    change_reason(case, f"Replaced from the reserve list: {reason}")
    case.delete()
    new_cases: list[Case] = []
    for member, reserve in replacements:
        reserve.role = MemberRole.SELECTED
        reserve.save(update_fields=["role"])
        member.role = MemberRole.REPLACED
        member.replaced_reason = reason
        member.replaced_by = reserve
        member.replaced_at = timezone.now()
        member.replaced_by_user = user
        member.full_clean(exclude=["replaced_by_user"])
        member.save(
            update_fields=[
                "role",
                "replaced_reason",
                "replaced_by",
                "replaced_at",
                "replaced_by_user",
            ]
        )
        existing = Case.objects.filter(inspection_id=case.inspection_id, ref=reserve.record.ref)
        new = existing.first()
        if new is None:
            new = _case(case.inspection, reserve.record, member.stratum)
            new.assigned_to = assignee
            new._history_user = user
            change_reason(new, f"Drawn from the reserve list to replace {case.ref}")
            new.full_clean(validate_unique=False)
            new.save()
        new_cases.append(new)
    return new_cases[0]


def _next_reserve(member: SampleMember, *, several: bool) -> SampleMember:
    reserve = (
        SampleMember.objects.select_for_update(of=("self",))
        .select_related("record")
        .filter(draw_id=member.draw_id, stratum=member.stratum, role=MemberRole.RESERVE)
        .order_by("rank")
        .first()
    )
    if reserve is None:
        where = f" of the sample {member.draw.sample}" if several else ""
        raise ValidationError(f"No reserve is left in the stratum {member.stratum}{where}.")
    return reserve
