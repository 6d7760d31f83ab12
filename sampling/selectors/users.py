"""Reads for the users page: every account with its number of inspections."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.http import Http404

UserModel = get_user_model()


def users_list() -> QuerySet[User]:
    return (
        UserModel.objects.select_related("account")
        .annotate(inspections=Count("memberships"))
        .order_by("-is_active", "username")
    )


def get_user(pk: int) -> User:
    user = UserModel.objects.select_related("account").filter(pk=pk).first()
    if user is None:
        raise Http404("No such user")
    return user
