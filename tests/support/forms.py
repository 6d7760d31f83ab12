"""What a browser sends from the GOV.UK form patterns."""

from datetime import date


def date_parts(**dates: str) -> dict[str, str]:
    """The day, month and year boxes of each GOV.UK date input: `fieldwork_start="2026-11-30"`
    gives fieldwork_start_0=30, fieldwork_start_1=11, fieldwork_start_2=2026."""
    out = {}
    for name, iso in dates.items():
        d = date.fromisoformat(iso)
        out |= {f"{name}_0": str(d.day), f"{name}_1": str(d.month), f"{name}_2": str(d.year)}
    return out
