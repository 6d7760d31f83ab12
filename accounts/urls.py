from django.urls import path

from accounts import oidc_views, role_views, views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change_view, name="password_change"),
    path("sign-in/organisation/", oidc_views.sign_in_start, name="oidc_start"),
    path("sign-in/organisation/callback/", oidc_views.sign_in_callback, name="oidc_callback"),
    path("directory-roles/", role_views.role_mappings, name="role_mappings"),
    path(
        "directory-roles/<int:pk>/remove/",
        role_views.role_mapping_remove,
        name="role_mapping_remove",
    ),
]
