from django.urls import path

from danvan.disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("", views.disclosure_list, name="list"),
    path("new/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("quarter/<int:unit_id>/<int:year>/<int:quarter>/", views.quarter, name="quarter"),
    path(
        "quarter/<int:unit_id>/<int:year>/<int:quarter>.csv",
        views.quarter_csv,
        name="quarter-csv",
    ),
]
