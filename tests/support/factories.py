"""factory_boy factories shared by the suite."""

from datetime import date
from pathlib import Path

import factory
from django.contrib.auth import get_user_model

from casework.models import Answer, Case, CaseStatus
from inspection.choices import TeamRole
from inspection.models import (
    CohortWindow,
    FrameworkVersion,
    Inspection,
    Pdu,
    Region,
    TeamMembership,
)


def shipped_framework() -> FrameworkVersion:
    """The hmip-pdu-2021 framework the data migration loads.

    Transactional tests (browser, worker) flush every table when they end, data-migration rows
    included, so load it again from the shipped file when it is missing.
    """
    version = FrameworkVersion.objects.filter(code="hmip-pdu-2021", version=1).first()
    if version is None:
        from inspection.framework_file import framework_read
        from inspection.services.frameworks import SHIPPED_FRAMEWORK, framework_load

        path = Path(__file__).resolve().parents[2] / "inspection" / "frameworks" / SHIPPED_FRAMEWORK
        version = framework_load(doc=framework_read(path))
    return version


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")


class AdminFactory(UserFactory):
    """A Casebook admin: the app role on the account, not Django staff."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def admin_role(obj, create, extracted, **kwargs):
        if create:
            from accounts.services import account_admin_set

            account_admin_set(user=obj, is_admin=True)


class OperatorFactory(UserFactory):
    """A Django superuser (an operator of the Django admin) without the Casebook admin role."""

    is_staff = True
    is_superuser = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Region {n}")


class PduFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pdu

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"PDU {n}")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    pdu = factory.SubFactory(PduFactory)
    framework = factory.LazyFunction(shipped_framework)
    fieldwork_start = date(2022, 11, 28)
    fieldwork_end = date(2022, 12, 2)

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if create:
            for start, end in extracted or [(date(2022, 4, 18), date(2022, 4, 24))]:
                CohortWindow.objects.create(inspection=self, start=start, end=end)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    inspection = factory.SubFactory(InspectionFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.INSPECTOR


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    inspection = factory.SubFactory(InspectionFactory)
    ref = factory.Sequence(lambda n: f"C-{n:04d}")
    case_type = "community"
    start_date = date(2022, 4, 19)
    rosh = "medium"
    gender = "male"
    ethnicity = "white"
    age_band = "26-49"
    pre_sentence_info = True
    status = CaseStatus.DRAFT


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    case = factory.SubFactory(CaseFactory)
    value = "yes"
