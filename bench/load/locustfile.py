"""Locust: inspectors signing in, reading their case page and autosaving every few seconds.

Run by `bench/load/run.py` (`make bench-load`), which makes the users and cases, starts gunicorn
and checks the database afterwards. Each simulated inspector works on their own case: every
LOAD_PACE seconds they change one or two items of a standard page (answer and evidence) and the
page's script would autosave them; now and then they read the page again. Every save the server
acknowledges (2xx) is remembered — the last one per item — and written to LOAD_ACKS_FILE when the
run stops, for run.py to compare with what the database holds.
"""

import json
import os
import random
import sys
import threading
from pathlib import Path

import gevent
from locust import HttpUser, constant_pacing, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.casework import autosave_payload, follow, page_inputs

PACE = float(os.environ.get("LOAD_PACE", "2"))
STEADY_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
STANDARDS = ("2.2", "2.3", "2.4", "2.5")
READ_EVERY = 5  # every fifth round also reads the case page again
ACCOUNTS = json.loads(Path(os.environ["LOAD_USERS_FILE"]).read_text())
_next_account = iter(ACCOUNTS)
_lock = threading.Lock()
# (case id, item slug) -> [answer, evidence] of the last acknowledged save
acknowledged: dict[str, list[str]] = {}
counts = {"acknowledged": 0, "refused": 0, "signed_in": 0}


class Inspector(HttpUser):
    wait_time = constant_pacing(PACE)

    def on_start(self) -> None:
        with _lock:
            self.account = next(_next_account)
        self.rng = random.Random(self.account["case"])
        self.standard = self.rng.choice(STANDARDS)
        self.url = f"/cases/{self.account['case']}/standards/{self.standard}/"
        self.round = 0
        sign_in = self.client.get("/sign-in/", name="sign-in page")
        token = page_inputs_any(sign_in.text)["csrfmiddlewaretoken"]
        self.client.post(
            "/sign-in/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": token,
            },
            name="sign in",
        )
        self.read()
        with _lock:
            counts["signed_in"] += 1
            everyone = counts["signed_in"] == len(ACCOUNTS)
        if everyone:
            _steady_state(self.environment)

    def read(self) -> None:
        with self.client.get(self.url, name="case page", catch_response=True) as response:
            self.inputs = page_inputs(response.text)
            if "version" not in self.inputs:
                response.failure("no answers form on the page (signed out?)")
                return
        self.slugs = sorted({n[2:] for n in self.inputs if n.startswith("e_")})

    @task
    def autosave(self) -> None:
        self.round += 1
        if self.round % READ_EVERY == 0:
            self.read()
        if not getattr(self, "slugs", None):
            return
        edits = {}
        for slug in self.rng.sample(self.slugs, self.rng.choice((1, 1, 1, 2))):
            words = self.rng.randint(5, 300)
            text = " ".join(self.rng.choice(WORDS) for _ in range(words))
            evidence = f"{self.account['username']} round {self.round}: {text}"
            edits[slug] = (self.rng.choice(("yes", "no", "na")), evidence)
        data = autosave_payload(self.inputs, edits)
        for slug, (value, evidence) in edits.items():  # the page keeps what was typed
            self.inputs |= {f"a_{slug}": value, f"e_{slug}": evidence}
        with self.client.post(
            self.url, data, headers={"HX-Request": "true"}, name="autosave", catch_response=True
        ) as response:
            if not 200 <= response.status_code < 300:
                counts["refused"] += 1
                response.failure(f"autosave answered {response.status_code}")
                return
            follow(self.inputs, response.text)
            counts["acknowledged"] += 1
            for slug, (value, evidence) in edits.items():
                acknowledged[f"{self.account['case']} {slug}"] = [value, evidence]


def page_inputs_any(html: str) -> dict[str, str]:
    """Inputs of the first form of a page (the sign-in form)."""
    return page_inputs(html.replace("<form ", '<form id="cb-answers" ', 1))


# the words of the generated evidence
WORDS = """assessment plan risk harm partner victim children safeguarding review contact probation
practitioner enquiry police domestic abuse analysis sentence licence supervision progress the a
of and to in was were not sufficiently clearly recorded considered identified""".split()  # noqa: SIM905


def _steady_state(environment) -> None:
    """Once every inspector has signed in (slow on purpose: password hashing), count from zero
    and run LOAD_SECONDS more."""
    environment.runner.stats.reset_all()
    gevent.spawn_later(STEADY_SECONDS, environment.runner.quit)


@events.test_stop.add_listener
def _write_acknowledged(environment, **kwargs) -> None:
    out = {"acknowledged": acknowledged, "counts": counts}
    Path(os.environ["LOAD_ACKS_FILE"]).write_text(json.dumps(out))
