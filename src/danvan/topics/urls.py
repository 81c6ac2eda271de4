from django.urls import path

from danvan.topics import views

app_name = "topics"
urlpatterns = [
    path("petitions/<int:pk>/topic/", views.set_topic, name="set"),
]
