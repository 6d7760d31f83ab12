"""Key-question bar charts against the band thresholds (matplotlib, Agg backend, PNG bytes)."""

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from inspection.labels import rating_label
from reports.rendering.sections import Section

BAR = "#1d70b8"
DRIVER = "#d4351c"


def key_question_chart(section: Section, case_bands: list[dict[str, Any]], dpi: int = 110) -> bytes:
    """Horizontal bars of each key question's stored percent, with its interval, and dashed lines
    at the band thresholds. The lowest key question (the rating's driver) is drawn in red."""
    rows = [k for k in section.key_questions if k.percent is not None]
    fig, ax = plt.subplots(figsize=(6.4, 0.7 * max(len(rows), 1) + 1.3), dpi=dpi)
    labels = [k.code for k in rows][::-1]
    values = [k.percent for k in rows][::-1]
    colours = [DRIVER if k.is_driver else BAR for k in rows][::-1]
    errors = (
        [
            [k.percent - k.interval[0] for k in rows][::-1],
            [k.interval[1] - k.percent for k in rows][::-1],
        ]
        if all(k.interval for k in rows)
        else None
    )
    positions = list(range(len(rows)))
    ax.barh(positions, values, color=colours, xerr=errors, capsize=3, ecolor="#0b0c0c", height=0.6)
    ax.set_yticks(positions, labels)
    for y, k in enumerate(rows[::-1]):
        # the label sits in the gap above its bar, clear of the interval whisker
        ax.text(1, y + 0.42, f"{k.percent_label} ({k.count_label})", va="center", fontsize=7.5)
    thresholds = sorted(
        (b for b in case_bands if b["min_percent"] > 0), key=lambda b: b["min_percent"]
    )
    for i, band in enumerate(thresholds):
        ax.axvline(band["min_percent"], color="#505a5f", linestyle="--", linewidth=0.8)
        # stagger the labels so that neighbouring thresholds (50, 65) do not overlap
        ax.text(
            band["min_percent"],
            len(rows) - 0.2 + 0.3 * (i % 2),
            rating_label(band["rating"]),
            fontsize=7,
            ha="center",
            va="bottom",
            color="#505a5f",
        )
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, len(rows) + 0.3)
    ax.set_ylim(-0.6, len(rows) + 0.2)
    ax.set_xlabel(f"{section.percent_head} (with interval)")
    ax.set_title(f"{section.code} {section.title}", fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()
