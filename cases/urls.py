from django.urls import path

app_name = "cases"

# Casework pages (case form, autosave, submit, interviews, QA, history) are added here.
urlpatterns: list = []
