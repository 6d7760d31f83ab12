"""The architecture as tests: apps depend downwards only (`portal -> reports -> records ->
readings -> sampling -> casework -> inspection -> accounts`), in Python (import-linter contracts in pyproject.toml, also run by `make lint`) and
in templates (`{% url %}`, `{% load %}`, `{% include %}`/`{% extends %}`), where a linter cannot
look. A lower app may link to the project-level pages config/urls.py names (home, the inspection
page, sign-in), never to a namespace of an app above it."""

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
# Bottom to top: accounts, inspection, then the four apps of casework and its set-up, reports,
# portal.
LAYERS = [
    "accounts",
    "inspection",
    "casework",
    "sampling",
    "readings",
    "records",
    "reports",
    "portal",
]
# Template folders by the app that owns them. A URL name belongs to the app of its view. The
# namespaces `cases` (casework, readings) and `setup` (sampling, readings, records) are each one
# section of the site across apps: a page may link to any page of a section its own app serves
# (the set-up overview to second readings, a case to its second reading), as when they were one
# app; between those apps, imports still point down only (import-linter).
TEMPLATE_DIRS = {app: app for app in LAYERS} | {"api": "portal", "info": "portal"}
TAG_LIBRARIES = {"casebook": "inspection"}
PROJECT_PAGES = {
    "home",
    "inspection",
    "national",
    "login",
    "logout",
    "health",
    "admin",
    "password_change",
    "inspections",
    "my_cases",
    "my_readings",
    "qa_queue",  # the navigation's sections
    "accessibility",
    "privacy",
    "cookies",
    "feedback",  # the footer's pages
}

URL_RE = re.compile(r"{%\s*url\s+['\"]([\w:]+)['\"]")
LOAD_RE = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")
TEMPLATE_RE = re.compile(r"{%\s*(?:include|extends)\s+['\"]([\w/.-]+)['\"]")


def _level(app: str | None) -> int:
    """Project templates (base.html, registration/) are extended by every app, so they may use
    only the bottom layer (accounts) and project-level pages."""
    return 0 if app is None else LAYERS.index(app)


@functools.cache
def url_owners() -> dict[str, str]:
    """Each namespaced URL name, with the app whose view serves it."""
    owners = {}

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace and pattern.name:
                app = pattern.callback.__module__.split(".")[0]
                owners[f"{namespace}:{pattern.name}"] = app if app in LAYERS else None

    walk(get_resolver().url_patterns, None)
    return owners


def template_violations(root: Path = ROOT / "templates") -> list[str]:
    """Every reference from a template to an app above the template's own app."""
    problems = []
    for template in sorted(root.rglob("*.html")):
        where = template.relative_to(root)
        app = TEMPLATE_DIRS.get(where.parts[0]) if len(where.parts) > 1 else None
        level = _level(app)
        text = template.read_text()
        for name in URL_RE.findall(text):
            namespace, _, _ = name.rpartition(":")
            if not namespace:
                if name not in PROJECT_PAGES:
                    problems.append(f"{where}: {{% url '{name}' %}} is not a project-level page")
                continue
            if namespace == "admin":
                continue
            owners = url_owners()
            target = owners.get(name)
            section = {app for url, app in owners.items() if url.startswith(f"{namespace}:")}
            if target is None or (_level(target) > level and app not in section):
                problems.append(f"{where}: links up to {name} ({target or 'unknown'})")
        for libraries in LOAD_RE.findall(text):
            for library in libraries.split():
                target = TAG_LIBRARIES.get(library)
                if target is not None and _level(target) > level:
                    problems.append(f"{where}: loads {library} from {target}")
        for name in TEMPLATE_RE.findall(text):
            folder = name.split("/")[0] if "/" in name else None
            target = TEMPLATE_DIRS.get(folder) if folder else None
            if target is not None and _level(target) > level:
                problems.append(f"{where}: uses {name} from {target}")
    return problems


def test_templates_never_point_up_a_layer():
    assert template_violations() == []


def test_the_template_check_catches_references_up(tmp_path):
    """The check itself can fail: a casework template linking to, loading from and including
    reports, linking to a set-up page of readings (a section casework does not serve; a
    readings page of its own section is fine), and a project template linking into an app."""
    (tmp_path / "casework").mkdir()
    (tmp_path / "casework" / "probe.html").write_text(
        "{% load static casebook %}<a href=\"{% url 'reports:dashboard' 1 %}\">x</a>"
        "{% include 'reports/_job.html' %}<a href=\"{% url 'cases:detail' 1 %}\">ok</a>"
        "<a href=\"{% url 'cases:reading' 1 %}\">ok</a><a href=\"{% url 'setup:agreement' 1 %}\">x</a>"
    )
    (tmp_path / "base.html").write_text("<a href=\"{% url 'cases:detail' 1 %}\">x</a>")
    assert template_violations(tmp_path) == [
        "base.html: links up to cases:detail (casework)",
        "casework/probe.html: links up to reports:dashboard (reports)",
        "casework/probe.html: links up to setup:agreement (readings)",
        "casework/probe.html: uses reports/_job.html from reports",
    ]


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("inspection/labels.py", "import reports.models", "inspection.labels -> reports.models"),
        ("casework/services/qa.py", "import portal.views", "casework.services.qa -> portal.views"),
        (
            "casework/services/qa.py",
            "import readings.models",
            "casework.services.qa -> readings.models",
        ),
        ("sampling/caselist/read.py", "import django.db", "sampling.caselist.read -> django"),
        ("readings/agreement.py", "import celery", "readings.agreement -> celery"),
        (
            "casework/selectors/casework.py",
            "import casework.views.qa",
            "No cycles are allowed in casework",
        ),
        ("reports/scoring.py", "from django.db import models", "reports.scoring -> django"),
    ],
)
def test_import_contracts_fail_when_a_module_points_up_or_a_pure_one_uses_django(
    tmp_path, module, line, broken
):
    """A copy of the project with one bad import: the contracts must break, naming it."""
    for name in LAYERS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert broken in result.stdout, result.stdout
