from django.urls import path

from casework.views import casework, interviews, qa

# Mounted at /cases/ in the namespace `cases`, with the readings pages (config/urls.py).

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
]
