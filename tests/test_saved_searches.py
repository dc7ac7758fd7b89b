"""Saved searches: members save a search from the search page (POST, CSRF), list and delete them on their own
page; limits and bad input are clear errors; the check tells them about new documents they may read, once."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import PageViewRestriction

from cop.members.models import User
from cop.search import saved
from cop.search.models import SavedSearch
from cop.search.tasks import notify_saved_searches
from forum.models import Notification

from .conftest import make_user
from .search_contract import engine_url_or_skip
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get("/search/?q=вибори")  # the page's "Save this search" form sets the CSRF cookie
    return client


def post(client, url, data=None):
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Publish a practice and let the (embedded) index take it, as the commit would."""
    def publish(title, *, members_only=False, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            page = make_practice(title, **fields)
            if members_only:
                restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
                restriction.groups.add(Group.objects.get(name="Member"))
        return page
    return publish


@pytest.fixture
def practice(published):
    return published("Енергоаудит шкіл громади", slug="enerhoaudyt", summary="Як громада провела енергоаудит")


# --- saving from the search page -----------------------------------------------------------------------------------


def test_the_search_page_offers_to_save_the_search_with_its_filters(client, practice):
    body = client.get("/search/", {"q": "енергоаудит", "type": "practice"}).content.decode()
    assert 'action="/search/saved/"' in body and 'name="q" value="енергоаудит"' in body
    assert 'name="type" value="practice"' in body and "csrfmiddlewaretoken" in body


def test_a_member_saves_a_search_and_comes_back_to_it(member, practice):
    client = csrf_client(member)
    response = post(client, "/search/saved/", {"q": "енергоаудит ", "type": "practice"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%D0%B5%D0%BD%D0%B5%D1%80%D0%B3%D0%BE%D0%B0%D1%83%D0%B4%D0%B8%D1%82&type=practice"
    item = SavedSearch.objects.get(user=member)
    assert item.query == "енергоаудит" and item.filters == {"type": "practice"}
    assert item.checked_at is not None and item.seen_keys == [f"practice:{practice.pk}"]  # what matches now is not news
    page = client.get("/search/saved/").content.decode()
    assert "енергоаудит" in page and f"/search/saved/{item.pk}/delete/" in page
    assert "Тип: Практики" in page  # the filter as people read it


def test_anonymous_visitors_are_sent_to_log_in_and_back_to_their_search(practice):
    client = csrf_client()
    response = post(client, "/search/saved/", {"q": "енергоаудит", "type": "practice"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/search/%3Fq%3D")
    assert "type%3Dpractice" in response["Location"]
    assert not SavedSearch.objects.exists()
    assert client.get("/search/saved/")["Location"].startswith("/accounts/login/?next=/search/saved/")


def test_a_pending_applicant_may_not_save_searches(pending_member, practice):
    client = csrf_client(pending_member)
    assert post(client, "/search/saved/", {"q": "енергоаудит"}).status_code == 403
    assert client.get("/search/saved/").status_code == 403
    assert not SavedSearch.objects.exists()
    assert 'action="/search/saved/"' not in client.get("/search/", {"q": "енергоаудит"}).content.decode()


def test_saving_without_the_csrf_token_is_refused(member, practice):
    client = csrf_client(member)
    assert client.post("/search/saved/", {"q": "енергоаудит"}).status_code == 403
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("q, message", [
    ("", "Введіть, що ви шукаєте."),
    ("!!! ---", "У запиті немає слів для пошуку."),
    ("х" * 501, "Запит задовгий"),
])
def test_a_query_that_does_not_parse_is_refused_with_the_search_pages_error(member, practice, q, message):
    client = csrf_client(member)
    response = post(client, "/search/saved/", {"q": q, "oblast": "vinnytska"})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'role="alert"' in body
    assert 'name="oblast" value="vinnytska"' in body  # nothing typed is lost
    if q and len(q) < 500:
        assert f'value="{q}"' in body
    assert not SavedSearch.objects.exists()


def test_the_same_search_in_other_word_forms_is_not_saved_twice(member, practice):
    client = csrf_client(member)
    assert post(client, "/search/saved/", {"q": "енергоаудит школи"}).status_code == 302
    response = post(client, "/search/saved/", {"q": "Енергоаудиту шкіл"})
    assert response.status_code == 400 and "Ви вже зберегли цей пошук." in response.content.decode()
    assert SavedSearch.objects.count() == 1
    assert post(client, "/search/saved/", {"q": "енергоаудит школи", "type": "practice"}).status_code == 302  # other filters


def test_a_member_keeps_at_most_the_configured_number(member, practice, settings):
    settings.SAVED_SEARCHES_MAX = 2
    client = csrf_client(member)
    for q in ("енергоаудит", "бюджет"):
        assert post(client, "/search/saved/", {"q": q}).status_code == 302
    response = post(client, "/search/saved/", {"q": "вибори"})
    assert response.status_code == 400 and "щонайбільше 2" in response.content.decode()
    assert SavedSearch.objects.filter(user=member).count() == 2


# --- listing and deleting ------------------------------------------------------------------------------------------


def test_each_member_sees_only_their_own_saved_searches(member, moderator, practice):
    saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    saved.saved_search_create(user=moderator, data={"q": "бюджет участі"})
    page = csrf_client(member).get("/search/saved/").content.decode()
    assert "енергоаудит" in page and "бюджет участі" not in page


def test_a_member_deletes_a_saved_search(member, practice):
    item = saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    client = csrf_client(member)
    response = post(client, f"/search/saved/{item.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/search/saved/"
    assert not SavedSearch.objects.exists()
    assert post(client, f"/search/saved/{item.pk}/delete/").status_code == 404  # twice: already gone


@pytest.mark.parametrize("role", ["other member", "moderator", "editor"])
def test_another_members_saved_search_is_a_404(member, moderator, editor, practice, role):
    item = saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    someone = {"other member": make_user("insha", groups=["Member"]), "moderator": moderator, "editor": editor}[role]
    assert post(csrf_client(someone), f"/search/saved/{item.pk}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=item.pk).exists()


def test_deleting_asks_anonymous_visitors_to_log_in_and_refuses_get(member, practice):
    item = saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    response = post(csrf_client(), f"/search/saved/{item.pk}/delete/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert csrf_client(member).get(f"/search/saved/{item.pk}/delete/").status_code == 405
    assert SavedSearch.objects.filter(pk=item.pk).exists()


# --- the check for new results (the worker's job, run here in Huey's immediate mode) -----------------------------


def notifications_of(user):
    return list(Notification.objects.filter(recipient=user, kind=Notification.Kind.SAVED_SEARCH))


def test_a_new_matching_practice_is_announced_once_in_app_and_by_e_mail(member, practice, published):
    saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    notify_saved_searches()
    assert notifications_of(member) == []  # what matched when it was saved is not news
    new = published("Енергоаудит лікарні", slug="enerhoaudyt-likarni")
    mail.outbox.clear()
    notify_saved_searches()
    [notification] = notifications_of(member)
    assert "енергоаудит" in notification.title and "Енергоаудит лікарні" in notification.message
    assert notification.url.startswith("/search/?q=") and notification.topic_id is None
    assert [m.to for m in mail.outbox] == [[member.email]]  # immediately: the default forum e-mail choice
    notify_saved_searches()
    assert len(notifications_of(member)) == 1
    assert SavedSearch.objects.get().seen_keys[0] == f"practice:{new.pk}"


def test_a_members_only_practice_is_announced_only_to_members(member, practice, published):
    former = make_user("kolyshnii", groups=["Member"])
    for user in (member, former):
        saved.saved_search_create(user=user, data={"q": "енергоаудит"})
    former.groups.clear()  # no longer a member
    published("Енергоаудит для своїх", slug="enerhoaudyt-svoi", members_only=True)
    notify_saved_searches()
    assert len(notifications_of(member)) == 1
    assert notifications_of(former) == []
    assert "для своїх" not in str(list(Notification.objects.filter(recipient=former).values()))


def test_drafts_are_never_announced(member, practice):
    saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    make_practice("Енергоаудит чернетка", slug="enerhoaudyt-chernetka", publish=False)
    notify_saved_searches()
    assert notifications_of(member) == []


def test_the_notification_is_in_the_members_language_and_respects_the_digest_choice(practice, published):
    english = make_user("english", groups=["Member"], language="en", forum_email=User.EmailFrequency.DAILY)
    saved.saved_search_create(user=english, data={"q": "енергоаудит"})
    published("Енергоаудит лікарні", slug="enerhoaudyt-likarni")
    mail.outbox.clear()
    notify_saved_searches()
    [notification] = notifications_of(english)
    assert notification.title.startswith("New results for your saved search")
    assert notification.url.startswith("/en/search/")
    assert mail.outbox == []  # in the daily digest


def test_a_saved_search_made_while_search_was_down_tells_nothing_on_its_first_check(member, practice, monkeypatch):
    from cop.search.backends import SearchUnavailable

    def down(*args, **kwargs):
        raise SearchUnavailable

    with monkeypatch.context() as patched:
        patched.setattr(saved, "_matching", down)
        item = saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    assert item.checked_at is None
    notify_saved_searches()
    assert notifications_of(member) == []
    item.refresh_from_db()
    assert item.checked_at is not None and item.seen_keys == [f"practice:{practice.pk}"]


# --- the same on the search engine (OpenSearch of SEARCH_TEST_OPENSEARCH_URL; skipped without one) ---------------


@pytest.fixture(params=["embedded", "opensearch"])
def search_backend(request, settings):
    from cop.search import get_backend
    from cop.search.backends import EngineSearchBackend

    if request.param == "embedded":
        yield get_backend()
        return
    settings.SEARCH_URL = engine_url_or_skip()
    settings.SEARCH_INDEX_PREFIX = prefix = f"cop-test-{uuid.uuid4().hex[:12]}"
    backend = get_backend()
    backend.engine.ensure_index()
    yield backend
    EngineSearchBackend(settings.SEARCH_URL, prefix=prefix).engine.drop_all()


def settle():
    """What the worker's outbox drain does for the engine backend (the embedded one applies on commit)."""
    from cop.search import get_backend
    from cop.search.backends import EngineSearchBackend
    from cop.search.outbox import drain_all

    if isinstance(get_backend(), EngineSearchBackend):
        drain_all(ignore_backoff=True, refresh=True)


def test_new_results_are_announced_once_on_every_backend(search_backend, member, published):
    from cop.search import gaps
    from cop.search.models import SearchGap

    published("Енергоаудит шкіл громади", slug="enerhoaudyt")
    settle()
    saved.saved_search_create(user=member, data={"q": "енергоаудит"})
    published("Енергоаудит для своїх", slug="enerhoaudyt-svoi", members_only=True)
    settle()
    notify_saved_searches()
    notify_saved_searches()
    [notification] = notifications_of(member)
    assert "Енергоаудит для своїх" in notification.message and "шкіл" not in notification.message
    # And a search gap drops off once the public finds something, on the same backend.
    Client().get("/search/", {"q": "тепломодернізація"})
    assert [g["query"] for g in gaps.top_zero_result_queries()] == ["тепломодернізація"]
    published("Тепломодернізація лікарні", slug="teplomodernizatsiia")
    settle()
    assert gaps.top_zero_result_queries() == [] and SearchGap.objects.get().answered_at is not None
