"""Reading and validating a framework file (`inspection-framework/1`, YAML or JSON).

Pure: no database. `framework_parse` returns the normalised document or raises
`FrameworkFileError` listing every problem at once.
"""

import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from inspection.applicability import rule_merge
from inspection.attributes import BY_NAME

FORMAT = "inspection-framework/1"
RATED_FROM = ("cases", "judgement", "none")
TOP_KEYS = {
    "format", "code", "version", "title", "answers", "scores", "case_bands", "overall_bands",
    "interval", "domains",
}  # fmt: skip
DOMAIN_KEYS = {"code", "title", "standards"}
STANDARD_KEYS = {"code", "title", "rated_from", "statement", "key_questions"}
KEY_QUESTION_KEYS = {"code", "text", "hint", "applies_to", "answers", "prompts"}
PROMPT_KEYS = {"code", "text", "hint", "applies_to", "answers"}


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


def _unknown(keys: Any, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(keys) - allowed):
        problems.append(f"{where}: unknown key {key!r}")


def _answers(value: Any, where: str, problems: list[str]) -> list[str] | None:
    if not isinstance(value, list) or len(value) < 2:
        problems.append(f"{where}: answers must be a list of at least two values")
        return None
    if not all(isinstance(v, str) and v for v in value):
        problems.append(f"{where}: every answer must be a non-empty string (quote yes/no in YAML)")
        return None
    if len(set(value)) != len(value):
        problems.append(f"{where}: answers repeat a value")
        return None
    return value


def _applies_to(value: Any, where: str, problems: list[str]) -> dict[str, list[Any]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: applies_to must be a mapping of case attribute to values")
        return {}
    for attr, allowed in value.items():
        attribute = BY_NAME.get(attr)
        if attribute is None:
            problems.append(f"{where}: applies_to names unknown case attribute {attr!r}")
        elif not isinstance(allowed, list) or not allowed:
            problems.append(f"{where}: applies_to.{attr} must be a non-empty list")
        else:
            for v in allowed:
                if not attribute.accepts(v):
                    choices = ", ".join(str(c).lower() for c in attribute.values)
                    problems.append(f"{where}: applies_to.{attr}: {v!r} is not one of {choices}")
    return value


def _bands(data: dict[str, Any], problems: list[str]) -> tuple[list[dict], list[dict] | None]:
    case_bands = data.get("case_bands")
    parsed: list[dict[str, Any]] = []
    if not isinstance(case_bands, list) or not case_bands:
        problems.append("case_bands: a non-empty list is required")
    else:
        for i, band in enumerate(case_bands):
            if not isinstance(band, dict) or set(band) != {"min_percent", "rating"}:
                problems.append(f"case_bands[{i}]: needs exactly min_percent and rating")
                continue
            m = band["min_percent"]
            if not isinstance(m, (int, float)) or isinstance(m, bool) or not 0 <= m <= 100:
                problems.append(f"case_bands[{i}]: min_percent must be a number from 0 to 100")
                continue
            parsed.append({"min_percent": m, "rating": str(band["rating"])})
        mins = [b["min_percent"] for b in parsed]
        if parsed and 0 not in mins:
            problems.append("case_bands: no band starts at 0, so low shares have no rating (gap)")
        if len(set(mins)) != len(mins):
            problems.append("case_bands: two bands share a min_percent")
    overall = data.get("overall_bands")
    overall_parsed: list[dict[str, Any]] | None = None
    if overall is not None:
        overall_parsed = []
        if not isinstance(overall, list) or not overall:
            problems.append("overall_bands: must be a non-empty list when given")
        else:
            for i, band in enumerate(overall):
                if not isinstance(band, dict) or set(band) != {"min_score", "rating"}:
                    problems.append(f"overall_bands[{i}]: needs exactly min_score and rating")
                    continue
                if not isinstance(band["min_score"], int) or band["min_score"] < 0:
                    problems.append(f"overall_bands[{i}]: min_score must be a whole number >= 0")
                    continue
                overall_parsed.append(
                    {"min_score": band["min_score"], "rating": str(band["rating"])}
                )
            mins = [b["min_score"] for b in overall_parsed]
            if overall_parsed and 0 not in mins:
                problems.append("overall_bands: no band starts at 0 (gap)")
            if len(set(mins)) != len(mins):
                problems.append("overall_bands: two bands share a min_score")
    parsed.sort(key=lambda b: -b["min_percent"])
    if overall_parsed is not None:
        overall_parsed.sort(key=lambda b: -b["min_score"])
    return parsed, overall_parsed


def framework_parse(data: Any) -> dict[str, Any]:
    """Validate a framework document and return it normalised (answer sets resolved per item)."""
    if not isinstance(data, dict):
        raise FrameworkFileError(["the framework file must be a mapping at the top level"])
    problems: list[str] = []
    _unknown(data, TOP_KEYS, "framework", problems)
    if data.get("format") != FORMAT:
        problems.append(f"format must be {FORMAT!r}, got {data.get('format')!r}")
    code = data.get("code")
    if not isinstance(code, str) or not code:
        problems.append("code: a non-empty string is required")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("version: a whole number >= 1 is required")
    if not isinstance(data.get("title"), str) or not data.get("title"):
        problems.append("title: a non-empty string is required")
    default_answers = _answers(data.get("answers", ["yes", "no", "na"]), "answers", problems)

    scores = data.get("scores")
    if scores is not None and (
        not isinstance(scores, dict)
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in scores.values())
    ):
        problems.append("scores: must map each rating to a whole number")
        scores = None
    case_bands, overall_bands = _bands(data, problems)
    if scores is not None:
        named = {b["rating"] for b in case_bands} | {b["rating"] for b in overall_bands or []}
        for rating in sorted(named - set(scores)):
            problems.append(f"scores: rating {rating!r} is named in the bands but has no score")
    if overall_bands is not None and scores is None:
        problems.append("overall_bands need scores: without scores there is no total to band")

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
        _unknown(domain, DOMAIN_KEYS, where, problems)
        d_code = claim(domain.get("code"), where)
        out_standards = []
        for s_i, standard in enumerate(domain.get("standards") or []):
            s_where = f"standard {standard.get('code', s_i) if isinstance(standard, dict) else s_i}"
            if not isinstance(standard, dict):
                problems.append(f"{s_where}: must be a mapping")
                continue
            _unknown(standard, STANDARD_KEYS, s_where, problems)
            s_code = claim(standard.get("code"), s_where)
            rated_from = standard.get("rated_from")
            if rated_from not in RATED_FROM:
                problems.append(f"{s_where}: rated_from must be one of {', '.join(RATED_FROM)}")
            kqs_out = []
            for kq in standard.get("key_questions") or []:
                kq_out = _item(kq, s_code, KEY_QUESTION_KEYS, default_answers, claim, problems)
                if kq_out is None:
                    continue
                prompts_out = []
                for prompt in kq.get("prompts") or []:
                    p = _item(prompt, kq_out["code"], PROMPT_KEYS, default_answers, claim, problems)
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
        "format": FORMAT,
        "code": code,
        "version": version,
        "title": data["title"],
        "answers": default_answers,
        "scores": scores,
        "case_bands": case_bands,
        "overall_bands": overall_bands,
        "interval": {"method": "wilson", "confidence": float(conf)},
        "domains": out_domains,
    }


def _item(raw: Any, parent_code: str, allowed: set[str], default_answers, claim, problems):
    if not isinstance(raw, dict):
        problems.append(f"under {parent_code}: each item must be a mapping")
        return None
    where = f"item {raw.get('code', '?')}"
    _unknown(raw, allowed, where, problems)
    code = claim(raw.get("code"), where)
    if code and parent_code and not code.startswith(parent_code + "."):
        problems.append(f"{where}: code must start with {parent_code}.")
    if not isinstance(raw.get("text"), str) or not raw.get("text"):
        problems.append(f"{where}: text is required")
    answers = default_answers
    if "answers" in raw:
        answers = _answers(raw["answers"], where, problems)
    return {
        "code": code,
        "text": str(raw.get("text") or ""),
        "hint": str(raw.get("hint") or ""),
        "answers": answers,
        "applies_to": _applies_to(raw.get("applies_to"), where, problems),
    }


def framework_item_count(doc: dict[str, Any]) -> int:
    return sum(
        1 + len(kq["prompts"])
        for domain in doc["domains"]
        for standard in domain["standards"]
        for kq in standard["key_questions"]
    )
