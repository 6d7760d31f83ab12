# Lives in reports: the demo composes every app (inspection set-up, casework, results).
import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import account_admin_set
from casework.models import Case, CaseStatus
from casework.services.qa import CommentInput, case_return
from inspection.choices import TeamRole
from inspection.models import FrameworkVersion, Inspection, TeamMembership
from records.demo import DEMO_PDU, OTHERS, demo_bundle, second_readings
from records.services.bundle import bundle_import
from reports.demo_youth import youth_demo_load
from reports.services.results import snapshot_refresh
from sampling.services.assignment import cases_assign

DEMO_USERS = {
    "demo-inspector": {"first_name": "Dana", "last_name": "Inspector"},
    "demo-lead": {"first_name": "Lee", "last_name": "Lead"},
    "demo-admin": {"first_name": "Ada", "last_name": "Admin"},
}
DEMO_ADMINS = {"demo-admin"}  # the Casebook admin role; no demo user is Django staff


# A name, not a user: the demo's completed second readings count in agreement as this reader.
DEMO_SECOND_READER = "demo-second-reader"


def password_box(password: str) -> list[str]:
    """The generated password, boxed, with how to sign in and how to reset it: the last lines the
    command prints, so it is not lost among the rest."""
    lines = [
        "Demo users: demo-inspector, demo-lead, demo-admin",
        f"Password (shown once): {password}",
        "Sign in at http://127.0.0.1:8000/sign-in/ (or the PORT you gave make run).",
        "Forgot it? .venv/bin/python manage.py changepassword <username>",
        "or run: DEMO_PASSWORD=<new password> .venv/bin/python manage.py load_demo",
    ]
    width = max(len(line) for line in lines)
    rule = "+" + "-" * (width + 2) + "+"
    return [rule, *(f"| {line.ljust(width)} |" for line in lines), rule]


class Command(BaseCommand):
    help = (
        "Create the demo users and fictional demo inspections in two regions, with second "
        "readings, and a youth justice inspection with two samples drawn (idempotent)."
    )

    def handle(self, *args, **options):
        # Results refresh after the transaction commits (their tasks run then): the password
        # is printed after all of it, last.
        with transaction.atomic():
            password = self._load()
        if password:
            self.stdout.write("\n".join(["", *password_box(password)]))

    def _load(self) -> str:
        framework = (
            FrameworkVersion.objects.filter(code="hmip-pdu-2021").order_by("-version").first()
        )
        if framework is None:
            raise CommandError("framework hmip-pdu-2021 is not loaded: run migrate first")
        users, password = self._users()
        inspection = Inspection.objects.filter(pdu__name=DEMO_PDU).first()
        if inspection is None:
            data = demo_bundle(framework)
            signed_off = sorted(c["ref"] for c in data["cases"] if c["status"] == "signed_off")
            # the lead's signed-off cases beyond the inspector's four: readings for the inspector
            data["second_readings"] = second_readings(
                data,
                reader=DEMO_SECOND_READER,
                to_do=signed_off[5:8],
                to_do_reader="demo-inspector",
            )
            inspection = bundle_import(data=data, user=users["demo-lead"])
            TeamMembership.objects.create(
                inspection=inspection, user=users["demo-inspector"], role=TeamRole.INSPECTOR
            )
            cases = Case.objects.filter(inspection=inspection).order_by("ref")
            self._assign(cases, users)
            snapshot_refresh(inspection=inspection)
            self.stdout.write(f"demo inspection {inspection.pk}: {cases.count()} cases")
        else:
            self.stdout.write(f"demo inspection {inspection.pk} already present")
        for pdu, region, prefix, fieldwork, seed, n in OTHERS:
            if Inspection.objects.filter(pdu__name=pdu).exists():
                continue
            data = demo_bundle(
                framework,
                cases=n,
                seed=seed,
                pdu=pdu,
                region=region,
                prefix=prefix,
                fieldwork=fieldwork,
            )
            data["second_readings"] = second_readings(data, reader=DEMO_SECOND_READER, every=3)
            other = bundle_import(data=data, user=users["demo-lead"])
            snapshot_refresh(inspection=other)
            self.stdout.write(f"demo inspection {other.pk} ({pdu}, {region}): {n} cases")
        youth = youth_demo_load(inspector=users["demo-inspector"], lead=users["demo-lead"])
        if youth is not None:
            self.stdout.write(f"demo youth inspection {youth.pk}: {youth.cases.count()} cases")
        return password

    def _assign(self, cases, users) -> None:
        """Give the demo inspector a realistic caseload: work in progress, some submitted, one
        returned by the lead with a comment; the lead holds the rest."""
        inspector, lead = users["demo-inspector"], users["demo-lead"]
        mine = [
            *cases.filter(status=CaseStatus.DRAFT)[:10],
            *cases.filter(status=CaseStatus.SUBMITTED)[:6],
            *cases.filter(status=CaseStatus.SIGNED_OFF)[:4],
        ]
        inspection = mine[0].inspection
        cases_assign(inspection=inspection, cases=mine, assignee=inspector)
        cases_assign(
            inspection=inspection, cases=cases.filter(assigned_to__isnull=True), assignee=lead
        )
        returned = cases.filter(status=CaseStatus.SUBMITTED, assigned_to=inspector).first()
        if returned is not None:
            item = returned.inspection.framework.items.get(code="2.2.3")
            case_return(
                case=returned,
                user=lead,
                comments=[CommentInput(item, "Say which sources the risk assessment drew on.")],
            )

    def _users(self):
        User = get_user_model()
        given = os.environ.get("DEMO_PASSWORD", "")
        created_password = ""
        users = {}
        for username, fields in DEMO_USERS.items():
            user, created = User.objects.get_or_create(username=username, defaults=fields)
            if created or given:
                if not given and not created_password:
                    created_password = secrets.token_urlsafe(12)
                user.set_password(given or created_password)
                user.save(update_fields=["password"])
            if created and username in DEMO_ADMINS:
                account_admin_set(user=user, is_admin=True)
            users[username] = user
        return users, created_password
