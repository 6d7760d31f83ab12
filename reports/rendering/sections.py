"""The report's building blocks: a standard's section and its item rows, made from a results
document. Shared by the draft report, the regional report, the dashboard and the charts."""

from dataclasses import dataclass, field
from typing import Any

from inspection.labels import rating_label
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


def item_row(doc: dict[str, Any], texts: dict[str, Item], driver: str | None = None) -> ItemRow:
    item = texts.get(doc["code"])
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
    )
