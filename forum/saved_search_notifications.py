"""Saved searches' new results in the forum's notification list: in-app, and by e-mail or digest as members chose.

cop/search decides what is new for whom and writes the words; the forum delivers, as it does for the library."""

from cop.search import saved

from .models import Notification
from .notifications import notify_direct


def deliver(recipient, *, title, url, message):
    notify_direct(recipient, kind=Notification.Kind.SAVED_SEARCH, title=title, url=url, message=message)


saved.register_notifier(deliver)
