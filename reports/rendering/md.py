"""Markdown draft report: the same content as the HTML, for diffing and plain-text review."""

from typing import Any


def _section(s) -> list[str]:
    out = [f"### {s.heading}", ""]
    if s.statement:
        out += [f"> {s.statement}", ""]
    out += [f"**{s.rating_label}**", ""]
    if s.moderation_reason:
        out += [f"_Moderated from {s.computed_rating_label}. Reason: {s.moderation_reason}_", ""]
    if s.intro:
        out += [s.intro, ""]
    if s.key_questions:
        head = s.title if s.rated_from == "none" else "Key question"
        out += [f"| {head} | {s.percent_head} |", "|---|---:|"]
        each = "" if s.positive_label else " ({})"
        for k in s.key_questions:
            text = f"**{k.text}**" if k.is_driver and len(s.key_questions) > 1 else k.text
            out.append(f"| {text} | {k.percent_label}{each.format(k.positive_label)} |")
        out.append("")
    if s.sentence:
        out += [s.sentence, ""]
    if s.comparison:
        out += [s.comparison, ""]
    if s.rated_from != "none":
        out += ["Strengths:", ""] + ([f"- {x}" for x in s.strengths] or ["- [to be added]"]) + [""]
        out += (
            ["Areas for improvement:", ""]
            + ([f"- {x}" for x in s.areas] or ["- [to be added]"])
            + [""]
        )
    if s.extra:
        out += [f"{s.extra_heading}:", ""] + [f"- {x}" for x in s.extra] + [""]
    if s.prompt_findings:
        out += ["Prompt-level findings:", ""] + [f"- {x}" for x in s.prompt_findings] + [""]
    return out


def render(c: dict[str, Any]) -> str:
    out = [
        c["words"]["org_line"],
        "",
        c["words"]["title_intro"],
        "",
        f"# {c['pdu']}",
        "",
        c["region_line"],
        "",
        c["date_line"],
        "",
        f"_DRAFT – results: {c['snapshot_label']} ({c['cases_counted']} cases, {c['framework']})_",
        "",
        "## Foreword",
        "",
        "[Foreword to be written by the Chief Inspector.]",
        "",
        "## Ratings",
        "",
        f"{c['pdu']} · Fieldwork started {c['fieldwork_started']}",
        "",
        "| Standard | Rating |",
        "|---|---|",
        f"| Score | **{c['score']}** |",
        f"| Overall rating | **{c['overall_rating']}** |",
    ]
    for d in c["ratings_domains"]:
        out.append(f"| **{d['title']}** | |")
        for s in d["sections"]:
            note = f" (moderated: {s.moderation_reason})" if s.moderation_reason else ""
            out.append(f"| {s.code} {s.title} | {s.rating_label}{note} |")
    if c["score_note"]:
        out += ["", c["score_note"]]
    out += ["", "## Recommendations", ""]
    for group in c["recommendations"]:
        out += [group["heading"], ""] + [f"{r.number}. {r.text}" for r in group["items"]] + [""]
    if not c["recommendations"]:
        out += ["[No recommendations recorded yet.]", ""]
    out += ["## Background", ""]
    for p in c["background"]:
        out += [p, ""]
    for d in c["domains"]:
        out += [f"## {d['title']}", ""]
        for s in d["sections"]:
            if s.rated_from != "none" or s.key_questions:
                out += _section(s)
    out += ["## Annexe one – Web links and methodology", ""]
    out += [
        "Full data from this inspection and further information about the methodology used to "
        "conduct this inspection is available in the data workbook for this inspection.",
        "",
    ] + [f"- {n}" for n in c["methodology"]]
    if c["source_lines"]:
        out += ["", "### Where the framework's wording and rules come from", ""]
        out += [f"- {x}" for x in c["source_lines"]]
    if c["framework_notes"]:
        out += ["", "### Notes on the framework", ""] + [f"{p}\n" for p in c["framework_notes"]]
    return "\n".join(out) + "\n"
