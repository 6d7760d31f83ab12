"""Every text field of every form, at its documented maximum and one character over it (issue
15, item 2): at the maximum the page accepts it and stores it whole; one over, the page answers
with a field error naming the limit. Never a 500.

The forms are found, not listed: the walk sends the POST walk's valid request (and a GET) to
every named URL as a role that may use it and records each form the view binds. Every text field
of those forms must have a limit (`max_length`) equal to the one docs/limits.md documents, and
every form class of the product with a text field must have been reached by some URL.
"""

import copy
import importlib
import pkgutil
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from html import escape
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from inspection.choices import InspectionStatus
from inspection.models import Inspection
from tests.permissions import READ, ROLES, Post, Writes
from tests.permissions.test_post_walk import post_expectations
from tests.permissions.test_url_walk import build_world, expect_modules, url_names

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PRODUCT_APPS = ("accounts", "cases", "inspection", "portal", "reports")
LIMITS_DOC = Path(settings.BASE_DIR) / "docs" / "limits.md"
ROW = re.compile(r"^\| `(\w+)`[^|]*\| `([\w*]+)`[^|]*\| ([\d,]+|hashed)[^|]*\|", re.M)
PROBE = "limit_walk_probe"
FILLER = "Limitwalk" + "abcdefghijklmnopqrstuvwxyz" * 4


def documented() -> dict[tuple[str, str], int | None]:
    """(form class, field name pattern) -> the maximum in characters; None for a password."""
    rows = ROW.findall(LIMITS_DOC.read_text())
    assert rows, "docs/limits.md has no table of form text fields"
    return {
        (form, field): None if n == "hashed" else int(n.replace(",", "")) for form, field, n in rows
    }


def letters(n: int) -> str:
    return (FILLER * (n // len(FILLER) + 1))[:n]


def value(form: str, field: str, n: int) -> tuple[str, str | None]:
    """A valid value of `n` characters for the field, and the text that must then be stored
    (None: the value is kept transformed, e.g. parsed into a list)."""
    if field == "email":
        return letters(n - 12) + "@example.com", letters(n - 12) + "@example.com"
    if field == "user_voice_figures":
        return "50, " + letters(n - 4), letters(n - 4)
    if field == "minimums":
        first, last = "case_type=community:1", "case_type=licence:1"
        return first + "\n" * (n - len(first) - len(last)) + last, None
    return letters(n), letters(n)


# Fields whose value must also be one of a few known words, so a text of the maximum length is
# refused for what it says (a clear field error), only never for its length.
KNOWN_WORDS = {("NationalFilterForm", "standard"), ("NationalFilterForm", "rating")}


# Signing in stores nothing: a username at the limit is accepted (it names nobody), not kept.
NOT_STORED = {("SignInForm", "username")}
# Documented, not walked: the hidden attribute fields are on standards with attribute questions
# only, and the walk's case page (standard 2.2) has none.
UNWALKED = {("StandardAnswersForm", "oq_*")}


@dataclass
class Use:
    """A URL where a form is bound: how to send a valid request to it and as whom."""

    name: str
    role: str
    method: str
    form: str
    fields: dict  # field name -> forms.Field, as bound


class FormSpy:
    """Records each form a view binds to request data (the view's code runs unchanged)."""

    def __init__(self, monkeypatch):
        self.bound: list[forms.BaseForm] = []
        original = forms.BaseForm.__init__
        spy = self

        def init(form, *args, **kwargs):
            original(form, *args, **kwargs)
            if form.is_bound:
                spy.bound.append(form)

        monkeypatch.setattr(forms.BaseForm, "__init__", init)


def product_form_classes() -> set[str]:
    """Every form class defined in the product's apps that has a text field other than a
    password (passwords are hashed, never stored as typed: docs/limits.md)."""
    for app in PRODUCT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in PRODUCT_APPS and any(
            is_text(f) and not is_password(f) for f in getattr(cls, "base_fields", {}).values()
        ):
            found.add(cls.__name__)
    return found


def is_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField)


def is_password(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.PasswordInput)


def contains(text: str) -> bool:
    """Whether any row of any table holds `text` (letters and digits: no quoting in row text)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [t for (t,) in cursor.fetchall()]
        checks = [f"SELECT 1 FROM {qn(t)} x WHERE strpos(x::text, %s) > 0" for t in tables]
        cursor.execute("SELECT EXISTS (" + " UNION ALL ".join(checks) + ")", [text] * len(checks))
        return cursor.fetchone()[0]


class Walk:
    def __init__(self, client, monkeypatch):
        self.client = client
        self.spy = FormSpy(monkeypatch)
        self.world = build_world()
        self.kwargs: dict = {}
        self.posts: dict = {}
        for module in expect_modules():
            self.kwargs.update(getattr(module, "kwargs", lambda w: {})(self.world))
            self.posts.update(getattr(module, "posts", lambda w: {})(self.world))
        self.posts["reports:reopen"] = self._published_first(self.posts["reports:reopen"])
        self.declared = post_expectations()

    def _published_first(self, base):
        """Reopening takes a published inspection: published inside the request's savepoint."""

        def post() -> Post:
            pk = self.kwargs["reports:reopen"]["pk"]
            Inspection.objects.filter(pk=pk).update(status=InspectionStatus.PUBLISHED)
            return base()

        return post

    def roles(self, name: str) -> list[str]:
        outcome = self.declared.get(name, READ)
        if outcome != READ:
            writers = [r for r in ROLES if isinstance(outcome[r], Writes)]
            if writers:
                return writers[-1:]
        return ["lead", "admin", "inspector", "anonymous"]

    def send(self, name: str, role: str, method: str, change: dict | None = None):
        """Send the valid request of `name` (with `change` applied) inside a savepoint;
        returns (response, the forms bound, check's result)."""
        change = dict(change or {})
        watch = change.pop("_stored", [])
        if role == "anonymous":
            self.client.logout()
        else:
            self.client.force_login(self.world.users[role])
        cookies = copy.deepcopy(self.client.cookies)
        savepoint = transaction.savepoint_create()
        self.spy.bound.clear()
        try:
            post = self.posts[name]() if name in self.posts else Post()
            url = reverse(name, kwargs={**self.kwargs.get(name, {}), **post.kwargs} or None)
            data = {**post.data, **change} if isinstance(post.data, dict) else None
            if data is None:
                return None, [], None
            if method == "get":
                response = self.client.get(url, change)
            else:
                response = self.client.post(url, data)
            stored = {t: contains(t) for t in watch}
            return response, list(self.spy.bound), stored
        finally:
            transaction.savepoint_rollback(savepoint)
            self.client.cookies = cookies

    def uses(self) -> list[Use]:
        found: dict[tuple[str, str], Use] = {}
        for name, needed in sorted(url_names().items()):
            if set(needed) - set(self.kwargs.get(name, {})) - {"pk"} and name not in self.posts:
                continue
            for method in ("post", "get"):
                for role in self.roles(name):
                    try:  # a probe key shows which forms this method's data feeds
                        _, bound, _ = self.send(name, role, method, {PROBE: "1"})
                    except Exception:  # noqa: S112  a URL that refuses the probe feeds no form
                        continue
                    bound = [f for f in bound if PROBE in f.data]
                    for form in bound:
                        text = {n: f for n, f in form.fields.items() if is_text(f)}
                        key = (type(form).__name__, method)
                        if text and key not in found:
                            found[key] = Use(name, role, method, type(form).__name__, text)
                    if bound:
                        break
        return list(found.values())


def limit_of(table: dict, form: str, field: str):
    matches = [v for (f, pattern), v in table.items() if f == form and fnmatch(field, pattern)]
    return matches[0] if matches else "undocumented"


def representatives(use: Use) -> list[str]:
    """One field per documented pattern (a page has an evidence box per key question)."""
    seen, out = set(), []
    for name in use.fields:
        pattern = re.sub(r"_.*", "_*", name) if re.match(r"^(e|c|t|tt|oq)_", name) else name
        if pattern not in seen:
            seen.add(pattern)
            out.append(name)
    return out


def errors_of(bound: list, form: str, field: str) -> list:
    """The errors of `field` in the last form of class `form` the view bound."""
    for f in reversed(bound):
        if type(f).__name__ == form:
            return f.errors.as_data().get(field, [])
    return []


def test_every_form_text_field_takes_its_documented_maximum_and_refuses_one_more(
    client, monkeypatch
):
    walk = Walk(client, monkeypatch)
    table = documented()
    uses = walk.uses()
    reached = {u.form for u in uses}
    missing = sorted(product_form_classes() - reached)
    assert not missing, f"form classes with a text field that no URL's request reached: {missing}"
    assert {"ReopenForm", "ReplaceForm", "SettleForm", "StandardAnswersForm"} <= reached
    wrong: list[str] = []
    used: set[tuple[str, str]] = set()
    for use in uses:
        for field in representatives(use):
            where = f"{use.form}.{field} at {use.name} ({use.method.upper()} as {use.role})"
            limit = limit_of(table, use.form, field)
            used |= {(f, p) for f, p in table if f == use.form and fnmatch(field, p)}
            bound_field = use.fields[field]
            if limit == "undocumented":
                wrong.append(f"{where}: no limit in docs/limits.md")
                continue
            if limit is None:
                if not is_password(bound_field):
                    wrong.append(f"{where}: documented as a password but is not one")
                continue
            if bound_field.max_length != limit:
                wrong.append(f"{where}: max_length {bound_field.max_length}, documented {limit}")
                continue
            for n in (limit, limit + 1):
                text, stored = value(use.form, field, n)
                change = {field: text}
                hidden = isinstance(bound_field.widget, forms.HiddenInput)
                keeps = stored and (use.form, field) not in NOT_STORED
                if keeps and n == limit and use.method == "post" and not hidden:
                    change["_stored"] = [stored]
                response, bound, found = walk.send(use.name, use.role, use.method, change)
                status = response.status_code
                errors = errors_of(bound, use.form, field)
                codes = [e.code for e in errors]
                if status >= 500:
                    wrong.append(f"{where}: {n} characters answered {status}")
                elif n == limit:
                    if "max_length" in codes or (errors and (use.form, field) not in KNOWN_WORDS):
                        wrong.append(f"{where}: refused at its maximum: {errors}")
                    elif found and not all(found.values()):
                        wrong.append(f"{where}: accepted ({status}) but not stored whole")
                else:
                    page = response.content.decode()
                    if status not in (200, 400) or "max_length" not in codes:
                        wrong.append(f"{where}: over the limit answered {status}, {codes}")
                    elif f"{limit:,}" not in page or escape(errors[0].messages[0]) not in page:
                        wrong.append(f"{where}: the page does not show the error naming {limit}")
    stale = sorted(set(table) - used - UNWALKED)
    assert not stale, f"docs/limits.md documents fields no form has: {stale}"
    assert not wrong, "\n".join(wrong)
