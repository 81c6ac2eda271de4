from django.urls import path

from danvan.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.start, name="start"),
    path("gui/<str:code>/", views.submit, name="submit"),
    path("da-gui/<str:tracking_code>/", views.sent, name="sent"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/<str:tracking_code>/", views.case, name="case"),
]
