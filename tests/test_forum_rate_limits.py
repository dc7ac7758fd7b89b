"""Edits (each stores a revision and re-indexes the post) and "helpful" toggles are rate-limited per member, with
the same clear message as posting: FORUM_EDIT_RATE, FORUM_REACTION_RATE."""

import pytest
from django.core.cache import cache

from forum.models import PostRevision, Reaction

from .conftest import make_user
from .forum_factories import make_reply, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topic(member):
    return make_topic(author=member, title="Як провести сесію онлайн?", body="Питання до колег")


def test_editing_too_fast_gives_429_with_the_text_kept(client, member, topic, settings):
    settings.FORUM_EDIT_RATE = "2/m"
    post = topic.posts.get(number=1)
    client.force_login(member)
    url = f"/forum/p/{post.pk}/edit/"
    for n in range(2):
        response = client.post(url, {"title": topic.title, "body": f"Уточнене питання {n}"})
        assert response.status_code == 302
    response = client.post(url, {"title": topic.title, "body": "Третя правка поспіль"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Ви редагуєте надто часто" in html
    assert "Третя правка поспіль" in html
    post.refresh_from_db()
    assert post.body == "Уточнене питання 1"
    assert PostRevision.objects.filter(post=post).count() == 2


def test_the_edit_rate_is_per_member(client, member, topic, settings):
    settings.FORUM_EDIT_RATE = "1/m"
    other = make_user("insha", groups=["Member"])
    others_post = make_reply(topic, other, "Моя відповідь у темі")
    client.force_login(member)
    client.post(f"/forum/p/{topic.posts.get(number=1).pk}/edit/", {"title": topic.title, "body": "Правка автора"})
    client.force_login(other)
    response = client.post(f"/forum/p/{others_post.pk}/edit/", {"body": "Правка іншого учасника"})
    assert response.status_code == 302
    others_post.refresh_from_db()
    assert others_post.body == "Правка іншого учасника"


def test_marking_helpful_too_often_is_refused_with_a_message_on_the_post(client, member, topic, settings):
    settings.FORUM_REACTION_RATE = "2/m"
    author = make_user("avtorka", groups=["Member"])
    replies = [make_reply(topic, author, f"Корисна порада {n}") for n in range(3)]
    client.force_login(member)
    for post in replies[:2]:
        assert client.post(f"/forum/p/{post.pk}/helpful/").status_code == 302
    response = client.post(f"/forum/p/{replies[2].pk}/helpful/", follow=True)
    assert response.redirect_chain and response.redirect_chain[0][0] == replies[2].get_absolute_url()
    assert "Ви надто часто позначаєте дописи як корисні" in response.content.decode()
    assert not Reaction.objects.filter(post=replies[2]).exists()
    assert Reaction.objects.filter(user=member).count() == 2


def test_the_reaction_rate_is_per_member(client, member, topic, settings):
    settings.FORUM_REACTION_RATE = "1/m"
    author = make_user("avtorka", groups=["Member"])
    other = make_user("insha", groups=["Member"])
    post = make_reply(topic, author, "Корисна порада")
    client.force_login(member)
    client.post(f"/forum/p/{post.pk}/helpful/")
    client.force_login(other)
    client.post(f"/forum/p/{post.pk}/helpful/")
    assert set(Reaction.objects.filter(post=post).values_list("user__username", flat=True)) == {"member", "insha"}
