"""Unified search: freshness through the outbox, the permission matrix, and the JSON contract."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from cop.search.models import OutboxEntry
from forum import services
from forum.models import Category

from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        public = make_practice("Вибори під час пандемії", slug="vybory", summary="Як громади провели вибори безпечно",
                               tags=["вибори"])
        private = make_practice("Внутрішні настанови щодо виборів", slug="nastanovy", summary="Для учасників: вибори")
        restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name="Member"))
        draft = make_practice("Чернетка про вибори", slug="chernetka", publish=False)
        open_cat = Category.objects.create(name="Загальні", slug="zahalni")
        closed_cat = Category.objects.create(name="Внутрішні", slug="vnutrishni", visibility=Category.Visibility.MEMBERS)
        topic, _ = services.topic_create(category=open_cat, author=member, title="Як голосують переселенці?", body="Питання про вибори")
        reply = services.post_reply(topic=topic, author=moderator, body="На місцевих виборах ВПО голосують після зміни адреси")
        hidden = services.post_reply(topic=topic, author=member, body="Прихована відповідь про вибори")
        services.post_hide(post=hidden, moderator=moderator, reason="Дубль")
        secret, _ = services.topic_create(category=closed_cat, author=member, title="Закрите обговорення виборів", body="Лише для своїх")
    return {"public": public, "private": private, "draft": draft, "topic": topic, "reply": reply, "hidden": hidden, "secret": secret}


def titles(client, **params):
    data = client.get("/api/search/", {"q": "вибори", **params}).json()
    return {r["title"] for r in data["results"]}, data


@pytest.mark.parametrize("role, sees_members_content", [(None, False), ("pending_member", False), ("member", True), ("moderator", True)])
def test_permission_matrix(client, content, role, sees_members_content, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    found, data = titles(client)
    assert "Вибори під час пандемії" in found
    assert "Як голосують переселенці?" in found
    assert "Чернетка про вибори" not in found
    assert ("Внутрішні настанови щодо виборів" in found) == sees_members_content
    assert ("Закрите обговорення виборів" in found) == sees_members_content
    text = str(data)
    assert "Прихована відповідь" not in text
    if not sees_members_content:
        assert "Внутрішні" not in text and "Закрите" not in text
        suggestions = client.get("/api/search/suggest/", {"q": "Закри"}).json()["suggestions"]
        assert suggestions == []


def test_reply_text_is_found_and_links_to_its_permalink(client, content):
    data = client.get("/api/search/", {"q": "зміни адреси"}).json()
    post = next(r for r in data["results"] if r["type"] == "post")
    assert post["url"] == f"/forum/p/{content['reply'].pk}/"
    assert post["title"] == "Як голосують переселенці?"
    assert "<mark>" in post["snippet"]


def test_contract_shape_and_facets(client, content):
    data = client.get("/api/search/", {"q": "вибори", "page_size": 2}).json()
    assert set(data) == {"count", "page", "results", "facets", "semantic"}
    assert data["semantic"] == "off"  # the test settings search by words only
    assert set(data["facets"]) == {"type", "theme", "tag", "oblast", "year"}
    assert len(data["results"]) <= 2 and data["count"] >= 2
    for result in data["results"]:
        assert {"type", "id", "title", "url", "snippet", "score", "date", "theme", "tags", "language",
                "other_languages"} <= set(result)
    only_posts = client.get("/api/search/", {"q": "вибори", "type": "post"}).json()
    assert {r["type"] for r in only_posts["results"]} == {"post"}


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "в" * 501}, {"q": '"'}, {"q": "-вибори"}])
def test_bad_queries_are_400_with_a_message(client, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("q", ['вибори "під час', "вибори AND (", "😀 вибори", "вибори\x01\x02", "а" * 499, "title:вибори*", "NEAR(вибори"])
def test_odd_queries_never_give_5xx(client, content, q):
    assert client.get("/api/search/", {"q": q}).status_code == 200
    assert client.get("/search/", {"q": q}).status_code == 200


def test_changes_are_searchable_immediately_and_nothing_stays_in_the_outbox(client, member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice("Молодіжна рада Краматорська", slug="molod")
    assert "Молодіжна рада Краматорська" in titles(client, q="молодіжна")[0]
    with django_capture_on_commit_callbacks(execute=True):
        practice.unpublish()
    assert titles(client, q="молодіжна")[0] == set()
    with django_capture_on_commit_callbacks(execute=True):
        category = Category.objects.create(name="Загальні", slug="zahalni2")
        topic, _ = services.topic_create(category=category, author=member, title="Бюджет участі молоді", body="Досвід?")
    assert "Бюджет участі молоді" in titles(client, q="бюджет")[0]
    with django_capture_on_commit_callbacks(execute=True):
        closed = Category.objects.create(name="Закрита", slug="zakryta", visibility=Category.Visibility.MEMBERS)
        services.topic_move(topic=topic, category=closed, moderator=moderator)
    assert titles(client, q="бюджет")[0] == set()
    assert OutboxEntry.objects.count() == 0


def test_search_page_works_without_javascript(client, content):
    html = client.get("/search/", {"q": "вибори"}).content.decode()
    assert "<mark>Вибори</mark> під час пандемії" in html
    assert "type=practice" in html  # facet links are plain links
    assert "Внутрішні настанови" not in html
    assert client.get("/search/").status_code == 200
    response = client.get("/search/", {"q": ""})
    assert response.status_code == 200


def test_search_index_commands(content, capsys):
    from django.core.management import call_command

    call_command("search_index", "verify")
    call_command("search_index", "rebuild")
    call_command("search_index", "status")
    out = capsys.readouterr().out
    assert "documents:" in out and "outbox backlog: 0" in out
