"""Members' URLs of the curation loop: sharing a practice and following its review."""

from django.urls import path

from . import share_views

app_name = "submissions"

urlpatterns = [
    path("share/", share_views.share, name="share"),
    path("submissions/<int:pk>/", share_views.detail, name="detail"),
    path("submissions/<int:pk>/edit/", share_views.edit, name="edit"),
    path("submissions/<int:pk>/withdraw/", share_views.withdraw, name="withdraw"),
    path("submissions/<int:pk>/preview/", share_views.preview, name="preview"),
]
