from django.urls import path

from danvan.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("compliance/", views.compliance, name="compliance"),
]
