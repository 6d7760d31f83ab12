"""A database restart, as the running service sees it: every connection gunicorn's workers and the
Celery worker hold is cut at once (`pg_terminate_backend` on the service's own database, which is
what a PostgreSQL restart or fail-over does to them). The next requests must be served — pages,
an answer saved, a recompute run by the worker — never a 500 and never a lost word.

The whole server is not restarted: other tests share it. Cutting every session of the one
database is the same event for the processes that use it."""

import re

import psycopg

from tests.test_production_smoke import (
    Browser,
    _counted,
    _wait_until,
    inputs,
    production,  # noqa: F401  the fixture: gunicorn, worker and beat on a database of their own
)

PAGES = 6  # more requests than gunicorn has workers, so each worker meets its cut connection


def _cut_every_connection(database: str) -> int:
    name = database.rsplit("/", 1)[1]
    with psycopg.connect(database.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def test_the_service_serves_and_saves_after_the_database_restarts(production):  # noqa: F811
    port, processes, _logs, database = production
    inspector, lead = Browser(port), Browser(port)
    inspector.sign_in("demo-inspector")
    lead.sign_in("demo-lead")
    with psycopg.connect(database) as db:
        case, inspection = db.execute(
            "SELECT c.id, c.inspection_id FROM cases_case c JOIN auth_user u "
            "ON u.id = c.assigned_to_id WHERE u.username = 'demo-inspector' "
            "AND c.status = 'draft' ORDER BY c.ref LIMIT 1"
        ).fetchone()
    overview = inspector.get(f"/cases/{case}/").body.decode()
    code = re.findall(rf"/cases/{case}/standards/([\w.]+)/", overview)[0]
    for _ in range(PAGES):  # every gunicorn worker now holds a persistent connection
        assert inspector.get("/").status == 200
    before = _counted(lead, inspection)

    assert _cut_every_connection(database) >= 1

    for _ in range(PAGES):
        response = inspector.get("/")
        assert response.status == 200, response.body[:800]
    page = inspector.get(f"/cases/{case}/standards/{code}/")
    assert page.status == 200, page.body[:800]
    form = inputs(page.body.decode(), "cb-answers")
    data = dict(form.fields)
    answer = next(name for name in form.radios if name.startswith("a_"))
    data[answer] = form.radios[answer][0]
    data["e_" + answer[2:]] = "Words typed while the database restarted."  # its textarea
    data["action"] = "save"
    saved = inspector.post(f"/cases/{case}/standards/{code}/", data)
    assert saved.status == 302, saved.body[:800]
    with psycopg.connect(database) as db:
        (stored,) = db.execute(
            "SELECT a.evidence FROM cases_answer a WHERE a.case_id = %s "
            "AND a.evidence = 'Words typed while the database restarted.'",
            [case],
        ).fetchone()
    assert stored == "Words typed while the database restarted."

    # the worker's connection was cut too: a recompute still runs (nothing counted changed, so
    # the figure stays; the job must end done, not failed)
    dashboard = lead.get(f"/reports/{inspection}/").body.decode()
    asked = lead.post(
        f"/reports/{inspection}/recompute/", {"csrfmiddlewaretoken": lead.csrf(dashboard)}
    )
    assert asked.status == 302, asked.body[:800]
    with psycopg.connect(database) as db:
        (job,) = db.execute(
            "SELECT id FROM reports_job WHERE inspection_id = %s AND kind = 'aggregate' "
            "ORDER BY id DESC LIMIT 1",
            [inspection],
        ).fetchone()

    def finished() -> str | None:
        with psycopg.connect(database) as db:
            (state,) = db.execute("SELECT state FROM reports_job WHERE id = %s", [job]).fetchone()
        return state if state in ("done", "failed") else None

    assert _wait_until(finished, "the recompute after the restart", 120) == "done"
    assert _counted(lead, inspection) == before
    assert all(process.poll() is None for process in processes.values())
