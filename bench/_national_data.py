"""The national data set of `bench.national`: 12 regions x 10 PDUs, one inspection each, 120 counted
cases per inspection with every applicable item answered (about 1.05 million answers).

Built through the project's models (ORM creates and `bulk_create`), from a fixed seed, so two
builds give the same rows. It takes a few minutes on two cores, so it is built once per database
and reused: the database's comment records which generator built it (`MARKER`).

`fragment()` rewrites answers the way autosaves do — a row at a time in small transactions, the
evidence growing with each save — so that a copy of the table can be measured as it looks after
fieldwork rather than freshly bulk-loaded.
"""

import random
from datetime import date, timedelta

SEED = 2026
MARKER = f"casebook-bench national v1 seed {SEED}"
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "Greater Manchester",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "Kent, Surrey and Sussex",
    "South West",
    "South Central",
    "Wales",
)
PDUS_PER_REGION = 10
CASES_PER_INSPECTION = 120
NAME_PREFIX = "Bench national"

_TEXT = (
    "The assessment drew on police domestic abuse call-out information and children's services "
    "checks, and analysed the risk to the current partner. The plan set out the restrictive "
    "interventions and the contingency if the person disengaged; contact was regular and the "
    "practitioner reviewed the plan after the change of address. Management oversight was "
    "recorded but did not address the missed appointments. "
)


def _weighted(rng: random.Random, choices: dict) -> object:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def _case_attributes(rng: random.Random) -> dict:
    return {
        "case_type": _weighted(rng, {"community": 45, "suspended": 15, "licence": 30, "pss": 10}),
        "rosh": _weighted(rng, {"low": 20, "medium": 50, "high": 25, "very_high": 5}),
        "gender": _weighted(rng, {"male": 80, "female": 15, "other": 1, "unknown": 4}),
        "ethnicity": _weighted(
            rng, {"white": 70, "black": 8, "asian": 9, "mixed": 5, "other": 3, "": 5}
        ),
        "age_band": _weighted(rng, {"18-25": 20, "26-49": 60, "50+": 15, "": 5}),
        "pre_sentence_info": _weighted(rng, {True: 35, False: 45, None: 20}),
    }


def _evidence(rng: random.Random) -> str:
    start = rng.randrange(len(_TEXT) // 2)
    return _TEXT[start : start + rng.randint(40, 300)]


def _value(rng: random.Random, item, quality: float) -> str:
    if item.answers != ["yes", "no", "na"]:
        return rng.choices(item.answers, weights=[quality, 1, 0.5, 0.5, 0.2])[0]
    if rng.random() < 0.05:
        return "na"
    return "yes" if rng.random() < quality else "no"


def is_built() -> bool:
    return marker() == MARKER


def build(log=print) -> None:
    """Create the national data set in the (empty) current database and mark it built."""
    from django.db import connection, transaction

    from casework.models import Answer, Case
    from inspection.models import CohortWindow, FrameworkVersion, Inspection, Pdu, Region

    if Inspection.objects.exists():
        raise SystemExit(
            f"{connection.settings_dict['NAME']} holds inspections but no national data set: "
            "drop it (dropdb) and run make bench again"
        )
    rng = random.Random(SEED)
    framework = FrameworkVersion.objects.get(code="hmip-pdu-2021", version=1)
    items = list(framework.items.order_by("order"))
    total = 0
    for r, region_name in enumerate(REGIONS):
        region = Region.objects.create(name=region_name)
        for p in range(PDUS_PER_REGION):
            with transaction.atomic():
                start = date(2022, 1, 10) + timedelta(days=7 * (r * PDUS_PER_REGION + p) % 700)
                inspection = Inspection.objects.create(
                    pdu=Pdu.objects.create(region=region, name=f"{NAME_PREFIX} {r + 1}.{p + 1}"),
                    framework=framework,
                    fieldwork_start=start + timedelta(days=180),
                    fieldwork_end=start + timedelta(days=184),
                    status="reporting",
                )
                CohortWindow.objects.create(
                    inspection=inspection, start=start, end=start + timedelta(days=13)
                )
                total += _cases(rng, inspection, items, start, Answer, Case)
        log(f"  built {region_name}: {total:,} answers so far", flush=True)
    mark(MARKER)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _cases(rng, inspection, items, start, Answer, Case) -> int:
    quality = rng.uniform(0.3, 0.9)  # how good this PDU's casework is
    cases = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            ref=f"N{inspection.pk:03d}-{i:03d}",
            start_date=start + timedelta(days=rng.randrange(14)),
            status="signed_off" if rng.random() < 0.25 else "submitted",
            **_case_attributes(rng),
        )
        for i in range(CASES_PER_INSPECTION)
    )
    answers = []
    for case in cases:
        attributes = {
            name: getattr(case, name)
            for name in (
                "case_type",
                "rosh",
                "gender",
                "ethnicity",
                "age_band",
                "pre_sentence_info",
            )
        }
        for item in items:
            if item.applies_to_case(attributes):
                value = _value(rng, item, quality + rng.uniform(-0.15, 0.15))
            else:  # half recorded na (as the form does), a few judged (migrated spreadsheets)
                roll = rng.random()
                if roll > 0.55:
                    continue
                value = "na" if roll > 0.02 else rng.choice(["yes", "no"])
            answers.append(Answer(case=case, item=item, value=value, evidence=_evidence(rng)))
    Answer.objects.bulk_create(answers, batch_size=5_000)
    return len(answers)


def fragment(*, share: float = 0.25, rounds: int = 2, batch: int = 200, log=print) -> int:
    """Rewrite `share` of the answers `rounds` times, as autosaves do: one row per statement, in
    random order, a small transaction at a time, the evidence growing by a sentence each time
    (rows move to other pages and indexes gain entries). Then VACUUM ANALYZE, as autovacuum
    would. Returns the number of row updates.

    The statement is the one `answers_record` leads to (`Answer.save()` of a changed row);
    psycopg sends each batch's statements pipelined, which saves round trips, not work."""
    from django.db import connection, transaction

    from casework.models import Answer

    rng = random.Random(SEED + 1)
    ids = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
    sql = (
        "UPDATE cases_answer SET evidence = evidence || ' Updated after the interview.', "
        "updated_at = now() WHERE id = %s"
    )
    updates = 0
    for n in range(rounds):
        chosen = rng.sample(ids, int(len(ids) * share))
        for i in range(0, len(chosen), batch):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, [(pk,) for pk in chosen[i : i + batch]])
            updates += len(chosen[i : i + batch])
        log(f"  fragment round {n + 1}/{rounds}: {updates:,} row updates", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_answer")
    return updates


# --- databases: the bulk-loaded set and its fragmented copies ----------------------------------


def use_database(name: str) -> None:
    """Point Django's connection at another database of the same server (bench only)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def _admin(sql: str, params=()) -> None:
    """Run a statement from the server's maintenance database (CREATE/DROP DATABASE cannot run
    inside the database they copy)."""
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(sql, params)


def copy_database(source: str, target: str) -> None:
    from django.db import connection

    connection.close()
    _admin(f'DROP DATABASE IF EXISTS "{target}"')
    _admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def marker() -> str | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def mark(text: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [text])
