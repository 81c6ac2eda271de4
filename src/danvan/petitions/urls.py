from django.urls import path

from danvan.petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.intake, name="intake"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/list/", views.figure_list, name="figure-list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/identity/", views.identity, name="identity"),
    path("<int:pk>/letters/<slug:kind>/", views.issue_letter, name="issue-letter"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/files/upload/", views.upload, name="upload"),
    path("<int:pk>/<slug:action>/", views.step, name="step"),
]
