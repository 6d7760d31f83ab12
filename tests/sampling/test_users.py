"""User management: creating accounts and never locking out the last admin."""

import pytest
from django.core.exceptions import ValidationError

from inspection.permissions import is_admin
from sampling.services.users import user_create, user_deactivate, user_reactivate, user_set_admin
from tests.support.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_checks_password_and_gives_the_app_admin_role_not_django_staff():
    user = user_create(
        username="ann", first_name="Ann", last_name="Lee", password="a-long-enough-pass"
    )
    assert user.check_password("a-long-enough-pass") and not user.is_staff
    assert not is_admin(user) and user.account.must_change_password
    with pytest.raises(ValidationError):
        user_create(username="bob", first_name="B", last_name="C", password="123")
    admin = user_create(
        username="cy", first_name="C", last_name="D", password="x-long-passw0rd", is_admin=True
    )
    assert is_admin(admin)
    assert not admin.is_staff and not admin.is_superuser


def test_numeric_only_password_is_refused():
    with pytest.raises(ValidationError, match="entirely numeric"):
        user_create(username="num", first_name="N", last_name="M", password="8302751946183")


def test_last_active_admin_cannot_be_deactivated_or_demoted():
    admin = AdminFactory()
    with pytest.raises(ValidationError, match="last active admin"):
        user_deactivate(user=admin)
    with pytest.raises(ValidationError, match="last active admin"):
        user_set_admin(user=admin, is_admin=False)
    admin.refresh_from_db()
    assert admin.is_active and is_admin(admin)


def test_an_admin_can_go_when_another_active_admin_remains():
    first, second = AdminFactory(), AdminFactory()
    user_deactivate(user=first)
    with pytest.raises(ValidationError):
        user_set_admin(user=second, is_admin=False)  # now the last one
    user_reactivate(user=first)
    user_set_admin(user=second, is_admin=False)
    second = type(second).objects.get(pk=second.pk)
    assert not is_admin(second)


def test_deactivating_an_inspector_is_allowed():
    AdminFactory()
    user = UserFactory()
    user_deactivate(user=user)
    user.refresh_from_db()
    assert not user.is_active
