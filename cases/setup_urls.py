from django.urls import path

app_name = "setup"

# Inspection set-up pages (case list import, sampling, assignment, progress, users) are added here.
urlpatterns: list = []
