"""Reading and validating a framework file (`inspection-framework/1` or `/2`, YAML or JSON).

Pure: no database. `framework_parse` returns the normalised document or raises
`FrameworkFileError` listing every problem at once. A format-1 file is read as format 2 with the
parts it does not say at their format-1 defaults (`inspection.framework_format2`), so every
normalised document has the same keys: format 2's, each item's answers, scale and positive
answers resolved, each standard's sample named. A normalised document is for loading, not a file
to read again.
"""

import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from inspection.applicability import rule_merge
from inspection.framework_format2 import (
    WHEN_NO_CASES,
    Parts,
    format1_parts,
    format2_parts,
    samples_read,
    scale_name,
)
from inspection.framework_readers import (
    answers_read,
    applies_to_read,
    bands_read,
    not_rated_reserved,
    unknown_keys,
)

FORMAT = "inspection-framework/1"
FORMAT_2 = "inspection-framework/2"
RATED_FROM = ("cases", "judgement", "none")
TOP_KEYS = {
    "format",
    "code",
    "version",
    "title",
    "answers",
    "scores",
    "case_bands",
    "overall_bands",
    "interval",
    "domains",
}
TOP_KEYS_2 = (TOP_KEYS - {"answers"}) | {
    "sources",
    "notes",
    "attributes",
    "samples",
    "answer_scales",
    "default_scale",
    "when_not_rated",
}
DOMAIN_KEYS = {"code", "title", "standards"}
STANDARD_KEYS = {"code", "title", "rated_from", "statement", "key_questions"}
STANDARD_KEYS_2 = STANDARD_KEYS | {"sample", "when_no_cases"}
KEY_QUESTION_KEYS = {"code", "text", "hint", "applies_to", "answers", "prompts"}
PROMPT_KEYS = {"code", "text", "hint", "applies_to", "answers"}
# Format 2: an item chooses a scale instead of listing answers.
KEY_QUESTION_KEYS_2 = (KEY_QUESTION_KEYS - {"answers"}) | {"scale"}
PROMPT_KEYS_2 = (PROMPT_KEYS - {"answers"}) | {"scale"}


class FrameworkFileError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def framework_read(path: str | Path) -> dict[str, Any]:
    """Read a YAML or JSON framework file; raise FrameworkFileError naming a syntax problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkFileError([f"cannot read {path.name}: {exc}"]) from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml_load(text)
    except (json.JSONDecodeError, YAMLError) as exc:
        raise FrameworkFileError([f"{path.name} is not valid YAML/JSON: {exc}"]) from exc
    return framework_parse(data)


def yaml_load(text: str) -> Any:
    """YAML 1.2 core schema, as people type it: `yes`, `no`, `on`, `off`, `y`, `n` are strings;
    only `true` and `false` are booleans (INTERCHANGE.md, "YAML")."""
    return YAML(typ="safe", pure=True).load(text)


def framework_parse(data: Any) -> dict[str, Any]:
    """Validate a framework document and return it normalised (answer sets resolved per item)."""
    if not isinstance(data, dict):
        raise FrameworkFileError(["the framework file must be a mapping at the top level"])
    problems: list[str] = []
    two = data.get("format") == FORMAT_2
    unknown_keys(data, TOP_KEYS_2 if two else TOP_KEYS, "framework", problems)
    if data.get("format") not in (FORMAT, FORMAT_2):
        problems.append(f"format must be {FORMAT!r} or {FORMAT_2!r}, got {data.get('format')!r}")
    code = data.get("code")
    if not isinstance(code, str) or not code:
        problems.append("code: a non-empty string is required")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("version: a whole number >= 1 is required")
    if not isinstance(data.get("title"), str) or not data.get("title"):
        problems.append("title: a non-empty string is required")
    if two:
        parts = format2_parts(data, problems)
        samples_read(
            data.get("samples"),
            parts,
            lambda rule, where: applies_to_read(rule, where, problems, parts.attributes),
            problems,
        )
        scale = parts.scales.get(parts.default_scale)
        default_answers = scale["values"] if scale else None
    else:
        default_answers = answers_read(
            data.get("answers", ["yes", "no", "na"]), "answers", problems
        )
        parts = format1_parts(default_answers)

    scores = data.get("scores")
    if scores is not None and (
        not isinstance(scores, dict)
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in scores.values())
    ):
        problems.append("scores: must map each rating to a whole number")
        scores = None
    case_bands, overall_bands = bands_read(data, problems)
    if scores is not None:
        named = {b["rating"] for b in case_bands} | {b["rating"] for b in overall_bands or []}
        for rating in sorted(named - set(scores)):
            problems.append(f"scores: rating {rating!r} is named in the bands but has no score")
    if overall_bands is not None and scores is None:
        problems.append("overall_bands need scores: without scores there is no total to band")
    not_rated_reserved(scores, case_bands, overall_bands, problems)

    interval = data.get("interval", {"method": "wilson", "confidence": 0.80})
    if not isinstance(interval, dict) or interval.get("method") != "wilson":
        problems.append("interval.method: only 'wilson' is supported")
        interval = {"method": "wilson", "confidence": 0.80}
    conf = interval.get("confidence", 0.80)
    if not isinstance(conf, (int, float)) or not 0 < conf < 1:
        problems.append("interval.confidence must be between 0 and 1 (e.g. 0.80)")

    seen: set[str] = set()

    def claim(code: Any, where: str) -> str:
        if not isinstance(code, str) or not code:
            problems.append(f"{where}: code must be a non-empty string (quote numbers in YAML)")
            return ""
        if code in seen:
            problems.append(f"{where}: code {code!r} is used twice")
        seen.add(code)
        return code

    domains = data.get("domains")
    out_domains: list[dict[str, Any]] = []
    if not isinstance(domains, list) or not domains:
        problems.append("domains: a non-empty list is required")
        domains = []
    for d_i, domain in enumerate(domains):
        where = f"domains[{d_i}]"
        if not isinstance(domain, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        unknown_keys(domain, DOMAIN_KEYS, where, problems)
        d_code = claim(domain.get("code"), where)
        out_standards = []
        for s_i, standard in enumerate(domain.get("standards") or []):
            s_where = f"standard {standard.get('code', s_i) if isinstance(standard, dict) else s_i}"
            if not isinstance(standard, dict):
                problems.append(f"{s_where}: must be a mapping")
                continue
            unknown_keys(standard, STANDARD_KEYS_2 if two else STANDARD_KEYS, s_where, problems)
            s_code = claim(standard.get("code"), s_where)
            rated_from = standard.get("rated_from")
            if rated_from not in RATED_FROM:
                problems.append(f"{s_where}: rated_from must be one of {', '.join(RATED_FROM)}")
            kq_keys, p_keys = (
                (KEY_QUESTION_KEYS_2, PROMPT_KEYS_2) if two else (KEY_QUESTION_KEYS, PROMPT_KEYS)
            )
            kqs_out = []
            for kq in standard.get("key_questions") or []:
                kq_out = _item(kq, s_code, kq_keys, parts, claim, problems)
                if kq_out is None:
                    continue
                prompts_out = []
                for prompt in kq.get("prompts") or []:
                    p = _item(prompt, kq_out["code"], p_keys, parts, claim, problems)
                    if p is not None:
                        # Stored merged: a prompt is asked only where its key question is.
                        p["applies_to"] = rule_merge(kq_out["applies_to"], p["applies_to"])
                        prompts_out.append(p)
                kq_out["prompts"] = prompts_out
                kqs_out.append(kq_out)
            if rated_from == "cases" and not kqs_out:
                problems.append(f"{s_where}: a standard rated from cases needs key questions")
            out_standards.append(
                {
                    "code": s_code,
                    "title": str(standard.get("title") or ""),
                    "statement": str(standard.get("statement") or ""),
                    "rated_from": rated_from,
                    "sample": _sample_of(standard, rated_from, kqs_out, parts, s_where, problems),
                    "when_no_cases": _when_no_cases(standard, rated_from, s_where, problems),
                    "key_questions": kqs_out,
                }
            )
            if not standard.get("title"):
                problems.append(f"{s_where}: title is required")
        out_domains.append(
            {"code": d_code, "title": str(domain.get("title") or ""), "standards": out_standards}
        )

    if problems:
        raise FrameworkFileError(problems)
    return {
        "format": data["format"],
        "code": code,
        "version": version,
        "title": data["title"],
        "answers": default_answers,
        "scores": scores,
        "case_bands": case_bands,
        "overall_bands": overall_bands,
        "interval": {"method": "wilson", "confidence": float(conf)},
        "attributes": parts.declarations,
        "samples": parts.samples,
        "answer_scales": parts.scales,
        "default_scale": parts.default_scale,
        "when_not_rated": parts.when_not_rated,
        "sources": parts.sources,
        "notes": parts.notes,
        "domains": out_domains,
    }


def _sample_of(standard, rated_from, kqs, parts: Parts, where: str, problems) -> str | None:
    """The sample a standard's cases come from: the one it names, or the only one. A standard
    that counts no cases (no key questions) has none."""
    named = standard.get("sample")
    codes = [s["code"] for s in parts.samples]
    if named is not None:
        if not kqs:
            problems.append(f"{where}: sample is only for a standard with key questions")
            return None
        if named not in codes:
            problems.append(
                f"{where}: sample {named!r} is not one of the samples ({', '.join(codes)})"
            )
            return None
        return named
    if not kqs:
        return None
    if len(codes) > 1:
        kind = "rated from cases" if rated_from == "cases" else "with key questions"
        problems.append(
            f"{where}: sample is required on a standard {kind} when there are several samples "
            f"({', '.join(codes)})"
        )
        return None
    return codes[0] if codes else None


def _when_no_cases(standard, rated_from, where: str, problems: list[str]) -> str:
    when = standard.get("when_no_cases", "error")
    if when not in WHEN_NO_CASES:
        problems.append(f"{where}: when_no_cases must be not_rated or error, got {when!r}")
        return "error"
    if "when_no_cases" in standard and rated_from != "cases":
        problems.append(f"{where}: when_no_cases is only for a standard rated from cases")
    return when


def _item(raw: Any, parent_code: str, allowed: set[str], parts: Parts, claim, problems):
    if not isinstance(raw, dict):
        problems.append(f"under {parent_code}: each item must be a mapping")
        return None
    where = f"item {raw.get('code', '?')}"
    unknown_keys(raw, allowed, where, problems)
    code = claim(raw.get("code"), where)
    if code and parent_code and not code.startswith(parent_code + "."):
        problems.append(f"{where}: code must start with {parent_code}.")
    if not isinstance(raw.get("text"), str) or not raw.get("text"):
        problems.append(f"{where}: text is required")
    scale = parts.default_scale
    if "scale" in raw:
        scale = raw["scale"]
        if not isinstance(scale, str) or scale not in parts.scales:
            names = ", ".join(parts.scales)
            problems.append(f"{where}: scale {scale!r} is not one of the answer_scales ({names})")
    elif "answers" in raw:  # format 1: its own answer set, the first answer positive
        answers = answers_read(raw["answers"], where, problems)
        if answers is not None:
            scale = scale_name(answers)
            parts.scales.setdefault(scale, {"values": answers, "positive": [answers[0]]})
    resolved = parts.scales.get(scale) if isinstance(scale, str) else None
    return {
        "code": code,
        "text": str(raw.get("text") or ""),
        "hint": str(raw.get("hint") or ""),
        "answers": resolved["values"] if resolved else None,
        "scale": scale if resolved else "",
        "positive": resolved["positive"] if resolved else [],
        "applies_to": applies_to_read(raw.get("applies_to"), where, problems, parts.attributes),
    }


def framework_item_count(doc: dict[str, Any]) -> int:
    return sum(
        1 + len(kq["prompts"])
        for domain in doc["domains"]
        for standard in domain["standards"]
        for kq in standard["key_questions"]
    )
