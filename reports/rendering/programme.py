"""The words of the draft report that name the programme inspected.

A format-1 framework is the probation delivery unit programme (INTERCHANGE.md: "Format 1 fits
one programme"), and its report keeps the wording it has always had. Any other framework's
report names what its framework and its inspection say — the framework's title, the unit's name
as entered, its region — and nothing of probation, so a youth justice report reads as one.
"""

from inspection.models import FrameworkVersion, Inspection

PROBATION_INSPECTORATE = "HM Inspectorate of Probation"


def report_words(inspection: Inspection) -> dict[str, str]:
    framework = inspection.framework
    region = inspection.pdu.region.name
    if framework.file_format == 1:
        return {
            "org_line": PROBATION_INSPECTORATE,
            "title_intro": "An inspection of probation services in:",
            "region_line": f"The Probation Service – {region} region",
            "draft_of": f"{PROBATION_INSPECTORATE}, draft of",
            "services": "probation services",
            "cases_from": "cases where sentences and licences had commenced between",
            "interviews": "interviews with probation practitioners",
        }
    return {
        "org_line": framework.title,
        "title_intro": "An inspection of:",
        "region_line": f"{region} region",
        "draft_of": "Draft of",
        "services": "the services inspected",
        "cases_from": "cases from the period",
        "interviews": "interviews",
    }


def regional_words(framework: FrameworkVersion) -> dict[str, str]:
    """The draft regional report's words: probation's for a format-1 framework, word for word;
    otherwise the framework's title and "inspection" where probation says PDU. The results pages
    (benchmarks, key questions) and the national overview's roll-up name the unit with them too."""
    if framework.file_format == 1:
        return {
            "org_line": PROBATION_INSPECTORATE,
            "title_intro": "A regional inspection of probation services in the:",
            "html_title": "An inspection of probation services in the",
            "draft_of": f"{PROBATION_INSPECTORATE}, draft of",
            "units_intro": "Each probation delivery unit's ratings, from its own inspection:",
            "unit_head": "Probation delivery unit",
            "rated_each": "Rated for each PDU",
            "of_units": "of probation delivery units ",
            "inspections": "PDU inspection",
            "each": "each PDU's",
            "each_own": "Each PDU's own",
            "judged_apart": "Domain one is judged per PDU and is not combined.",
            "unit": "PDU",
            "judged": "Judgement-rated standards (domain one)",
        }
    return {
        "org_line": framework.title,
        "title_intro": "A regional report of the:",
        "html_title": "A regional report of the",
        "draft_of": "Draft of",
        "units_intro": "Each inspection's ratings, from its own results:",
        "unit_head": "Inspection",
        "rated_each": "Rated for each inspection",
        "of_units": "",
        "inspections": "inspection",
        "each": "each inspection's",
        "each_own": "Each inspection's own",
        "judged_apart": "Judgement-rated standards are judged per inspection and are not combined.",
        "unit": "inspection",
        "judged": "Judgement-rated standards",
    }
