"""Permission matrix: every URL pattern of the project, walked from the resolver, × anonymous visitor, pending
applicant, member, moderator and editor × GET and POST → the outcome each role must get.

The expectations live in one table, MATRIX, keyed by the pattern's route. The Wagtail and Django admins (hundreds
of patterns) are covered by rules keyed by route prefix (ADMIN_RULES); every other pattern needs its own entry, and
a pattern without one fails the suite with a message naming it and what it answered. URL arguments are filled
from real objects (tests/security_fixtures.py), so every view really runs. Requests go through a client that
enforces CSRF and sends a valid token, so a 403 means the view refused, not the CSRF check; a separate test proves
that every state-changing pattern refuses a POST without a token.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation

from .security_fixtures import ROLES, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db

# Outcomes, as written in the table:
#   200   the page (any 2xx)           log   302 to the site's log-in page (/accounts/login/?next=…)
#   alog  302 to Wagtail's admin log-in URL, ulog  302 to Wagtail's front-end log-in URL: both are answered by
#         cop.core.views.login_redirect (the site's log-in form for visitors, a 403 for those signed in)
#   dlog  302 to the Django admin's log-in
#   home  302 to the Wagtail dashboard: Wagtail's "you do not have permission" (it says so in a message)
#   302   any other redirect           400 403 404 405 429   those statuses
#   a|b   either                       *     anything but a server error (what Wagtail grants is Wagtail's business)
ANY = "*"


def outcome(response):
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target in ("/accounts/login/", "/en/accounts/login/"):
            return "log"
        return {"/admin/login/": "alog", "/_util/login/": "ulog", "/en/_util/login/": "ulog", "/django-admin/login/": "dlog",
                "/admin/": "home"}.get(target, "302")
    if 200 <= code < 300:
        return "200"
    return str(code)


def matches(expected, actual):
    if expected == ANY:
        return not actual.startswith("5")
    return actual in expected.split("|")


def row(spec):
    """'GET for the five roles / POST for the five roles' → {("get"|"post", role): expected}."""
    get, post = (part.split() for part in spec.split("/"))
    assert len(get) == len(post) == len(ROLES), spec
    return {**{("get", r): e for r, e in zip(ROLES, get)}, **{("post", r): e for r, e in zip(ROLES, post)}}


# The table ----------------------------------------------------------------------------------------------------------
# Each entry: "GET anonymous pending member moderator editor / POST anonymous pending member moderator editor".
# A dict entry holds several cases of one pattern (e.g. a public page and a members-only page), each with its URL.

EVERYONE_OK = "200 200 200 200 200"
READ_ONLY = "200|405 200|405 200|405 200|405 200|405"  # a POST to a page that only reads is shown the page or refused
POST_ONLY = "405 405 405 405 405"
LOGGED_IN_ONLY = "log 200 200 200 200"
MEMBERS_ONLY_READING = "404 404 200 200 200"  # members-only forum content: it does not exist for the others
MODERATORS_ONLY = "log 403 403 200 403"


WAGTAIL_PAGES = r"^((?:[\w\-]+/)*)$"  # wagtail.urls: every page of the site


def saved_search_of(user):
    from cop.search.models import SavedSearch

    return SavedSearch.objects.get_or_create(user=user, key="sec-saved", defaults={"query": "безпека"})[0]


def search_gap(w):
    from cop.search.models import SearchGap

    return SearchGap.objects.get_or_create(key="sec-gap", defaults={"normalised": "прогалина", "example": "прогалина"})[0]


def case(spec, url):
    """One case of a pattern: its expectations and the URL (a function of the world) that exercises it."""
    return (spec, url)


MATRIX = {
    # Operations and language.
    "healthz": f"{EVERYONE_OK} / {READ_ONLY}",
    "favicon.ico": f"{EVERYONE_OK} / {POST_ONLY}",
    "i18n/setlang/": f"{POST_ONLY} / 302 302 302 302 302",
    # Documents: a public file for everyone; a file in a members-only collection asks the others to log in.
    r"documents/^(\d+)/(.*)$": {
        "public document": case(f"{EVERYONE_OK} / {READ_ONLY}", lambda w: w.document.url),
        "members-only document": case(f"ulog ulog 200 200 200 / ulog ulog 200|405 200|405 200|405", lambda w: w.private_document.url),
    },
    # Wagtail shows its password form for any restriction id; it reveals nothing and grants nothing.
    "documents/authenticate_with_password/<int:restriction_id>/": f"{EVERYONE_OK} / {EVERYONE_OK}",
    # The read-only API: public pages, documents and images only, whoever asks; POST is not a method it has.
    "api/v2/^pages/": f"{EVERYONE_OK} / {POST_ONLY}",
    "api/v2/^pages/<int:pk>/": {
        "public practice": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: f"/api/v2/pages/{w.practice.pk}/"),
        "members-only page": case(f"404 404 404 404 404 / {POST_ONLY}", lambda w: f"/api/v2/pages/{w.members_page.pk}/"),
        "draft": case(f"404 404 404 404 404 / {POST_ONLY}", lambda w: f"/api/v2/pages/{w.draft.pk}/"),
    },
    "api/v2/^pages/find/": {
        "a public page": case(f"302 302 302 302 302 / {POST_ONLY}", lambda w: f"/api/v2/pages/find/?html_path={w.practice.url}"),
        "a members-only page": case(f"404 404 404 404 404 / {POST_ONLY}",
                                    lambda w: f"/api/v2/pages/find/?html_path={w.members_page.url}"),
    },
    "api/v2/^documents/": f"{EVERYONE_OK} / {POST_ONLY}",
    "api/v2/^documents/<int:pk>/": {
        "public document": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: f"/api/v2/documents/{w.document.pk}/"),
        "members-only document": case(f"404 404 404 404 404 / {POST_ONLY}", lambda w: f"/api/v2/documents/{w.private_document.pk}/"),
    },
    "api/v2/^documents/find/": f"404 404 404 404 404 / {POST_ONLY}",
    "api/v2/^images/": f"{EVERYONE_OK} / {POST_ONLY}",
    "api/v2/^images/<int:pk>/": {
        "public image": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: f"/api/v2/images/{w.image.pk}/"),
        "members-only image": case(f"404 404 404 404 404 / {POST_ONLY}", lambda w: f"/api/v2/images/{w.private_image.pk}/"),
    },
    "api/v2/^images/find/": f"404 404 404 404 404 / {POST_ONLY}",
    "api/search/": {
        "a query": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/api/search/?q=безпека"),
        "no query": case(f"400 400 400 400 400 / {POST_ONLY}", lambda w: "/api/search/"),
    },
    "api/search/suggest/": {
        "a prefix": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/api/search/suggest/?q=безп"),
        "no prefix": case(f"400 400 400 400 400 / {POST_ONLY}", lambda w: "/api/search/suggest/"),
    },
    "sitemap.xml": f"{EVERYONE_OK} / {READ_ONLY}",
    # Accounts (django-allauth): signed-in people are sent on from the log-in and sign-up forms.
    "accounts/login/": "200 302 302 302 302 / 200 302 302 302 302",
    "accounts/logout/": "302 200 200 200 200 / 302 302 302 302 302",
    "accounts/inactive/": f"{EVERYONE_OK} / {POST_ONLY}",
    "accounts/signup/": "200 302 302 302 302 / 200 302 302 302 302",
    "accounts/reauthenticate/": f"{LOGGED_IN_ONLY} / {LOGGED_IN_ONLY}",
    "accounts/reauthenticate/code/": f"{LOGGED_IN_ONLY} / {LOGGED_IN_ONLY}",  # no log-in codes: sent back
    "accounts/reauthenticate/code/confirm/": "log 302 302 302 302 / log 302 302 302 302",
    "accounts/email/": f"{LOGGED_IN_ONLY} / log 302 302 302 302",
    "accounts/confirm-email/": f"{EVERYONE_OK} / {POST_ONLY}",
    "accounts/password/change/": f"{LOGGED_IN_ONLY} / {LOGGED_IN_ONLY}",
    "accounts/password/set/": "log 302 302 302 302 / log 302 302 302 302",  # they have a password: sent to change it
    "accounts/password/reset/": f"{EVERYONE_OK} / {EVERYONE_OK}",
    "accounts/login/code/confirm/": "log 302 302 302 302 / log 302 302 302 302",
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": f"{EVERYONE_OK} / 404 404 404 404 404",  # an unknown key
    "accounts/password/reset/key/done/": f"{EVERYONE_OK} / {POST_ONLY}",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": f"{EVERYONE_OK} / {EVERYONE_OK}",  # "bad link"
    "accounts/password/reset/done/": f"{EVERYONE_OK} / {POST_ONLY}",
    # Members: the directory and profiles for members; the membership queue for moderators.
    "members/": "log 403 200 200 200 / log 403 200 200 200",
    "members/me/edit/": f"{LOGGED_IN_ONLY} / {LOGGED_IN_ONLY}",
    "members/requests/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "members/requests/<int:pk>/approve/": f"{POST_ONLY} / log 403 403 302 403",
    "members/requests/<int:pk>/decline/": {
        "a pending application": case(f"{MODERATORS_ONLY} / {MODERATORS_ONLY}", lambda w: f"/members/requests/{w.pending.pk}/decline/"),
        # Finding 4: declining is for applications; it never takes an editor's roles away.
        "an editor, not an application": case("log 403 403 403 403 / log 403 403 403 403",
                                              lambda w: f"/members/requests/{w.editor.pk}/decline/"),
    },
    "members/<str:username>/": {
        "an approved member": case("log 404 200 200 200 / log 404 200 200 200", lambda w: f"/members/{w.author.username}/"),
        "a pending applicant": case("log 200 404 200 404 / log 200 404 200 404", lambda w: f"/members/{w.pending.username}/"),
    },
    # Roles: moderators may take Member away from plain members; Moderator and Editor only superusers and user
    # administrators (Wagtail's user editor), so a moderator sees the page but cannot remove an editor's role.
    "members/<str:username>/roles/": {
        "a plain member": case(f"{MODERATORS_ONLY} / {MODERATORS_ONLY}", lambda w: f"/members/{w.author.username}/roles/"),
        "an editor": case(f"{MODERATORS_ONLY} / {MODERATORS_ONLY}", lambda w: f"/members/{w.editor.username}/roles/"),
    },
    "members/<str:username>/roles/<slug:role>/remove/": {
        # An empty POST is the form with its errors (200): the permission check passed.
        "Member of a plain member": case(f"{POST_ONLY} / log 403 403 200 403",
                                         lambda w: f"/members/{w.author.username}/roles/member/remove/"),
        "Editor of an editor": case(f"{POST_ONLY} / log 403 403 403 403",
                                    lambda w: f"/members/{w.editor.username}/roles/editor/remove/"),
        "Moderator of another moderator": case(f"{POST_ONLY} / log 403 403 403 403",
                                               lambda w: f"/members/{w.other_moderator.username}/roles/moderator/remove/"),
    },
    # Forum reading: public categories for everyone, members-only ones do not exist for the others.
    "forum/": f"{EVERYONE_OK} / {READ_ONLY}",
    "forum/c/<str:slug>/": {
        "public category": case(f"{EVERYONE_OK} / {READ_ONLY}", lambda w: w.category.get_absolute_url()),
        "members-only category": case(f"{MEMBERS_ONLY_READING} / 404 404 200|405 200|405 200|405",
                                      lambda w: w.closed_category.get_absolute_url()),
    },
    "forum/t/<int:pk>/": {
        "public topic": case(f"{EVERYONE_OK} / {READ_ONLY}", lambda w: w.topic.get_absolute_url()),
        "members-only topic": case(f"{MEMBERS_ONLY_READING} / 404 404 200|405 200|405 200|405",
                                   lambda w: w.closed_topic.get_absolute_url()),
    },
    "forum/p/<int:pk>/": {
        "public post": case("302 302 302 302 302 / 302 302 302 302 302", lambda w: w.post.get_absolute_url()),
        "members-only post": case("404 404 302 302 302 / 404 404 302 302 302", lambda w: w.closed_post.get_absolute_url()),
    },
    # Finding 12: anonymous visitors are sent to log in, like on every other members' page.
    "forum/p/<int:pk>/history/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    # Forum writing: approved members; a pending applicant is told why not (403).
    "forum/c/<str:slug>/new/": {
        "public category": case("log 403 200 200 200 / log 403 200 200 200", lambda w: f"/forum/c/{w.category.slug}/new/"),
        "members-only category": case("404 404 200 200 200 / 404 404 200 200 200",
                                      lambda w: f"/forum/c/{w.closed_category.slug}/new/"),
    },
    "forum/t/<int:pk>/reply/": {
        "public topic": case("log 403 200 200 200 / log 403 200 200 200", lambda w: f"/forum/t/{w.topic.pk}/reply/"),
        "members-only topic": case("404 404 200 200 200 / 404 404 200 200 200", lambda w: f"/forum/t/{w.closed_topic.pk}/reply/"),
    },
    # Only the author (sec-author, none of the five) and moderators edit a post.
    "forum/p/<int:pk>/edit/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "forum/p/<int:pk>/helpful/": f"{POST_ONLY} / log 403 302 302 302",
    "forum/p/<int:pk>/accept/": f"{POST_ONLY} / log 403 403 302 403",
    "forum/t/<int:pk>/unaccept/": f"{POST_ONLY} / log 403 403 302 403",
    "forum/t/<int:pk>/watch/": f"{POST_ONLY} / log 403 302 302 302",
    "forum/c/<str:slug>/watch/": f"{POST_ONLY} / log 403 302 302 302",
    "forum/practice/<int:page_id>/discuss/": {
        "a practice with a discussion": case("302 302 302 302 302 / 302 302 302 302 302",
                                             lambda w: f"/forum/practice/{w.practice.pk}/discuss/"),
        "a practice without one": case("log 403 200 200 200 / log 403 200 200 200",
                                       lambda w: f"/forum/practice/{w.undiscussed.pk}/discuss/"),
        "a members-only page": case("404 404 404 404 404 / 404 404 404 404 404",
                                    lambda w: f"/forum/practice/{w.members_page.pk}/discuss/"),
    },
    "forum/p/<int:pk>/flag/": "log 403 200 200 200 / log 403 200 200 200",
    # Moderation: anonymous visitors log in first, whatever the method, before anything is looked up.
    "forum/moderation/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "forum/moderation/log/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    # The moderators' desk and the review of shared practices (curation). An empty POST of a comment or a reason
    # is the form with its errors (200): the permission check passed; an approval needs no comment (302).
    "moderation/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "moderation/submissions/<int:pk>/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "moderation/submissions/<int:pk>/approve/": f"{POST_ONLY} / log 403 403 302 403",
    "moderation/submissions/<int:pk>/request-changes/": f"{POST_ONLY} / log 403 403 200 403",
    "moderation/submissions/<int:pk>/reject/": f"{POST_ONLY} / log 403 403 200 403",
    # Sharing a practice: approved members (an empty POST is the form with its errors). A submission is its
    # author's (sec-author, none of the five): it does not exist for the others; moderators may preview it.
    "curation/share/": "log 403 200 200 200 / log 403 200 200 200",
    "curation/submissions/<int:pk>/": "log 404 404 404 404 / log 404 404 404 404",
    "curation/submissions/<int:pk>/edit/": "log 404 404 404 404 / log 404 404 404 404",
    "curation/submissions/<int:pk>/withdraw/": "log 404 404 404 404 / log 404 404 404 404",
    "curation/submissions/<int:pk>/preview/": "log 404 404 200 404 / log 404 404 200 404",
    # Promoting a discussion into the library: the preview for moderators; their POST makes the draft (302).
    "moderation/promote/<int:pk>/": f"{MODERATORS_ONLY} / log 403 403 302 403",
    # Tag curation: an empty POST is a form error for moderators (400), a refusal for everyone else.
    "moderation/tags/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "moderation/tags/<int:pk>/": f"{MODERATORS_ONLY} / log 403 403 400 403",
    "moderation/tags/<int:pk>/merge/": f"{POST_ONLY} / log 403 403 400 403",
    # Withdrawing a "verified official" mark: the form for moderators; an empty POST lacks the reason (400).
    "moderation/officials/<str:username>/withdraw/": f"{MODERATORS_ONLY} / log 403 403 400 403",
    "forum/p/<int:pk>/hide/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    "forum/p/<int:pk>/restore/": f"{POST_ONLY} / log 403 403 302 403",
    # The flag is the member's own (they may see it, not dismiss it); it does not exist for the others.
    "forum/flags/<int:pk>/dismiss/": f"{POST_ONLY} / log 404 403 302 404",
    "forum/t/<int:pk>/lock/": f"{POST_ONLY} / log 403 403 302 403",
    "forum/t/<int:pk>/pin/": f"{POST_ONLY} / log 403 403 302 403",
    "forum/t/<int:pk>/move/": f"{MODERATORS_ONLY} / {MODERATORS_ONLY}",
    # A pending applicant's view of a member's profile is a 404, so is the suspension form.
    "forum/members/<str:username>/suspend/": {
        "a member": case("log 404 403 200 403 / log 404 403 200 403", lambda w: f"/forum/members/{w.author.username}/suspend/"),
        "another moderator": case("log 404 403 403 403 / log 404 403 403 403",
                                  lambda w: f"/forum/members/{w.other_moderator.username}/suspend/"),
    },
    "forum/members/<str:username>/reinstate/": f"{POST_ONLY} / log 404 403 302 403",
    # Notifications: one's own list; someone else's notification does not exist.
    "forum/notifications/": f"{LOGGED_IN_ONLY} / {LOGGED_IN_ONLY}",
    "forum/notifications/<int:pk>/": "log 404 302 404 404 / log 404 302 404 404",
    "forum/notifications/read-all/": f"{POST_ONLY} / log 302 302 302 302",
    "search/": {
        "a query": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/search/?q=безпека"),
        "the empty form": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/search/"),
    },
    # Saved searches: approved members' own (an empty POST is the form with its error, 400); another's is a 404.
    "search/saved/": "log 403 200 200 200 / log 403 400 400 400",
    "search/saved/<int:pk>/delete/": {
        "the member's saved search": case(f"{POST_ONLY} / log 403 302 404 404",
                                          lambda w: f"/search/saved/{saved_search_of(w.member).pk}/delete/"),
    },
    # Similar discussions and practices while writing: everyone (permission-aware), read-only; nothing typed is
    # an empty fragment, not an error.
    "search/similar/": {
        "a text": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/search/similar/?title=безпека громади&body=вибори"),
        "as JSON": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/search/similar/?title=безпека громади&format=json"),
        "nothing typed": case(f"{EVERYONE_OK} / {POST_ONLY}", lambda w: "/search/similar/"),
    },
    # Searches that found nothing: for moderators (who searched is never recorded).
    "search/gaps/": f"{MODERATORS_ONLY} / {POST_ONLY}",
    "search/gaps/<int:pk>/handle/": {
        "a search gap": case(f"{POST_ONLY} / log 403 403 302 403", lambda w: f"/search/gaps/{search_gap(w).pk}/handle/"),
    },
    "feeds/practices/rss/": f"{EVERYONE_OK} / {READ_ONLY}",
    "feeds/practices/atom/": f"{EVERYONE_OK} / {READ_ONLY}",
    "feeds/themes/<slug:theme_slug>/rss/": f"{EVERYONE_OK} / {READ_ONLY}",
    "feeds/themes/<slug:theme_slug>/atom/": f"{EVERYONE_OK} / {READ_ONLY}",
    # Wagtail's password form for page restrictions (ours are by group: it grants nothing) and its own log-in form.
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": f"{EVERYONE_OK} / {EVERYONE_OK}",
    # Wagtail's own front-end log-in form: see test_no_log_in_form_lets_in_an_account_the_sites_form_refuses.
    # Wagtail's own log-in forms send everyone to the site's (e-mail confirmation, rate limits).
    "_util/login/": "log 403 403 403 403 / log 403 403 403 403",
    # Wagtail pages: privacy by group; a draft does not exist for anyone outside the admin. Whoever may not see a
    # restricted page or document is sent to the site's log-in form (allauth), not Wagtail's own bare one
    # (WAGTAIL_FRONTEND_LOGIN_URL): see test_no_log_in_form_lets_in_an_account_the_sites_form_refuses.
    WAGTAIL_PAGES: {
        "home": case(f"{EVERYONE_OK} / {EVERYONE_OK}", lambda w: "/"),
        "public practice": case(f"{EVERYONE_OK} / {EVERYONE_OK}", lambda w: w.practice.url),
        "members-only page": case("ulog ulog 200 200 200 / ulog ulog 200 200 200", lambda w: w.members_page.url),
        "moderators-only page": case("ulog ulog ulog 200 ulog / ulog ulog ulog 200 ulog", lambda w: w.moderators_page.url),
        "draft": case("404 404 404 404 404 / 404 404 404 404 404", lambda w: f"{w.library.url}{w.draft.slug}/"),
    },
}

# Anonymous visitors, pending applicants and members: sent to log in (Wagtail's admin form, or the site's one if
# WAGTAILADMIN_LOGIN_URL points there), never into the admin.
NO_ADMIN = "alog|log alog|log alog|log"  # /admin/login/ itself redirects to the site's log-in form
DENIED = "home|404|405"  # Wagtail refuses (a 404 or 405 before its check grants nothing either)

# Wagtail's own admin (and Django's), by route prefix: the longest matching prefix wins; an exact entry in
# ADMIN_EXACT wins over every prefix. What Wagtail grants editors and moderators is Wagtail's business ("*": no
# server error), except where giving it would let them reach people, roles, sites or privacy.
ADMIN_RULES = {
    # Failed background tasks (Reports): superusers and holders of cop_tasks.view_failedtask only.
    "admin/failed-tasks/": f"{NO_ADMIN} home home / {NO_ADMIN} home home",
    "admin/": f"{NO_ADMIN} * * / {NO_ADMIN} * *",
    # People, roles and the site's structure: superusers only.
    "admin/users/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/groups/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/sites/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/locales/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/redirects/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/snippets/places/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    # Collections carry document privacy; workflows decide who approves what.
    "admin/collections/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/workflows/": f"{NO_ADMIN} {DENIED} {DENIED} / {NO_ADMIN} {DENIED} {DENIED}",
    "admin/workflows/task_chooser/": f"{NO_ADMIN} * * / {NO_ADMIN} * *",  # the page editor's list of tasks
    # Forum categories: moderators manage them (forum migration 0002); editors do not.
    "admin/snippets/forum/category/": f"{NO_ADMIN} * {DENIED} / {NO_ADMIN} * {DENIED}",
    # Wagtail's password reset is switched off (WAGTAIL_PASSWORD_RESET_ENABLED): accounts reset through allauth.
    "admin/password_reset/": "404 404 404 404 404 / 404 404 404 404 404",
    # Nobody in the five roles is staff: the Django admin is for superusers.
    "django-admin/": "dlog dlog dlog dlog dlog / dlog dlog dlog dlog dlog",
}

# Wagtail raises (500) on a form POST without the management fields its forms always send (a StreamField's
# "body-count", the copy form's "new_parent_page"): a crafted request, never a browser's. Left to Wagtail.
WAGTAIL_500_ON_A_BARE_POST = "500 500"

ADMIN_EXACT = {
    "admin/login/": "log 403 403 home home / log 403 403 home home",
    "django-admin/login/": f"{EVERYONE_OK} / {EVERYONE_OK}",
    "django-admin/logout/": "302 302 302 302 302 / 302 302 302 302 302",
    "admin/logout/": f"{NO_ADMIN} 405 405 / {NO_ADMIN} alog alog",  # logged out, then to the site's log-in form
    "admin/sprite/": f"{EVERYONE_OK} / {READ_ONLY}",
    "admin/jsi18n/": f"{EVERYONE_OK} / {POST_ONLY}",
    "admin/failwhale/": f"{NO_ADMIN} 500 500 / {NO_ADMIN} 500 500",  # Wagtail's deliberate test of the 500 page
    # Page privacy, deleting, unpublishing, moving and locking need Wagtail's publish and lock permissions:
    # moderators have them, editors do not.
    "admin/pages/<int:page_id>/privacy/": f"{NO_ADMIN} 200 home / {NO_ADMIN} 200 home",
    "admin/pages/<int:page_id>/delete/": f"{NO_ADMIN} 200 home / {NO_ADMIN} 302 home",
    "admin/pages/<int:page_id>/unpublish/": f"{NO_ADMIN} 200 home / {NO_ADMIN} 302 home",
    "admin/pages/<int:page_to_move_id>/move/": f"{NO_ADMIN} 200 home / {NO_ADMIN} 200 home",
    "admin/pages/<int:page_id>/lock/": f"{NO_ADMIN} 405 405 / {NO_ADMIN} 302 home",
    "admin/pages/<int:page_id>/unlock/": f"{NO_ADMIN} 405 405 / {NO_ADMIN} 302 home",
    # Approving in the "Moderator approval" workflow is the moderators' task.
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": f"{NO_ADMIN} 200 home / {NO_ADMIN} 302 home",
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/":
        f"{NO_ADMIN} 200 200 / {NO_ADMIN} {WAGTAIL_500_ON_A_BARE_POST}",
    "admin/pages/<int:page_id>/edit/": f"{NO_ADMIN} 200 200 / {NO_ADMIN} {WAGTAIL_500_ON_A_BARE_POST}",
    "admin/pages/<int:page_id>/copy/": f"{NO_ADMIN} 200 200 / {NO_ADMIN} {WAGTAIL_500_ON_A_BARE_POST}",
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": f"{NO_ADMIN} 200 200 / {NO_ADMIN} {WAGTAIL_500_ON_A_BARE_POST}",
    "admin/choose-external-link/": f"{NO_ADMIN} 200 200 / {NO_ADMIN} {WAGTAIL_500_ON_A_BARE_POST}",
    # Wagtail's chooser "create" form raises on an empty POST for any snippet (the oblast one too, as superuser).
    "admin/snippets/choose/forum/category/create/": f"{NO_ADMIN} 200 {DENIED} / {NO_ADMIN} 500 {DENIED}",
}


# Walking the resolver ---------------------------------------------------------------------------------------------


class Pattern:
    """One URL pattern: its route as written (the table's key), whether it lives under the language prefix, and
    how to build a URL for it."""

    def __init__(self, parts, pattern):
        self.pattern = pattern
        self.i18n = any(isinstance(p, LocalePrefixPattern) for p in parts)
        parts = [p for p in parts if not isinstance(p, LocalePrefixPattern)] + [pattern.pattern]
        self.route = "".join(str(p) for p in parts)
        self.literal = []  # the route with regex anchors dropped, or None when it needs a hand-written URL
        for part in parts:
            text = str(part)
            if isinstance(part, RegexPattern):
                text = text.removeprefix("^").removesuffix("$")
                if re.search(r"[\\()\[\]*+?.|{}]", text):
                    self.literal = None
                    break
            self.literal.append(text)
        if self.literal is not None:
            self.literal = "".join(self.literal)

    def __repr__(self):
        return self.route


def walk(resolver=None, parts=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, (*parts, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Pattern(parts, entry)


with translation.override("uk"):
    PATTERNS = list(walk())


# Filling URL arguments from real objects ------------------------------------------------------------------------

# What an argument means where it appears: (route prefix, {argument: object}); the longest prefix wins.
AREA_ARGUMENTS = [
    ("admin/failed-tasks/", {"pk": lambda w: 999999}),
    ("django-admin/post_office/", {"object_id": lambda w: 999999, "pk": lambda w: 999999}),
    ("forum/t/", {"pk": lambda w: w.topic.pk}),
    ("forum/p/", {"pk": lambda w: w.post.pk}),
    ("forum/flags/", {"pk": lambda w: w.flag.pk}),
    ("forum/notifications/", {"pk": lambda w: w.notification.pk}),
    ("members/requests/", {"pk": lambda w: w.pending.pk}),
    ("moderation/promote/", {"pk": lambda w: w.topic.pk}),
    ("moderation/tags/", {"pk": lambda w: w.tag.pk}),
    ("moderation/submissions/", {"pk": lambda w: w.submission_in_review.pk}),
    ("curation/submissions/", {"pk": lambda w: w.submission_in_review.pk}),
    ("api/v2/^pages/", {"pk": lambda w: w.practice.pk}),
    ("api/v2/^documents/", {"pk": lambda w: w.document.pk}),
    ("api/v2/^images/", {"pk": lambda w: w.image.pk}),
    ("admin/api/main/^pages/", {"pk": lambda w: w.practice.pk, "action_name": lambda w: "copy"}),
    ("admin/api/main/^documents/", {"pk": lambda w: w.document.pk}),
    ("admin/api/main/^images/", {"pk": lambda w: w.image.pk}),
    ("admin/pages/workflow/", {"page_id": lambda w: w.in_review.pk, "action_name": lambda w: "approve"}),
    ("admin/collections/", {"pk": lambda w: w.private_collection.pk}),
    ("admin/workflows/", {"pk": lambda w: w.workflow.pk, "page_pk": lambda w: w.library.pk}),
    ("admin/workflows/tasks/", {"pk": lambda w: w.task.pk}),
    ("admin/snippets/places/oblast/", {"pk": lambda w: w.oblast.pk}),
    ("admin/snippets/choose/places/oblast/", {"pk": lambda w: w.oblast.pk}),
    ("admin/snippets/places/hromada/", {"pk": lambda w: w.hromada.pk}),
    ("admin/snippets/choose/places/hromada/", {"pk": lambda w: w.hromada.pk}),
    ("admin/snippets/forum/category/", {"pk": lambda w: w.category.pk}),
    ("admin/snippets/choose/forum/category/", {"pk": lambda w: w.category.pk}),
    ("admin/sites/", {"pk": lambda w: w.site.pk}),
    ("admin/users/", {"pk": lambda w: w.member.pk}),
    ("admin/groups/", {"pk": lambda w: w.group.pk}),
    ("admin/locales/", {"pk": lambda w: w.locale.pk}),
    ("admin/documents/chooser/", {"pk": lambda w: w.document.pk}),
    ("admin/images/chooser/", {"pk": lambda w: w.image.pk}),
    ("admin/bulk/", {"app_label": lambda w: "wagtailcore", "model_name": lambda w: "page", "action": lambda w: "publish"}),
    ("admin/tag-autocomplete/", {"app_name": lambda w: "knowledge", "model_name": lambda w: "practicepagetag"}),
    ("admin/editing-sessions/", {"app_label": lambda w: "wagtailcore", "model_name": lambda w: "page",
                                 "object_id": lambda w: str(w.practice.pk)}),
    ("admin/translation/submit/snippet/", {"app_label": lambda w: "places", "model_name": lambda w: "oblast",
                                           "pk": lambda w: str(w.oblast.pk)}),
    ("admin/settings/", {"app_name": lambda w: "wagtailcore", "model_name": lambda w: "site", "pk": lambda w: w.site.pk}),
    ("django-admin/auth/group/", {"object_id": lambda w: w.group.pk}),
    ("django-admin/members/user/", {"object_id": lambda w: w.member.pk, "id": lambda w: w.member.pk}),
    ("django-admin/wagtaildocs/document/", {"object_id": lambda w: w.document.pk}),
    ("django-admin/wagtailimages/image/", {"object_id": lambda w: w.image.pk}),
    ("django-admin/taggit/tag/", {"object_id": lambda w: w.tag.pk}),
    ("django-admin/account/emailaddress/", {"object_id": lambda w: w.member.emailaddress_set.get().pk}),
    ("django-admin/r/", {"content_type_id": lambda w: w.user_type.pk, "object_id": lambda w: w.member.pk}),
    ("_util/authenticate_with_password/", {"page_id": lambda w: w.members_page.pk}),
]
AREA_ARGUMENTS.sort(key=lambda area: -len(area[0]))

DEFAULT_ARGUMENTS = {
    "page_id": lambda w: w.practice.pk,
    "parent_page_id": lambda w: w.library.pk,
    "page_to_move_id": lambda w: w.practice.pk,
    "destination_id": lambda w: w.library.pk,
    "revision_id": lambda w: w.revision.pk,
    "image_id": lambda w: w.image.pk,
    "document_id": lambda w: w.document.pk,
    "doc_id": lambda w: w.document.pk,
    "task_state_id": lambda w: w.task_state.pk,
    "task_id": lambda w: w.task.pk,
    "workflow_state_id": lambda w: w.workflow_state.pk,
    "workflow_pk": lambda w: w.workflow.pk,
    "redirect_id": lambda w: w.redirect.pk,
    "collection_id": lambda w: w.private_collection.pk,
    "restriction_id": lambda w: w.collection_restriction.pk,
    "page_view_restriction_id": lambda w: w.restriction.pk,
    "username": lambda w: w.author.username,
    "slug": lambda w: w.category.slug,
    "theme_slug": lambda w: w.theme.slug,
    "content_type_app_name": lambda w: "knowledge",
    "content_type_model_name": lambda w: "practicepage",
    "app_label": lambda w: "knowledge",
    "model_name": lambda w: "practicepage",
    "filter_spec": lambda w: "fill-4x4",
    # Things the world has none of: an id that matches nothing, so the view runs and answers for "not found".
    "session_id": lambda w: 999999,
    "uploaded_file_id": lambda w: 999999,
    "uidb64": lambda w: "MA",
    "token": lambda w: "set-password",
}

# Regex patterns that cannot be filled mechanically: their URL (language prefix added where it applies).
REGEX_URLS = {
    "django-admin/^(?P<app_label>auth|members|wagtaildocs|wagtailimages|taggit|post_office|account)/$": lambda w: "/django-admin/auth/",
    r"django-admin/post_office/email/^(?P<pk>\d+)/image/(?P<content_id>[0-9a-f]{32})$":
        lambda w: "/django-admin/post_office/email/999999/image/" + "0" * 32,
    "django-admin/(?P<url>.*)$": lambda w: "/django-admin/no-such-area/",
    r"admin/pages/^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$":
        lambda w: f"/admin/pages/{w.practice.pk}/revisions/compare/earliest...latest/",
    "admin/^.*/$": lambda w: "/admin/no-such-area/",
    r"documents/^(\d+)/(.*)$": lambda w: f"/documents/{w.document.pk}/{w.document.filename}",
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": lambda w: "/accounts/confirm-email/no-such-key/",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": lambda w: "/accounts/password/reset/key/1-no-such-key/",
    WAGTAIL_PAGES: lambda w: "/",
}


def argument(route, name, w):
    for prefix, names in AREA_ARGUMENTS:
        if route.startswith(prefix) and name in names:
            return names[name](w)
    if name not in DEFAULT_ARGUMENTS:
        raise LookupError(f"{route}: no value for the URL argument <{name}>: add one to AREA_ARGUMENTS or DEFAULT_ARGUMENTS")
    return DEFAULT_ARGUMENTS[name](w)


def url_of(pattern, w):
    """A URL that resolves to the pattern, with its arguments taken from the world."""
    if pattern.literal is None:
        if pattern.route not in REGEX_URLS:
            raise LookupError(f"{pattern.route}: a regex pattern needs its URL in REGEX_URLS")
        return REGEX_URLS[pattern.route](w)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(argument(pattern.route, m.group(1), w)), pattern.literal)


# The tests ------------------------------------------------------------------------------------------------------


def entry_for(route):
    """The one table entry that covers a route (exact, else the longest admin prefix); None when there is none."""
    exact = [table for table in (MATRIX, ADMIN_EXACT) if route in table]
    assert len(exact) <= 1, f"{route} has entries in both MATRIX and ADMIN_EXACT: keep one"
    if exact:
        return exact[0][route]
    prefixes = [prefix for prefix in ADMIN_RULES if route.startswith(prefix)]
    return ADMIN_RULES[max(prefixes, key=len)] if prefixes else None


def cases_of(entry):
    """[(label, spec, url function or None)] of a table entry."""
    if isinstance(entry, dict):
        return [(label, spec, url) for label, (spec, url) in entry.items()]
    return [("", entry, None)]


def target_of(pattern, url, w):
    """The URL of a case, written as in Ukrainian (the default language, no prefix) whatever ran before."""
    with translation.override("uk"):
        return url(w) if url else url_of(pattern, w)


def answers(w, url, methods=("get", "post")):
    return {(method, role): outcome(w.clients.request(role, method, url)) for method in methods for role in ROLES}


def as_row(observed):
    get = " ".join(observed[("get", role)] for role in ROLES)
    post = " ".join(observed.get(("post", role), "-") for role in ROLES)
    return f"{get} / {post}"


def mismatches(expected, observed):
    return [
        f"{method.upper()} as {role}: expected {expected[(method, role)]}, got {actual}"
        for (method, role), actual in observed.items() if not matches(expected[(method, role)], actual)
    ]


@pytest.mark.parametrize("pattern", PATTERNS, ids=repr)
def test_each_role_gets_what_the_matrix_says(world, pattern):
    entry = entry_for(pattern.route)
    if entry is None:
        pytest.fail(f"the URL pattern {pattern.route!r} has no entry in MATRIX: decide who may do what there. "
                    f"Today it answers {as_row(answers(world, url_of(pattern, world)))!r}")
    problems = []
    for label, spec, url in cases_of(entry):
        target = target_of(pattern, url, world)
        problems += [f"{target} ({label or 'the pattern'}): {problem}" for problem in mismatches(row(spec), answers(world, target))]
    assert not problems, f"{pattern.route}:\n" + "\n".join(problems)


I18N_PATTERNS = [p for p in PATTERNS if p.i18n and p.route != WAGTAIL_PAGES]  # pages have their own paths


@pytest.mark.parametrize("pattern", I18N_PATTERNS, ids=repr)
def test_the_english_urls_answer_like_the_ukrainian_ones(world, pattern):
    """/en/… runs the same views: the same outcomes, and log-in redirects stay in English."""
    problems = []
    for label, spec, url in cases_of(entry_for(pattern.route) or "* * * * * / * * * * *"):
        target = "/en" + target_of(pattern, url, world)
        observed = {}
        for role in ROLES:
            response = world.clients.request(role, "get", target)
            observed[("get", role)] = outcome(response)
            if observed[("get", role)] == "log":
                assert response["Location"].startswith("/en/accounts/login/"), f"{target}: {response['Location']}"
        problems += [f"{target}: {problem}" for problem in mismatches(row(spec), observed)]
    assert not problems, "\n".join(problems)


def test_every_table_entry_names_a_pattern_that_exists():
    routes = {p.route for p in PATTERNS}
    stale = [route for table in (MATRIX, ADMIN_EXACT, REGEX_URLS) for route in table if route not in routes]
    stale += [prefix for prefix in ADMIN_RULES if not any(route.startswith(prefix) for route in routes)]
    assert not stale, f"entries for patterns that no longer exist: {stale}"


def test_the_walk_covers_every_part_of_the_site():
    """Guards the walker itself: if it stopped descending into includes, the matrix would check little."""
    routes = {p.route for p in PATTERNS}
    for expected in ("admin/pages/<int:page_id>/edit/", "django-admin/members/user/", "accounts/login/", "api/v2/^pages/",
                     "documents/authenticate_with_password/<int:restriction_id>/", "sitemap.xml", "forum/t/<int:pk>/",
                     "members/requests/<int:pk>/decline/", "search/", WAGTAIL_PAGES):
        assert expected in routes
    assert len(PATTERNS) > 300


# CSRF: state changes need the token ------------------------------------------------------------------------------

# Django REST framework's views are exempt from Django's check: ours are read-only (POST is 405), and the admin's
# API checks the token itself for signed-in users (DRF's SessionAuthentication).
CSRF_EXEMPT = {p.route for p in PATTERNS if p.route.startswith(("api/v2/", "admin/api/main/"))}


def test_only_the_read_only_apis_are_exempt_from_csrf():
    exempt = {p.route for p in PATTERNS if getattr(p.pattern.callback, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT, f"unexpected CSRF-exempt views: {sorted(exempt - CSRF_EXEMPT)}"


def test_a_post_without_the_csrf_token_is_refused_everywhere(world):
    """As a moderator (who may change the most outside the admin, and uses the admin): every POST without a token
    is refused before any view runs, or, for the exempt APIs, by the API itself."""
    problems = []
    for pattern in PATTERNS:
        for _label, _spec, url in cases_of(entry_for(pattern.route) or "-"):
            target = target_of(pattern, url, world)
            response = world.clients.request("moderator", "post", target, csrf=False)
            if pattern.route in CSRF_EXEMPT:
                refused = response.status_code in (403, 405)
            else:
                refused = response.status_code == 403 and b"CSRF" in response.content
            if not refused:
                problems.append(f"{target}: {response.status_code}")
    assert not problems, "POST without a CSRF token not refused:\n" + "\n".join(problems)


# Logging in: one door ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/_util/login/"])
def test_no_log_in_form_lets_in_an_account_the_sites_form_refuses(client, url):
    """Sign-up confirms the e-mail address before the account can log in (allauth, ACCOUNT_EMAIL_VERIFICATION);
    Wagtail's admin and front-end log-in forms (Django's, by username or e-mail) must not be a way around that,
    nor around allauth's failed-log-in rate limit: they send people to the site's form or refuse."""
    from allauth.account.models import EmailAddress

    from .conftest import PASSWORD, make_user

    applicant = make_user("unconfirmed", groups=["Member", "Editor"])
    EmailAddress.objects.filter(user=applicant).update(verified=False)
    for login in (applicant.email, applicant.username):
        client.post(url, {"login": login, "username": login, "password": PASSWORD})
        assert "_auth_user_id" not in client.session, f"{url} logged in {login!r}, whose e-mail is not confirmed"
