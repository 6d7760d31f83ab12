from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from portal.api import CaseViewSet, InspectionViewSet

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
