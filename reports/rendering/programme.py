"""The words of the draft report that name the programme inspected.

A format-1 framework is the probation delivery unit programme (INTERCHANGE.md: "Format 1 fits
one programme"), and its report keeps the wording it has always had. Any other framework's
report names what its framework and its inspection say — the framework's title, the unit's name
as entered, its region — and nothing of probation, so a youth justice report reads as one.
"""

from inspection.models import Inspection

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
