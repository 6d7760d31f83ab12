"""The default rules of METHODOLOGY.md section 3 as scoring data, shared by the scoring tests."""

from reports.scoring import (
    Band,
    Counts,
    KeyQuestionSpec,
    OverallBand,
    Rules,
    StandardSpec,
)

CASE_BANDS = (
    Band(80, "outstanding"),
    Band(65, "good"),
    Band(50, "requires_improvement"),
    Band(0, "inadequate"),
)
SCORES = {"outstanding": 3, "good": 2, "requires_improvement": 1, "inadequate": 0}
OVERALL_BANDS = (
    OverallBand(23, "outstanding"),
    OverallBand(14, "good"),
    OverallBand(5, "requires_improvement"),
    OverallBand(0, "inadequate"),
)
RULES = Rules(case_bands=CASE_BANDS, scores=SCORES, overall_bands=OVERALL_BANDS)


def case_standard(code: str, *kq_codes: str, prompts: tuple[str, ...] = ()) -> StandardSpec:
    key_questions = tuple(
        KeyQuestionSpec(kq, prompts if i == 0 else ()) for i, kq in enumerate(kq_codes)
    )
    return StandardSpec(code, f"Standard {code}", "cases", key_questions)


def judged(code: str) -> StandardSpec:
    return StandardSpec(code, f"Standard {code}", "judgement")


def counts_of(yes: int, relevant: int, na: int = 0) -> Counts:
    return Counts(yes=yes, no=relevant - yes, na=na)
