from django.urls import path

app_name = "reports"

# Dashboards, aggregation jobs, domain-one entry, draft report and workbook pages are added here.
urlpatterns: list = []
