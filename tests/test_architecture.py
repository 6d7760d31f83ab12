"""The architecture as tests: apps depend downwards only (`portal -> reports -> cases ->
inspection`), in Python (import-linter contracts in pyproject.toml, also run by `make lint`) and
in templates (`{% url %}`, `{% load %}`, `{% include %}`/`{% extends %}`), where a linter cannot
look. A lower app may link to the project-level pages config/urls.py names (home, the inspection
page, sign-in), never to a namespace of an app above it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["accounts", "inspection", "cases", "reports", "portal"]  # bottom to top
# Template folders and URL namespaces, by the app that owns them.
TEMPLATE_DIRS = {
    "accounts": "accounts",
    "cases": "cases",
    "setup": "cases",
    "reports": "reports",
    "portal": "portal",
    "info": "portal",
    "api": "portal",
}
NAMESPACES = {
    "accounts": "accounts",
    "cases": "cases",
    "setup": "cases",
    "reports": "reports",
    "api": "portal",
}
TAG_LIBRARIES = {"casebook": "inspection", "setup_tags": "cases"}
PROJECT_PAGES = {
    "home", "inspection", "national", "login", "logout", "health", "admin", "password_change",
    "inspections", "my_cases", "my_readings", "qa_queue",  # the navigation's sections
    "accessibility", "privacy", "cookies", "feedback",  # the footer's pages
}  # fmt: skip

URL_RE = re.compile(r"{%\s*url\s+['\"]([\w:]+)['\"]")
LOAD_RE = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")
TEMPLATE_RE = re.compile(r"{%\s*(?:include|extends)\s+['\"]([\w/.-]+)['\"]")


def _level(app: str | None) -> int:
    """Project templates (base.html, registration/) are extended by every app, so they may use
    only the bottom layer (accounts) and project-level pages."""
    return 0 if app is None else LAYERS.index(app)


def template_violations(root: Path = ROOT / "templates") -> list[str]:
    """Every reference from a template to an app above the template's own app."""
    problems = []
    for template in sorted(root.rglob("*.html")):
        where = template.relative_to(root)
        level = _level(TEMPLATE_DIRS.get(where.parts[0]) if len(where.parts) > 1 else None)
        text = template.read_text()
        for name in URL_RE.findall(text):
            namespace, _, _ = name.rpartition(":")
            if not namespace:
                if name not in PROJECT_PAGES:
                    problems.append(f"{where}: {{% url '{name}' %}} is not a project-level page")
                continue
            if namespace == "admin":
                continue
            target = NAMESPACES.get(namespace)
            if target is None or _level(target) > level:
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
    """The check itself can fail: a cases template linking to, loading from and including
    reports, and a project template linking into an app."""
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "probe.html").write_text(
        "{% load static casebook %}<a href=\"{% url 'reports:dashboard' 1 %}\">x</a>"
        "{% include 'reports/_job.html' %}<a href=\"{% url 'setup:index' %}\">ok</a>"
    )
    (tmp_path / "base.html").write_text("<a href=\"{% url 'cases:detail' 1 %}\">x</a>")
    assert template_violations(tmp_path) == [
        "base.html: links up to cases:detail (cases)",
        "cases/probe.html: links up to reports:dashboard (reports)",
        "cases/probe.html: uses reports/_job.html from reports",
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
        ("cases/services/qa.py", "import portal.views", "cases.services.qa -> portal.views"),
        ("cases/caselist/read.py", "import django.db", "cases.caselist.read -> django"),
        ("reports/scoring.py", "from django.db import models", "reports.scoring -> django"),
    ],
)
def test_import_contracts_fail_when_a_module_points_up_or_a_pure_one_uses_django(
    tmp_path, module, line, broken
):
    """A copy of the project with one bad import: the contracts must break, naming it."""
    for name in ("portal", "reports", "cases", "inspection", "accounts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert broken in result.stdout, result.stdout
