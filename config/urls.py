from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.drafts import SignOutView
from accounts.forms import SignInForm
from portal import info, work
from portal import views as portal_views

# Limits Django meets while reading a form (too much text, too many fields) get a page naming them.
handler400 = "portal.limits.bad_request"

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
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            authentication_form=SignInForm,
        ),
        name="login",
    ),
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
