from django.urls import path

from danvan.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("petition/<int:pk>/link/", views.confirm_link, name="confirm-link"),
    path("links/<int:pk>/remove/", views.remove_link, name="remove-link"),
]
