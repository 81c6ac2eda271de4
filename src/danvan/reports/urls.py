from django.urls import URLPattern, URLResolver, path

from danvan.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    # Dashboards
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.dashboard, name="dashboard"),
    path("unit/<int:pk>/channel/", views.channel_list, name="channel-list"),
    path("unit/<int:pk>/reception/", views.reception, name="reception"),
]

# Periodic reports (báo cáo định kỳ): their patterns live in periodic_urls.py.
from danvan.reports.periodic_urls import urlpatterns as periodic_urlpatterns  # noqa: E402

urlpatterns += periodic_urlpatterns
