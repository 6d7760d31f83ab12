"""The code before issue 10, so that one `make bench` run prints before and after side by side.

No old code is kept in this tree: every "before" figure is measured on an export of the commit
before issue 10's work (`BENCH_BEFORE_REF`, default below), run by this checkout's virtualenv in
its own process, with its own PostgreSQL database migrated by that code (or, for the national
figures, the national data set's database, which the old code reads as it is). The measuring
module (a file of this `bench/` package) is copied into the export and run there.

Both are made once and reused: the export under `var/bench-before/REF/`, the database
`casebook_bench_before` (its comment names the commit; `dropdb` it to rebuild).
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the lean autosave, the renderer split and the counting rewrite.
BEFORE_REF = os.environ.get("BENCH_BEFORE_REF", "a8e55d0")
DATABASE = "casebook_bench_before"
SERVER = "postgres://postgres@127.0.0.1:5432"


class Unavailable(Exception):
    """The before code cannot be run here (no git history, say): the figure is left out."""


def checkout() -> Path:
    """The before commit's files (exported once)."""
    folder = ROOT / "var" / "bench-before" / BEFORE_REF
    if (folder / "manage.py").exists():
        return folder
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", BEFORE_REF],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise Unavailable(f"git cannot export {BEFORE_REF}: {exc}") from exc
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="export-", dir=folder.parent))
    with tempfile.TemporaryFile() as tar:
        tar.write(archive.stdout)
        tar.seek(0)
        with tarfile.open(fileobj=tar) as files:
            files.extractall(staging, filter="data")
    staging.rename(folder)
    return folder


def database_url() -> str:
    """A database migrated by the before code (made once; its comment names the commit)."""
    url = f"{SERVER}/{DATABASE}"
    comment = f"casebook bench: migrated by {BEFORE_REF}"
    found = subprocess.run(
        [
            "psql",
            f"{SERVER}/postgres",
            "-Atc",
            f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DATABASE}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise Unavailable(f"PostgreSQL cannot be reached: {found.stderr.strip()}")
    if found.stdout.strip() == comment:
        return url
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    _python(["manage.py", "migrate", "--no-input", "-v", "0"], url)
    subprocess.run(
        ["psql", url, "-qc", f"COMMENT ON DATABASE {DATABASE} IS '{comment}'"], check=True
    )
    return url


def run(module: str, *, url: str | None = None, env: dict[str, str] | None = None) -> object:
    """Run `bench.<module>.measure()` on the before code and return what it returned (JSON):
    on the before code's own database, or on `url`, with `env` added to the environment."""
    folder = checkout()
    url = url or database_url()
    shutil.copy2(ROOT / "bench" / f"{module}.py", folder / "bench" / f"{module}.py")
    code = (
        "import json, sys\n"
        "from bench import setup_django\n"
        "setup_django()\n"
        f"from bench.{module} import measure\n"
        "sys.stdout.write('\\n@@' + json.dumps(measure()))\n"
    )
    out = _python(["-c", code], url, env)
    return json.loads(out.rsplit("\n@@", 1)[1])


def _python(args: list[str], url: str, extra: dict[str, str] | None = None) -> str:
    folder = checkout()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DATABASE_URL": url, "CASEBOOK_LOCAL": "1", "PYTHONPATH": str(folder), **(extra or {})}
    result = subprocess.run(
        [sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise Unavailable(f"the before code failed: {result.stderr.strip()[-800:]}")
    return result.stdout
