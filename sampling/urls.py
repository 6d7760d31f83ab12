from django.urls import path

from cases.views import practice, readings_setup, retention, setup_users
from cases.views import setup as views
from cases.views.bundle_import import bundle_import_view

app_name = "setup"

urlpatterns = [
    path("", views.index, name="index"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/import/", bundle_import_view, name="bundle_import"),
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
    path("<int:pk>/sample-size/", views.sample_size, name="sample_size"),
    path("<int:pk>/draw/", views.draw, name="draw"),
    path("<int:pk>/sample/", views.sample, name="sample"),
    path("<int:pk>/sample/<int:case_pk>/replace/", views.replace, name="replace"),
    path("<int:pk>/assignment/", views.assignment, name="assignment"),
    path("<int:pk>/assignment/auto/", views.auto_assign, name="auto_assign"),
    path("<int:pk>/conflicts/", views.conflicts, name="conflicts"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/anonymise/", retention.anonymise, name="anonymise"),
    path("<int:pk>/second-readings/", readings_setup.second_readings, name="second_readings"),
    path(
        "<int:pk>/second-readings/<int:reading_pk>/reader/",
        readings_setup.second_reader,
        name="second_reader",
    ),
    path(
        "<int:pk>/second-readings/<int:reading_pk>/cancel/",
        readings_setup.second_reading_cancel_view,
        name="second_reading_cancel",
    ),
    path("<int:pk>/agreement/", readings_setup.agreement, name="agreement"),
    path("practice/", practice.practice_admin, name="practice_list"),
    path("practice/new/", practice.practice_new, name="practice_new"),
    path("practice/<int:pk>/", practice.practice_detail, name="practice"),
    path("practice/<int:pk>/change/", practice.practice_change, name="practice_change"),
    path("practice/<int:pk>/status/", practice.practice_status, name="practice_status"),
    path("users/", setup_users.users, name="users"),
    path("users/new/", setup_users.user_new, name="user_new"),
    path("users/<int:user_pk>/active/", setup_users.user_active, name="user_active"),
    path("users/<int:user_pk>/admin/", setup_users.user_admin, name="user_admin"),
]
