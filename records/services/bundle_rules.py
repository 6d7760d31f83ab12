"""Field rules of the bundle import that it shares with the case list and the models.

A bundle carries the same case fields as a case list, so it meets the same rules (case reference,
ethnicity, age band: `sampling.caselist`), and every text fits the model field it is stored in
(lengths and ranges are read from the models, never repeated here). Anything PostgreSQL cannot
store (a NUL character) is a problem naming where it is. `bundle_validate` calls these; each
adds one-line problems and never raises.
"""

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field, Model

from casework.models import Case
from inspection.attributes import AGE_BAND
from inspection.models import Pdu, Region
from sampling.caselist import ethnicity_problem, ref_problem

Add = Callable[[str], None]
MAX_INTEGER = 2**31 - 1  # PostgreSQL integer (framework versions)


def nul_problems(data: Any, add: Add) -> None:
    """Every key or text in the bundle holding a NUL character (PostgreSQL cannot store one).
    Walks with its own stack (nesting as deep as the JSON parser allows is no problem) and
    spells a path, such as `bundle.cases[0].evidence.2.2.1`, only for a problem."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                add(f"{_path(path)}: text contains a NUL character (\\u0000)")
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    add(f"{_path(path)}: a key contains a NUL character (\\u0000)")
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))


def _path(path: tuple[Any, ...]) -> str:
    return "bundle" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def framework_problems(data: dict[str, Any], add: Add) -> bool:
    """The framework code and version are of the right type to look up; False if not."""
    ok = True
    if not isinstance(data.get("framework"), str):
        add("framework: the framework code (text) is required")
        ok = False
    version = data.get("framework_version")
    if "framework_version" in data and (
        not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_INTEGER
    ):
        add(f"framework_version: {version!r} is not a version number (a whole number from 1)")
        ok = False
    return ok


def name_problems(insp: dict[str, Any], add: Add) -> None:
    """PDU and region names fit their model fields."""
    for key, model in (("pdu", Pdu), ("region", Region)):
        name = insp.get(key)
        limit = model._meta.get_field("name").max_length
        if isinstance(name, str) and limit is not None and len(name.strip()) > limit:
            add(f"inspection.{key}: the name is longer than {limit} characters")


def case_field_problems(case: dict[str, Any], where: str, add: Add) -> None:
    """The case-list rules for reference, ethnicity and age band; numbers within the model's range."""
    ref = case.get("ref")
    if isinstance(ref, str) and ref.strip() and (problem := ref_problem(ref)):
        add(f"{where}: ref: {problem}")
    ethnicity = case.get("ethnicity", "")
    if isinstance(ethnicity, str) and (problem := ethnicity_problem(ethnicity)):
        add(f"{where}: ethnicity: {problem}")
    age_band = case.get("age_band", "")
    if isinstance(age_band, str) and age_band not in ("", *AGE_BAND.values):
        add(f"{where}: age_band: {age_band[:40]!r} is not one of {', '.join(AGE_BAND.values)}")
    count = case.get("practitioner_count")
    if isinstance(count, int) and not isinstance(count, bool):
        _model_field(Case, "practitioner_count", count, f"{where}: practitioner_count", add)


def _model_field(model: type[Model], name: str, value: Any, where: str, add: Add) -> None:
    try:
        field = cast("Field[Any, Any]", model._meta.get_field(name))  # a column, not a relation
        field.clean(value, None)
    except ValidationError as exc:
        for message in exc.messages:
            add(f"{where}: {message}")
