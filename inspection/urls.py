from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("<int:pk>/", views.inspection_detail, name="detail"),
]
