"""Who may lead comes from the directory when organisation sign-in is on: a directory user whose
groups do not map to the lead role cannot be made an inspection's lead (service and set-up page);
local accounts, and every user where organisation sign-in is off, lead as before."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Account, DirectoryIdentity
from inspection.choices import TeamRole
from inspection.models import TeamMembership
from inspection.services.setup import team_member_set
from tests.support.factories import UserFactory

ISSUER = "https://login.example.test/tenant/v2.0"

pytestmark = pytest.mark.django_db


def directory_user(*, may_lead: bool):
    user = UserFactory()
    DirectoryIdentity.objects.create(user=user, issuer=ISSUER, subject=f"sub-{user.pk}")
    Account.objects.update_or_create(user=user, defaults={"may_lead": may_lead})
    return user


def test_a_directory_user_without_the_lead_role_cannot_lead(settings, inspection):
    settings.OIDC_ISSUER = ISSUER
    user = directory_user(may_lead=False)
    with pytest.raises(ValidationError, match="the directory does not give them the lead role"):
        team_member_set(inspection=inspection, user=user, role=TeamRole.LEAD)
    assert not TeamMembership.objects.filter(inspection=inspection, user=user).exists()
    team_member_set(inspection=inspection, user=user, role=TeamRole.INSPECTOR)  # may inspect


def test_the_lead_role_from_the_directory_lets_them_lead(settings, inspection):
    settings.OIDC_ISSUER = ISSUER
    user = directory_user(may_lead=True)
    membership = team_member_set(inspection=inspection, user=user, role=TeamRole.LEAD)
    assert membership.role == TeamRole.LEAD


def test_local_accounts_and_deployments_without_the_directory_lead_as_before(settings, inspection):
    settings.OIDC_ISSUER = ISSUER
    local = UserFactory()
    assert team_member_set(inspection=inspection, user=local, role=TeamRole.LEAD).role == "lead"
    settings.OIDC_ISSUER = ""
    user = directory_user(may_lead=False)
    assert team_member_set(inspection=inspection, user=user, role=TeamRole.LEAD).role == "lead"


def test_the_team_page_says_why(client, settings, inspection, admin_user):
    settings.OIDC_ISSUER = ISSUER
    user = directory_user(may_lead=False)
    client.force_login(admin_user)
    response = client.post(
        reverse("setup:team", args=[inspection.pk]), {"user": user.pk, "role": TeamRole.LEAD}
    )
    assert response.status_code == 200
    assert "the directory does not give them the lead role" in response.content.decode()
    assert not TeamMembership.objects.filter(inspection=inspection, user=user).exists()


def test_the_users_page_links_to_the_role_mapping_when_the_directory_signs_in(
    client, settings, admin_user
):
    client.force_login(admin_user)
    mapping = reverse("accounts:role_mappings")
    settings.OIDC_ISSUER = ""
    assert mapping not in client.get(reverse("setup:users")).content.decode()
    settings.OIDC_ISSUER = ISSUER
    assert f'href="{mapping}"' in client.get(reverse("setup:users")).content.decode()
