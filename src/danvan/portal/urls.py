from django.urls import path, re_path

from danvan.portal import own_data, views

app_name = "portal"
urlpatterns = [
    path("", views.start, name="start"),
    path("gui/<str:code>/", views.submit, name="submit"),
    path("da-gui/<str:tracking_code>/", views.sent, name="sent"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/<str:tracking_code>/", views.case, name="case"),
    path("tra-cuu/<str:tracking_code>/danh-gia/", views.rate, name="rate"),
    path("tinh-thanh/", views.provinces, name="provinces"),
    path("tinh-thanh/<str:code>/", views.province, name="province"),
    path("cua-toi/", views.my_cases, name="mine"),
    path("cua-toi/du-lieu/", own_data.own_data_view, name="own-data"),
    path("dang-ky/", views.signup, name="signup"),
    path("du-lieu-mo/", views.open_data_index, name="open-data"),
    re_path(
        r"^du-lieu-mo/(?P<code>[0-9A-Z]{2,10})/(?P<year>[0-9]{4})\.(?P<fmt>csv|json)$",
        views.open_data,
        name="open-data-file",
    ),
]
