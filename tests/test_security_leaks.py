"""Leak matrix: each kind of restricted thing × each surface that could show it → invisible to every role that
may not read it, visible to those who may (or, where nobody may, the surface shows a public control), so no test
can pass by showing nothing.

Restricted things carry unique marker words in their titles and bodies (and pages their URL), and no response
body may contain the marker of a thing its reader may not see. Search is checked against the embedded index
always, and against the OpenSearch node of SEARCH_TEST_OPENSEARCH_URL when it is set (tests/search_contract.py).
Changes made after indexing (a category switched to members-only, page privacy changed in the Wagtail admin) and
what reaches people by notification, e-mail and the daily digest are tested with data of their own.
"""

import datetime
import json
import uuid
from contextlib import contextmanager, nullcontext
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cop.members.models import User
from forum import services
from forum.models import Category, Watch

from .conftest import make_user
from .curation_support import (
    IN_REVIEW, LEAK_MARKERS, SUBMITTED_DRAFT, SUBMITTED_FILE, add_leak_submissions, moderators_desk, submission_pages,
    submission_preview,
)
from .knowledge_factories import library, make_practice, make_theme
from .promotion_leaks import LEAK_MARKERS as PROMOTION_MARKERS, PROMOTED_DRAFT, add_leak_promotion, promoted_pages
from .search_contract import engine_url_or_skip
from .security_fixtures import (
    ROLES,
    RoleClients,
    make_document,
    make_image,
    restrict_page,
    restricted_collection,
    shared_data,
)

pytestmark = pytest.mark.django_db

SHARED = "lk0spilne"  # in every thing below: one search for it shows everything a role may find

# Markers: none is part of another, so finding one never means finding another.
PUBLIC_PAGE = "lk1vidkryta"
MEMBERS_PAGE = "lk2uchasnyky"
MODERATORS_PAGE = "lk3moderatory"
DRAFT = "lk4chernetka"
LIVE = "lk5opublikovana"
UNPUBLISHED = "lk6neopublikovana"
PUBLIC_TOPIC = "lk7vidkrytatema"
MEMBERS_CATEGORY = "lk8zakrytarubryka"
MEMBERS_TOPIC = "lk9zakrytatema"
MEMBERS_REPLY = "lkazakrytavidpovid"
HIDDEN = "lkbprykhovana"
HELD = "lkczatrymana"
PUBLIC_DOCUMENT = "lkdposibnyk"
PRIVATE_DOCUMENT = "lkevnutrishnij"
PUBLIC_IMAGE = "lkffoto"
PRIVATE_IMAGE = "lkgvnutrfoto"
MEMBERS_TAG = "lkhtehuchasnykiv"
MARKERS = [SHARED, PUBLIC_PAGE, MEMBERS_PAGE, MODERATORS_PAGE, DRAFT, LIVE, UNPUBLISHED, PUBLIC_TOPIC, MEMBERS_CATEGORY,
           MEMBERS_TOPIC, MEMBERS_REPLY, HIDDEN, HELD, PUBLIC_DOCUMENT, PRIVATE_DOCUMENT, PUBLIC_IMAGE, PRIVATE_IMAGE,
           MEMBERS_TAG]
MARKERS += LEAK_MARKERS  # practices shared by members (curation)
MARKERS += PROMOTION_MARKERS  # a discussion promoted into a draft practice (curation)
assert not [(a, b) for a in MARKERS for b in MARKERS if a != b and a in b]

MEMBERS = ("member", "moderator", "editor")
NOBODY = ()


def build_leaks():
    """One of each restricted thing, next to public controls of the same kind."""
    from knowledge.models import EventIndexPage, EventMaterial, EventPage, ResourceDownload, ResourceIndexPage, ResourcePage

    w = SimpleNamespace()
    w.pending = make_user("lk-pending", status=User.Status.PENDING)
    w.member = make_user("lk-member", groups=["Member"])
    w.moderator = make_user("lk-moderator", groups=["Member", "Moderator"])
    w.editor = make_user("lk-editor", groups=["Member", "Editor"])
    w.author = make_user("lk-author", groups=["Member"])
    w.newcomer = make_user("lk-newcomer", groups=["Member"])
    w.users = {"pending": w.pending, "member": w.member, "moderator": w.moderator, "editor": w.editor}

    w.theme = make_theme(f"Безпека {SHARED}", slug="bezpeka-lk")

    def practice(title, slug, **kw):
        return make_practice(f"{title} {SHARED}", slug=slug, themes=[w.theme], summary=f"{title}: {SHARED}.",
                             body=[("paragraph", f"<p>{title} {SHARED}</p>")], **kw)

    w.public_page = practice(f"Відкрита практика {PUBLIC_PAGE}", "vidkryta-lk", tags=["безпека"])
    w.members_page = practice(f"Настанови {MEMBERS_PAGE}", "nastanovy-lk", tags=[MEMBERS_TAG])
    restrict_page(w.members_page, "Member")
    w.moderators_page = practice(f"Для модераторів {MODERATORS_PAGE}", "dlia-moderatoriv-lk", tags=[MEMBERS_TAG])
    restrict_page(w.moderators_page, "Moderator")
    w.draft = practice(f"Чернетка {DRAFT}", "chernetka-lk", publish=False, tags=[MEMBERS_TAG])
    w.live_page = practice(f"Опублікована {LIVE}", "opublikovana-lk")
    w.live_page.title = f"Змінена {UNPUBLISHED} {SHARED}"
    w.live_page.summary = f"{UNPUBLISHED} {SHARED}"
    w.live_page.save_revision(user=w.editor)  # draft changes of a live page, not published

    collection = restricted_collection("Для учасників (витоки)", "Member")
    w.public_document = make_document(f"Посібник {PUBLIC_DOCUMENT}")
    w.private_document = make_document(f"Документ {PRIVATE_DOCUMENT}", collection)
    w.public_image = make_image(f"Фото {PUBLIC_IMAGE}")
    w.private_image = make_image(f"Фото {PRIVATE_IMAGE}", collection)
    resources = ResourceIndexPage.objects.get(locale__language_code="uk")
    w.resource = ResourcePage(title=f"Ресурс {SHARED}", slug="resurs-lk", summary=f"Ресурс {SHARED}.", locale=resources.locale)
    resources.add_child(instance=w.resource)
    ResourceDownload.objects.create(page=w.resource, document=w.public_document, sort_order=0)
    ResourceDownload.objects.create(page=w.resource, document=w.private_document, sort_order=1)
    w.resource.save_revision().publish()
    events = EventIndexPage.objects.get(locale__language_code="uk")
    w.event = EventPage(title=f"Семінар {SHARED}", slug="seminar-lk", summary=f"Семінар {SHARED}.", locale=events.locale,
                        start=timezone.now() + datetime.timedelta(days=7))
    events.add_child(instance=w.event)
    EventMaterial.objects.create(page=w.event, document=w.public_document, sort_order=0)
    EventMaterial.objects.create(page=w.event, document=w.private_document, sort_order=1)
    w.event.save_revision().publish()

    w.category = Category.objects.create(name="Загальне (витоки)", slug="zahalne-lk", position=1)
    w.members_category = Category.objects.create(name=f"Рубрика {MEMBERS_CATEGORY}", slug="rubryka-lk", position=2,
                                                 visibility=Category.Visibility.MEMBERS)
    w.topic, _ = services.topic_create(category=w.category, author=w.author, title=f"Тема {PUBLIC_TOPIC} {SHARED}",
                                       body=f"Питання {SHARED}", tags=["безпека"])
    services.post_reply(topic=w.topic, author=w.member, body=f"Відповідь {SHARED}")
    w.hidden = services.post_reply(topic=w.topic, author=w.author, body=f"Прихована {HIDDEN} {SHARED}")
    services.post_hide(post=w.hidden, moderator=w.moderator, reason="Дубль")
    with override_settings(FORUM_HOLD_FIRST_POSTS=1):
        w.held = services.post_reply(topic=w.topic, author=w.newcomer, body=f"Затримана {HELD} {SHARED}")
    assert w.held.status == w.held.Status.PENDING
    w.members_topic, _ = services.topic_create(category=w.members_category, author=w.author,
                                               title=f"Тема {MEMBERS_TOPIC} {SHARED}", body=f"Лише для учасників {SHARED}",
                                               tags=[MEMBERS_TAG])
    w.members_reply = services.post_reply(topic=w.members_topic, author=w.member, body=f"{MEMBERS_REPLY} {SHARED}")
    add_leak_submissions(w, SHARED)
    add_leak_promotion(w, SHARED)
    return w


@pytest.fixture(scope="class")
def leaks(django_db_setup, django_db_blocker):
    """build_leaks() once for the class of static checks (torn down before the transactional tests below)."""
    with shared_data(django_db_blocker, build_leaks) as w:
        w.clients = RoleClients(w.users)
        w.seen = {}  # (backend, role, url) → response body: the data does not change within the class
        w.engine = None
        yield w
        if w.engine is not None:
            from cop.search.backends import EngineSearchBackend

            EngineSearchBackend(w.engine["url"], prefix=w.engine["prefix"]).engine.drop_all()


@contextmanager
def searching_with(w, backend):
    """The embedded index (rebuilt for the test: each test starts with it empty) or the engine node."""
    if backend == "embedded":
        if not getattr(w, "_indexed_in_this_test", False):
            call_command("search_index", "rebuild", stdout=StringIO())
            w._indexed_in_this_test = True
        yield
        return
    url = engine_url_or_skip()
    if w.engine is None:
        w.engine = {"url": url, "prefix": f"cop-test-leaks-{uuid.uuid4().hex[:12]}"}
        with override_settings(SEARCH_URL=url, SEARCH_INDEX_PREFIX=w.engine["prefix"]):
            call_command("search_index", "rebuild", stdout=StringIO())
    with override_settings(SEARCH_URL=url, SEARCH_INDEX_PREFIX=w.engine["prefix"]):
        yield


@pytest.fixture(autouse=True)
def _index_state(request):
    """conftest empties the embedded index before every test: note that it must be loaded again."""
    if "leaks" in request.fixturenames:
        request.getfixturevalue("leaks")._indexed_in_this_test = False
    yield


def body(w, role, url, backend="embedded"):
    key = (backend, role, url)
    if key not in w.seen:
        searching = url.startswith(("/search/", "/api/search/", "/en/search/"))
        with searching_with(w, backend) if searching else nullcontext():
            response = w.clients.request(role, "get", url)
        assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
        content = b"".join(response.streaming_content) if response.streaming else response.content
        w.seen[key] = content.decode(errors="replace").lower() if response.status_code == 200 else ""
    return w.seen[key]


# What each thing is, where it would show and who may see it there -------------------------------------------

# Surfaces: what to read on each, as a function of the data.


def listings(w):
    return ["/", library().url, w.theme.url, "/resursy/", "/podii/", "/forum/", w.category.get_absolute_url(),
            w.members_category.get_absolute_url()]


def search_page(w):
    return [f"/search/?q={SHARED}", f"/search/?q={SHARED}&sort=date"]


def search_api(w):
    return [f"/api/search/?q={SHARED}&page_size=50", f"/api/search/?q={SHARED}&type=post&page_size=50",
            f"/api/search/?q={SHARED}&tag={MEMBERS_TAG}"]


def suggestions(w):
    return [f"/api/search/suggest/?q={SHARED[:4]}", f"/api/search/suggest/?q=тема {SHARED[:5]}"]


def feeds(w):
    return ["/feeds/practices/rss/", "/feeds/practices/atom/", f"/feeds/themes/{w.theme.slug}/rss/",
            f"/feeds/themes/{w.theme.slug}/atom/"]


def sitemap(w):
    return ["/sitemap.xml"]


def api(w):
    """Wagtail API v2 with every field (fields=*), listings and details, and the fields that list documents."""
    return [
        "/api/v2/pages/?fields=*&limit=20", "/api/v2/pages/?type=knowledge.PracticePage&fields=*&limit=20",
        "/api/v2/pages/?type=knowledge.ResourcePage&fields=*", "/api/v2/pages/?type=knowledge.EventPage&fields=*",
        f"/api/v2/pages/?search={SHARED}&limit=20", f"/api/v2/pages/{w.resource.pk}/?fields=*",
        f"/api/v2/pages/{w.resource.pk}/?fields=downloads", f"/api/v2/pages/{w.event.pk}/?fields=*",
        f"/api/v2/pages/{w.event.pk}/?fields=materials", f"/api/v2/pages/{w.live_page.pk}/?fields=*",
        f"/api/v2/pages/{w.members_page.pk}/?fields=*", f"/api/v2/pages/{w.draft.pk}/",
        f"/api/v2/pages/find/?html_path={w.members_page.url}", "/api/v2/documents/?fields=*&limit=20",
        "/api/v2/images/?fields=*&limit=20", f"/api/v2/documents/{w.private_document.pk}/",
        f"/api/v2/images/{w.private_image.pk}/",
    ]


def admin_preview(w):
    return [f"/admin/pages/{w.draft.pk}/view_draft/", f"/admin/pages/{w.live_page.pk}/view_draft/"]


def moderation_queue(w):
    return ["/forum/moderation/"]


def similar_content(w):
    """"Similar discussions and practices" while writing: a text with each marker, so each thing (restricted or
    not) is what the text is most like, and would be listed if it leaked; the fragment and the JSON."""
    markers = [PUBLIC_PAGE, PUBLIC_TOPIC, MEMBERS_PAGE, MODERATORS_PAGE, DRAFT, UNPUBLISHED, MEMBERS_TOPIC, MEMBERS_REPLY,
               HIDDEN, HELD, PRIVATE_DOCUMENT, *LEAK_MARKERS, *PROMOTION_MARKERS]
    urls = [f"/search/similar/?title=Практика {marker} {SHARED}&body={marker} {SHARED} громада" for marker in markers]
    return urls + [f"/search/similar/?format=json&title=Тема {MEMBERS_TOPIC} {SHARED}&body={MEMBERS_PAGE} {SHARED}"]


SEARCH_SURFACES = {"search page": search_page, "search API": search_api, "suggestions": suggestions,
                   "similar content": similar_content}
SURFACES = {"listings": listings, **SEARCH_SURFACES, "feeds": feeds, "sitemap": sitemap, "API v2": api}

# What every role must find on a surface, so an empty answer cannot pass for a safe one.
CONTROLS = {
    "listings": [PUBLIC_PAGE, PUBLIC_TOPIC],
    "search page": [PUBLIC_PAGE, PUBLIC_TOPIC],
    "search API": [PUBLIC_PAGE, PUBLIC_TOPIC],
    "suggestions": [PUBLIC_PAGE, PUBLIC_TOPIC],
    "similar content": [PUBLIC_PAGE, PUBLIC_TOPIC],
    "feeds": [PUBLIC_PAGE],
    "sitemap": ["/praktyky/vidkryta-lk/"],
    "API v2": [PUBLIC_PAGE, PUBLIC_DOCUMENT, PUBLIC_IMAGE],
}


class Thing:
    def __init__(self, name, needles, own_urls, seen_by, extra_surfaces=(), controls=()):
        self.name = name
        self.controls = dict(controls)  # surface → public markers every role sees there (besides CONTROLS)
        self.needles = needles  # what must not show: its markers (the first one is what its readers must see)
        self.own_urls = own_urls  # its own page(s), None when it has none
        self.seen_by = seen_by  # surface → the roles that see it there ("page" = its own page); others: nobody
        self.extra = dict(extra_surfaces)

    def __repr__(self):
        return self.name

    def surfaces(self):
        own = {"page": self.own_urls} if self.own_urls else {}
        return {**own, **SURFACES, **self.extra}

    def readers(self, surface):
        return self.seen_by.get(surface, NOBODY)


THINGS = [
    # README: restricted pages never appear in lists, feeds, the API or the sitemap, whoever asks; search finds
    # members-only pages for members.
    Thing("members-only page", lambda w: [MEMBERS_PAGE, w.members_page.url], lambda w: [w.members_page.url],
          {"page": MEMBERS, **dict.fromkeys(SEARCH_SURFACES, MEMBERS)}),
    Thing("page restricted to moderators", lambda w: [MODERATORS_PAGE, w.moderators_page.url],
          lambda w: [w.moderators_page.url], {"page": ("moderator",)}),
    Thing("members-only category", lambda w: [MEMBERS_TOPIC, MEMBERS_REPLY, MEMBERS_CATEGORY],
          lambda w: [w.members_topic.get_absolute_url(), w.members_category.get_absolute_url()],
          {"page": MEMBERS, "listings": MEMBERS, **dict.fromkeys(SEARCH_SURFACES, MEMBERS)}),
    # A hidden or held post: its author and the moderators, nowhere else (the author is none of the five roles).
    Thing("hidden post", lambda w: [HIDDEN], lambda w: [w.topic.get_absolute_url()], {"page": ("moderator",)}),
    Thing("held post", lambda w: [HELD], lambda w: [w.topic.get_absolute_url()], {"page": ("moderator",), "moderation queue": ("moderator",)},
          extra_surfaces={"moderation queue": moderation_queue}),
    Thing("draft page", lambda w: [DRAFT, "/praktyky/chernetka-lk/"], lambda w: ["/praktyky/chernetka-lk/"],
          {"admin preview": ("moderator", "editor")}, extra_surfaces={"admin preview": admin_preview}),
    Thing("unpublished changes of a live page", lambda w: [UNPUBLISHED], lambda w: [w.live_page.url],
          {"admin preview": ("moderator", "editor")}, extra_surfaces={"admin preview": admin_preview}, controls={"page": [LIVE]}),
    # Listed on the resource and event pages to members only; the file itself asks the others to log in.
    Thing("members-only document", lambda w: [PRIVATE_DOCUMENT, w.private_document.url],
          lambda w: [w.resource.url, w.event.url, w.private_document.url], {"page": MEMBERS},
          controls={"page": [PUBLIC_DOCUMENT]}),
    Thing("members-only image", lambda w: [PRIVATE_IMAGE], None, {}),  # in no page: the API is where it could show
    # A practice a member shared (curation): a draft, one in review and its document are their author's and the
    # moderators' (preview, desk) until published; nowhere public, not even for other members.
    Thing("member's draft practice", lambda w: [SUBMITTED_DRAFT], lambda w: submission_pages(w.submission_draft),
          {"submission preview": ("moderator",)}, extra_surfaces={"submission preview": submission_preview,
                                                                  "moderators' desk": moderators_desk}),
    Thing("practice in review", lambda w: [IN_REVIEW], lambda w: submission_pages(w.submission_in_review),
          {"submission preview": ("moderator",), "moderators' desk": ("moderator",)},
          extra_surfaces={"submission preview": submission_preview, "moderators' desk": moderators_desk}),
    Thing("document of a shared practice", lambda w: [SUBMITTED_FILE, w.submitted_document.url], None, {}),
    # A discussion promoted into a draft practice, in review: not on the topic ("curated into the library") nor
    # anywhere else until it is published.
    Thing("practice promoted from a discussion, in review", lambda w: [PROMOTED_DRAFT], promoted_pages, {}),
]


def leaks_of(w, thing, surface, urls, backend="embedded"):
    """(role, url, needle) for each needle shown to a role that may not see it, plus what readers miss."""
    needles = [needle.lower() for needle in thing.needles(w)]
    readers = thing.readers(surface)
    shown, missing = [], []
    for role in ROLES:
        texts = {url: body(w, role, url, backend) for url in urls}
        for url, text in texts.items():
            shown += [(role, url, needle) for needle in needles if needle in text and role not in readers]
        if role in readers and not any(needles[0] in text for text in texts.values()):
            missing.append(role)
    return shown, missing


def assert_nothing_leaks(w, thing, surface, backend="embedded"):
    urls = thing.surfaces()[surface](w)
    shown, missing = leaks_of(w, thing, surface, urls, backend)
    assert not shown, f"{thing.name} leaks on {surface}: " + "; ".join(f"{n!r} shown to {r} at {u}" for r, u, n in shown)
    assert not missing, f"{thing.name}: {', '.join(missing)} should see it on {surface} ({urls})"
    # The control: what every role finds on this surface, so "nothing shown" is not "nothing works".
    for control in [*CONTROLS.get(surface, []), *thing.controls.get(surface, [])]:
        for role in ROLES:
            assert any(control.lower() in body(w, role, url, backend) for url in urls), (
                f"{surface}: {role} does not even see the public {control!r} ({urls})")


CASES = [(thing, surface) for thing in THINGS for surface in thing.surfaces() if surface not in SEARCH_SURFACES]
SEARCH_CASES = [(thing, surface) for thing in THINGS for surface in SEARCH_SURFACES]


class TestWhatEachRoleSees:
    """The static matrix, over one set of data (build_leaks)."""

    @pytest.mark.parametrize("thing, surface", CASES, ids=[f"{t.name}-{s}" for t, s in CASES])
    def test_restricted_things_show_only_to_their_readers(self, leaks, thing, surface):
        assert_nothing_leaks(leaks, thing, surface)

    @pytest.mark.parametrize("backend", ["embedded", "opensearch"])
    @pytest.mark.parametrize("thing, surface", SEARCH_CASES, ids=[f"{t.name}-{s}" for t, s in SEARCH_CASES])
    def test_search_shows_restricted_things_only_to_their_readers(self, leaks, thing, surface, backend):
        assert_nothing_leaks(leaks, thing, surface, backend)

    @pytest.mark.parametrize("backend", ["embedded", "opensearch"])
    @pytest.mark.parametrize("role", ROLES)
    def test_search_counts_and_facets_count_only_what_is_shown(self, leaks, role, backend):
        """A count or a facet that includes what the results leave out tells that it exists."""
        for url in (f"/api/search/?q={SHARED}&page_size=50", f"/api/search/?q={SHARED}&type=topic&page_size=50"):
            data = json.loads(body(leaks, role, url, backend))
            assert data["count"] == len(data["results"]) > 0, url
            assert sum(data["facets"]["type"].values()) == data["count"], (url, data["facets"]["type"])
            for name, counts in data["facets"].items():
                assert all(0 < n <= data["count"] for n in counts.values()), (url, name, counts)


# Changes made after indexing --------------------------------------------------------------------------------------

CHANGED = "lkzminna"  # the word the changed things share with nothing else


@pytest.fixture(params=["embedded", "opensearch"])
def search_backend(request, settings):
    """The backend under test and how to bring it up to date: the embedded index applies the outbox right after
    each commit; the engine needs the worker (drained here)."""
    if request.param == "embedded":
        yield lambda: None
        return
    from cop.search.backends import EngineSearchBackend
    from cop.search.outbox import drain_all

    settings.SEARCH_URL = engine_url_or_skip()
    settings.SEARCH_INDEX_PREFIX = f"cop-test-leaks-{uuid.uuid4().hex[:12]}"
    yield lambda: drain_all(ignore_backoff=True, refresh=True)
    EngineSearchBackend(settings.SEARCH_URL, prefix=settings.SEARCH_INDEX_PREFIX).engine.drop_all()


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def search_surfaces(client, marker, word=CHANGED):
    """Where `marker` shows in search for this client: the page, the API (results, counts, facets), suggestions."""
    shown = {}
    shown["search page"] = marker in client.get("/search/", {"q": word}).content.decode().lower()
    data = client.get("/api/search/", {"q": marker, "page_size": 50}).json()
    shown["search API count"] = data["count"] > 0 or any(sum(counts.values()) for counts in data["facets"].values())
    shown["search API"] = marker in json.dumps(client.get("/api/search/", {"q": word, "page_size": 50}).json(),
                                               ensure_ascii=False).lower()
    suggestions = client.get("/api/search/suggest/", {"q": word[:5]}).json()["suggestions"]
    shown["suggestions"] = any(marker in s["text"].lower() for s in suggestions)
    return shown


def assert_search_shows(users, marker, readers):
    for role, user in users.items():
        shown = search_surfaces(client_for(user), marker)
        if role in readers:
            assert all(shown.values()), f"{role} should find {marker!r} in search: {shown}"
        else:
            assert not any(shown.values()), f"{marker!r} leaks to {role} in search: {shown}"


def people():
    return {
        "anonymous": None,
        "pending": make_user("ch-pending", status=User.Status.PENDING),
        "member": make_user("ch-member", groups=["Member"]),
        "moderator": make_user("ch-moderator", groups=["Member", "Moderator"]),
    }


def switch_in_code(category, users):
    category.visibility = Category.Visibility.MEMBERS
    category.save()


def switch_in_the_wagtail_admin(category, users):
    """The way a moderator does it: the "Forum categories" snippet in the Wagtail admin."""
    response = client_for(users["moderator"]).post(f"/admin/snippets/forum/category/edit/{category.pk}/", {
        "name": category.name, "slug": category.slug, "description": category.description, "position": category.position,
        "theme": "", "visibility": Category.Visibility.MEMBERS,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.is_members_only


@pytest.mark.parametrize("switch", [switch_in_code, switch_in_the_wagtail_admin], ids=["saved in code", "saved in the admin"])
def test_a_category_switched_to_members_only_leaves_search_for_the_others(switch, search_backend,
                                                                          django_capture_on_commit_callbacks):
    """Finding 1: its topics and replies were indexed as public; after the switch only members find them."""
    users = people()
    topic_marker, reply_marker = "lkzmtema", "lkzmvidpovid"
    with django_capture_on_commit_callbacks(execute=True):
        category = Category.objects.create(name="Поки відкрита", slug="poky-vidkryta-lk")
        topic, _ = services.topic_create(category=category, author=users["member"], title=f"Тема {topic_marker} {CHANGED}",
                                         body=f"Питання {CHANGED}", tags=["зміна"])
        services.post_reply(topic=topic, author=users["moderator"], body=f"{reply_marker} {CHANGED}")
    search_backend()
    assert_search_shows(users, topic_marker, readers=set(users))  # public so far: everyone finds it

    with django_capture_on_commit_callbacks(execute=True):
        switch(category, users)
    search_backend()
    assert_search_shows(users, topic_marker, readers={"member", "moderator"})
    for role, user in users.items():
        shown = search_surfaces(client_for(user), reply_marker)
        assert shown["search API count"] == (role in ("member", "moderator")), (role, shown)
    anonymous = Client()
    assert anonymous.get(topic.get_absolute_url()).status_code == 404
    assert topic_marker not in anonymous.get("/forum/").content.decode()


def set_privacy_in_the_wagtail_admin(page, moderator, group_names):
    """What the page's "Privacy" dialog posts (the moderators may set it; editors may not)."""
    data = {"restriction_type": PageViewRestriction.GROUPS if group_names else PageViewRestriction.NONE,
            "groups": [group.pk for group in Group.objects.filter(name__in=group_names)]}
    response = client_for(moderator).post(f"/admin/pages/{page.pk}/privacy/", data)
    assert response.status_code == 200 and response.json()["step"] == "set_privacy_done", response.content[:500]
    restriction = PageViewRestriction.objects.filter(page=page).first()
    assert sorted(restriction.groups.values_list("name", flat=True) if restriction else []) == sorted(group_names)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("before, after, readers", [
    (["Member"], ["Moderator"], set()),  # search has no audience narrower than members: nobody finds it
    ([], ["Member"], {"member", "moderator"}),
    (["Member"], [], {"anonymous", "pending", "member", "moderator"}),
], ids=["members to moderators", "public to members", "members to public"])
def test_page_privacy_changed_in_the_wagtail_admin_reaches_search(before, after, readers, search_backend):
    """Finding 3, through the real admin view and real commits (as in production, where the index job runs
    right after the restriction's own commit, before its groups are saved)."""
    users = people()
    marker = "lkzmprivatnist"
    page = make_practice(f"Практика {marker} {CHANGED}", slug="pryvatnist-lk", summary=f"{marker} {CHANGED}")
    make_practice(f"Відкрита lkzmkontrol {CHANGED}", slug="kontrol-lk")
    if before:
        restrict_page(page, *before)
    call_command("search_index", "rebuild", stdout=StringIO())  # a correct index to start from
    search_backend()
    assert_search_shows(users, marker, readers={"member", "moderator"} if before else set(users))

    set_privacy_in_the_wagtail_admin(page, users["moderator"], after)
    search_backend()
    assert_search_shows(users, marker, readers=readers)
    assert_search_shows(users, "lkzmkontrol", readers=set(users))  # search itself still answers everyone
    call_command("search_index", "verify", stdout=StringIO())  # raises when a document is missing or out of date


# Notifications, e-mails and the daily digest ----------------------------------------------------------------------


def notifications_page(user):
    return client_for(user).get("/forum/notifications/").content.decode().lower()


def mail_to(user):
    return "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox if user.email in m.to).lower()


def digest_for(user):
    mail.outbox = []
    call_command("send_forum_digests", stdout=StringIO())
    return mail_to(user)


def test_hidden_posts_leave_the_notifications_and_the_digest(django_capture_on_commit_callbacks):
    reader = make_user("nt-reader", groups=["Member"], forum_email=User.EmailFrequency.DAILY)
    author, moderator = make_user("nt-author", groups=["Member"]), make_user("nt-moderator", groups=["Member", "Moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        topic, _ = services.topic_create(category=Category.objects.create(name="Н", slug="n-lk"), author=author,
                                         title="Тема сповіщень", body="Питання")
        services.watch_topic(user=reader, topic=topic)
        visible = services.post_reply(topic=topic, author=author, body="Видима lknvydyma")
        hidden = services.post_reply(topic=topic, author=author, body="Прихована lknprykhovana")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=hidden, moderator=moderator, reason="Дубль")

    page = notifications_page(reader)
    opened = {n.post_id: f"/forum/notifications/{n.pk}/" for n in reader.forum_notifications.all()}
    assert opened[visible.pk] in page and opened[hidden.pk] not in page
    digest = digest_for(reader)
    assert "lknvydyma" in digest and "lknprykhovana" not in digest


def test_held_posts_notify_nobody_until_a_moderator_approves(django_capture_on_commit_callbacks, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    watcher = make_user("nt-watcher", groups=["Member"])
    category_watcher = make_user("nt-catwatcher", groups=["Member"])
    newcomer, moderator = make_user("nt-newcomer", groups=["Member"]), make_user("nt-mod", groups=["Member", "Moderator"])
    category = Category.objects.create(name="Нова", slug="nova-lk")
    Watch.objects.create(user=category_watcher, category=category)
    with django_capture_on_commit_callbacks(execute=True):
        topic, _ = services.topic_create(category=category, author=moderator, title="Тема", body="Питання")
        services.watch_topic(user=watcher, topic=topic)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        held = services.post_reply(topic=topic, author=newcomer, body="Затримана lknzatrymana")
        held_topic, _ = services.topic_create(category=category, author=newcomer, title="Затримана тема lknzatema",
                                              body="Текст lknzatema")
    assert held.status == held.Status.PENDING
    for person in (watcher, category_watcher):
        assert "lknzatrymana" not in mail_to(person) and "lknzatema" not in mail_to(person)
        assert "lknzatrymana" not in notifications_page(person) and "lknzatema" not in notifications_page(person)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_restore(post=held, moderator=moderator)
    assert "lknzatrymana" in mail_to(watcher)  # published now: the watcher hears of it


def test_members_only_topics_notify_members_only(django_capture_on_commit_callbacks):
    pending = make_user("nt-pending", status=User.Status.PENDING)
    member = make_user("nt-member", groups=["Member"])
    author = make_user("nt-writer", groups=["Member"])
    former = make_user("nt-former", groups=["Member"])
    closed = Category.objects.create(name="Закрита", slug="zakryta-lk", visibility=Category.Visibility.MEMBERS)
    for person in (member, former):
        Watch.objects.create(user=person, category=closed)
    former.groups.clear()  # no longer a member, still watching
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_create(category=closed, author=author, title="Закрита тема lknzakryta",
                              body=f"@{pending.username} @{member.username} @{former.username} lknzakryta")
    for outsider in (pending, former):
        assert not outsider.forum_notifications.exists()
        assert "lknzakryta" not in mail_to(outsider) and "lknzakryta" not in notifications_page(outsider)
    assert member.forum_notifications.exists() and "lknzakryta" in mail_to(member) and "lknzakryta" in notifications_page(member)


def test_a_category_switched_to_members_only_leaves_former_members_notifications(django_capture_on_commit_callbacks):
    """Someone who watched a public topic and then lost membership: the topic went members-only; what they were
    told about it disappears from their list and digest, and new replies are not told to them."""
    member = make_user("nt-still", groups=["Member"], forum_email=User.EmailFrequency.DAILY)
    former = make_user("nt-gone", groups=["Member"], forum_email=User.EmailFrequency.DAILY)
    author = make_user("nt-poster", groups=["Member"])
    category = Category.objects.create(name="Спершу відкрита", slug="spershu-lk")
    with django_capture_on_commit_callbacks(execute=True):
        topic, _ = services.topic_create(category=category, author=author, title="Тема lknperemknuta", body="Питання")
        for person in (member, former):
            services.watch_topic(user=person, topic=topic)
        services.post_reply(topic=topic, author=author, body="Перша відповідь")
    former.groups.clear()
    with django_capture_on_commit_callbacks(execute=True):
        category.visibility = Category.Visibility.MEMBERS
        category.save()
        services.post_reply(topic=topic, author=author, body="Друга відповідь lkndruha")

    assert "lknperemknuta" not in notifications_page(former)
    assert "lknperemknuta" in notifications_page(member)
    digests = digest_for(former), mail_to(member)
    assert "lknperemknuta" not in digests[0] and "lkndruha" not in digests[0]
    assert "lknperemknuta" in digests[1] and "lkndruha" in digests[1]


# Saved searches and search gaps (issue #12) ----------------------------------------------------------------------


def test_saved_search_notifications_reveal_only_what_the_member_may_read(django_capture_on_commit_callbacks):
    from cop.search import saved
    from cop.search.tasks import notify_saved_searches

    member = make_user("ss-member", groups=["Member"], forum_email=User.EmailFrequency.DAILY)
    pending = make_user("ss-pending", status=User.Status.PENDING)
    former = make_user("ss-former", groups=["Member"])
    for person in (member, pending, former):
        saved.saved_search_create(user=person, data={"q": "lknzberezhenyi"})
    former.groups.clear()  # no longer a member, still has the saved search
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        make_practice("Відкрита lknssvidkryta lknzberezhenyi", slug="ss-vidkryta")
        restrict_page(make_practice("Для учасників lknssuchasnyky lknzberezhenyi", slug="ss-uchasnyky"), "Member")
        restrict_page(make_practice("Для модераторів lknssmoderatory lknzberezhenyi", slug="ss-moderatory"), "Moderator")
        make_practice("Чернетка lknsschernetka lknzberezhenyi", slug="ss-chernetka", publish=False)
    notify_saved_searches()

    for outsider in (pending, former):
        seen = notifications_page(outsider) + mail_to(outsider) + str(list(outsider.forum_notifications.values())).lower()
        assert "lknssvidkryta" in seen
        assert "lknssuchasnyky" not in seen and "lknssmoderatory" not in seen and "lknsschernetka" not in seen
    seen = notifications_page(member) + digest_for(member)
    assert "lknssvidkryta" in seen and "lknssuchasnyky" in seen
    assert "lknssmoderatory" not in seen and "lknsschernetka" not in seen


def test_the_search_gaps_list_shows_only_queries_never_who_searched(django_capture_on_commit_callbacks):
    searcher = make_user("sg-searcher", groups=["Member"], first_name="Пошукач")
    moderator = make_user("sg-moderator", groups=["Member", "Moderator"])
    client_for(searcher).get("/search/", {"q": "lknprohalyna"}, REMOTE_ADDR="198.51.100.7")
    with django_capture_on_commit_callbacks(execute=True):  # what only members or nobody may read answers nothing
        restrict_page(make_practice("Для учасників lknprohalyna", slug="sg-uchasnyky"), "Member")
        make_practice("Чернетка lknprohalyna", slug="sg-chernetka", publish=False)
    page = client_for(moderator).get("/search/gaps/").content.decode()
    assert "lknprohalyna" in page
    for personal in ("sg-searcher", "Пошукач", searcher.email, "198.51.100.7"):
        assert personal not in page
    for outsider in (None, searcher, make_user("sg-pending", status=User.Status.PENDING)):
        assert "lknprohalyna" not in client_for(outsider).get("/search/gaps/").content.decode()
