from django.urls import path

from cases.views import casework, interviews, practice, qa, readings

app_name = "cases"

urlpatterns = [
    path("<int:pk>/", casework.case_detail, name="detail"),
    path("<int:pk>/standards/<str:code>/", casework.case_standard, name="standard"),
    path("<int:pk>/submit/", casework.case_submit_view, name="submit"),
    path("<int:pk>/interviews/add/", interviews.interview_edit, name="interview_add"),
    path(
        "<int:pk>/interviews/<int:interview_pk>/",
        interviews.interview_edit,
        name="interview_change",
    ),
    path("<int:pk>/quality-assurance/", qa.case_qa, name="qa"),
    path("<int:pk>/sign-off/", qa.case_sign_off_view, name="sign_off"),
    path("<int:pk>/reopen/", qa.case_reopen_view, name="reopen"),
    path("<int:pk>/history/", qa.case_history, name="history"),
    # second, practice and reference readings
    path("readings/<int:pk>/", readings.reading_detail, name="reading"),
    path(
        "readings/<int:pk>/standards/<str:code>/",
        readings.reading_standard,
        name="reading_standard",
    ),
    path("readings/<int:pk>/submit/", readings.reading_submit_view, name="reading_submit"),
    path("readings/<int:pk>/compare/", readings.reading_compare, name="reading_compare"),
    path("readings/<int:pk>/settle/<str:code>/", readings.reading_settle, name="reading_settle"),
    path("readings/<int:pk>/feedback/", readings.reading_feedback, name="reading_feedback"),
    path("practice/", practice.practice_list, name="practice_list"),
    path("practice/<int:pk>/start/", practice.practice_start, name="practice_start"),
]
