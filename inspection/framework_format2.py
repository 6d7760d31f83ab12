"""The parts of a framework that format 2 says in the file (INTERCHANGE.md "Framework format 2"):
declared case attributes, samples, answer scales, the not-rated rule, sources and notes — and
what a format-1 file declares without saying so.

Pure: no database. Each reader appends its problems to the caller's list, so that a file's every
problem is reported at once.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inspection.attributes import (
    FORMAT1_ATTRIBUTES,
    CaseAttribute,
    attribute_declared,
)

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
NAME_MAX = 40  # attribute names, sample codes and scale names
LABEL_MAX = 200  # labels and titles of attributes, values and samples
VALUES_MAX = 100  # values of one attribute
VALUE_TEXT_MAX = 60  # a string value of an attribute
FREE_TEXT_MAX = 200  # an attribute without values: free text up to this many characters
QUESTION_MAX = 500
NOTES_MAX = 20_000
SOURCE_TEXT_MAX = 2_000  # a source's title, url or used_for
ATTRIBUTE_KEYS = {"name", "label", "values", "unknown", "breakdown", "required", "question"}
SAMPLE_KEYS = {"code", "title", "applies_to"}
SCALE_KEYS = {"values", "positive"}
SOURCE_KEYS = {"title", "url", "used_for"}
WHEN_NOT_RATED = ("exclude", "scale")
WHEN_NO_CASES = ("not_rated", "error")
NOT_RATED = "not_rated"  # the rating of a standard with no relevant case (when_no_cases)
DEFAULT_SAMPLE = {"code": "cases", "title": "Cases", "applies_to": {}}
YES_NO = ["yes", "no", "na"]


@dataclass
class Parts:
    """What the file declares, normalised: `attributes` by name for checking `applies_to`,
    `declarations` as stored, `scales` by name ({values, positive})."""

    attributes: dict[str, CaseAttribute] = field(default_factory=dict)
    declarations: list[dict[str, Any]] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    scales: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    default_scale: str = "yes_no"
    when_not_rated: str = "exclude"
    sources: list[dict[str, str]] = field(default_factory=list)
    notes: str = ""


def _text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= limit


def _unknown_keys(raw: dict[str, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(raw) - allowed, key=str):
        problems.append(f"{where}: unknown key {key!r}")


def _name(value: Any, where: str, what: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not NAME_PATTERN.fullmatch(value) or len(value) > NAME_MAX:
        problems.append(
            f"{where}: {what} must be a lower-case identifier (a-z, 0-9, _; starting with a "
            f"letter; at most {NAME_MAX} characters), got {value!r}"
        )
        return ""
    return value


def _kind(value: Any) -> str | None:
    """The kind of an attribute value: "boolean", "integer", "string" or None (not allowed)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str) and value.strip() and len(value) <= VALUE_TEXT_MAX:
        return "string"
    return None


def format1_parts(answers: list[str] | None) -> Parts:
    """A format-1 file read as format 2: the six PDU attributes (the registry), one sample
    "cases", its answer set as the default scale (the first answer positive), rules at their
    defaults, no sources."""
    values = answers or YES_NO
    name = scale_name(values)
    return Parts(
        attributes={d["name"]: attribute_declared(d) for d in FORMAT1_ATTRIBUTES},
        declarations=[dict(d) for d in FORMAT1_ATTRIBUTES],
        samples=[dict(DEFAULT_SAMPLE)],
        scales={name: {"values": list(values), "positive": [values[0]]}},
        default_scale=name,
    )


def scale_name(values: list[str]) -> str:
    """The name a format-1 answer set gets as a scale: `yes_no` for yes/no/na, else its values."""
    return "yes_no" if list(values) == YES_NO else "/".join(values)


def format2_parts(data: dict[str, Any], problems: list[str]) -> Parts:
    parts = Parts()
    _attributes(data.get("attributes", []), parts, problems)
    _scales(data, parts, problems)
    when = data.get("when_not_rated", "exclude")
    if when not in WHEN_NOT_RATED:
        problems.append(f"when_not_rated must be exclude or scale, got {when!r}")
    else:
        parts.when_not_rated = when
    _sources(data, parts, problems)
    return parts


def _attributes(raw: Any, parts: Parts, problems: list[str]) -> None:
    if not isinstance(raw, list):
        problems.append("attributes: must be a list of attribute declarations")
        return
    for i, decl in enumerate(raw):
        where = f"attributes[{i}]"
        if not isinstance(decl, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        if isinstance(decl.get("name"), str):
            where = f"attribute {decl['name']}"
        _unknown_keys(decl, ATTRIBUTE_KEYS, where, problems)
        name = _name(decl.get("name"), where, "name", problems)
        if name and name in parts.attributes:
            problems.append(f"{where}: name {name!r} is declared twice")
        label = decl.get("label")
        if not _text(label, LABEL_MAX):
            problems.append(f"{where}: label is required (text of at most {LABEL_MAX} characters)")
        values = _attribute_values(decl.get("values"), where, problems)
        unknown = decl.get("unknown", [])
        if not isinstance(unknown, list) or not all(_kind(v) for v in unknown):
            problems.append(f"{where}: unknown must be a list of values that mean 'not known'")
            unknown = []
        flags = {}
        for flag in ("breakdown", "required"):
            flags[flag] = decl.get(flag, False)
            if not isinstance(flags[flag], bool):
                problems.append(f"{where}: {flag} must be true or false")
        question = decl.get("question", "")
        if question != "" and not _text(question, QUESTION_MAX):
            problems.append(f"{where}: question must be text of at most {QUESTION_MAX} characters")
        if not name or name in parts.attributes:
            continue
        declaration = {
            "name": name,
            "label": str(label or ""),
            "values": values,
            "unknown": unknown,
            "breakdown": flags["breakdown"] is True,
            "required": flags["required"] is True,
            "question": str(question or ""),
            "hint": "",
            "max_length": 0 if values else FREE_TEXT_MAX,
        }
        parts.declarations.append(declaration)
        parts.attributes[name] = attribute_declared(declaration)


def _attribute_values(raw: Any, where: str, problems: list[str]) -> list[dict[str, Any]]:
    if raw is None:
        return []  # free text
    if not isinstance(raw, list) or not raw or len(raw) > VALUES_MAX:
        problems.append(
            f"{where}: values must be a list of 1 to {VALUES_MAX} {{value, label}} (leave values "
            "out for free text)"
        )
        return []
    out: list[dict[str, Any]] = []
    for j, entry in enumerate(raw):
        if not isinstance(entry, dict) or set(entry) != {"value", "label"}:
            problems.append(f"{where}: values[{j}] needs exactly value and label")
            continue
        value, label = entry["value"], entry["label"]
        if _kind(value) is None:
            problems.append(
                f"{where}: values[{j}]: value must be a string (at most {VALUE_TEXT_MAX} "
                f"characters), a whole number or true/false, got {value!r}"
            )
            continue
        if not _text(label, LABEL_MAX):
            problems.append(f"{where}: values[{j}]: label is required (at most {LABEL_MAX})")
            continue
        if any(_kind(o["value"]) == _kind(value) and o["value"] == value for o in out):
            problems.append(f"{where}: value {value!r} is listed twice")
            continue
        out.append({"value": value, "label": label})
    kinds = {_kind(v["value"]) for v in out}
    if len(kinds) > 1:
        problems.append(
            f"{where}: values mix {', '.join(sorted(k for k in kinds if k))}: use one kind"
        )
    return out


def _scales(data: dict[str, Any], parts: Parts, problems: list[str]) -> None:
    raw = data.get("answer_scales", {"yes_no": {"values": YES_NO, "positive": ["yes"]}})
    if not isinstance(raw, dict) or not raw:
        problems.append("answer_scales: must map scale names to {values, positive}")
        raw = {}
    for name, scale in raw.items():
        where = f"answer_scales.{name}"
        if not _name(name, "answer_scales", "a scale name", problems):
            continue
        if not isinstance(scale, dict):
            problems.append(f"{where}: must be a mapping with values and positive")
            continue
        _unknown_keys(scale, SCALE_KEYS, where, problems)
        values = scale.get("values")
        if (
            not isinstance(values, list)
            or len(values) < 2
            or not all(isinstance(v, str) and v for v in values)
            or len(set(values)) != len(values)
        ):
            problems.append(
                f"{where}: values must be a list of at least two different non-empty strings "
                "(quote yes/no in YAML)"
            )
            continue
        positive = scale.get("positive")
        if not isinstance(positive, list) or not positive:
            problems.append(f"{where}: positive must be a non-empty list of its values")
            continue
        stray = [p for p in positive if p not in values]
        if stray:
            problems.append(f"{where}: positive names {stray!r}, not among its values")
        if "na" in positive:
            problems.append(f"{where}: na is never positive (it counts in no share)")
        if stray or "na" in positive:
            continue
        parts.scales[name] = {"values": list(values), "positive": list(positive)}
    default = data.get("default_scale", "yes_no")
    if raw and default not in raw:
        problems.append(f"default_scale: {default!r} is not one of the answer_scales")
    parts.default_scale = default if isinstance(default, str) else ""


def _sources(data: dict[str, Any], parts: Parts, problems: list[str]) -> None:
    raw = data.get("sources")
    if not isinstance(raw, list) or not raw:
        problems.append("sources: at least one source is required (title, url, used_for)")
        raw = []
    for i, source in enumerate(raw):
        where = f"sources[{i}]"
        if not isinstance(source, dict):
            problems.append(f"{where}: must be a mapping with title, url and used_for")
            continue
        _unknown_keys(source, SOURCE_KEYS, where, problems)
        if not _text(source.get("title"), SOURCE_TEXT_MAX):
            problems.append(f"{where}: title is required (at most {SOURCE_TEXT_MAX} characters)")
        for key in ("url", "used_for"):
            if key in source and not _text(source[key], SOURCE_TEXT_MAX):
                problems.append(f"{where}: {key} must be text of at most {SOURCE_TEXT_MAX}")
        parts.sources.append({k: str(source.get(k) or "") for k in ("title", "url", "used_for")})
    notes = data.get("notes", "")
    if not isinstance(notes, str) or len(notes) > NOTES_MAX:
        problems.append(f"notes: must be text of at most {NOTES_MAX} characters")
    else:
        parts.notes = notes


def samples_read(
    raw: Any, parts: Parts, applies_to: Callable[..., dict[str, list[Any]]], problems: list[str]
) -> None:
    """The samples of a format-2 file (one called "cases" when absent); `applies_to` checks each
    sample's rule against the declared attributes."""
    if raw is None:
        parts.samples = [dict(DEFAULT_SAMPLE)]
        return
    if not isinstance(raw, list) or not raw:
        problems.append("samples: a non-empty list is required when given")
        return
    for i, sample in enumerate(raw):
        where = f"samples[{i}]"
        if not isinstance(sample, dict):
            problems.append(f"{where}: must be a mapping with code, title and applies_to")
            continue
        if isinstance(sample.get("code"), str):
            where = f"sample {sample['code']}"
        _unknown_keys(sample, SAMPLE_KEYS, where, problems)
        code = _name(sample.get("code"), where, "code", problems)
        if code and any(s["code"] == code for s in parts.samples):
            problems.append(f"{where}: code {code!r} is used twice")
            code = ""
        if not _text(sample.get("title"), LABEL_MAX):
            problems.append(f"{where}: title is required (at most {LABEL_MAX} characters)")
        rule = applies_to(sample.get("applies_to"), where)
        if code:
            parts.samples.append(
                {"code": code, "title": str(sample.get("title") or ""), "applies_to": rule}
            )
