from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.views import home as home_views
from inspection import views as inspection_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("health/", inspection_views.health, name="health"),
    path("inspections/", include("inspection.urls")),
    path("cases/", include("cases.urls")),
    path("setup/", include("cases.setup_urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("reports.api_urls")),
    path("admin/", admin.site.urls),
]
