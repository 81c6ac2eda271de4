from django.urls import path, re_path

from danvan.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/<str:action>/run/", views.consultation_action, name="action"),
    path("<int:pk>/comments/", views.comment_list, name="comments"),
    path("<int:pk>/comments/<int:comment_pk>/hide/", views.comment_hide, name="hide"),
    path("<int:pk>/comments/<int:comment_pk>/unhide/", views.comment_unhide, name="unhide"),
    path("<int:pk>/bulk/", views.bulk_entry, name="bulk"),
    path("<int:pk>/aggregation/", views.aggregation, name="aggregation"),
    path("<int:pk>/groups/<int:group_pk>/", views.group_decide, name="decide"),
    path("<int:pk>/statistics/", views.statistics, name="statistics"),
    path("<int:pk>/report/", views.report_view, name="report"),
    re_path(
        r"^(?P<pk>[0-9]+)/report\.(?P<fmt>pdf|docx)$", views.report_download, name="report-file"
    ),
]
