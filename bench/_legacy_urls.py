"""The project's URLs plus the region page as it was before issue 10 (bench only), so that both
pages are measured through the same middleware."""

from django.urls import path

from bench._legacy import region_view
from config.urls import urlpatterns as project

urlpatterns = [
    path("bench/legacy-region/<int:region_pk>/<int:framework_pk>/", region_view),
    *project,
]
