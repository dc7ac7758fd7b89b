"""Search stays true to who may read what after every kind of change: a category switched to members-only,
page privacy changed in the Wagtail admin, tags and titles inherited by replies. And a reply costs the same
whatever the length of its topic (issue #10, findings 1, 3 and 9)."""

import uuid
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from cop.members.models import User
from cop.search import get_backend
from cop.search.backends import EngineSearchBackend
from cop.search.models import OutboxEntry
from cop.search.outbox import apply_pending, drain_all
from forum import services
from forum.models import Category

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice
from .search_contract import engine_url_or_skip

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["embedded", "opensearch"])
def search_backend(request, settings):
    """The embedded index, and the OpenSearch node of SEARCH_TEST_OPENSEARCH_URL (skipped without one)."""
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
    """What the worker does for the engine backend: apply the outbox (the embedded one applies on commit)."""
    if isinstance(get_backend(), EngineSearchBackend):
        drain_all(ignore_backoff=True, refresh=True)


def found(client, q, user=None):
    settle()
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    data = client.get("/api/search/", {"q": q}).json()
    return data


def titles(data):
    return {result["title"] for result in data["results"]}


def verify():
    settle()
    out = StringIO()
    call_command("search_index", "verify", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def forum_content(member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        category = make_category(name="Відкриті питання", slug="vidkryti")
        topic = make_topic(category, member, title="Ротація чергових у пункті незламності",
                           body="Як складаєте графік чергувань у пункті незламності?")
        reply = make_reply(topic, moderator, body="Графік чергувань погоджуємо з волонтерами щотижня")
    return category, topic, reply


# Finding 1: a category switched to members-only


@pytest.mark.parametrize("how", ["model", "queryset-free save of a fresh instance"])
def test_category_switched_to_members_only_leaves_public_search(search_backend, client, forum_content, member, pending_member,
                                                                django_capture_on_commit_callbacks, how):
    category, topic, reply = forum_content
    assert topic.title in titles(found(client, "графік чергувань"))
    with django_capture_on_commit_callbacks(execute=True):
        target = category if how == "model" else Category.objects.get(pk=category.pk)
        target.visibility = Category.Visibility.MEMBERS
        target.save()
    for user in (None, pending_member):
        data = found(client, "графік чергувань", user)
        client.logout() if user is None else client.force_login(user)
        assert data["count"] == 0 and data["results"] == [], data
        assert not any(data["facets"].values()), data["facets"]
        assert client.get("/api/search/suggest/", {"q": "Ротація"}).json()["suggestions"] == []
        page = client.get("/search/", {"q": "графік чергувань"}).content.decode()
        assert "пункті незламності" not in page
    member_view = found(client, "графік чергувань", member)
    assert {topic.title} == titles(member_view) and member_view["count"] == 2  # the topic and its reply
    assert "out of date" not in verify()


def test_category_switched_back_to_public_returns_to_search(search_backend, client, forum_content, django_capture_on_commit_callbacks):
    category, topic, reply = forum_content
    with django_capture_on_commit_callbacks(execute=True):
        category.visibility = Category.Visibility.MEMBERS
        category.save()
    with django_capture_on_commit_callbacks(execute=True):
        category.visibility = Category.Visibility.PUBLIC
        category.save()
    assert found(client, "графік чергувань")["count"] == 2


def test_category_switched_in_the_wagtail_admin_leaves_public_search(search_backend, client, forum_content, django_capture_on_commit_callbacks):
    category, topic, _reply = forum_content
    admin = User.objects.create_superuser("root", "root@example.org", "pw", membership_status=User.Status.APPROVED)
    client.force_login(admin)
    edit = client.get(f"/admin/snippets/forum/category/edit/{category.pk}/")
    assert edit.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/snippets/forum/category/edit/{category.pk}/", {
            "name": category.name, "slug": category.slug, "description": "", "position": 0, "theme": "",
            "visibility": "members",
        })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(client, "графік чергувань")["count"] == 0


def test_verify_reports_a_document_indexed_with_the_wrong_audience(search_backend, forum_content):
    category, topic, reply = forum_content
    # The category changes without a signal (as a raw update would): the index still says "public".
    settle()
    Category.objects.filter(pk=category.pk).update(visibility=Category.Visibility.MEMBERS)
    with pytest.raises(CommandError):
        report = StringIO()
        call_command("search_index", "verify", stdout=report, stderr=StringIO())
    report_text = report.getvalue()
    assert f"out of date: topic:{topic.pk}" in report_text and f"out of date: post:{reply.pk}" in report_text


# Finding 3: page privacy changed in the Wagtail admin. These tests run in autocommit, like the real admin
# (no surrounding transaction: on_commit callbacks run at once), where the bug showed.

admin_views = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("wagtail-admin", "wa@example.org", "pw", membership_status=User.Status.APPROVED)
    client.force_login(admin)
    return client


def set_privacy(client, page, restriction_type, groups=()):
    client.force_login(User.objects.get(username="wagtail-admin"))
    response = client.post(f"/admin/pages/{page.pk}/privacy/", {
        "restriction_type": restriction_type, "groups": [Group.objects.get(name=name).pk for name in groups], "password": "",
    })
    assert response.status_code == 200 and "set_privacy_done" in response.content.decode(), response.content.decode()[:500]


@pytest.fixture
def practice(db):
    return make_practice("Графік прийому громадян у старостатах", slug="hrafik", summary="Виїзні прийоми")


@admin_views
def test_page_privacy_set_to_members_in_the_admin(search_backend, client, admin_client, practice):
    member, pending = make_user("m1", groups=["Member"]), make_user("p1", status=User.Status.PENDING)
    assert found(client, "графік прийому")["count"] == 1
    set_privacy(admin_client, practice, "groups", ["Member"])
    assert titles(found(client, "графік прийому", member)) == {practice.title}
    assert found(client, "графік прийому", pending)["count"] == 0
    assert found(client, "графік прийому")["count"] == 0
    verify()  # raises on any difference


@admin_views
def test_page_privacy_moved_from_members_to_moderators_in_the_admin(search_backend, client, admin_client, practice):
    member, moderator = make_user("m1", groups=["Member"]), make_user("mod1", groups=["Member", "Moderator"])
    set_privacy(admin_client, practice, "groups", ["Member"])
    assert found(client, "графік прийому", member)["count"] == 1
    set_privacy(admin_client, practice, "groups", ["Moderator"])
    # Search has no audience for "moderators only": the page leaves search for everyone, members included.
    for user in (member, moderator, None):
        assert found(client, "графік прийому", user)["count"] == 0
    verify()


@admin_views
def test_page_privacy_removed_in_the_admin_makes_the_page_public_again(search_backend, client, admin_client, practice):
    set_privacy(admin_client, practice, "groups", ["Member"])
    set_privacy(admin_client, practice, "none")
    assert found(client, "графік прийому")["count"] == 1
    verify()


@admin_views
def test_page_privacy_set_to_a_password_in_the_admin(search_backend, client, admin_client, practice):
    client.force_login(User.objects.get(username="wagtail-admin"))
    response = client.post(f"/admin/pages/{practice.pk}/privacy/", {"restriction_type": "password", "password": "секрет-123"})
    assert "set_privacy_done" in response.content.decode()
    assert found(client, "графік прийому")["count"] == 0
    verify()


def test_restriction_groups_changed_in_code_reindex_the_page(client, member, django_capture_on_commit_callbacks):
    """Autocommit (no surrounding transaction): the job runs at once, so the groups must re-index too."""
    practice = make_practice("Графік прийому громадян у старостатах", slug="hrafik", summary="Виїзні прийоми")
    apply_pending()
    restriction = PageViewRestriction.objects.create(page=practice, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    apply_pending()
    assert found(client, "графік прийому", member)["count"] == 1
    restriction.groups.set([Group.objects.get(name="Moderator")])
    apply_pending()
    assert found(client, "графік прийому", member)["count"] == 0


# Finding 9: what replies inherit from their topic, and what a reply costs


def test_topic_title_and_tags_reach_its_replies(client, forum_content, moderator, django_capture_on_commit_callbacks):
    category, topic, reply = forum_content
    first = topic.posts.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(post=first, editor=moderator, body=first.body, title="Чергування волонтерів")
    data = found(client, "графік чергувань погоджуємо")
    assert [r["title"] for r in data["results"] if r["type"] == "post"] == ["Чергування волонтерів"]
    with django_capture_on_commit_callbacks(execute=True):
        topic.tags.add("незламність")
    data = client.get("/api/search/", {"q": "графік чергувань погоджуємо", "tag": "незламність"}).json()
    assert data["count"] >= 1 and {r["type"] for r in data["results"]} >= {"post"}


def test_renaming_a_tag_reindexes_what_carries_it(client, forum_content, django_capture_on_commit_callbacks):
    category, topic, reply = forum_content
    with django_capture_on_commit_callbacks(execute=True):
        topic.tags.add("чергування")
    with django_capture_on_commit_callbacks(execute=True):
        tag = Tag.objects.get(name="чергування")
        tag.name = "графіки"
        tag.save()
    data = client.get("/api/search/", {"q": "графік чергувань", "tag": "графіки"}).json()
    assert data["count"] == 2, data


def test_accepting_an_answer_reindexes_the_old_and_new_answers(client, forum_content, member, moderator,
                                                               django_capture_on_commit_callbacks):
    category, topic, reply = forum_content
    other = make_reply(topic, moderator, body="Графік чергувань ведемо в спільній таблиці")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_accept(topic=topic, post=reply, user=member)
    OutboxEntry.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        topic.refresh_from_db()
        services.answer_accept(topic=topic, post=other, user=member)
    keys = set(OutboxEntry.objects.values_list("key", flat=True))
    assert {f"post:{reply.pk}", f"post:{other.pk}", f"topic:{topic.pk}"} <= keys


def reply_queries(topic, author, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        services.post_reply(topic=topic, author=author, body="Ще одна відповідь про графік чергувань")
    return len(queries)


def test_a_reply_costs_the_same_in_a_short_and_a_long_topic(member, moderator, django_capture_on_commit_callbacks):
    category = make_category()
    short = make_topic(category, member, title="Коротка тема")
    long = make_topic(category, member, title="Довга тема")
    for number in range(9):
        make_reply(short, moderator, body=f"Відповідь {number}")
    for number in range(299):
        make_reply(long, moderator, body=f"Відповідь {number}")
    apply_pending()
    reply_queries(short, moderator, django_capture_on_commit_callbacks)  # warm caches (content types, groups)
    at_10 = reply_queries(short, moderator, django_capture_on_commit_callbacks)
    at_300 = reply_queries(long, moderator, django_capture_on_commit_callbacks)
    assert at_300 == at_10, (at_10, at_300)
    assert at_10 < 60, at_10


def test_counters_saved_after_a_reply_do_not_reenqueue_every_post(forum_content, moderator, django_capture_on_commit_callbacks):
    category, topic, reply = forum_content
    OutboxEntry.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        new = services.post_reply(topic=topic, author=moderator, body="Ще відповідь")
    assert set(OutboxEntry.objects.values_list("key", flat=True)) == {f"post:{new.pk}", f"topic:{topic.pk}"}


def test_moving_a_topic_reindexes_its_replies(search_backend, client, forum_content, moderator, member, django_capture_on_commit_callbacks):
    category, topic, reply = forum_content
    closed = make_category(name="Закрита", slug="zakryta", members_only=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_move(topic=topic, category=closed, moderator=moderator)
    assert found(client, "графік чергувань")["count"] == 0
    assert found(client, "графік чергувань", member)["count"] == 2


def test_moderators_manage_categories_in_the_admin_but_cannot_delete_one_with_topics(client, forum_content, moderator, member):
    category, topic, _reply = forum_content
    client.force_login(member)
    assert client.get("/admin/snippets/forum/category/").status_code in (302, 403)
    client.force_login(moderator)
    assert client.get("/admin/snippets/forum/category/").status_code == 200
    assert client.get(f"/admin/snippets/forum/category/edit/{category.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/forum/category/delete/{category.pk}/").status_code in (302, 403)
    admin = User.objects.create_superuser("root2", "root2@example.org", "pw", membership_status=User.Status.APPROVED)
    client.force_login(admin)
    response = client.post(f"/admin/snippets/forum/category/delete/{category.pk}/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "move them to another category first" in page or "спершу перенесіть їх до іншої категорії" in page, page
    assert Category.objects.filter(pk=category.pk).exists()
