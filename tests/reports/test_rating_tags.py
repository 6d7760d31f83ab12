"""Ratings show as coloured GOV.UK tags, one colour per rating from one map, wherever a page
names a rating: the inspection page, the dashboard's summary and its key questions."""

import re

import pytest
from django.urls import reverse

from inspection.templatetags.casebook import RATING_COLOURS
from reports.services.results import snapshot_refresh

pytestmark = pytest.mark.django_db

TAG = re.compile(r'<strong class="govuk-tag govuk-tag--(\w+)"[^>]*>\s*([^<]+?)\s*</strong>')


def tags(html: str) -> list[tuple[str, str]]:
    return TAG.findall(html)


@pytest.mark.parametrize("page", ["inspection", "reports:dashboard", "reports:key_questions"])
def test_every_rating_is_a_tag_of_its_colour(client, calibrated, page):
    document = snapshot_refresh(inspection=calibrated).document
    client.force_login(calibrated.h5_lead)
    html = client.get(reverse(page, args=[calibrated.pk])).content.decode()
    rated = {s["rating"] for s in document["standards"] if s.get("rating")}
    assert rated, "the calibration inspection has ratings"
    found = tags(html)
    words = {
        "outstanding": "Outstanding",
        "good": "Good",
        "requires_improvement": "Requires improvement",
        "inadequate": "Inadequate",
    }
    for rating in rated:
        colour = RATING_COLOURS[rating]
        assert any(c == colour and t.startswith(words[rating]) for c, t in found), (
            page,
            rating,
            found,
        )
    # no rating word stands outside a tag of its own colour
    for colour, text in found:
        for rating, word in words.items():
            if text.startswith(word):
                assert colour == RATING_COLOURS[rating], (page, text, colour)
