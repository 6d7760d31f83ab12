"""The request a signed-in view receives, for type checking: `login_required` lets no anonymous
user through, so `request.user` is a `User` there (django-stubs types it `User | AnonymousUser`)."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class SignedInRequest(HttpRequest):
    user: User
