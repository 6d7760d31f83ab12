from django.contrib import admin
from django.urls import include, path

from accounts.drafts import SignOutView
from accounts.sign_in import SignInView
from portal import views as portal_views

# Limits Django meets while reading a form (too much text, too many fields) get a page naming them.
handler400 = "portal.limits.bad_request"
# A refused write gets a page saying why (a published or anonymised inspection: portal.views).
handler403 = "portal.views.permission_denied"

urlpatterns = [
    # Project-level pages of the top layer: lower apps may link to these names.
    path("", portal_views.home, name="home"),
    path("inspections/<int:pk>/", portal_views.inspection_detail, name="inspection"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", SignOutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("health/", portal_views.health, name="health"),
    path("cases/", include("cases.urls")),
    path("setup/", include("cases.setup_urls")),
    # The national overview spans inspections (top layer), so it is mounted before the reports app.
    path("reports/national/", portal_views.national, name="national"),
    path("reports/", include("reports.urls")),
    path("api/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
]
