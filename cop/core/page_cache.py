"""Whole pages for anonymous readers, served from a cache (issue #15): the library's pages and the forum's reading
pages cost a few milliseconds instead of tens once someone has read them.

What is cached: a GET of a view marked cacheable (Wagtail's page serving, and views decorated with
`anonymous_cacheable`), for a visitor who is not signed in, has no session and no pending messages, answered 200
without setting any cookie but the CSRF one. The key is the full path (the language prefix included), the
language cookie and a site-wide *version*.

Invalidation is by that version: any saved or deleted row of the models named by ANONYMOUS_PAGE_CACHE_APPS (a
page published, a practice edited, a reply, a moderation, a privacy restriction, a renamed tag...) increments it,
at once and again when its transaction commits, so every cached page is stale at once — coarse, and always right: nothing has to
know which pages show what. Rows that change on every reading (read states, notifications, search queue)
are excluded (ANONYMOUS_PAGE_CACHE_IGNORE). Entries also expire after ANONYMOUS_PAGE_CACHE_SECONDS, which
bounds how old a relative time ("5 min ago") can get; 0 turns the cache off.

CSRF: a cached page would carry another visitor's token. The token in the stored copy is replaced by a marker,
and each visitor's own token (`get_token`, which also sets the cookie) goes in its place when the page is served.

The cache is the "pages" alias of CACHES: a folder on disk by default (shared by the web processes and the
worker, no server), the database cache in production, or any backend set there.
"""

import logging
import re
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "anonymous-pages:version"
TOKEN_MARKER = "__cop_csrf_token__"
_TOKEN_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def anonymous_cacheable(view):
    """Mark a view whose page is the same for every anonymous visitor (it may differ for members)."""
    view.anonymous_cacheable = True
    return view


def cache():
    """The cache that holds the pages (the "pages" alias, else the default one)."""
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


def _seconds():
    return int(getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 0) or 0)


def enabled():
    return _seconds() > 0


def remember(name, build):
    """`build()`, kept under the page cache's version for as long as a page is (for parts of a page that are the
    same for every reader, e.g. the main navigation). Any change that makes the pages stale makes it stale too.
    While the cache is off, or when it cannot be read or written, `build()` is called every time."""
    if not enabled():
        return build()
    try:
        key = f"fragment:{version()}:{name}"
        found = cache().get(key)
    except Exception:  # the cache only saves work
        logger.warning("anonymous page cache: cannot read %s", name, exc_info=True)
        return build()
    if found is not None:
        return found
    found = build()
    try:
        cache().set(key, found, _seconds())
    except Exception:
        logger.warning("anonymous page cache: cannot store %s", name, exc_info=True)
    return found


def version():
    return cache().get_or_set(VERSION_KEY, 1, timeout=None)


def invalidate():
    """Every cached page is stale from now on. Runs after a commit: a cache it cannot write to is logged, and the
    pages it holds expire within ANONYMOUS_PAGE_CACHE_SECONDS."""
    pages = cache()
    try:
        try:
            pages.incr(VERSION_KEY)
        except ValueError:  # no version yet, or it was evicted: any new value differs from the keys in use
            pages.set(VERSION_KEY, version() + 1, timeout=None)
    except Exception:
        logger.error("anonymous page cache: cannot invalidate", exc_info=True)


def _invalidate_on_commit(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if sender._meta.label in _ignored():
        return
    _invalidate_now_and_on_commit()


def _invalidate_now_and_on_commit():
    if not enabled():  # the cache is off: nothing is served from it, nothing to make stale
        return
    # Now, so that this process's next reading (and a test's, whose transaction never commits) sees the change;
    # and again once the transaction commits, because a reader in between may have stored the old state under
    # the new version.
    invalidate()
    transaction.on_commit(invalidate)


def _ignored():
    return set(getattr(settings, "ANONYMOUS_PAGE_CACHE_IGNORE", ()))


def connect():
    """Connect the invalidation to every model of ANONYMOUS_PAGE_CACHE_APPS (called once, from CoreConfig.ready)."""
    from django.apps import apps

    labels = set(getattr(settings, "ANONYMOUS_PAGE_CACHE_APPS", ()))
    for model in apps.get_models():
        if model._meta.app_label not in labels:
            continue
        uid = f"anonymous-pages-{model._meta.label}"
        post_save.connect(_invalidate_on_commit, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(_invalidate_on_commit, sender=model, weak=False, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, weak=False, dispatch_uid=f"{uid}-{field.name}-m2m")


def _m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _invalidate_now_and_on_commit()


class AnonymousPageCacheMiddleware:
    """Place after the authentication, message and CSRF middleware (it needs request.user and sees their work)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable_request(request, view_func):
            return None
        # The cache only saves work: when it cannot be read or written (a read-only or full database behind it),
        # the page is made as if there were none.
        try:
            request._anonymous_page_key = key = self._key(request)
            stored = cache().get(key)
        except Exception:
            logger.warning("anonymous page cache: cannot read", exc_info=True)
            request._anonymous_page_key = None
            return None
        if stored is None:
            return None
        return self._serve(request, stored)

    def process_response(self, request, response):
        key = getattr(request, "_anonymous_page_key", None)
        if key is None or getattr(response, "_from_page_cache", False) or not self._cacheable_response(request, response):
            return response
        try:
            cache().set(key, self._store(response), _seconds())
        except Exception:
            logger.warning("anonymous page cache: cannot store %s", request.path, exc_info=True)
        return response

    # --- decisions

    @staticmethod
    def _cacheable_request(request, view_func):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return False
        if not (getattr(view_func, "anonymous_cacheable", False) or _is_wagtail_serve(view_func)):
            return False
        if getattr(request, "user", None) is None or request.user.is_authenticated:
            return False
        # A session (a half-finished sign-in, a language message) or pending messages make the page personal.
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return False
        storage = getattr(request, "_messages", None)
        return not (storage is not None and getattr(storage, "_queued_messages", None))

    @staticmethod
    def _cacheable_response(request, response):
        if response.status_code != 200 or response.streaming or response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
            return False
        if request.user.is_authenticated or getattr(request, "session", None) is not None and request.session.modified:
            return False
        return all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)

    @staticmethod
    def _key(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return f"anonymous-pages:{version()}:{language}:{request.get_full_path()}"

    # --- storage

    @staticmethod
    def _store(response):
        body = _TOKEN_RE.sub(rf"\g<1>{TOKEN_MARKER}\g<3>", response.content.decode(response.charset))
        headers = {name: value for name, value in response.items() if name.lower() not in ("set-cookie", "content-length")}
        return {"body": body, "headers": headers, "charset": response.charset}

    @staticmethod
    def _serve(request, stored):
        from django.http import HttpResponse

        body = stored["body"]
        if TOKEN_MARKER in body:
            body = body.replace(TOKEN_MARKER, get_token(request))  # the visitor's own token (and cookie)
        response = HttpResponse(body.encode(stored["charset"]), charset=stored["charset"])
        for name, value in stored["headers"].items():
            response[name] = value
        patch_vary_headers(response, ("Cookie",))
        response._from_page_cache = True
        response["X-Page-Cache"] = "hit"
        return response


def _is_wagtail_serve(view_func):
    return getattr(view_func, "__module__", "") == "wagtail.views" and view_func.__name__ == "serve"
