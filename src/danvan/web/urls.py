from django.urls import path

from danvan.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("staff/units/<int:pk>/villages/add/", views.village_add, name="village-add"),
    path("staff/units/<int:pk>/villages/import/", views.village_import, name="village-import"),
]
