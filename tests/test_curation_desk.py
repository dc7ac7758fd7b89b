"""The moderators' desk at /moderation/: everything that waits for a moderator on one page, each item linking to
where it is acted on, for moderators only, in a fixed number of queries whatever the amounts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cop.members.models import User
from forum import services as forum_services
from forum.models import Flag, ModerationLog, Post

from .conftest import make_user
from .curation_support import csrf_client, latest, post, share
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the process-wide cache, not in the rolled-back database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_anonymous_visitors_log_in():
    response = csrf_client().get("/moderation/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["pending_member", "member", "editor"])
def test_others_are_refused(role, request):
    assert csrf_client(request.getfixturevalue(role)).get("/moderation/").status_code == 403


def fill(n, *, moderator, tag):
    """n of everything the desk lists."""
    category = make_category(slug=f"desk-{tag}", name=f"Стіл {tag}")
    for i in range(n):
        make_user(f"applicant-{tag}-{i}", status=User.Status.PENDING)
        author = make_user(f"author-{tag}-{i}", groups=["Member"])
        share(csrf_client(author), action="submit", title=f"Практика на розгляді {tag} {i}")
        share(csrf_client(author), action="submit", title=f"Практика до змін {tag} {i}")
        post(csrf_client(moderator), f"/moderation/submissions/{latest(author).pk}/request-changes/",
             {"comment": "Уточніть, будь ласка."}, form_url=f"/moderation/submissions/{latest(author).pk}/")
        topic = make_topic(category=category, author=author, title=f"Тема для скарги {tag} {i}")
        reply = make_reply(topic, author, body=f"Відповідь зі скаргою {tag} {i}")
        forum_services.post_flag(post=reply, reporter=moderator, reason=Flag.Reason.SPAM)
        held = make_reply(topic, author, body=f"Затримана відповідь {tag} {i}")
        Post.objects.filter(pk=held.pk).update(status=Post.Status.PENDING)
        make_practice(f"Застаріла практика {tag} {i}", slug=f"zastarila-{tag}-{i}",
                      review_by=timezone.localdate() - datetime.timedelta(days=3))
        ModerationLog.objects.create(actor=moderator, action=ModerationLog.Action.LOCK_TOPIC, topic=topic, reason=f"Причина {tag} {i}")


def test_the_desk_lists_what_waits_with_links_to_where_it_is_acted_on(moderator):
    other_moderator = make_user("moderator2", groups=["Member", "Moderator"])
    fill(1, moderator=other_moderator, tag="a")
    html = csrf_client(moderator).get("/moderation/").content.decode()
    assert "Панель модераторів" in html
    assert "applicant-a-0".capitalize() in html and "/members/requests/" in html
    in_review = latest(User.objects.get(username="author-a-0"))
    assert "Практика на розгляді a 0" in html
    assert "Практика до змін a 0" in html and f"/moderation/submissions/{in_review.pk}/" in html
    assert "Тема для скарги a 0" in html and "/forum/moderation/" in html
    assert "Дописи, що чекають на схвалення (1)" in html and "Скарги" not in html.split("Дописи, що чекають")[1][:20]
    assert "Застаріла практика a 0" in html and "/admin/pages/" in html
    assert "Причина a 0" in html  # the forum's moderation log
    # Wagtail's audit log (workflow steps) is merged in.
    assert "/admin/pages/" in html and "history" in html


def test_the_desk_counts_what_it_does_not_list(moderator):
    other_moderator = make_user("moderator2", groups=["Member", "Moderator"])
    fill(7, moderator=other_moderator, tag="b")
    html = csrf_client(moderator).get("/moderation/").content.decode()
    assert "Практики, що чекають на розгляд (7)" in html
    assert "Потрібні зміни: чекають на автора (7)" in html
    assert "Заявки на членство (7)" in html


def test_the_desk_runs_a_fixed_number_of_queries(moderator, monkeypatch):
    from curation import desk

    # The zero-result searches are engineer C's (cop.search.gaps): counted by their own tests.
    monkeypatch.setattr(desk, "zero_result_searches", lambda: [])
    other_moderator = make_user("moderator2", groups=["Member", "Moderator"])
    client = csrf_client(moderator)

    def count():
        client.get("/moderation/")  # warm caches (sessions, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/moderation/").status_code == 200
        return len(queries)

    fill(1, moderator=other_moderator, tag="c")
    few = count()
    fill(6, moderator=other_moderator, tag="d")
    assert count() == few


def test_zero_result_searches_show_when_search_gaps_exist(moderator):
    pytest.importorskip("cop.search.gaps")
    html = csrf_client(moderator).get("/moderation/").content.decode()
    assert "Пошуки без результатів" in html
