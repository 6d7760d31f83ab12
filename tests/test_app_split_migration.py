"""A database from before `cases` was split into casework, sampling, readings and records
migrates forward with every row kept: the models keep their tables, and their content types
(the same rows, relabelled) keep what points at them — here the admin's log — on the same model.

The database is taken back to the state before the split (the new apps' migrations and the
cases app's hand-over undone, which touch no table), checked as the old code saw it, then
migrated forward again."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import Answer, Case, Interview
from readings.models import Reading, ReadingAnswer
from records.demo import demo_bundle
from records.models import Anonymisation
from records.services.bundle import bundle_import
from sampling.models import ConflictOfInterest
from tests.support.factories import UserFactory, shipped_framework
from tests.support.readings_data import double_read

BEFORE_SPLIT = [
    ("cases", "0009_reasons_history_text"),
    ("casework", None),
    ("sampling", None),
    ("readings", None),
    ("records", None),
]
MOVED = {
    "casework": ["case", "answer", "interview", "qacomment", "historicalcase", "historicalanswer"],
    "sampling": ["cohortrecord", "sampledraw", "samplemember", "conflictofinterest"],
    "readings": ["reading", "readinganswer", "settlement", "practicecase", "historicalreading"],
    "records": ["anonymisation"],
}


def _rows() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "answers": Answer.objects.count(),
        "interviews": Interview.objects.count(),
        "case history": Case.history.count(),
        "answer history": Answer.history.count(),
        "readings": Reading.objects.count(),
        "reading answers": ReadingAnswer.objects.count(),
        "conflicts": ConflictOfInterest.objects.count(),
        "anonymisations": Anonymisation.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_split_migrates_forward_with_its_rows_and_content_types():
    inspection = bundle_import(data=demo_bundle(shipped_framework(), cases=6, seed=3))
    second = double_read(inspection, first={}, second={}, ref="SPLIT-1")
    user = UserFactory()
    ConflictOfInterest.objects.create(inspection=inspection, user=user, ref="SPLIT-1")
    Anonymisation.objects.create(inspection=inspection, performed_by=user, counts={"cases": 0})
    for app in MOVED:
        ContentType.objects.get_for_models(*apps.get_app_config(app).get_models())
    types = {
        app: {m: ContentType.objects.get_by_natural_key(app, m).pk for m in models}
        for app, models in MOVED.items()
    }
    case = Case.objects.get(pk=second.case_id)
    LogEntry.objects.log_actions(user.pk, [case], CHANGE, change_message="looked at it")
    before = _rows()
    assert before["cases"] == 7 and before["readings"] == 1 and before["answers"] > 0

    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_SPLIT)
        executor.loader.build_graph()
        old = executor.loader.project_state(BEFORE_SPLIT[:1]).apps
        # As the code before the split saw it: the same rows, under the cases app.
        assert old.get_model("cases", "Case").objects.count() == before["cases"]
        assert old.get_model("cases", "Reading").objects.count() == before["readings"]
        assert old.get_model("cases", "ConflictOfInterest").objects.count() == 1
        labels = set(
            ContentType.objects.filter(pk__in=_ids(types)).values_list("app_label", flat=True)
        )
        assert labels == {"cases"}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert _rows() == before
    for app, models in types.items():
        for model, pk in models.items():
            row = ContentType.objects.get(pk=pk)
            assert (row.app_label, row.model) == (app, model)
    entry = LogEntry.objects.get(change_message="looked at it")
    assert entry.content_type.model_class() is Case
    assert entry.get_edited_object() == case
    assert not ContentType.objects.filter(app_label="cases").exists()


def _ids(types: dict[str, dict[str, int]]) -> list[int]:
    return [pk for models in types.values() for pk in models.values()]
