"""Forum pages only some signed-in people may open send anonymous visitors to log in first, like every members' page."""

import pytest

from forum import services

from .conftest import PASSWORD, make_user
from .forum_factories import make_category, make_reply, make_topic

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/?next="


@pytest.fixture
def post(db):
    topic = make_topic(make_category(), make_user("avtor", groups=["Member"]), title="Бюджет участі в громаді")
    post = topic.posts.get()
    services.post_edit(post=post, editor=post.author, body="Друга версія")
    return post


@pytest.fixture
def hidden_post(post, moderator):
    reply = make_reply(post.topic, post.author, "Відповідь, яку приховано")
    services.post_hide(post=reply, moderator=moderator, reason="Спам")
    return reply


@pytest.fixture
def members_only_post(db):
    topic = make_topic(make_category(members_only=True), title="Внутрішнє обговорення")
    return topic.posts.get()


def test_anonymous_visitor_opening_an_edit_history_is_sent_to_log_in(client, post):
    url = f"/forum/p/{post.pk}/history/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == LOGIN + url


def test_english_edit_history_sends_to_the_english_log_in_and_back(client, post):
    url = f"/en/forum/p/{post.pk}/history/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/en" + LOGIN + url


def test_the_log_in_redirect_reveals_nothing_about_the_post(client, hidden_post, members_only_post):
    # Hidden, members-only and missing posts all get the same answer, so the redirect proves nothing exists.
    for pk in (hidden_post.pk, members_only_post.pk, 999999):
        url = f"/forum/p/{pk}/history/"
        assert client.get(url)["Location"] == LOGIN + url


def test_moderator_logging_in_from_the_redirect_comes_back_to_the_history(client, post, moderator):
    url = f"/forum/p/{post.pk}/history/"
    login = client.get(url)["Location"]
    response = client.post(login, {"login": moderator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url
    history = client.get(url)
    assert history.status_code == 200
    assert "Друга версія" in history.content.decode()


@pytest.mark.parametrize("role", ["pending_member", "member", "editor"])
def test_signed_in_non_moderators_still_get_the_403_page(client, request, post, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/forum/p/{post.pk}/history/")
    assert response.status_code == 403
    assert "Доступ заборонено" in response.content.decode()


def test_signed_in_visitor_who_may_not_see_the_post_gets_404(client, hidden_post, members_only_post, pending_member):
    client.force_login(pending_member)
    for pk in (hidden_post.pk, members_only_post.pk, 999999):
        assert client.get(f"/forum/p/{pk}/history/").status_code == 404
