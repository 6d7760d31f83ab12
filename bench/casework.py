"""Casework in-process: time and query count of the case standard page (GET) and of one autosave,
for a small case (nothing answered) and a large one (every item answered with long evidence).

The requests go through Django's whole stack (middleware, sessions, templates) with the test
client, in this process, outside any transaction, so the query counts are what a server runs.
The autosave posts what the page's script posts. Prints the minimum, median and 90th percentile;
asserts nothing. The rows it creates are deleted afterwards.
"""

import statistics
import time
from datetime import date
from html.parser import HTMLParser

RUNS = 40
WARM = 5
STANDARD = "2.2"
EVIDENCE_CHARS = 4_000  # long evidence on every item of the large case


class _FormInputs(HTMLParser):
    """The values a browser would submit from the page's answers form (id cb-answers)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.textarea: str | None = None
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "cb-answers"
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                self.values.setdefault(a["name"], "")
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "")
            elif kind != "submit":
                self.values[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values[self.textarea] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += (
                data.removeprefix("\n") if not self.values[self.textarea] else data
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def page_inputs(html: str) -> dict[str, str]:
    parser = _FormInputs()
    parser.feed(html)
    return parser.values


def autosave_payload(inputs: dict[str, str], edits: dict[str, tuple[str, str]]) -> dict[str, str]:
    """What the page's script sends when items changed (`edits`: slug -> (answer, evidence)).

    With per-item tokens (t_<slug>) only the changed items and their tokens; without them (the
    protocol before tokens) the whole form, with the starting values of every item."""
    if any(name.startswith("t_") for name in inputs):
        data = {k: inputs[k] for k in ("csrfmiddlewaretoken", "version")}
        data["partial"] = "1"
        for slug, (value, evidence) in edits.items():
            data |= {f"a_{slug}": value, f"e_{slug}": evidence, f"t_{slug}": inputs[f"t_{slug}"]}
        return data
    data = {k: v for k, v in inputs.items() if not k.startswith(("r_", "ta_", "te_"))}
    for slug, (value, evidence) in edits.items():
        data |= {f"a_{slug}": value, f"e_{slug}": evidence}
    return data


def follow(inputs: dict[str, str], fragment: str) -> None:
    """Apply the out-of-band hidden inputs of an autosave answer (the new version and starting
    values or tokens) to `inputs`, as htmx does in the page."""
    inputs.update(page_inputs(f'<form id="cb-answers">{fragment}</form>'))


REGION = "Bench region (casework)"
USERNAME = "bench-casework-inspector"


def _remove() -> None:
    from django.contrib.auth import get_user_model

    from inspection.models import Inspection, Pdu, Region

    Inspection.objects.filter(pdu__region__name=REGION).delete()
    Pdu.objects.filter(region__name=REGION).delete()
    Region.objects.filter(name=REGION).delete()
    get_user_model().objects.filter(username=USERNAME).delete()


def _setup():
    from django.contrib.auth import get_user_model

    try:
        from casework.models import Answer, Case
    except ImportError:  # the before code (bench/_before.py) has them in its cases app
        from cases.models import Answer, Case
    from inspection.models import (
        CohortWindow,
        FrameworkVersion,
        Inspection,
        Item,
        Pdu,
        Region,
        TeamMembership,
    )

    framework = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    region = Region.objects.create(name=REGION)
    inspection = Inspection.objects.create(
        pdu=Pdu.objects.create(region=region, name="Bench PDU (casework)"),
        framework=framework,
        fieldwork_start=date(2022, 11, 28),
        fieldwork_end=date(2022, 12, 2),
    )
    CohortWindow.objects.create(
        inspection=inspection, start=date(2022, 4, 1), end=date(2022, 4, 30)
    )
    user = get_user_model().objects.create_user(USERNAME, password="x" * 20)
    TeamMembership.objects.create(inspection=inspection, user=user, role="inspector")

    def case(ref: str) -> Case:
        return Case.objects.create(
            inspection=inspection,
            ref=ref,
            case_type="community",
            start_date=date(2022, 4, 10),
            rosh="medium",
            gender="male",
            assigned_to=user,
        )

    small, large = case("BENCH-SMALL"), case("BENCH-LARGE")
    items = Item.objects.filter(framework=framework).exclude(standard__rated_from="judgement")
    text = ("Evidence sentence. " * (EVIDENCE_CHARS // 19 + 1))[:EVIDENCE_CHARS]
    Answer.objects.bulk_create(
        Answer(case=large, item=item, value=item.answers[0], evidence=text) for item in items
    )
    return user, {"small": small, "large": large}


def _measure(fn) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM):
        fn()
    times = []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
    return times, queries


def measure() -> list[tuple[str, list[float], int]]:
    """Rows (request, times in ms, queries) for the small and the large case; what it creates
    is deleted afterwards."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    _remove()  # what an interrupted run left behind
    user, cases = _setup()
    rows = []
    try:
        client = Client()
        client.force_login(user)
        for size, case in cases.items():
            rows += _bench_case(client, case, size)
    finally:
        _remove()
    return rows


def main() -> None:
    from bench import _before, setup_django

    setup_django()
    after = measure()
    try:
        before = {name: (times, queries) for name, times, queries in _before.run("casework")}
        note = f"before: commit {_before.BEFORE_REF}, the same requests on its own database"
    except _before.Unavailable as exc:
        before, note = {}, f"before: not measured ({exc})"
    # the minimum is the steadiest figure on a shared machine; the median is the usual one
    print(
        f"{'request':<32} {'before: median ms, queries':>27} {'after: min':>11} "
        f"{'median':>7} {'p90 ms':>7} {'queries':>8}"
    )
    for name, times, queries in after:
        old = before.get(name)
        was = f"{statistics.median(old[0]):.1f} ms, {old[1]} q" if old else "—"
        p90 = statistics.quantiles(times, n=10)[-1]
        median = statistics.median(times)
        print(f"{name:<32} {was:>27} {min(times):>11.1f} {median:>7.1f} {p90:>7.1f} {queries:>8}")
    print("queries include BEGIN and COMMIT of the autosave's transaction; " + note)


def _bench_case(client, case, size: str) -> list[tuple]:
    from django.urls import reverse

    url = reverse("cases:standard", args=[case.pk, STANDARD])

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    counter = iter(range(1_000_000))
    inputs = page_inputs(get().content.decode())

    slugs = sorted({name[2:] for name in inputs if name.startswith("e_")})[:10]

    def save(n: int = 1):
        run = next(counter)
        edits = {s: (inputs.get(f"a_{s}", ""), f"Edited evidence {run}") for s in slugs[:n]}
        data = autosave_payload(inputs, edits)
        response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 200, (response.status_code, response.content)
        for slug, (value, evidence) in edits.items():  # the page keeps what was typed
            inputs.update({f"a_{slug}": value, f"e_{slug}": evidence})
        follow(inputs, response.content.decode())

    return [
        (f"case page GET ({size})", *_measure(get)),
        (f"autosave, one item ({size})", *_measure(save)),
        (f"autosave, ten items ({size})", *_measure(lambda: save(10))),
    ]
