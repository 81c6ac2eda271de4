"""URLs of the periodic reports, included in the reports namespace by reports/urls.py."""

from django.urls import URLPattern, path

from danvan.reports import periodic_views

urlpatterns: list[URLPattern] = [
    path("periodic/", periodic_views.report_list, name="periodic-list"),
    path("periodic/new/", periodic_views.new_report, name="periodic-new"),
    path("periodic/<int:pk>/", periodic_views.report_detail, name="periodic-detail"),
    path("periodic/<int:pk>/narrative/", periodic_views.save_narrative, name="periodic-narrative"),
    path("periodic/<int:pk>/refresh/", periodic_views.refresh, name="periodic-refresh"),
    path("periodic/<int:pk>/issue/", periodic_views.issue, name="periodic-issue"),
    path(
        "periodic/<int:pk>/files/<str:kind>/",
        periodic_views.download,
        name="periodic-download",
    ),
]
