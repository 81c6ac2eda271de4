from django.urls import URLPattern, URLResolver, path, re_path

from danvan.api import errors, views

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit"),
    path("agencies/", views.AgencyListView.as_view(), name="agencies"),
    path("agencies/<slug:code>/", views.AgencyDetailView.as_view(), name="agency"),
    path("categories/", views.CategoryListView.as_view(), name="categories"),
    path("petitions/", views.PetitionListView.as_view(), name="petitions"),
    path("petitions/<int:pk>/", views.PetitionDetailView.as_view(), name="petition"),
    path(
        "reception-sessions/", views.ReceptionSessionListView.as_view(), name="reception-sessions"
    ),
    path(
        "reception-sessions/<int:pk>/",
        views.ReceptionSessionDetailView.as_view(),
        name="reception-session",
    ),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    # The first version of these had no trailing slash; the addresses are kept.
    path("deadlines/compute", views.DeadlineComputeView.as_view(), name="deadlines-compute"),
    path("deadlines/add", views.DeadlineAddView.as_view(), name="deadlines-add"),
    path("deadlines/rules", views.DeadlineRulesView.as_view(), name="deadlines-rules"),
    path("schema", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    # Anything else ending in a slash is a JSON 404; addresses without the slash still
    # get Django's redirect to the slashed form first.
    re_path(r"^[\s\S]+/$", errors.not_found),
]
