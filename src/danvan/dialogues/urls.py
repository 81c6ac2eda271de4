from django.urls import path

from danvan.dialogues import views

app_name = "dialogues"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.schedule, name="schedule"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("commitments/<int:commune_id>/", views.tracker, name="tracker"),
]
