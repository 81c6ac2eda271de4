"""The project's URLs plus the topics URLs, until the lead mounts them in danvan.urls."""

from django.urls import include, path

from danvan.urls import urlpatterns as project_urls

_mounted = any(getattr(p, "namespace", None) == "topics" for p in project_urls)
urlpatterns = (
    list(project_urls)
    if _mounted
    else [path("staff/topics/", include("danvan.topics.urls")), *project_urls]
)
