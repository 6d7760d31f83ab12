"""What each output format costs to start: `manage.py check` against `manage.py export_workbook`
and `draft_report --format md|html|docx|pdf` for one inspection, each in a fresh process (wall
seconds, median of three), with the heavy libraries each process imported (`python -X importtime`).

Issue 10's target: `export_workbook` for one inspection at most 1.5x `manage.py check`. Prints
figures only. Imports the demo inspection (a bundle of ~60 cases) into the bench database for
the run and deletes it afterwards.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "weasyprint", "docx", "openpyxl")
RUNS = 3


def _run(args: list[str], *flags: str) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # As in production, work a command queues (the roll-up refresh after it re-aggregates) goes
    # to a worker instead of running inside the command: an in-memory broker nobody consumes.
    env |= {"CELERY_BROKER_URL": "memory://", "CELERY_TASK_ALWAYS_EAGER": "false"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *flags, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return seconds, result.stderr


def _median(args: list[str]) -> tuple[float, set[str]]:
    """Median wall seconds of RUNS plain runs, and the heavy libraries one more run imported."""
    seconds = statistics.median(_run(args)[0] for _ in range(RUNS))
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in _run(args, "-X", "importtime")[1].splitlines()
        if line.startswith("import time:")
    }
    return seconds, imported & set(HEAVY)


def measure() -> list[tuple[str, float, list[str]]]:
    """Rows (command, median wall seconds, heavy libraries imported), `manage.py check` first."""
    from inspection.models import FrameworkVersion, Inspection

    try:
        from records.demo import demo_bundle
        from records.services.bundle import bundle_import
    except ImportError:  # the before code (bench/_before.py) has them in its cases app
        from cases.demo import demo_bundle
        from cases.services.bundle import bundle_import

    framework = FrameworkVersion.objects.filter(code="hmip-pdu-2021").order_by("-version").first()
    inspection = bundle_import(data=demo_bundle(framework))
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            check, check_heavy = _median(["check"])
            rows.append(("manage.py check", check, sorted(check_heavy)))
            jobs = [("xlsx", ["export_workbook", str(inspection.pk), "--output"])]
            jobs += [
                (fmt, ["draft_report", str(inspection.pk), "--format", fmt, "--output"])
                for fmt in ("md", "html", "docx", "pdf")
            ]
            for fmt, args in jobs:
                seconds, heavy = _median([*args, str(Path(folder) / f"out.{fmt}")])
                name = " ".join(args[:1] + ([args[3]] if fmt != "xlsx" else []))
                rows.append((name, seconds, sorted(heavy)))
    finally:
        Inspection.objects.filter(pk=inspection.pk).delete()
    return rows


def main() -> None:
    from bench import _before

    after = measure()
    try:
        before = {
            name: (seconds, heavy) for name, seconds, heavy in _before.run("renderer_imports")
        }
        note = f"before: commit {_before.BEFORE_REF}"
    except _before.Unavailable as exc:
        before, note = {}, f"before: not measured ({exc})"
    check = after[0][1]
    old_check = before.get("manage.py check", (None,))[0]
    print(f"{'command':<24} {'before':>14} {'after':>14}   after imports")
    for name, seconds, heavy in after:
        old = before.get(name)
        was = f"{old[0]:.2f} s {old[0] / old_check:.1f}x" if old and old_check else "—"
        print(f"{name:<24} {was:>14} {seconds:>6.2f} s {seconds / check:.1f}x   {heavy}")
    print(
        f"x: the ratio to manage.py check in the same code (target for export_workbook: at most 1.5); {note}"
    )


if __name__ == "__main__":
    from bench import setup_django

    setup_django()
    main()
