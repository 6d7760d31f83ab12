from django.urls import path

from records.views import retention
from records.views.bundle_import import bundle_import_view

# Mounted at /setup/ in the namespace `setup`, with the set-up pages of sampling (config/urls.py).
setup_urlpatterns = [
    path("inspections/import/", bundle_import_view, name="bundle_import"),
    path("<int:pk>/anonymise/", retention.anonymise, name="anonymise"),
]
