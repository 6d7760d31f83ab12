"""The example PDU report (shared/domain/example-pdu-report.txt) rebuilt as 102 cases.

`calibration_bundle()` returns an `inspection-bundle/1` dict whose counts reproduce the report's
figures: 2/27 overall (Inadequate), every domain-two key-question percentage, and the prompt-level
sentences ("in 45 out of 95 relevant cases"). Yes answers are spread over the cases
deterministically (an evenly spaced pattern, shifted per item), so the bundle is the same on
every call. The lead's calibration test imports this function: keep the counts as listed.
"""

from datetime import date, timedelta
from typing import Any

N_CASES = 102
N_LICENCE = 32
N_PRE_SENTENCE = 19
N_INTERVIEWS = 79

# item code -> (yes, relevant, na); relevant + na cases answer the item, the rest leave it out.
# 2.1.1 and its prompts are answered only for the 19 cases with pre-sentence information.
COURT = {
    "2.1.1": (1, 19, 0),
    "2.1.1.b": (3, 19, 0),
    "2.1.1.c": (4, 15, 4),
}
ALL_CASES = {
    "2.2.1": (58, 102, 0),
    "2.2.2": (50, 102, 0),
    "2.2.3": (32, 102, 0),
    "2.2.3.a": (37, 96, 6),
    "2.2.3.c": (45, 95, 7),
    "2.3.1": (51, 102, 0),
    "2.3.2": (53, 102, 0),
    "2.3.3": (41, 102, 0),
    "2.3.3.a": (40, 93, 9),
    "2.3.3.c": (35, 93, 9),
    "2.3.3.d": (34, 93, 9),
    "2.4.1": (58, 102, 0),
    "2.4.2": (41, 102, 0),
    "2.4.3": (44, 102, 0),
    "2.4.3.c": (36, 62, 40),
    "2.5.1": (62, 102, 0),
    "2.5.2": (56, 102, 0),
    "2.5.3": (45, 102, 0),
    "2.5.3.a": (29, 77, 25),
    "2.6.1": (39, 100, 2),
}
# Licence cases only (the framework's applies_to for R.*).
LICENCE = {"R.3": (17, 32, 0)}
# Management oversight has its own answer set; 27 sufficient, 75 not.
MO_SUFFICIENT = 27
MO_OTHERS = ("insufficient", "ineffective", "absent")

DOMAIN_ONE = {
    "1.1": "inadequate",
    "1.2": "inadequate",
    "1.3": "requires_improvement",
    "1.4": "requires_improvement",
}

WINDOWS = [(date(2022, 4, 18), date(2022, 4, 24)), (date(2022, 5, 9), date(2022, 5, 15))]
ROSH = ("low", "medium", "medium", "high", "medium", "low", "very_high", "medium")
ETHNICITY = (
    "white",
    "white",
    "asian",
    "white",
    "black",
    "mixed",
    "white",
    "white",
    "other",
    "asian",
)
AGE_BANDS = ("18-25", "26-49", "26-49", "50+", "26-49")
GRADES = ("probation_officer", "probation_services_officer", "trainee", "agency")


def _spread(yes: int, n: int, shift: int) -> list[bool]:
    """`yes` True values evenly spaced over n positions, rotated by `shift` (deterministic)."""
    pattern = [(i + 1) * yes // n > i * yes // n for i in range(n)]
    shift %= max(n, 1)
    return pattern[shift:] + pattern[:shift]


def _answer(
    cases: list[dict[str, Any]], code: str, counts: tuple[int, int, int], shift: int, yes="yes"
) -> None:
    """Answer `code` on the given cases: the first relevant ones yes/no, the last na ones na."""
    n_yes, relevant, na = counts
    assert relevant + na <= len(cases), code
    pattern = _spread(n_yes, relevant, shift)
    for case, is_yes in zip(cases[:relevant], pattern, strict=True):
        case["answers"][code] = yes if is_yes else "no"
    for case in cases[relevant : relevant + na]:
        case["answers"][code] = "na"


def _case_date(i: int) -> date:
    start, end = WINDOWS[i % 2]
    return start + timedelta(days=i % ((end - start).days + 1))


def calibration_bundle() -> dict:
    """The example report's inspection as an `inspection-bundle/1` dict (102 submitted cases)."""
    cases: list[dict[str, Any]] = []
    for i in range(N_CASES):
        licence = i % 3 == 0 and i // 3 < N_LICENCE  # 32 licence cases spread through the list
        case_type = "licence" if licence else ("suspended" if i % 5 == 1 else "community")
        cases.append(
            {
                "ref": f"LLR-{i + 1:03d}",
                "case_type": case_type,
                "start_date": _case_date(i).isoformat(),
                "rosh": ROSH[i % len(ROSH)],
                "gender": "female" if i % 10 == 3 else "male",
                "ethnicity": ETHNICITY[i % len(ETHNICITY)],
                "age_band": AGE_BANDS[i % len(AGE_BANDS)],
                "status": "submitted",
                "pre_sentence_info": False,
                "answers": {},
            }
        )
    non_licence = [c for c in cases if c["case_type"] != "licence"]
    court = non_licence[:N_PRE_SENTENCE]
    for case in court:
        case["pre_sentence_info"] = True
    licence_cases = [c for c in cases if c["case_type"] == "licence"]
    assert len(licence_cases) == N_LICENCE and len(court) == N_PRE_SENTENCE

    for shift, (code, counts) in enumerate(COURT.items()):
        _answer(court, code, counts, shift * 5)
    for shift, (code, counts) in enumerate(ALL_CASES.items()):
        # rotate the case order per item, so na answers and yes answers fall on different cases
        offset = (shift * 7) % N_CASES
        _answer(cases[offset:] + cases[:offset], code, counts, shift * 3)
    for code, counts in LICENCE.items():
        _answer(licence_cases, code, counts, 2)
    for i, is_yes in enumerate(_spread(MO_SUFFICIENT, N_CASES, 11)):
        cases[i]["answers"]["MO.1"] = "sufficient" if is_yes else MO_OTHERS[i % len(MO_OTHERS)]

    interviews = [
        {
            "case_ref": cases[(i * 13) % N_CASES]["ref"],
            "role": GRADES[i % len(GRADES)],
            "held_on": (date(2022, 11, 28) + timedelta(days=i % 5)).isoformat(),
        }
        for i in range(N_INTERVIEWS)
    ]
    return {
        "format": "inspection-bundle/1",
        "framework": "hmip-pdu-2021",
        "inspection": {
            "pdu": "Leicester, Leicestershire and Rutland",
            "region": "East Midlands",
            "fieldwork_start": "2022-11-28",
            "fieldwork_end": "2022-12-02",
            "cohort_windows": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in WINDOWS],
        },
        "standard_ratings": dict(DOMAIN_ONE),
        "cases": cases,
        "interviews": interviews,
    }
