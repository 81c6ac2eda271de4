from django.urls import path

from danvan.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.exports, name="exports"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
