from django.urls import path, re_path

from danvan.consultations import public_views

app_name = "public_consultations"
urlpatterns = [
    path("", public_views.consultation_list, name="list"),
    path("<int:pk>/", public_views.consultation_page, name="detail"),
    re_path(
        r"^(?P<pk>[0-9]+)/bao-cao\.(?P<fmt>pdf|docx)$", public_views.report_file, name="report"
    ),
]
