"""When the database refuses a write (read-only, full, locked, gone): answer 503 and keep what was sent.

One place for the whole site: `WriteFailureMiddleware` catches the error from any view, and the 500 handler
(cop.core.views.server_error) from anything else, such as a session saved by its middleware. The person gets a
translated page that re-offers what they submitted in a form posting to the same URL (a JSON error for the API
and JSON clients), with Retry-After. "Nothing was saved" holds because the services write in one transaction
each: a refused write rolls back all of it.
"""

import logging
import re

import psycopg
from django.db import DatabaseError, InterfaceError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

# SQLite result codes (the primary code is the low byte of an extended one).
SQLITE_REASONS = {5: "locked", 6: "locked", 8: "read-only", 10: "unavailable", 13: "full", 14: "unavailable"}
SQLITE_MESSAGES = {
    "database is locked": "locked", "database table is locked": "locked", "readonly database": "read-only",
    "disk is full": "full", "disk i/o error": "unavailable", "unable to open database file": "unavailable",
}
# PostgreSQL SQLSTATEs: exact codes first, then classes.
POSTGRES_REASONS = {
    "25006": "read-only", "53100": "full", "55P03": "locked", "40001": "locked", "40P01": "locked", "57014": "locked",
}
POSTGRES_CLASSES = {"08": "unavailable", "53": "unavailable", "57": "unavailable", "58": "unavailable"}

# Submitted fields that are never written back into a page.
SECRET_FIELD = re.compile(r"password|token|secret", re.IGNORECASE)
# Values shown as text boxes (the person's writing, to read and copy); shorter ones go back as hidden fields.
TEXT_LENGTH = 60


def write_failure_reason(exception):
    """"locked", "read-only", "full" or "unavailable" when the database could not take a write now and the same
    request may succeed later; None for any other error (a bug, which stays a 500)."""
    if not isinstance(exception, DatabaseError):
        return None
    cause = exception.__cause__
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return SQLITE_REASONS.get(code & 0xFF)
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return POSTGRES_REASONS.get(sqlstate) or POSTGRES_CLASSES.get(sqlstate[:2])
    if isinstance(exception, InterfaceError) or isinstance(cause, psycopg.OperationalError):
        return "unavailable"  # the connection is closed or was lost: there is no SQLSTATE to tell
    message = str(exception).lower()
    return next((reason for text, reason in SQLITE_MESSAGES.items() if text in message), None)


def _wants_json(request):
    return (
        request.path.startswith("/api/") or request.content_type == "application/json"
        or (request.accepts("application/json") and not request.accepts("text/html"))
    )


def write_unavailable_response(request):
    """The 503 answer; rendered without the database (no context processors, no base template)."""
    if _wants_json(request):
        response = JsonResponse({"error": _(
            "The site cannot save changes right now. Nothing is lost: nothing was saved, "
            "so please send the same request again in a minute."
        )}, status=503)
    else:
        submitted = []
        if request.method == "POST":
            submitted = [
                (name, value) for name, values in request.POST.lists() for value in values
                if not SECRET_FIELD.search(name)
            ]
        context = {
            "resend": request.method == "POST",
            "action": request.get_full_path(),
            "hidden_fields": [(n, v) for n, v in submitted if len(v) <= TEXT_LENGTH and "\n" not in v],
            "text_fields": [(n, v) for n, v in submitted if len(v) > TEXT_LENGTH or "\n" in v],
            "files_dropped": bool(request.method == "POST" and request.FILES),
            "csrf_token": get_token(request),
        }
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # it may hold what the person wrote
    return response


class WriteFailureMiddleware:
    """Turns a write the database refused, in any view, into the 503 answer; other errors pass through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        reason = write_failure_reason(exception)
        if reason is None:
            return None
        logger.error("The database refused a write (%s) on %s %s: %s", reason, request.method, request.path, exception)
        return write_unavailable_response(request)
