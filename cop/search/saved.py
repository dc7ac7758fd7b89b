"""Members' saved searches: saving, deleting, and the worker's check that tells them about new matching documents.

The documents that matched when a search was saved, and those the member was told about since, are kept on the
saved search (`seen_keys`): anything else the search finds for them later is new. The search runs as the member,
so only documents they may read now are found (members-only ones while they are a member; drafts are never in
the index). The notification is delivered by whoever registered a notifier (the forum's notification list, so
it appears in-app and in the member's e-mail or digest as they chose); cop/search knows no app by name.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from cop.tasks import locks

from . import get_backend, service
from .backends import SearchUnavailable
from .models import SavedSearch

logger = logging.getLogger(__name__)

SEEN_KEEP = 1000  # keys remembered per saved search: far more than one check looks at
CHECK_LOCK = "saved-searches"

_notifier = None


def register_notifier(deliver):
    """`deliver(recipient, *, title, url, message)` makes the notification, in the transaction it is called in."""
    global _notifier
    _notifier = deliver


def max_per_member():
    return getattr(settings, "SAVED_SEARCHES_MAX", 20)


def scan_size():
    return getattr(settings, "SAVED_SEARCH_SCAN", 50)


class SavedSearchError(ValueError):
    """The search cannot be saved; the message is translated and shown to the member."""


def search_url(saved):
    return reverse("search") + "?" + urlencode({"q": saved.query, **saved.filters})


def _matching(user, params, parsed):
    """Keys and titles of the newest documents the user may read that contain every word (no relaxed retry: a
    document with only some of the words is not what they asked to hear about)."""
    total, results, _facets = get_backend().search(
        parsed, audiences=service.audiences_for(user), filters=service.filters_of(params), sort="date",
        offset=0, limit=scan_size(),
    )
    return [(result["key"], result.get("title", "")) for result in results]


def saved_search_create(*, user, data):
    """Save the search in `data` (q and filters, as the search page takes them) for `user`."""
    params, parsed = service.params_from(data)  # SearchError: the same messages as the search page
    filters = service.stored_filters(params)
    _normalised, key = service.normalised(parsed, filters)
    try:
        seen = [key for key, _title in _matching(user, params, parsed)]
        checked_at = timezone.now()
    except SearchUnavailable:
        seen, checked_at = [], None  # the worker records what matches now on its first check, telling nobody
    with transaction.atomic():
        # Locks the member's row, so two saves at once cannot both pass the limit or the duplicate check.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        if SavedSearch.objects.filter(user=user, key=key).exists():
            raise SavedSearchError(_("You have already saved this search."))
        if SavedSearch.objects.filter(user=user).count() >= max_per_member():
            raise SavedSearchError(
                ngettext(
                    "You can keep at most %(count)d saved search: delete one first.",
                    "You can keep at most %(count)d saved searches: delete one first.",
                    max_per_member(),
                ) % {"count": max_per_member()}
            )
        return SavedSearch.objects.create(
            user=user, query=" ".join(params.q.split())[:500], filters=filters, key=key, seen_keys=seen, checked_at=checked_at,
        )


def saved_search_delete(*, saved):
    with transaction.atomic():
        saved.delete()


def _message(saved, new):
    titles = "; ".join(title for _key, title in new[:3] if title)
    count = len(new)
    title = _("New results for your saved search “%(query)s”") % {"query": saved.query[:200]}
    message = ngettext("%(count)d new result: %(titles)s", "%(count)d new results: %(titles)s", count) % {
        "count": count, "titles": titles,
    }
    return title, message


def check(saved):
    """Look for new documents matching one saved search and tell its member; returns how many were new."""
    user = saved.user
    if not user.is_active:
        return 0
    try:
        params, parsed = service.params_for(saved.query, saved.filters)
    except service.SearchError:
        return 0
    found = _matching(user, params, parsed)  # outside the transaction: the engine may be slow
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().filter(pk=saved.pk).first()
        if saved is None:  # deleted meanwhile
            return 0
        seen = set(saved.seen_keys)
        new = [(key, title) for key, title in found if key not in seen]
        now = timezone.now()
        if new and saved.checked_at is not None and _notifier is not None:
            with translation.override(user.language):  # the words, and the URL's language prefix
                title, message = _message(saved, new)
                url = search_url(saved) + "&sort=date"
            _notifier(user, title=title, url=url, message=message)
            saved.notified_at = now
        elif new and saved.checked_at is not None:
            logger.warning("saved searches: no notifier is registered; new results are not announced")
            return 0
        current = [key for key, _title in found]
        saved.seen_keys = (current + [key for key in saved.seen_keys if key not in set(current)])[:SEEN_KEEP]
        saved.checked_at = now
        saved.save(update_fields=["seen_keys", "checked_at", "notified_at"])
        return len(new) if saved.notified_at == now else 0


def check_all():
    """Every saved search of active members, one transaction each; one run at a time across workers."""
    with locks.exclusive(CHECK_LOCK) as held:
        if not held:
            return None
        notified = 0
        for saved in SavedSearch.objects.filter(user__is_active=True).select_related("user").order_by("pk").iterator():
            try:
                notified += check(saved)
            except SearchUnavailable:
                logger.warning("saved searches: the search backend is unavailable; the next run tries again")
                break
        return notified
