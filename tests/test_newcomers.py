"""A newcomer's first run: `make run` takes another port, and load_demo ends with the generated
password, boxed, with how to reset it; the demo has inspections in two regions with readings."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from inspection.models import Inspection
from readings.models import Reading

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("args", "env"), [(["PORT=8001"], {}), ([], {"PORT": "8001"})])
def test_make_run_serves_on_the_port_given(args, env):
    import os

    result = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "runserver 127.0.0.1:8001" in result.stdout
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "runserver 127.0.0.1:8000" in default.stdout


@pytest.mark.django_db(transaction=True)
def test_load_demo_prints_the_password_last_in_a_box(monkeypatch, framework):
    # `framework`: a transactional test before this one may have flushed the migrated rows
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().rstrip("\n").splitlines()
    box = lines[-7:]
    assert box[0] == box[-1] and set(box[0]) == {"+", "-"}
    assert all(line.startswith("| ") and line.endswith(" |") for line in box[1:-1])
    assert len({len(line) for line in box}) == 1
    text = "\n".join(box)
    assert "Password (shown once): " in text and "manage.py changepassword" in text
    assert "password" not in "\n".join(lines[:-7]).lower()  # said once, in the box
    # the demo has something for benchmarks, the national overview and the regional report
    pdu = Inspection.objects.filter(framework__code="hmip-pdu-2021")
    regions = set(pdu.values_list("pdu__region__name", flat=True))
    assert pdu.count() == 4 and len(regions) == 2
    # beside them, one youth justice inspection (tests/reports/test_demo_youth.py)
    assert Inspection.objects.filter(framework__code="hmip-youth-2021").count() == 1
    assert Reading.objects.filter(kind="second", status="submitted").count() >= 20
    assert (
        Reading.objects.filter(
            kind="second", status="draft", reader__username="demo-inspector"
        ).count()
        == 3
    )
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "+---" not in again.getvalue() and Inspection.objects.count() == 5
