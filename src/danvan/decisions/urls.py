from django.urls import path

from danvan.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create, name="create"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("villages/", views.village_list, name="villages"),
    path("villages/<int:pk>/", views.village_households, name="village"),
    path("villages/<int:pk>/import/", views.village_import, name="village-import"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path(
        "households/<int:pk>/deactivate/", views.household_deactivate, name="household-deactivate"
    ),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
]
