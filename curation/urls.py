"""URLs of the curation loop for moderators: the desk and the review of submitted practices."""

from django.urls import path

from . import desk_views, review_views, views_officials, views_promotion, views_tags

app_name = "curation"

urlpatterns = [
    path("", desk_views.desk, name="desk"),
    path("submissions/<int:pk>/", review_views.review, name="review"),
    path("submissions/<int:pk>/approve/", review_views.approve, name="approve"),
    path("submissions/<int:pk>/request-changes/", review_views.request_changes, name="request_changes"),
    path("submissions/<int:pk>/reject/", review_views.reject, name="reject"),
    # Promoting a discussion into the library (engineer B)
    path("promote/<int:pk>/", views_promotion.topic_promote, name="topic_promote"),
    path("tags/", views_tags.tag_list, name="tag_list"),
    path("tags/<int:pk>/", views_tags.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/merge/", views_tags.tag_merge, name="tag_merge"),
    path("officials/<str:username>/withdraw/", views_officials.official_withdraw, name="official_withdraw"),
]
