from django.urls import path

from danvan.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("compute", views.compute, name="compute"),
    path("add", views.add, name="add"),
    path("rules", views.rules, name="rules"),
]
