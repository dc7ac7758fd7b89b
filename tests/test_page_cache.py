"""Anonymous readers' pages from the cache (cop/core/page_cache.py, issue #15): a second reading costs no query, a
change is visible at once (publish, edit, reply, moderation, privacy), members and personal pages never come from
it, and the CSRF token of a cached page is each visitor's own."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from wagtail.models import PageViewRestriction

from forum import services
from forum.models import Post

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import library, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def hit(response):
    return response.get("X-Page-Cache") == "hit"


def test_a_second_anonymous_reading_comes_from_the_cache_without_a_query(client, django_assert_num_queries):
    practice = make_practice("Відкриті засідання ради", slug="vidkryti")
    first = client.get(practice.url)
    assert first.status_code == 200 and not hit(first)
    with django_assert_num_queries(0):
        second = Client().get(practice.url)
    assert hit(second) and "Відкриті засідання ради" in second.content.decode()
    assert second["Content-Type"].startswith("text/html") and "Content-Security-Policy" in second


def test_forum_pages_are_cached_and_a_reply_is_visible_at_once(client, django_capture_on_commit_callbacks):
    author = make_user("author", groups=["Member"])
    with django_capture_on_commit_callbacks(execute=True):
        topic = make_topic(make_category(), author, title="Як провести сесію онлайн?")
    for url in ("/forum/", topic.category.get_absolute_url(), topic.get_absolute_url()):
        client.get(url)
        assert hit(client.get(url)), url
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic, make_user("colleague", groups=["Member"]), "Ми транслювали засідання на сайті ради.")
    response = client.get(topic.get_absolute_url())
    assert not hit(response) and "Ми транслювали засідання" in response.content.decode()


def test_a_published_edit_is_visible_at_once(client, django_capture_on_commit_callbacks):
    practice = make_practice("Стара назва практики", slug="nazva")
    client.get(practice.url)
    assert hit(client.get(practice.url))
    with django_capture_on_commit_callbacks(execute=True):
        practice.title = "Нова назва практики"
        practice.save_revision().publish()
    html = client.get(practice.url).content.decode()
    assert "Нова назва практики" in html and "Стара назва практики" not in html
    assert "Нова назва практики" in client.get(library().url).content.decode()


def test_a_hidden_post_is_gone_at_once(client, moderator, django_capture_on_commit_callbacks):
    author = make_user("author", groups=["Member"])
    with django_capture_on_commit_callbacks(execute=True):
        topic = make_topic(make_category(), author, title="Генератори для ЦНАП")
        reply = make_reply(topic, make_user("spamer", groups=["Member"]), "Купуйте дешеві генератори тут.")
    client.get(topic.get_absolute_url())
    assert "дешеві генератори" in client.get(topic.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=Post.objects.get(pk=reply.pk), moderator=moderator, reason="Реклама")
    assert "дешеві генератори" not in client.get(topic.get_absolute_url()).content.decode()


def test_a_page_made_members_only_is_not_served_from_the_cache(client, django_capture_on_commit_callbacks):
    practice = make_practice("Внутрішній порядок денний", slug="poriadok")
    client.get(practice.url)
    assert hit(client.get(practice.url))
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=practice, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name="Member"))
    response = client.get(practice.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(practice.url).status_code == 302  # and a redirect is never cached


def test_members_never_get_a_cached_page_nor_fill_the_cache(client, member):
    practice = make_practice("Практика для всіх", slug="vsi")
    client.force_login(member)
    for _ in range(2):
        response = client.get(practice.url)
        assert not hit(response) and response.status_code == 200
    assert not hit(Client().get(practice.url))  # the member's reading left nothing for visitors


def test_each_visitor_gets_a_working_csrf_token_of_their_own():
    practice = make_practice("Шкільний автобус", slug="avtobus")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(practice.url)
    served = second.get(practice.url)
    assert hit(served)
    html = served.content.decode()
    assert "__cop_csrf_token__" not in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token and second.cookies.get("csrftoken")
    switched = second.post("/i18n/setlang/", {"language": "en", "next": practice.url, "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_a_page_with_a_message_is_personal(client):
    practice = make_practice("Шкільний автобус громади", slug="avtobus")
    client.get(practice.url)
    assert hit(client.get(practice.url))
    client.post("/i18n/setlang/", {"language": "en", "next": practice.url})  # "not available in English", once
    shown = client.get(practice.url)
    assert not hit(shown) and "not available in English yet" in shown.content.decode()
    assert "not available in English yet" not in Client().get(practice.url).content.decode()


def test_search_not_found_pages_and_posts_are_never_cached(client):
    make_practice("Вибори в громаді", slug="vybory")
    for url in ("/search/?q=вибори", "/praktyky/nemaie-takoi/"):
        client.get(url)
        assert not hit(client.get(url)), url


def test_each_query_string_is_its_own_page(client):
    for n in range(14):
        make_practice(f"Практика {n:02d}", slug=f"p-{n}")
    url = library().url
    client.get(url)
    second_page = client.get(url, {"page": "2"})
    assert not hit(second_page)
    assert client.get(url).content != client.get(url, {"page": "2"}).content


def test_the_cache_is_off_when_its_lifetime_is_zero(client, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    practice = make_practice("Практика", slug="p")
    client.get(practice.url)
    assert not hit(client.get(practice.url))


class BrokenCache:
    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise OSError("the cache cannot be reached")

        return refuse


def test_a_cache_that_fails_never_fails_a_page(client, monkeypatch, django_capture_on_commit_callbacks):
    from cop.core import page_cache

    practice = make_practice("Практика", slug="p")
    monkeypatch.setattr(page_cache, "cache", BrokenCache)
    for _ in range(2):
        response = client.get(practice.url)
        assert response.status_code == 200 and not hit(response)
    with django_capture_on_commit_callbacks(execute=True):  # invalidation after a commit is only logged
        practice.title = "Нова назва"
        practice.save_revision().publish()
    assert "Нова назва" in client.get(practice.url).content.decode()


def test_the_main_navigation_follows_a_renamed_section_at_once(client, member, django_capture_on_commit_callbacks):
    shelf = library()
    client.force_login(member)  # members' pages are not cached, but the navigation they show is
    assert shelf.title in client.get("/forum/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        shelf.title = "Бібліотека добрих практик"
        shelf.save_revision().publish()
    assert "Бібліотека добрих практик" in client.get("/forum/").content.decode()


def test_the_library_filter_offers_a_new_year_and_hromada_at_once_to_members(client, member, hromada,
                                                                              django_capture_on_commit_callbacks):
    """The years and hromadas the library's filter offers are a fragment kept for every reader under the page
    cache's version (members' pages are not cached whole): a new practice's year and hromada are offered at once."""
    make_practice("Стара практика", slug="stara", date=datetime.date(2019, 5, 1))
    client.force_login(member)
    html = client.get(library().url).content.decode()
    assert '<option value="2019">' in html and '<option value="2016">' not in html
    assert f'value="{hromada.slug}"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        make_practice("Нова практика", slug="nova", date=datetime.date(2016, 3, 1), hromada=hromada)
    html = client.get(library().url).content.decode()
    assert '<option value="2016">' in html and '<option value="2019">' in html
    assert f'value="{hromada.slug}"' in html
