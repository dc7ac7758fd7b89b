"""Search gaps: the searches that found nothing, counted per day for the moderators, so they know what to write.

A search is counted when it found nothing even after the relaxed any-word retry, by its normalised query and
filters (service.normalised): no user, no address, nothing personal is kept. A bot repeating one query, or
inventing a new one at every request, cannot flood the list: each gap counts at most SEARCH_GAPS_DAILY_CAP a
day, and at most SEARCH_GAPS_DAILY_NEW new gaps are recorded a day. Queries that do not parse are never counted.

A gap leaves the list when a moderator marks it handled (it comes back if people still find nothing on a later
day) or when it now finds results for the public: that is checked when the list is read, only for the gaps about
to be shown, and remembered until the next empty search of it.
"""

import logging
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import service
from .backends import SearchUnavailable
from .models import SearchGap, SearchGapDay

logger = logging.getLogger(__name__)


def _daily_cap():
    return getattr(settings, "SEARCH_GAPS_DAILY_CAP", 50)


def _daily_new():
    return getattr(settings, "SEARCH_GAPS_DAILY_NEW", 500)


def _example(text):
    return " ".join(text.split())[:200]


def record_zero_result(*, params, parsed, at=None):
    """Count one search that found nothing. Never fails the search: a database error is only logged."""
    if params.page != 1:  # a later page of an empty search is the same search again
        return
    filters = service.stored_filters(params)
    normalised, key = service.normalised(parsed, filters)
    now = at or timezone.now()
    today = timezone.localdate(now)
    try:
        with transaction.atomic():
            gap = SearchGap.objects.filter(key=key).first()
            if gap is None:
                if SearchGap.objects.filter(first_seen__gte=now - timedelta(days=1)).count() >= _daily_new():
                    return
                try:
                    with transaction.atomic():
                        gap = SearchGap.objects.create(
                            key=key, normalised=normalised, example=_example(params.q), filters=filters,
                            first_seen=now, last_seen=now,
                        )
                except IntegrityError:  # another request recorded it first
                    gap = SearchGap.objects.get(key=key)
            day, _created = SearchGapDay.objects.get_or_create(gap=gap, day=today)
            SearchGapDay.objects.filter(pk=day.pk, count__lt=_daily_cap()).update(count=F("count") + 1)
            changes = {"last_seen": now, "answered_at": None}
            if gap.handled_at is not None and gap.counted_from is not None and today >= gap.counted_from:
                changes.update(handled_at=None, handled_by=None)  # handled, yet people still find nothing
            SearchGap.objects.filter(pk=gap.pk).update(**changes)
    except DatabaseError:
        logger.warning("search gaps: could not count an empty search", exc_info=True)


def finds_results_for_the_public(gap):
    """Whether the gap's search now finds something for a visitor (the relaxed retry included, as on the page)."""
    try:
        params, parsed = service.params_for(gap.example, gap.filters, page_size=1)
    except service.SearchError:
        return False
    try:
        total, _results, _facets, _relaxed = service.run(AnonymousUser(), params, parsed)
    except SearchUnavailable:
        return False
    return total > 0


def search_url(gap):
    return reverse("search") + "?" + urlencode({"q": gap.example, **gap.filters})


def _open_gaps(since):
    return (
        SearchGapDay.objects.filter(day__gte=since, gap__handled_at__isnull=True, gap__answered_at__isnull=True)
        .filter(Q(gap__counted_from__isnull=True) | Q(day__gte=F("gap__counted_from")))
        .values("gap")
        .annotate(total=Sum("count"))
        .filter(total__gt=0)
        .order_by("-total", "-gap")
    )


def top_zero_result_queries(days=30, limit=10):
    """The most frequent searches of the last `days` days that found nothing, and still find nothing for the
    public, most frequent first: dicts of query, filters, count, last_seen, handle_url (a POST), search_url, id."""
    since = timezone.localdate() - timedelta(days=days - 1)
    shown = []
    offset = 0
    batch = limit + 5
    while len(shown) < limit:
        rows = list(_open_gaps(since)[offset:offset + batch])
        if not rows:
            break
        offset += batch
        gaps = SearchGap.objects.in_bulk([row["gap"] for row in rows])
        for row in rows:
            gap = gaps.get(row["gap"])
            if gap is None:
                continue
            if finds_results_for_the_public(gap):
                SearchGap.objects.filter(pk=gap.pk, answered_at__isnull=True).update(answered_at=timezone.now())
                continue
            shown.append({
                "id": gap.pk,
                "query": gap.example,
                "normalised": gap.normalised,
                "filters": gap.filters,
                "count": row["total"],
                "last_seen": gap.last_seen,
                "handle_url": reverse("search_gap_handle", args=[gap.pk]),
                "search_url": search_url(gap),
            })
            if len(shown) >= limit:
                break
    return shown


def prune(*, keep_days=None):
    """Forget the days older than SEARCH_GAPS_KEEP_DAYS (90), and gaps left with none that nobody handled: the
    list looks 30 days back, and what bots typed must not pile up."""
    keep_days = keep_days or getattr(settings, "SEARCH_GAPS_KEEP_DAYS", 90)
    before = timezone.localdate() - timedelta(days=keep_days)
    with transaction.atomic():
        days, _ = SearchGapDay.objects.filter(day__lt=before).delete()
        gaps, _ = SearchGap.objects.filter(days__isnull=True, handled_at__isnull=True, last_seen__date__lt=before).delete()
    return days, gaps


class AnswerError(ValueError):
    """The answer given for a gap is not a live page of this site; the message is translated."""


def _hosts(request):
    from wagtail.models import Site

    hosts = {request.get_host().lower()}
    hosts |= {hostname.lower() for hostname in Site.objects.values_list("hostname", flat=True)}
    return hosts


def resolve_answer(value, *, request):
    """The live page named by a page id or a URL of this site; None for nothing; AnswerError otherwise."""
    from wagtail.models import Locale, Page, Site

    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        page = Page.objects.live().filter(pk=int(value), depth__gt=1).first()
        if page is None:
            raise AnswerError(_("There is no published page with this number."))
        return page
    if len(value) > 500:
        raise AnswerError(_("Give the address of a published page of this site, or its number."))
    parts = urlsplit(value)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc.lower() not in _hosts(request)):
        raise AnswerError(_("Give the address of a published page of this site, or its number."))
    segments = [segment for segment in parts.path.split("/") if segment]
    language = settings.LANGUAGE_CODE
    if segments and segments[0] in dict(settings.LANGUAGES):
        language = segments.pop(0)
    site = Site.find_for_request(request)
    page = None
    if site is not None:
        root = site.root_page
        locale = Locale.objects.filter(language_code=language).first()
        if locale is not None and root.locale_id != locale.pk:
            root = root.get_translation_or_none(locale) or root
        url_path = root.url_path + "".join(f"{segment}/" for segment in segments)
        page = Page.objects.live().filter(url_path=url_path).first()
    if page is None:
        raise AnswerError(_("There is no published page at this address."))
    return page


def gap_handle(*, gap, moderator, answer=None):
    """Mark a gap handled, with the page that answers it if any; searches from tomorrow count again."""
    from wagtail.log_actions import log

    with transaction.atomic():
        gap.handled_at = timezone.now()
        gap.handled_by = moderator
        gap.answer = answer
        gap.counted_from = timezone.localdate() + timedelta(days=1)
        gap.save(update_fields=["handled_at", "handled_by", "answer", "counted_from"])
        log(instance=gap, action="cop.search_gap.handle", user=moderator,
            data={"query": gap.example, "answer": answer.pk if answer else None})
    return gap
