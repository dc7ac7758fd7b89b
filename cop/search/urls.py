"""Members' saved searches and the moderators' search gaps, under /search/ (the search page itself is /search/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("saved/", views.saved_searches, name="saved_searches"),
    path("saved/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("gaps/", views.search_gaps, name="search_gaps"),
    path("gaps/<int:pk>/handle/", views.search_gap_handle, name="search_gap_handle"),
    path("similar/", views.similar, name="search_similar"),
]
