"""Words for rating and answer codes, from the one place (`inspection.labels`), and the
sentence on standards left not rated (`reports.rendering.labels.not_rated_note`)."""

import pytest

from inspection.labels import answer_label, positive_label, rating_explained, rating_label
from reports.rendering.labels import not_rated_note, score_label


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("requires_improvement", "Requires improvement"),
        ("outstanding", "Outstanding"),
        ("na", "Not applicable"),
        ("yes", "Yes"),
        ("", "Not answered"),
    ],
)
def test_answer_labels(value, words):
    assert answer_label(value) == words


def test_not_rated_is_a_rating_with_its_reason_and_not_yet_rated_is_none():
    assert rating_label("not_rated") == "Not rated"
    assert rating_explained("not_rated") == "Not rated: no relevant cases"
    assert rating_explained("good") == rating_label("good") == "Good"
    assert rating_explained(None) == "Not yet rated"


@pytest.mark.parametrize(
    ("positive", "words"),
    [
        (["yes"], "Yes"),
        (["outstanding", "good"], "outstanding or good"),
        (["sufficient"], "sufficient"),
        (
            ["outstanding", "good", "requires_improvement"],
            "outstanding, good or requires improvement",
        ),
    ],
)
def test_positive_label_names_the_scales_positive_answers(positive, words):
    assert positive_label(positive) == words


def _document(not_rated: list[str], score: int | None = 10, top: int = 16) -> dict:
    standards = [
        {"code": "A3", "title": "Victim contact"},
        {"code": "4.1", "title": "Resettlement"},
    ]
    overall = {"score": score, "max": top, "rating": None}
    if not_rated:
        overall["not_rated"] = not_rated
    return {"standards": standards, "overall": overall}


def test_the_not_rated_sentence_says_how_the_score_treats_them():
    assert not_rated_note(_document([]), "scale") == ""
    assert not_rated_note(_document(["A3"]), "exclude") == (
        "A3 Victim contact was not rated (no relevant cases) and is not counted in the score."
    )
    assert not_rated_note(_document(["A3", "4.1"], top=20), "scale") == (
        "A3 Victim contact and 4.1 Resettlement were not rated (no relevant cases): the score of "
        "the rated standards is scaled up to the maximum of 20."
    )


def test_the_score_is_out_of_the_maximum_possible():
    assert score_label({"score": 25, "max": 39}) == "25/39"
    assert score_label({"score": None, "max": 39}) == "not yet available"
