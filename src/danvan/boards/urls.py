from django.urls import path

from danvan.boards import views

app_name = "boards"
urlpatterns = [
    path("", views.board_list, name="list"),
    path("new/", views.board_create, name="create"),
    path("<int:pk>/", views.board_detail, name="detail"),
    path("<int:pk>/members/<int:member_id>/remove/", views.member_remove, name="member-remove"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/files/<int:attachment_id>/", views.visit_photo, name="visit-photo"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
]
