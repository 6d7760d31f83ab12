"""Walk every named URL pattern as every role and check the GET status against expect_*.py.

A URL name that no expect module declares fails the walk: a new page must say who may see it.
Admin URLs (admin:*) are Django's own and left out.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.permissions as package
from casework.models import Case
from inspection.models import Inspection
from readings.models import Reading
from tests.permissions import ROLES
from tests.support.factories import AdminFactory, CaseFactory, InspectionFactory, MembershipFactory

pytestmark = pytest.mark.django_db
EXCLUDED_NAMESPACES = {"admin"}


@dataclass
class World:
    """The rows URL kwargs are built from.

    inspection        an inspection in fieldwork with a cohort window
    case              a draft case of `inspection`, assigned to users["inspector"]
    other_inspection  a second inspection; users["outsider"] is an inspector on it
    other_case        a draft case of `other_inspection`, assigned to users["outsider"]
    reading           the draft second reading of `case`, by users["second_reader"]
    users             role -> user for "outsider", "inspector", "second_reader", "lead",
                      "admin" ("anonymous" has no user)
    """

    inspection: Inspection
    case: Case
    other_inspection: Inspection
    other_case: Case
    reading: Reading
    users: dict[str, AbstractBaseUser]


def build_world() -> World:
    inspection = InspectionFactory()
    other_inspection = InspectionFactory()
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    lead = MembershipFactory(inspection=inspection, role="lead").user
    outsider = MembershipFactory(inspection=other_inspection, role="inspector").user
    second_reader = MembershipFactory(inspection=inspection, role="inspector").user
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    return World(
        inspection=inspection,
        case=case,
        other_inspection=other_inspection,
        other_case=CaseFactory(inspection=other_inspection, assigned_to=outsider),
        reading=Reading.objects.create(kind="second", case=case, reader=second_reader),
        users={
            "outsider": outsider,
            "inspector": inspector,
            "second_reader": second_reader,
            "lead": lead,
            "admin": AdminFactory(username="walk-admin"),
        },
    )


def expect_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.startswith("expect_")
    ]


def url_names() -> dict[str, list[str]]:
    """Every named URL pattern: "namespace:name" -> the kwargs it needs."""
    found: dict[str, list[str]] = {}

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = entry.namespace
                if namespace in EXCLUDED_NAMESPACES:
                    continue
                walk(entry.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{prefix}{entry.name}"] = list(entry.pattern.regex.groupindex)

    walk(get_resolver().url_patterns, "")
    return found


def expectations() -> dict[str, dict[str, int]]:
    merged: dict[str, dict[str, int]] = {}
    for module in expect_modules():
        for name, statuses in module.EXPECTATIONS.items():
            assert name not in merged, f"{name} is declared twice (again in {module.__name__})"
            merged[name] = statuses
    return merged


def test_every_url_name_has_expectations():
    declared = expectations()
    missing = sorted(set(url_names()) - set(declared))
    assert not missing, "URL names without expectations in tests/permissions/expect_*.py: " + (
        ", ".join(missing)
    )
    stale = sorted(set(declared) - set(url_names()))
    assert not stale, "expectations for URL names that do not exist: " + ", ".join(stale)
    for name, statuses in declared.items():
        assert set(statuses) == set(ROLES), f"{name}: declare exactly the roles {ROLES}"


@pytest.mark.parametrize("role", ROLES)
def test_url_walk(client, role):
    world = build_world()
    if role != "anonymous":
        client.force_login(world.users[role])
    kwargs: dict[str, dict] = {}
    for module in expect_modules():
        if hasattr(module, "kwargs"):
            kwargs.update(module.kwargs(world))
    declared = expectations()
    wrong = []
    for name, needed in sorted(url_names().items()):
        if name not in declared:
            continue  # reported by test_every_url_name_has_expectations
        given = kwargs.get(name, {})
        if set(needed) - set(given):
            wrong.append(f"{name}: no kwargs for {sorted(set(needed) - set(given))}")
            continue
        status = client.get(reverse(name, kwargs=given or None)).status_code
        if status != declared[name][role]:
            wrong.append(f"{name}: expected {declared[name][role]}, got {status}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
