"""“Similar discussions and practices”: what the library and the forum already hold that is like a text being
written (the new-topic and share-a-practice forms, /search/similar/) or like a page being read (topic and
practice pages). A thin layer over cop.search.service.similar and .related: input capped and cleaned, results
labelled, related documents cached, and never an error: suggestions help, they must not stop anyone writing.
"""

import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from cop.core.text import clean_multi_line, clean_single_line

from . import service

logger = logging.getLogger(__name__)

TITLE_MAX = 300
BODY_MAX = 5000
LIMIT = 5
RELATED_CACHE_SECONDS = 10 * 60
KEY_PATTERN = re.compile(r"^(practice|resource|event|topic|post):\d{1,12}$")

TYPE_LABELS = {
    "practice": _("Practice"),
    "resource": _("Resource"),
    "event": _("Event"),
    "topic": _("Forum topic"),
    "post": _("Forum reply"),
}


def rate():
    return getattr(settings, "SEARCH_SIMILAR_RATE", "60/m")


def too_often(request):
    """Count one look-up for this member (or this address, for visitors); True when over the rate."""
    return is_ratelimited(request, group="search-similar", key="user_or_ip", rate=rate(), increment=True)


def clean_title(value):
    return clean_single_line(str(value or "").replace("\x00", " ")[:TITLE_MAX]) or ""


def clean_body(value):
    return clean_multi_line(str(value or "").replace("\x00", " ")[:BODY_MAX]) or ""


def clean_key(value):
    """A document key ("topic:12") as the forms send it, or None for anything else."""
    value = str(value or "").strip()
    return value if KEY_PATTERN.match(value) else None


def _labelled(results):
    return [{**result, "type_label": TYPE_LABELS.get(result.get("type"), result.get("type", ""))} for result in results]


def similar_to_text(user, title, body, *, exclude=(), limit=LIMIT):
    """Documents like a text being written, for this user: [] for a text too short to compare, or when search
    is down (the form works without them)."""
    title, body = clean_title(title), clean_body(body)
    text = "\n\n".join(part for part in (title, body) if part)
    if not text.strip():
        return []
    exclude = tuple(key for key in (clean_key(key) for key in exclude) if key)
    try:
        results = service.similar(user, text, exclude=exclude, limit=limit)
    except Exception:  # noqa: BLE001 - a helper panel: logged, and the form goes on without it
        logger.exception("similar content: the look-up for a text failed")
        return []
    return _labelled(results)


def _audience(user):
    return "+".join(service.audiences_for(user))


def related_to(user, key, *, limit=LIMIT, types=None, exclude=()):
    """Documents like an indexed one, for this user, cached per (document, audience, language) so that a page
    view reuses the last answer instead of searching (and never embeds anything); a cached answer is checked
    against the index, so nothing that became restricted meanwhile is shown."""
    key = clean_key(key)
    if key is None:
        return []
    options = {"limit": limit}
    if types:
        options["types"] = tuple(types)
    if exclude:
        options["exclude"] = tuple(sorted(exclude))
    narrowed = f"{','.join(options.get('types', ()))}:{','.join(options.get('exclude', ()))}"
    cache_key = f"similar-content:related:{key}:{_audience(user)}:{get_language() or ''}:{limit}:{narrowed}"
    try:
        cached = cache.get(cache_key)
    except Exception:  # noqa: BLE001 - an unreadable cache only means searching again
        logger.warning("similar content: the cache could not be read", exc_info=True)
        cached = None
    if cached is not None:
        return _labelled(_still_visible(user, cached))
    try:
        results = list(service.related(user, key, **options))
    except Exception:  # noqa: BLE001 - the page is shown without the section
        logger.exception("similar content: the look-up for %s failed", key)
        return []
    try:
        cache.set(cache_key, results, RELATED_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - a refused cache write must not refuse the page
        logger.warning("similar content: the cache could not be written", exc_info=True)
    return _labelled(results)


def _still_visible(user, results):
    """A cached list without what this audience may no longer see (a category made members-only, a post hidden
    since): the index knows at once, the cache for up to ten minutes. One look-up by key, no embedding."""
    if not results:
        return results
    from . import get_backend

    try:
        visible = get_backend().fetch([item["key"] for item in results], audiences=service.audiences_for(user))
    except Exception:  # noqa: BLE001 - when it cannot be checked, nothing is shown
        logger.warning("similar content: the cached list could not be checked", exc_info=True)
        return []
    return [item for item in results if item.get("key") in visible]


def related_practices_by_meaning(user, page, *, limit=LIMIT):
    """Practices like this one, apart from the ones its editors chose and the page's own translations."""
    from wagtail.models import Page

    chosen = list(page.related_practices)
    found = related_to(user, f"practice:{page.pk}", limit=limit + len(chosen), types=("practice",),
                       exclude=[f"practice:{practice.pk}" for practice in chosen])
    found = [item for item in found if item.get("type") == "practice"]
    if not found:
        return []
    # The answer is one per translation: the chosen ones (or the page itself) may come in another language.
    groups = [page.translation_key, *(practice.translation_key for practice in chosen)]
    own_and_chosen = {f"practice:{pk}" for pk in Page.objects.filter(translation_key__in=groups).values_list("pk", flat=True)}
    return [item for item in found if item.get("key") not in own_and_chosen][:limit]
