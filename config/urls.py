from django.contrib import admin
from django.urls import include, path

from accounts.drafts import SignOutView
from accounts.sign_in import SignInView
from casework import urls as casework_urls
from portal import info, work
from portal import views as portal_views
from readings import urls as readings_urls
from records import urls as records_urls
from sampling import urls as sampling_urls

# Limits Django meets while reading a form (too much text, too many fields) get a page naming them.
handler400 = "portal.limits.bad_request"
# A refused write gets a page saying why (a published or anonymised inspection: portal.views).
handler403 = "portal.views.permission_denied"

urlpatterns = [
    # Project-level pages of the top layer: lower apps may link to these names.
    path("", work.home, name="home"),
    path("inspections/", work.inspections_page, name="inspections"),
    path("cases/mine/", work.my_cases_page, name="my_cases"),
    path("cases/readings/", work.my_readings, name="my_readings"),
    path("cases/quality-assurance/", work.qa_queue_page, name="qa_queue"),
    # the footer's pages, open to everyone signed in or not
    path("accessibility/", info.accessibility, name="accessibility"),
    path("privacy/", info.privacy, name="privacy"),
    path("cookies/", info.cookies, name="cookies"),
    path("feedback/", info.feedback, name="feedback"),
    path("inspections/<int:pk>/", portal_views.inspection_detail, name="inspection"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", SignOutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("health/", portal_views.health, name="health"),
    # Two namespaces span the middle apps: `cases` (casework, then readings) and `setup`
    # (sampling, readings, records).
    path(
        "cases/",
        include((casework_urls.urlpatterns + readings_urls.case_urlpatterns, "cases")),
    ),
    path(
        "setup/",
        include(
            (
                sampling_urls.urlpatterns
                + readings_urls.setup_urlpatterns
                + records_urls.setup_urlpatterns,
                "setup",
            )
        ),
    ),
    # The national overview spans inspections (top layer), so it is mounted before the reports app.
    path("reports/national/", portal_views.national, name="national"),
    path("reports/", include("reports.urls")),
    path("api/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
]
