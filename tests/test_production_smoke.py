"""The production shape, end to end: gunicorn, a Celery worker and Celery beat as real processes,
DEBUG off, secure defaults on (behind a TLS-terminating proxy, as docs/operations.md describes), against the
real PostgreSQL and Redis. One case goes through HTTP from sign-in to submit, sign-off and a
recompute in the worker, then a draft report is built by the worker and downloaded as DOCX."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "smoke-test-password-" + secrets.token_hex(4)
# transactional: the test database exists (it is the template of the processes' database) and
# no transaction holds it open while it is copied
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inputs(HTMLParser):
    """The inputs of the first form with `form_id` (or every input when None)."""

    def __init__(self, form_id: str | None = None):
        super().__init__()
        self.form_id, self.inside, self.fields, self.radios = form_id, form_id is None, {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") == "radio":
                self.radios.setdefault(attrs["name"], []).append(attrs.get("value", ""))
                if "checked" in attrs:
                    self.fields[attrs["name"]] = attrs.get("value", "")
            else:
                self.fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.inside = False


def inputs(html: str, form_id: str | None = None) -> _Inputs:
    parser = _Inputs(form_id)
    parser.feed(html)
    return parser


class Browser:
    """A cookie-keeping HTTP client that talks to gunicorn as the TLS proxy would (the proxy
    header says the request came over HTTPS, so Secure cookies and HSTS are in force)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
                self.last_cookie_flags = value
        response.body = content
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict):
        return self.request("POST", path, data)

    def csrf(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, username: str) -> None:
        page = self.get("/sign-in/").body.decode()
        response = self.post(
            "/sign-in/",
            {"csrfmiddlewaretoken": self.csrf(page), "username": username, "password": PASSWORD},
        )
        assert response.status == 302, response.body[:500]
        assert "Secure" in self.last_cookie_flags and "HttpOnly" in self.last_cookie_flags


def _wait_until(check, what: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def production(tmp_path, transactional_db):
    """A fresh database (a copy of the migrated test database), then gunicorn + worker + beat
    with production settings."""
    from django.db import connections

    url = urlsplit(os.environ.get("DATABASE_URL") or settings.DATABASES["default"]["HOST"])
    template = connections["default"].settings_dict["NAME"]  # the migrated test database
    connections.close_all()  # a template database must have no other sessions
    name = f"casebook_smoke_{os.getpid()}"
    admin = psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    # idle connections left by earlier tests' threads and worker processes would block the copy
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid() AND state = 'idle'",
        [template],
    )
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    port = _free_port()
    broker = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14").rsplit("/", 1)[0]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CASEBOOK_LOCAL": "false",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DATABASE_URL": f"postgres://{url.username or 'postgres'}@{url.hostname or '127.0.0.1'}:"
        f"{url.port or 5432}/{name}",
        "CELERY_BROKER_URL": f"{broker}/15",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEMO_PASSWORD": PASSWORD,
        "PYTHONUNBUFFERED": "1",
    }
    # a queue of its own, emptied first: messages a killed earlier run left must not reach this
    # run's worker
    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    manage = [sys.executable, "manage.py"]
    shipped = str(ROOT / "inspection" / "frameworks" / "hmip-pdu-2021.yaml")
    # migrate is a no-op on the copy; a transactional test may have flushed the framework rows
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["load_framework", shipped],
        ["load_demo"],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    bin_dir = Path(sys.executable).parent
    logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("web", "worker", "beat")}
    commands = {
        "web": [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "info",
            "--concurrency",
            "1",
            "--pool",
            "solo",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "beat",
            "-l",
            "info",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
    }
    processes = {
        name: subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=logs[name], stderr=subprocess.STDOUT
        )
        for name, command in commands.items()
    }
    try:

        def healthy():
            try:
                return Browser(port).get("/health/").status == 200
            except OSError:
                return False

        _wait_until(healthy, "gunicorn to answer /health/")
        yield port, processes, tmp_path, env["DATABASE_URL"]
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs.values():
            log.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _complete_case(browser: Browser, case: int) -> None:
    """Answer every asked item of every standard 'yes' through the plain form, then submit."""
    overview = browser.get(f"/cases/{case}/").body.decode()
    codes = dict.fromkeys(re.findall(rf"/cases/{case}/standards/([\w.]+)/", overview))
    for code in codes:
        page = browser.get(f"/cases/{case}/standards/{code}/").body.decode()
        form = inputs(page, "cb-answers")
        data = dict(form.fields)
        for name, values in form.radios.items():
            if name.startswith("a_"):
                data[name] = values[0]  # the positive answer
        data["action"] = "save"
        response = browser.post(f"/cases/{case}/standards/{code}/", data)
        assert response.status == 302, (code, response.body[:800])
    page = browser.get(f"/cases/{case}/").body.decode()
    response = browser.post(f"/cases/{case}/submit/", {"csrfmiddlewaretoken": browser.csrf(page)})
    assert response.status == 302, response.body[:800]


def _counted(browser: Browser, inspection: int) -> int:
    page = browser.get(f"/reports/{inspection}/").body.decode()
    return int(re.search(r"<strong>(\d+)</strong> counted cases", page).group(1))


def _job_done(browser: Browser, inspection: int, job: int) -> bool:
    page = browser.get(f"/reports/{inspection}/jobs/{job}/").body.decode()
    assert "Failed" not in page and "Could not be queued" not in page, page[:2000]
    return "Done" in page


def test_one_case_from_sign_in_to_a_built_docx_in_the_production_shape(production):
    port, processes, tmp_path, database = production
    try:
        _drive_one_case(port, processes, tmp_path, database)
    except AssertionError as failure:
        logs = "\n".join(
            f"--- {log.name} ---\n{log.read_text()[-3000:]}" for log in tmp_path.glob("*.log")
        )
        raise AssertionError(f"{failure}\n{logs}") from failure


def _drive_one_case(port: int, processes: dict, tmp_path: Path, database: str) -> None:
    inspector, lead = Browser(port), Browser(port)
    with psycopg.connect(database) as db:
        case, inspection = db.execute(
            "SELECT c.id, c.inspection_id FROM cases_case c JOIN auth_user u "
            "ON u.id = c.assigned_to_id WHERE u.username = 'demo-inspector' "
            "AND c.status = 'draft' ORDER BY c.ref LIMIT 1"
        ).fetchone()

    inspector.sign_in("demo-inspector")
    home = inspector.get("/")
    assert home.status == 200
    assert "max-age=31536000" in (home.getheader("Strict-Transport-Security") or "")
    assert "script-src 'self'" in (home.getheader("Content-Security-Policy") or "")
    assert f'href="/cases/{case}/"' in home.body.decode()

    lead.sign_in("demo-lead")
    before = _counted(lead, inspection)
    _complete_case(inspector, case)

    qa = lead.get(f"/cases/{case}/quality-assurance/").body.decode()
    signed = lead.post(f"/cases/{case}/sign-off/", {"csrfmiddlewaretoken": lead.csrf(qa)})
    assert signed.status == 302, signed.body[:800]
    dashboard = lead.get(f"/reports/{inspection}/").body.decode()
    lead.post(f"/reports/{inspection}/recompute/", {"csrfmiddlewaretoken": lead.csrf(dashboard)})
    _wait_until(lambda: _counted(lead, inspection) == before + 1, "the worker's recompute")

    dashboard = lead.get(f"/reports/{inspection}/").body.decode()
    built = lead.post(
        f"/reports/{inspection}/build/",
        {"csrfmiddlewaretoken": lead.csrf(dashboard), "format": "docx"},
    )
    assert built.status == 302
    with psycopg.connect(database) as db:
        (job,) = db.execute(
            "SELECT id FROM reports_job WHERE inspection_id = %s AND kind = 'report' "
            "ORDER BY id DESC LIMIT 1",
            [inspection],
        ).fetchone()
    assert (
        f"/reports/{inspection}/jobs/{job}/"
        in lead.get(f"/reports/{inspection}/outputs/").body.decode()
    )
    _wait_until(lambda: _job_done(lead, inspection, job), "the DOCX build in the worker", 120)
    download = lead.get(f"/reports/{inspection}/jobs/{job}/download/")
    assert download.status == 200
    assert download.body[:2] == b"PK" and b"word/document.xml" in download.body
    assert all(p.poll() is None for p in processes.values()), "a process died"
    _wait_until(lambda: "beat: Starting" in (tmp_path / "beat.log").read_text(), "beat to start")
