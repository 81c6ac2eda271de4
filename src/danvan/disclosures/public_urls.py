from django.urls import path

from danvan.disclosures import public_views

app_name = "public_disclosures"
urlpatterns = [
    path("<str:code>/", public_views.commune_disclosures, name="commune"),
    path("tep/<int:pk>/", public_views.document, name="document"),
]
