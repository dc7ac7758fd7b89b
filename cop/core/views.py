"""Operational endpoints: health check, the favicon and error pages."""

import sys
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, gettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from cop.search import get_backend

from .write_failures import write_failure_reason, write_unavailable_response


PROBE_BYTES = 16_384  # more than a page of SQLite (4 KB) or PostgreSQL (8 KB)


def _database_status():
    """Whether the database answers a read and accepts a write; which check failed, and why, when it does not."""
    status = {"status": "ok", "vendor": connection.vendor}
    for check, probe in (("read", _probe_read), ("write", _probe_write)):
        try:
            probe()
        except Exception as exc:  # any failure means the database is unusable
            reason = write_failure_reason(exc)
            return {**status, "status": "error", "check": check, **({"reason": reason} if reason else {}),
                    "error": exc.__class__.__name__}
    return status


def _probe_read():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _probe_write():
    """The kind of write every change makes (an outbox row), rolled back so nothing is left behind and no worker
    ever sees it. It is larger than a database page, so a SQLite file that cannot grow fails it too; it needs no
    privilege beyond the site's own (no CREATE)."""
    from cop.search.models import OutboxEntry

    with transaction.atomic():
        OutboxEntry.objects.create(key="healthz:probe", last_error="x" * PROBE_BYTES)
        transaction.set_rollback(True)


def _outbox_status():
    """Pending search index jobs: a growing backlog means the worker or the engine is behind."""
    from cop.search.models import OutboxEntry

    try:
        pending = OutboxEntry.objects.count()
        failing = OutboxEntry.objects.filter(attempts__gt=0).count()
    except Exception as exc:  # the database check reports the cause
        return {"status": "error", "error": exc.__class__.__name__}
    return {"pending": pending, "failing": failing}


@never_cache
def healthz(request):
    """200 while the site can serve pages; `degraded` when only search or the background worker is in trouble
    (pages and posts still save; the outbox and the task queue keep every change and e-mail until they are back:
    a stale heartbeat, recent failed tasks, an unreachable queue); 503 when the database is unusable."""
    database = _database_status()
    search = get_backend().health()
    semantic = _semantic_status()
    worker = _worker_status() if database["status"] == "ok" else {"status": "unknown"}
    if database["status"] != "ok":
        status, code = "error", 503
    elif search["status"] != "ok" or worker["status"] != "ok" or semantic["status"] == "error":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = {"status": status, "database": database, "search": search, "worker": worker}
    if database["status"] == "ok":
        body["search"] = {**search, "outbox": _outbox_status()}
    body["search"]["semantic"] = semantic
    return JsonResponse(body, status=code)


def _semantic_status():
    """Search by meaning: "ok", "off" (words only by settings) or "error" (the embedder cannot be loaded: the site
    searches by words alone, so the whole is "degraded", not down)."""
    from cop.search.semantic.embedders import status

    try:
        return status()
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}


def _worker_status():
    from cop.tasks.health import worker_status

    try:
        return worker_status()
    except Exception as exc:  # the database check reports a database failure; anything else is the worker's
        return {"status": "error", "error": exc.__class__.__name__}


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the file itself (a redirect to the static
    file would be cached for good, and the hashed name of a static file changes with its content)."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def login_redirect(request):
    """The URLs of Wagtail's log-in forms (the admin's, private pages'): visitors go to the site's own form,
    keeping `next`. Someone already signed in was sent here because their account may not open the page: they
    get a 403 saying so (sending them to log in again would loop)."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if request.user.is_authenticated:
        if request.resolver_match.url_name == "wagtail_admin_login_redirect" and request.user.has_perm("wagtailadmin.access_admin"):
            return HttpResponseRedirect(next_url or reverse("wagtailadmin_home"))
        return render(request, "403.html", {"signed_in_without_access": True}, status=403)
    target = reverse("account_login")
    return HttpResponseRedirect(target + ("?" + urlencode({"next": next_url}) if next_url else ""))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Django calls this while handling the error, so it can be looked at: a write the database refused outside
    a view (e.g. the session saved by its middleware) gets the same 503 as in a view. Rendered without the
    request's context processors, which read the database."""
    if write_failure_reason(sys.exc_info()[1]):
        return write_unavailable_response(request)
    return HttpResponseServerError(render_to_string("500.html"))


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@require_POST
def set_language(request):
    """Django's set_language, made aware of the language prefix in `next` and of Wagtail page translations.

    The switcher posts from /en/… pages too, but this URL itself is unprefixed (Ukrainian), so Django alone
    would resolve `next` in the wrong language and send the visitor back where they came from.
    """
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    source = get_language_from_path(next_url) or settings.LANGUAGE_CODE
    with translation.override(source):
        target_url = translate_url(next_url, language)
    page_url, untranslated = _translated_page_url(request, next_url, source, language)
    if page_url:
        target_url = page_url
    elif untranslated:
        # Like gov.uk: stay on the page, in its own language, and say why (in the language asked for).
        target_url = next_url
        with translation.override(language):
            messages.info(request, _not_translated_message(language))
    elif target_url == next_url and source != language:
        # Not a Django route nor a translated page: fall back to the home page of that language.
        target_url = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    response = HttpResponseRedirect(target_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _not_translated_message(language):
    if language == "en":
        return gettext("This page is not available in English yet; it is shown in Ukrainian.")
    return gettext("This page is not available in Ukrainian yet; it is shown in English.")


def _translated_page_url(request, url, source, target):
    """(the URL of the live translation of the Wagtail page at `url` or None, whether `url` is a page without one)."""
    from django.http import Http404
    from wagtail.models import Locale, Site

    path = urlsplit(url).path
    if source != settings.LANGUAGE_CODE:
        path = path[len(source) + 1:]
    site = Site.find_for_request(request)
    if site is None:
        return None
    source_locale = Locale.objects.filter(language_code=source).first()
    target_locale = Locale.objects.filter(language_code=target).first()
    if source_locale is None or target_locale is None:
        return None, False
    root = site.root_page.get_translation_or_none(source_locale)
    if root is None:
        return None, False
    try:
        page, _args, _kwargs = root.specific.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None, False
    if page.pk == root.pk:
        return None, False  # the caller sends the visitor to the home page of that language
    translation_page = page.get_translation_or_none(target_locale)
    if translation_page is not None and translation_page.live:
        return translation_page.get_url(request), False
    return None, True
