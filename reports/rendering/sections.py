"""The report's building blocks: a standard's section and its item rows, made from a results
document. Shared by the draft report, the regional report, the dashboard and the charts."""

from dataclasses import dataclass, field
from typing import Any

from inspection.labels import answer_label, positive_label, rating_label
from inspection.models import Item
from reports.rendering.labels import count_label, interval_label, percent_label


@dataclass
class ItemRow:
    code: str
    text: str
    yes: int
    no: int
    na: int
    relevant: int
    percent: float | None
    percent_label: str
    count_label: str
    interval_label: str
    interval: list[Any] | None
    rating: str | None = None
    rating_label: str = ""
    yes_to_next_band: int | None = None
    is_driver: bool = False
    answers: dict[str, Any] | None = None
    parent: str | None = None
    interval_width: float | None = None  # for drawing the interval on a bar chart
    benchmarks: list[Any] = field(default_factory=list)  # the dashboard's region and national cells
    # What its percentage counts, in words: "Yes", or its scale's positive answers (format 2)
    positive_label: str = "Yes"
    # (answer, its label, cases) of an item with its own answer set, in the scale's order
    answer_rows: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class Section:
    code: str
    title: str
    heading: str
    statement: str
    rated_from: str
    rating: str | None
    rating_label: str
    computed_rating: str | None = None
    computed_rating_label: str = ""
    moderation_reason: str = ""
    score: int | None = None
    intro: str = ""
    sentence: str = ""
    comparison: str = ""  # the "compared with the region" line, when a lead ticked it
    pdu_ratings: list[Any] = field(default_factory=list)  # regional report: (PDU, rating) per PDU
    key_questions: list[ItemRow] = field(default_factory=list)
    prompts: list[ItemRow] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    prompt_findings: list[str] = field(default_factory=list)
    extra_heading: str = ""
    extra: list[str] = field(default_factory=list)
    evidence_notes: str = ""
    has_chart: bool = False
    chart: str = ""  # a data: URI, set by the HTML renderer

    @property
    def positive_label(self) -> str:
        """What its key questions' percentages count, when they all count the same answers
        ("Yes" on yes/no); "" when they differ (each row then names its own)."""
        labels = {k.positive_label for k in self.key_questions}
        return labels.pop() if len(labels) == 1 else ("" if labels else "Yes")

    @property
    def positive_words(self) -> str:
        """For column heads ("% Yes", "More Yes to next band"): the shared label, or 'positive'
        when its key questions' scales differ."""
        return self.positive_label or "positive"

    @property
    def percent_head(self) -> str:
        label = self.positive_label
        return f"Percentage '{label}'" if label else "Percentage (see each question)"


def in_scale_order(answers: dict[str, int], scale: list[str]) -> dict[str, int]:
    """Stored answer counts in the order of the item's scale (a stored JSON object keeps none)."""
    rank = {value: i for i, value in enumerate(scale)}
    return dict(sorted(answers.items(), key=lambda pair: (rank.get(pair[0], len(rank)), pair[0])))


def item_row(
    doc: dict[str, Any], texts: dict[str, Item], driver: str | None = None, scales: bool = False
) -> ItemRow:
    """`scales`: name the item's scale's positive answers (format 2); a format-1 report says
    'Yes' throughout, as it always has."""
    item = texts.get(doc["code"])
    answers = doc.get("answers") or {}
    if scales:  # a format-1 report keeps the order it always printed
        answers = in_scale_order(answers, item.answers if item else [])
    return ItemRow(
        code=doc["code"],
        text=item.text if item else doc["code"],
        yes=doc["yes"],
        no=doc["no"],
        na=doc["na"],
        relevant=doc["relevant"],
        percent=doc["percent"],
        percent_label=percent_label(doc["percent"]),
        count_label=count_label(doc),
        interval_label=interval_label(doc),
        interval=doc.get("interval"),
        rating=doc.get("rating"),
        rating_label=rating_label(doc.get("rating")) if doc.get("relevant") else "–",
        yes_to_next_band=doc.get("yes_to_next_band"),
        is_driver=doc["code"] == driver,
        answers=doc.get("answers"),
        parent=item.parent.code if item is not None and item.parent is not None else None,
        interval_width=round(doc["interval"][1] - doc["interval"][0], 1)
        if doc.get("interval")
        else None,
        positive_label=positive_label(item.positive) if scales and item is not None else "Yes",
        answer_rows=[(value, answer_label(value), n) for value, n in answers.items()],
    )
