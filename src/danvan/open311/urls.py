"""GeoReport v2 addresses. Each ends with the format (``.json`` or ``.xml``) as in the
standard; any other ending, or any other address, is answered with a 404 in the
standard's error format."""

from django.urls import URLPattern, URLResolver, re_path

from danvan.open311 import views

FMT = r"\.(?P<fmt>\w+)$"

app_name = "open311"
urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/.]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.request_list, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/.]+)" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[^/.]+)" + FMT, views.token_detail, name="token"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
