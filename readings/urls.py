from django.urls import path

from readings.views import practice, readings, readings_setup, settling

# Mounted at /cases/ in the namespace `cases`, after the casework pages (config/urls.py).
case_urlpatterns = [
    # second, practice and reference readings
    path("readings/<int:pk>/", readings.reading_detail, name="reading"),
    path(
        "readings/<int:pk>/standards/<str:code>/",
        readings.reading_standard,
        name="reading_standard",
    ),
    path("readings/<int:pk>/submit/", readings.reading_submit_view, name="reading_submit"),
    path("readings/<int:pk>/compare/", settling.reading_compare, name="reading_compare"),
    path(
        "readings/<int:pk>/settle-remaining/",
        settling.reading_settle_remaining,
        name="reading_settle_remaining",
    ),
    path("readings/<int:pk>/settle/<str:code>/", settling.reading_settle, name="reading_settle"),
    path("readings/<int:pk>/feedback/", readings.reading_feedback, name="reading_feedback"),
    path("practice/", practice.practice_list, name="practice_list"),
    path("practice/<int:pk>/start/", practice.practice_start, name="practice_start"),
]

# Mounted at /setup/ in the namespace `setup`, with the set-up pages of sampling and records.
setup_urlpatterns = [
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
]
