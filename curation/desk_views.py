"""The moderators' desk at /moderation/: one page of what waits for a moderator, outside the Wagtail admin."""

from django.shortcuts import render

from . import desk as desk_data
from .review_views import require_moderator


def desk(request):
    refused = require_moderator(request)
    if refused:
        return refused
    return render(request, "curation/desk.html", desk_data.desk())
