from django.urls import path

from danvan.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.monitor, name="monitor"),
]
