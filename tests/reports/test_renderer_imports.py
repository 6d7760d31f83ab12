"""Each output format loads only its own libraries (issue 10: the workbook must not pay for
matplotlib and WeasyPrint). Checked in fresh processes, since this process has them all loaded."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import load_workbook

from records.services.bundle import bundle_import
from reports.rendering import FORMATS, RENDERER_LIBRARIES
from tests.support.factories import shipped_framework

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"matplotlib", "weasyprint", "docx", "openpyxl"}
# What a web process (every URL's views) and a worker (every task) import at start-up, then the
# renderer of one format; prints the heavy libraries loaded.
PROBE = """
import json, os, sys
from importlib import import_module
import django
django.setup()
import_module("config.urls"); import_module("reports.tasks")
fmt = sys.argv[1]
if fmt:
    from reports.rendering import RENDERER_MODULES
    for name in RENDERER_MODULES[fmt]:
        import_module(name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))))
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    return env | {"DJANGO_SETTINGS_MODULE": "config.settings", "CASEBOOK_LOCAL": "1"}


def _loaded(fmt: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, fmt, ",".join(sorted(HEAVY))],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_web_and_worker_start_without_any_renderer_library():
    assert _loaded("") == set()


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_imports_only_its_own_libraries(fmt):
    assert _loaded(fmt) == RENDERER_LIBRARIES[fmt]


def test_renderer_libraries_are_declared_for_every_format():
    assert set(RENDERER_LIBRARIES) == set(FORMATS)
    assert RENDERER_LIBRARIES["xlsx"] == {"openpyxl"}
    assert RENDERER_LIBRARIES["md"] == set()


@pytest.mark.slow
def test_export_workbook_command_imports_no_report_library(transactional_db, spec_bundle, tmp_path):
    shipped_framework()
    inspection = bundle_import(data=spec_bundle)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    out = tmp_path / "book.xlsx"
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "manage.py",
            "export_workbook",
            str(inspection.pk),
            "--output",
            str(out),
        ],
        cwd=ROOT,
        env=_env() | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert imported & HEAVY == {"openpyxl"}
    assert load_workbook(out, read_only=True).sheetnames[0] == "Ratings"
