from django.urls import path

from danvan.mediation import views

app_name = "mediation"
urlpatterns = [
    path("", views.team_list, name="teams"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("statistics/<int:unit_id>/", views.statistics, name="statistics"),
]
