from django.urls import path

from sampling.views import setup as views
from sampling.views import setup_sample, setup_users

# Mounted at /setup/ in the namespace `setup`, with the set-up pages of readings and records
# (config/urls.py).
urlpatterns = [
    path("", views.index, name="index"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("case-list-columns/", views.caselist_docs, name="caselist_docs"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/case-list/", views.caselist_upload, name="caselist_upload"),
    path("<int:pk>/case-list/<int:upload_pk>/", views.caselist_preview, name="caselist_preview"),
    path(
        "<int:pk>/case-list/<int:upload_pk>/errors.csv",
        views.caselist_errors,
        name="caselist_errors",
    ),
    path(
        "<int:pk>/case-list/<int:upload_pk>/commit/",
        views.caselist_commit,
        name="caselist_commit",
    ),
    path("<int:pk>/sample-size/", setup_sample.sample_size, name="sample_size"),
    path("<int:pk>/draw/", setup_sample.draw, name="draw"),
    path("<int:pk>/sample/", setup_sample.sample, name="sample"),
    path("<int:pk>/sample/<int:case_pk>/replace/", setup_sample.replace, name="replace"),
    path("<int:pk>/assignment/", views.assignment, name="assignment"),
    path("<int:pk>/assignment/auto/", views.auto_assign, name="auto_assign"),
    path("<int:pk>/conflicts/", views.conflicts, name="conflicts"),
    path("<int:pk>/progress/", setup_sample.progress, name="progress"),
    path("users/", setup_users.users, name="users"),
    path("users/new/", setup_users.user_new, name="user_new"),
    path("users/<int:user_pk>/active/", setup_users.user_active, name="user_active"),
    path("users/<int:user_pk>/admin/", setup_users.user_admin, name="user_admin"),
]
