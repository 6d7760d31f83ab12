"""The report's method annexe and the workbook's notes: the framework's rules in words, and
where its wording and rules come from (its `sources` and `notes`, INTERCHANGE.md "Framework
format 2"). Read from the framework version; nothing is computed here.

A format-1 framework keeps its notes word for word: its reports are pinned by tests.
"""

from typing import Any

from inspection.labels import answer_label, positive_label, rating_label
from inspection.models import FrameworkVersion, Standard

# Only these link in the HTML report; any other address is printed as text, never a link.
LINK_SCHEMES = ("https://", "http://")


def _percent_note(framework: FrameworkVersion) -> str:
    if framework.file_format == 1:
        return (
            "A key question's percentage is the share of relevant cases judged 'Yes'; cases where "
            "the question was not applicable, or not answered, are left out of both numerator and "
            "denominator."
        )
    scales = "; ".join(
        f"on the {name.replace('_', ' ')} scale ({', '.join(answer_label(v) for v in scale['values'])}) "
        f"'{positive_label(scale['positive'])}'"
        for name, scale in sorted(framework.answer_scales.items())
    )
    return (
        "A key question's percentage is the share of relevant cases given one of its answer "
        f"scale's positive answers ({scales}); cases where the question was not applicable, or "
        "not answered, are left out of both numerator and denominator."
    )


def _not_rated_notes(framework: FrameworkVersion) -> list[str]:
    standards = Standard.objects.filter(framework=framework)
    notes = []
    if standards.filter(when_no_cases="not_rated").exists():
        if framework.when_not_rated == "scale":
            treated = (
                "the rated standards' total is scaled up to the maximum possible (multiplied by "
                "the maximum possible over the maximum of the rated standards, rounded half up) "
                "before the overall rating is applied"
            )
        else:
            treated = "it is not counted in the score: the total is the sum of the rated standards"
        notes.append(
            "A standard the framework rates 'Not rated' when it has no relevant cases is shown as "
            f"'Not rated: no relevant cases'; {treated}. The score is out of the maximum "
            "possible, every standard counted."
        )
    if standards.filter(rated_from="none").exists():
        notes.append("Standards the framework does not rate are reported for information only.")
    return notes


def methodology_notes(framework: FrameworkVersion) -> list[str]:
    bands = sorted(framework.case_bands, key=lambda b: -b["min_percent"])
    band_text = "; ".join(
        f"{rating_label(b['rating'])}: {b['min_percent']:g} per cent or more" for b in bands
    )
    notes = [
        f"Framework: {framework.title} ({framework.code}, version {framework.version}).",
        _percent_note(framework),
        "The rating of a case-rated standard is driven by the lowest of its key questions, placed "
        f"in a rating band ({band_text}). Bands apply to the exact share, not a rounded one.",
        f"Intervals are {framework.interval_method.capitalize()} score intervals at "
        f"{framework.interval_confidence * 100:g} per cent confidence.",
    ]
    if framework.scores:
        scores = ", ".join(f"{rating_label(r)} {p}" for r, p in framework.scores.items())
        notes.append(f"Scores per standard: {scores}.")
    if framework.overall_bands:
        overall = "; ".join(
            f"{rating_label(b['rating'])}: {b['min_score']} or more"
            for b in sorted(framework.overall_bands, key=lambda b: -b["min_score"])
        )
        notes.append(f"Overall rating from the total score: {overall}.")
    if framework.file_format == 1:
        notes.append("Standards marked 'not rated' are reported for information only.")
    else:
        notes += _not_rated_notes(framework)
    return notes


def framework_sources(framework: FrameworkVersion) -> list[dict[str, Any]]:
    """The framework's sources as the reports print them: title, address and what each was used
    for, all as text; `link` is the address only when it is a web address (the HTML report links
    those and prints any other as text)."""
    out = []
    for source in framework.sources or []:
        url = str(source.get("url") or "")
        out.append(
            {
                "title": str(source.get("title") or ""),
                "url": url,
                "used_for": str(source.get("used_for") or ""),
                "link": url if url.lower().startswith(LINK_SCHEMES) else "",
            }
        )
    return out


def source_line(source: dict[str, Any]) -> str:
    """One source in a line of text (the DOCX, Markdown and workbook print this)."""
    text = str(source["title"])
    if source["used_for"]:
        text += f" – used for: {source['used_for']}"
    if source["url"]:
        text += f" ({source['url']})"
    return text


def framework_notes(framework: FrameworkVersion) -> list[str]:
    """The framework's notes, a paragraph per blank-line-separated block, lines joined."""
    blocks = (framework.notes or "").replace("\r\n", "\n").split("\n\n")
    return [
        " ".join(line.strip() for line in b.split("\n") if line.strip())
        for b in blocks
        if b.strip()
    ]
