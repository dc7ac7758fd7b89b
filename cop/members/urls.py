from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/approve/", views.approve, name="approve"),
    path("requests/<int:pk>/decline/", views.decline, name="decline"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/roles/", views.member_roles, name="roles"),
    path("<str:username>/roles/<slug:role>/remove/", views.role_remove, name="role_remove"),
]
