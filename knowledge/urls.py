from django.urls import path

from .feeds import AtomPracticeFeed, PracticeFeed

app_name = "knowledge"

urlpatterns = [
    path("feeds/practices/rss/", PracticeFeed(), name="feed_rss"),
    path("feeds/practices/atom/", AtomPracticeFeed(), name="feed_atom"),
    path("feeds/themes/<slug:theme_slug>/rss/", PracticeFeed(), name="theme_feed_rss"),
    path("feeds/themes/<slug:theme_slug>/atom/", AtomPracticeFeed(), name="theme_feed_atom"),
]
