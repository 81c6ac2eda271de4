from django.urls import path

from danvan.hotspots import views

app_name = "hotspots"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.province, name="province"),
    path("<int:pk>/threshold/", views.threshold, name="threshold"),
    path("<int:pk>/unit/<int:unit_id>/", views.unit, name="unit"),
]
