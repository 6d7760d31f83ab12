from django.urls import path

from reports.views import dashboard, entries, outputs, regional, results_pages, rollups

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", results_pages.dashboard, name="dashboard"),
    path("<int:pk>/key-questions/", results_pages.key_questions, name="key_questions"),
    path("<int:pk>/breakdowns/", results_pages.breakdowns, name="breakdowns"),
    path("<int:pk>/benchmarks/", results_pages.benchmarks, name="benchmarks"),
    path("<int:pk>/outputs/", results_pages.outputs, name="outputs"),
    path("<int:pk>/frozen/", results_pages.frozen, name="frozen"),
    path("<int:pk>/jobs/<int:job_pk>/", dashboard.job_status, name="job"),
    path("<int:pk>/jobs/<int:job_pk>/download/", outputs.download, name="download"),
    path("<int:pk>/jobs/<int:job_pk>/retry/", dashboard.retry, name="job_retry"),
    path("<int:pk>/recompute/", dashboard.recompute, name="recompute"),
    path("<int:pk>/freeze/", dashboard.freeze, name="freeze"),
    path("<int:pk>/publish/", dashboard.publish, name="publish"),
    path("<int:pk>/publish/reopen/", dashboard.reopen, name="reopen"),
    path("<int:pk>/snapshots/<int:snapshot_pk>/diff/", dashboard.snapshot_diff, name="diff"),
    path("<int:pk>/figures/<str:code>/", dashboard.figure, name="figure"),
    path("<int:pk>/standards/<str:code>/", entries.standard_entry, name="standard"),
    path("<int:pk>/standards/<str:code>/moderate/", entries.moderate, name="moderate"),
    path("<int:pk>/recommendations/", entries.recommendations, name="recommendations"),
    path(
        "<int:pk>/recommendations/<int:rec_pk>/remove/",
        entries.recommendation_remove,
        name="recommendation_remove",
    ),
    path("<int:pk>/background/", entries.background, name="background"),
    path("<int:pk>/comparisons/", entries.region_comparisons, name="comparisons"),
    path("<int:pk>/build/", outputs.build, name="build"),
    path("<int:pk>/preview/", outputs.preview, name="preview"),
    path("regions/<int:region_pk>/<int:framework_pk>/", rollups.region, name="region"),
    path(
        "regions/<int:region_pk>/<int:framework_pk>/refresh/",
        rollups.region_refresh,
        name="region_refresh",
    ),
    path(
        "regions/<int:region_pk>/<int:framework_pk>/answers.csv",
        rollups.region_answers,
        name="region_answers",
    ),
    path(
        "regions/<int:region_pk>/<int:framework_pk>/build/",
        regional.region_build,
        name="region_build",
    ),
    path(
        "regions/<int:region_pk>/<int:framework_pk>/jobs/<int:job_pk>/",
        regional.region_job,
        name="region_job",
    ),
    path(
        "regions/<int:region_pk>/<int:framework_pk>/jobs/<int:job_pk>/retry/",
        regional.region_job_retry,
        name="region_job_retry",
    ),
    path(
        "regions/<int:region_pk>/<int:framework_pk>/jobs/<int:job_pk>/download/",
        regional.region_download,
        name="region_download",
    ),
]
