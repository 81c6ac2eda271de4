from django.urls import path

from danvan.decisions import public_views

app_name = "decision-votes"
urlpatterns = [
    path("", public_views.ballot_list, name="list"),
    path("<int:pk>/", public_views.ballot, name="vote"),
]
