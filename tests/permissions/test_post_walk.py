"""POST to every named URL as every role: who may write, who is refused (302 to sign-in, 403,
404, 405), and that a refused POST changed nothing in the database.

Each POST runs in a savepoint that is rolled back, so every one starts from the same world. A
URL name without POST expectations in an expect_*.py module fails the walk: a new URL must say
whether it writes and who may. A permitted write must change the database, which shows that the
request every role sends is one that works — so the refusals are refusals of a real write.

The walk runs three times: on an open inspection (in fieldwork), on a published one and on an
anonymised one. The last two take the same requests, prepared while the inspection was open,
then publish (and anonymise) it through the services before posting: every write must be
refused with a 403 saying why and change nothing, except those FROZEN_POST_EXPECTATIONS keeps.
"""

import copy

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse

from inspection.choices import InspectionStatus
from inspection.models import Inspection
from inspection.services.setup import inspection_status_set
from inspection.writes import ANONYMISED_MESSAGE, PUBLISHED_MESSAGE
from records.services.retention import inspection_anonymise
from tests.permissions import FROZEN_STATES, KEEP, READ, ROLES, Post, ReadOnly, Writes
from tests.permissions.test_url_walk import build_world, expect_modules, url_names

pytestmark = pytest.mark.django_db
# Rows a request may change without anything having been written by the view: the session and
# django-axes' sign-in log.
UNWATCHED = ("django_session", "axes_")


STATES = ("open", *FROZEN_STATES)
MESSAGES = {"published": PUBLISHED_MESSAGE, "anonymised": ANONYMISED_MESSAGE}


def post_expectations(state: str = "open") -> dict:
    merged: dict = {}
    for module in expect_modules():
        for name, outcome in getattr(module, "POST_EXPECTATIONS", {}).items():
            assert name not in merged, f"{name}: POST expectations declared twice"
            merged[name] = outcome
    if state == "open":
        return merged
    frozen: dict = {}
    for module in expect_modules():
        frozen |= getattr(module, "FROZEN_POST_EXPECTATIONS", {}).get(state, {})
    for name, outcome in merged.items():
        if name in frozen:
            merged[name] = outcome if frozen[name] == KEEP else frozen[name]
        elif outcome != READ:
            merged[name] = {
                role: ReadOnly() if isinstance(o, Writes) else o for role, o in outcome.items()
            }
    return merged


def close(world, state: str) -> None:
    """Publish the world's inspection (and anonymise it), as the services do."""
    if state == "open":
        return
    inspection = Inspection.objects.get(pk=world.inspection.pk)
    if inspection.status != InspectionStatus.PUBLISHED:
        inspection = inspection_status_set(inspection=inspection, status=InspectionStatus.PUBLISHED)
    if state == "anonymised":
        inspection_anonymise(inspection=inspection, user=world.users["admin"])


def fingerprint() -> dict[str, str]:
    """A digest of every watched table's rows, in one query."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )
    qn = connection.ops.quote_name
    selects = [
        f"SELECT '{t}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {qn(t)} x"
        for t in tables
        if not t.startswith(UNWATCHED)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        return dict(cursor.fetchall())


def test_every_url_name_declares_what_a_post_does():
    for state in FROZEN_STATES:
        for module in expect_modules():
            for name in getattr(module, "FROZEN_POST_EXPECTATIONS", {}).get(state, {}):
                assert name in url_names(), f"{state}: {name} is not a URL name"
    declared = post_expectations()
    missing = sorted(set(url_names()) - set(declared))
    assert not missing, "URL names without POST_EXPECTATIONS in tests/permissions/expect_*.py: " + (
        ", ".join(missing)
    )
    stale = sorted(set(declared) - set(url_names()))
    assert not stale, "POST expectations for URL names that do not exist: " + ", ".join(stale)
    for name, outcome in declared.items():
        if outcome == READ:
            continue
        assert set(outcome) == set(ROLES), f"{name}: declare exactly the roles {ROLES}"


def _check(name: str, role: str, outcome, response, changed: list[str], state: str) -> str | None:
    status = response.status_code
    if outcome == READ:
        if status >= 500 or changed:
            return f"{name}: a POST here must change nothing; got {status}, changed {changed}"
        return None
    expected = outcome[role]
    if isinstance(expected, ReadOnly):
        if status != expected.status or changed:
            return (
                f"{name}: expected a refusal ({expected.status}), got {status}, changed {changed}"
            )
        if MESSAGES[state] not in response.content.decode():
            return f"{name}: refused without saying why ({MESSAGES[state]!r})"
        return None
    if isinstance(expected, Writes):
        if status != expected.status:
            return f"{name}: expected a write answering {expected.status}, got {status}"
        if not changed:
            return f"{name}: answered {status} but wrote nothing: is the walk's request valid?"
        if status == 302 and response["Location"].startswith(reverse("login")):
            return f"{name}: sent to sign-in, expected a write"
        return None
    if status != expected:
        return f"{name}: expected {expected}, got {status}"
    if changed:
        return f"{name}: refused with {status} but changed {', '.join(changed)}"
    if (
        role == "anonymous"
        and status == 302
        and not response["Location"].startswith(reverse("login"))
    ):
        return f"{name}: anonymous 302 should go to sign-in, went to {response['Location']}"
    return None


def _post(
    client, name: str, role: str, outcome, url: str, post: Post, state: str, before=None
) -> str | None:
    """POST in a savepoint that is rolled back; what went wrong, if anything. `before` is the
    database's fingerprint when the caller already knows it."""
    cookies = copy.deepcopy(client.cookies)
    savepoint = transaction.savepoint_create()
    try:
        before = before or fingerprint()
        extra = {"content_type": post.content_type} if post.content_type else {}
        response = client.post(url, post.data, **extra)
        after = fingerprint()
    except Exception as exc:  # a 500: the test client re-raises the view's exception
        return f"{name}: raised {exc!r}"
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies
    changed = sorted(t for t in after if after[t] != before.get(t))
    return _check(name, role, outcome, response, changed, state)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_post_walk(client, role, state):
    world = build_world()
    if role != "anonymous":
        client.force_login(world.users[role])
    kwargs: dict[str, dict] = {}
    posts: dict = {}
    for module in expect_modules():
        if hasattr(module, "kwargs"):
            kwargs.update(module.kwargs(world))
        if hasattr(module, "posts"):
            posts.update(module.posts(world))
    declared = post_expectations(state)
    wrong: list[str] = []
    # Requests whose preparation wrote nothing: prepared while the inspection was open, sent
    # after one closing (publishing and anonymising for every URL would be most of the walk).
    prepared: list[tuple[str, object, str, Post]] = []
    # every request is prepared from the same world (each preparation is rolled back)
    untouched = fingerprint() if state != "open" else None
    for name, needed in sorted(url_names().items()):
        if name not in declared:
            continue  # reported by test_every_url_name_declares_what_a_post_does
        outcome = declared[name]
        if outcome != READ and name not in posts:
            wrong.append(f"{name}: writes, but no request in posts(world)")
            continue
        savepoint = transaction.savepoint_create()
        try:
            post = posts[name]() if outcome != READ else Post()
            given = {**kwargs.get(name, {}), **post.kwargs}
            if set(needed) - set(given):
                wrong.append(f"{name}: no kwargs for {sorted(set(needed) - set(given))}")
                continue
            url = reverse(name, kwargs=given or None)
            if untouched is not None and fingerprint() == untouched:
                prepared.append((name, outcome, url, post))
                continue
            close(world, state)
            problem = _post(client, name, role, outcome, url, post, state)
        except Exception as exc:  # preparing the request failed
            problem = f"{name}: raised {exc!r}"
        finally:
            transaction.savepoint_rollback(savepoint)
        if problem:
            wrong.append(problem)
    if prepared:
        savepoint = transaction.savepoint_create()
        try:
            close(world, state)
            closed = fingerprint()  # every POST below starts from it (each is rolled back)
            for name, outcome, url, post in prepared:
                if problem := _post(client, name, role, outcome, url, post, state, closed):
                    wrong.append(problem)
        finally:
            transaction.savepoint_rollback(savepoint)
    assert not wrong, f"as {role}, the inspection {state}:\n" + "\n".join(wrong)
