"""Writing in the forum: each role on each action (topics, replies, edits, helpful, accepted answers, flags, watches,
practice discussions), form errors, quotes, mentions and reply notifications, edit history, rate limits, CSRF."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from forum import services
from forum.models import Category, Flag, ModerationLog, Notification, Post, PostRevision, Reaction, Topic, Watch

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice, make_theme

pytestmark = pytest.mark.django_db

ROLES = [None, "pending_member", "member", "moderator", "suspended"]
MAY_POST = {"member", "moderator"}


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public(db):
    return make_category(name="Загальні питання", slug="zahalni")


@pytest.fixture
def private(db):
    return make_category(name="Для учасників", slug="vnutrishni", members_only=True)


@pytest.fixture
def author(db):
    return make_user("avtor", groups=["Member"])


@pytest.fixture
def topic(public, author):
    return make_topic(public, author, title="Як провести сесію онлайн?", body="Питання до колег")


@pytest.fixture
def reply(topic, author):
    return make_reply(topic, author, "Відповідь автора теми")


@pytest.fixture
def suspended(db):
    return make_user(
        "suspended", groups=["Member"], suspended_until=timezone.now() + datetime.timedelta(days=3),
        suspension_reason="Образи на адресу колег",
    )


@pytest.fixture
def as_role(client, request):
    """Log the client in as a role fixture's user (None: stay anonymous); returns the user."""

    def login(role):
        client.logout()
        if role is None:
            return None
        user = request.getfixturevalue(role)
        client.force_login(user)
        return user

    return login


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks (notifications) of whatever happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def is_refused(response, role):
    """Anonymous visitors are sent to log in; signed-in people who may not write get the forum's 403 page."""
    if role is None:
        return response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    return response.status_code == 403 and "forum/forbidden.html" in [t.name for t in response.templates]


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Starting a topic

@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_a_topic(client, as_role, public, role):
    as_role(role)
    form = client.get("/forum/c/zahalni/new/")
    response = client.post("/forum/c/zahalni/new/", {"title": "Питання про бюджет участі", "body": "Як ви це робили?"})
    created = Topic.objects.filter(title="Питання про бюджет участі").first()
    if role in MAY_POST:
        assert form.status_code == 200 and "title" in form.context["form"].fields
        assert created is not None and response["Location"] == f"/forum/t/{created.pk}/"
        assert created.posts.get().body == "Як ви це робили?"
    else:
        assert created is None
        assert is_refused(form, role) and is_refused(response, role)


def test_refusals_explain_pending_membership_and_suspension(client, public, pending_member, suspended):
    client.force_login(pending_member)
    html = client.get("/forum/c/zahalni/new/").content.decode()
    assert "Ваша заявка на членство ще очікує на розгляд модератора." in html
    client.force_login(suspended)
    html = client.get("/forum/c/zahalni/new/").content.decode()
    assert "Образи на адресу колег" in html


@pytest.mark.parametrize("role", [None, "pending_member"])
def test_new_topic_in_a_members_only_category_is_404_for_non_members(client, as_role, private, role):
    as_role(role)
    assert client.get("/forum/c/vnutrishni/new/").status_code == 404
    assert client.post("/forum/c/vnutrishni/new/", {"title": "Спроба написати", "body": "Текст"}).status_code == 404
    assert not Topic.objects.exists()


def test_new_topic_keeps_a_trimmed_title_and_its_tags(client, public, member):
    client.force_login(member)
    client.post("/forum/c/zahalni/new/", {"title": "   Вибори   під час   COVID-19  ", "body": "  Текст  ", "tags": "Вибори, ВПО, вибори"})
    topic = Topic.objects.get()
    assert topic.title == "Вибори під час COVID-19"
    assert sorted(topic.tags.names()) == ["вибори", "впо"]
    assert topic.posts.get().body == "Текст"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": "", "body": "Текст"}, "title", "Give the topic a title."),
        ({"title": "   ", "body": "Текст"}, "title", "Give the topic a title."),
        ({"title": "Ок", "body": "Текст"}, "title", "The title needs at least 5 characters."),
        ({"title": "Т" * 201, "body": "Текст"}, "title", "at most 200 characters"),
        ({"title": "Нормальна назва", "body": ""}, "body", "Write the text of your post."),
        ({"title": "Нормальна назва", "body": " \n\t "}, "body", "Write the text of your post."),
        ({"title": "Нормальна назва", "body": " ж "}, "body", "Write at least a couple of characters."),
        ({"title": "Нормальна назва", "body": "ж" * 20001}, "body", "at most 20000 characters"),
        ({"title": "Нормальна назва", "body": "Текст", "tags": "a,b,c,d,e,f"}, "tags", "At most 5 tags."),
        ({"title": "Нормальна назва", "body": "Текст", "tags": "т" * 41}, "tags", "at most 40 characters"),
    ],
)
def test_bad_topic_input_gives_a_clear_error_and_keeps_the_text(client, public, member, data, field, message):
    client.force_login(member)
    response = client.post("/en/forum/c/zahalni/new/", data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Topic.objects.exists()
    if data["body"].strip():
        assert data["body"].strip()[:50] in response.content.decode()


def test_form_errors_are_translated_into_ukrainian(client, public, member):
    client.force_login(member)
    errors = client.post("/forum/c/zahalni/new/", {"title": "Ок", "body": "Текст"}).context["form"].errors["title"]
    assert errors == ["Назва має містити щонайменше 5 символів."]


def test_longest_allowed_title_and_body_pass(client, public, member):
    client.force_login(member)
    client.post("/forum/c/zahalni/new/", {"title": "  " + "Т" * 200 + "  ", "body": "ж" * 20000})
    assert Topic.objects.get().title == "Т" * 200


# Replying

@pytest.mark.parametrize("role", ROLES)
def test_who_may_reply(client, as_role, topic, role):
    as_role(role)
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Ми робили так само"})
    posted = Post.objects.filter(body="Ми робили так само").first()
    if role in MAY_POST:
        assert posted is not None and response["Location"] == f"/forum/p/{posted.pk}/"
        assert client.get(response["Location"])["Location"] == f"/forum/t/{topic.pk}/#post-2"
    else:
        assert posted is None and is_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_reply_to_a_locked_topic(client, as_role, topic, moderator, role):
    services.topic_lock(topic=topic, moderator=moderator)
    as_role(role)
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Спроба відповісти"})
    assert Post.objects.filter(body="Спроба відповісти").exists() == (role == "moderator")
    if role != "moderator":
        assert is_refused(response, role)
    if role == "member":
        assert response.context["reason"]  # the page says the topic is locked


def test_reply_to_a_members_only_topic_is_404_for_non_members(client, private, author, pending_member):
    secret = make_topic(private, author, title="Внутрішнє обговорення")
    for who in (None, pending_member):
        client.logout()
        if who:
            client.force_login(who)
        assert client.post(f"/forum/t/{secret.pk}/reply/", {"body": "Спроба"}).status_code == 404


def test_empty_reply_is_refused_with_an_error(client, topic, member):
    client.force_login(member)
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "   "})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    assert topic.posts.count() == 1


def test_quote_prefills_the_reply_and_links_the_answered_post(client, topic, author, member):
    first = topic.posts.get(number=1)
    client.force_login(member)
    form = client.get(f"/forum/t/{topic.pk}/reply/?quote={first.pk}").context["form"]
    assert form.initial["body"].startswith("> **@avtor**") and "> Питання до колег" in form.initial["body"]
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": form.initial["body"] + "Ми робили так само", "reply_to": first.pk})
    assert Post.objects.get(number=2).reply_to == first


def test_a_post_the_reader_cannot_see_is_not_quoted(client, topic, author, member, moderator):
    hidden = make_reply(topic, author, "Прихований текст автора")
    services.post_hide(post=hidden, moderator=moderator, reason="Спам")
    other_topic = make_topic(topic.category, author, title="Інша тема форуму")
    client.force_login(member)
    for quote in (hidden.pk, other_topic.posts.get().pk, "abc", "999999"):
        response = client.get(f"/forum/t/{topic.pk}/reply/?quote={quote}")
        assert response.status_code == 200 and not response.context["form"].initial.get("body")


def test_held_reply_of_a_newcomer_says_it_waits_for_approval(client, topic, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("novachok", groups=["Member"])
    client.force_login(newcomer)
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Моя перша відповідь"}, follow=True)
    assert Post.objects.get(body="Моя перша відповідь").status == Post.Status.PENDING
    assert len(messages_of(response)) == 1


def test_reply_notifies_watchers_but_not_those_who_stopped_watching(client, topic, author, member, on_commit):
    watcher = make_user("sposterihach", groups=["Member"])
    services.watch_topic(user=watcher, topic=topic)
    client.force_login(watcher)
    client.post(f"/forum/t/{topic.pk}/watch/")  # stops watching
    client.force_login(member)
    with on_commit():
        client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Ми робили так само"})
    reply = Post.objects.get(body="Ми робили так само")
    assert Notification.objects.filter(recipient=author, kind="reply", post=reply).exists()
    assert not Notification.objects.filter(recipient=watcher).exists()
    assert not Notification.objects.filter(recipient=member).exists()  # not about one's own post


def test_mentions_notify_only_people_who_can_read_the_topic(client, public, private, member, author, on_commit):
    make_user("zayavnyk", status="pending")
    client.force_login(member)
    with on_commit():
        client.post("/forum/c/zahalni/new/", {"title": "Хто має досвід ВПО?", "body": "@avtor @zayavnyk @nikoho підкажіть"})
    post = Post.objects.get(topic__title="Хто має досвід ВПО?")
    assert '<a class="mention" href="/members/avtor/">@avtor</a>' in post.body_html
    assert "@nikoho" in post.body_html and "/members/nikoho/" not in post.body_html
    assert set(Notification.objects.filter(kind="mention").values_list("recipient__username", flat=True)) == {"avtor", "zayavnyk"}
    Notification.objects.all().delete()
    with on_commit():
        client.post("/forum/c/vnutrishni/new/", {"title": "Внутрішня тема учасників", "body": "@zayavnyk @avtor подивіться"})
    # The applicant may not read the members-only category, so hears nothing of it.
    assert set(Notification.objects.filter(kind="mention").values_list("recipient__username", flat=True)) == {"avtor"}


# Editing

def test_author_edits_own_post_and_history_is_kept(client, topic, author):
    post = topic.posts.get()
    client.force_login(author)
    assert client.get(f"/forum/p/{post.pk}/edit/").context["form"].initial["body"] == "Питання до колег"
    response = client.post(f"/forum/p/{post.pk}/edit/", {"body": "Уточнене питання", "title": "Як провести сесію ради онлайн?"})
    assert response["Location"] == f"/forum/p/{post.pk}/"
    post.refresh_from_db()
    assert (post.body, post.edit_count) == ("Уточнене питання", 1) and post.edited_at is not None
    assert Topic.objects.get(pk=topic.pk).title == "Як провести сесію ради онлайн?"
    assert PostRevision.objects.filter(post=post, body="Питання до колег", edited_by=author).exists()


def test_title_is_editable_only_on_the_opening_post(client, topic, reply, author):
    client.force_login(author)
    assert "title" in client.get(f"/forum/p/{topic.posts.get(number=1).pk}/edit/").context["form"].fields
    assert "title" not in client.get(f"/forum/p/{reply.pk}/edit/").context["form"].fields
    client.post(f"/forum/p/{reply.pk}/edit/", {"body": "Нова відповідь", "title": "Підміна назви теми"})
    assert Topic.objects.get(pk=topic.pk).title == "Як провести сесію онлайн?"


def test_editing_to_an_empty_text_or_title_is_refused(client, topic, author):
    post = topic.posts.get()
    client.force_login(author)
    response = client.post(f"/forum/p/{post.pk}/edit/", {"body": "  ", "title": "Ок"})
    assert set(response.context["form"].errors) == {"body", "title"}
    post.refresh_from_db()
    assert post.body == "Питання до колег" and not PostRevision.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_someone_elses_post(client, as_role, reply, role):
    as_role(role)
    response = client.post(f"/forum/p/{reply.pk}/edit/", {"body": "Чужа правка"})
    reply.refresh_from_db()
    if role == "moderator":
        assert reply.body == "Чужа правка" and PostRevision.objects.get(post=reply).body == "Відповідь автора теми"
    else:
        assert reply.body == "Відповідь автора теми" and is_refused(response, role)


def test_suspended_author_cannot_edit_own_post(client, topic, suspended):
    own = make_reply(topic, suspended, "Написано до призупинення")
    client.force_login(suspended)
    assert is_refused(client.post(f"/forum/p/{own.pk}/edit/", {"body": "Правка"}), "suspended")


def test_author_cannot_edit_in_a_locked_topic(client, topic, reply, author, moderator):
    services.topic_lock(topic=topic, moderator=moderator)
    client.force_login(author)
    assert is_refused(client.post(f"/forum/p/{reply.pk}/edit/", {"body": "Правка після закриття"}), "member")


def test_author_cannot_edit_a_hidden_post(client, reply, author, moderator):
    services.post_hide(post=reply, moderator=moderator, reason="Спам")
    client.force_login(author)
    assert client.post(f"/forum/p/{reply.pk}/edit/", {"body": "Спроба обійти"}).status_code == 403
    reply.refresh_from_db()
    assert reply.body == "Відповідь автора теми"


# Helpful

@pytest.mark.parametrize("role", ROLES)
def test_who_may_mark_someone_elses_post_helpful(client, as_role, reply, role):
    as_role(role)
    response = client.post(f"/forum/p/{reply.pk}/helpful/")
    reply.refresh_from_db()
    if role in MAY_POST:
        assert reply.helpful_count == 1 and Reaction.objects.count() == 1
        assert Topic.objects.get(pk=reply.topic_id).helpful_count == 1
    else:
        assert reply.helpful_count == 0 and is_refused(response, role)
    if role is None:
        assert response["Location"].endswith(f"?next=/forum/p/{reply.pk}/")  # back to the post, not the POST-only URL


def test_helpful_toggles(client, reply, member):
    client.force_login(member)
    client.post(f"/forum/p/{reply.pk}/helpful/")
    client.post(f"/forum/p/{reply.pk}/helpful/")
    reply.refresh_from_db()
    assert reply.helpful_count == 0 and not Reaction.objects.exists()


def test_nobody_marks_their_own_post_helpful(client, reply, author):
    client.force_login(author)
    response = client.post(f"/forum/p/{reply.pk}/helpful/")
    assert response.status_code == 403 and not Reaction.objects.exists()


# Accepted answers

@pytest.fixture
def answer(topic):
    return make_reply(topic, make_user("ekspert", groups=["Member"]), "Ось як ми це зробили")


@pytest.mark.parametrize(
    "who, allowed", [("topic author", True), ("member", False), ("moderator", True), ("pending_member", False), (None, False)]
)
def test_who_may_accept_an_answer(client, as_role, topic, answer, author, who, allowed, on_commit):
    if who == "topic author":
        client.force_login(author)
    else:
        as_role(who)
    with on_commit():
        response = client.post(f"/forum/p/{answer.pk}/accept/")
    assert (Topic.objects.get(pk=topic.pk).accepted_answer_id == answer.pk) == allowed
    assert Notification.objects.filter(kind="accepted", post=answer).exists() == allowed
    if not allowed:
        assert is_refused(response, who)


def test_a_moderators_acceptance_is_logged_the_authors_is_not(client, topic, answer, author, moderator):
    client.force_login(author)
    client.post(f"/forum/p/{answer.pk}/accept/")
    assert not ModerationLog.objects.exists()
    client.post(f"/forum/t/{topic.pk}/unaccept/")
    client.force_login(moderator)
    client.post(f"/forum/p/{answer.pk}/accept/")
    assert ModerationLog.objects.get().action == ModerationLog.Action.ACCEPT_ANSWER


def test_suspended_topic_author_cannot_accept(client, public, suspended):
    own = make_topic(public, suspended, title="Тема до призупинення")
    answer = make_reply(own, make_user("ekspert", groups=["Member"]), "Відповідь")
    client.force_login(suspended)
    assert is_refused(client.post(f"/forum/p/{answer.pk}/accept/"), "suspended")


def test_unaccept_by_the_author_and_not_by_others(client, topic, answer, author, member):
    services.answer_accept(topic=topic, post=answer, user=author)
    client.force_login(member)
    assert client.post(f"/forum/t/{topic.pk}/unaccept/").status_code == 403
    assert Topic.objects.get(pk=topic.pk).accepted_answer_id == answer.pk
    client.force_login(author)
    client.post(f"/forum/t/{topic.pk}/unaccept/")
    assert Topic.objects.get(pk=topic.pk).accepted_answer_id is None


def test_the_opening_post_cannot_be_the_accepted_answer(client, topic, author):
    client.force_login(author)
    response = client.post(f"/forum/p/{topic.posts.get().pk}/accept/", follow=True)
    assert Topic.objects.get(pk=topic.pk).accepted_answer_id is None
    assert len(messages_of(response)) == 1


# Flags

@pytest.mark.parametrize("role", ROLES)
def test_who_may_flag_a_post(client, as_role, reply, role):
    as_role(role)
    form = client.get(f"/forum/p/{reply.pk}/flag/")
    response = client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "spam", "note": "Реклама"})
    flagged = Flag.objects.filter(post=reply).first()
    if role in MAY_POST:
        assert form.status_code == 200
        assert [value for value, _label in form.context["form"].fields["reason"].choices] == list(Flag.Reason.values)
        assert (flagged.reason, flagged.note, flagged.status) == ("spam", "Реклама", Flag.Status.OPEN)
        assert response["Location"] == f"/forum/p/{reply.pk}/"
    else:
        assert flagged is None and is_refused(response, role)


def test_flagging_twice_keeps_one_flag_and_says_so(client, reply, member):
    client.force_login(member)
    client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "spam"}, follow=True)
    response = client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "offensive"}, follow=True)
    assert Flag.objects.filter(post=reply, reporter=member).count() == 1
    assert len(messages_of(response)) == 1
    assert client.get(f"/forum/p/{reply.pk}/flag/").context["already_flagged"]


def test_flag_needs_a_known_reason(client, reply, member):
    client.force_login(member)
    for data in ({"reason": "nonsense"}, {}):
        response = client.post(f"/forum/p/{reply.pk}/flag/", data)
        assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert not Flag.objects.exists()


def test_nobody_flags_their_own_post(client, reply, author):
    client.force_login(author)
    assert client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "spam"}).status_code == 403
    assert not Flag.objects.exists()


def test_a_hidden_post_cannot_be_flagged_and_does_not_reveal_itself(client, reply, member, moderator):
    services.post_hide(post=reply, moderator=moderator, reason="Спам")
    client.force_login(member)
    assert client.get(f"/forum/p/{reply.pk}/flag/").status_code == 404


# Watching

@pytest.mark.parametrize("role", ROLES)
def test_who_may_watch_a_topic_and_a_category(client, as_role, topic, role):
    user = as_role(role)
    topic_response = client.post(f"/forum/t/{topic.pk}/watch/")
    category_response = client.post("/forum/c/zahalni/watch/")
    if role in MAY_POST or role == "suspended":  # a suspended member still reads, so may follow
        assert Watch.objects.filter(user=user, topic=topic).exists()
        assert Watch.objects.filter(user=user, category=topic.category).exists()
    else:
        assert not Watch.objects.exclude(user=topic.author).exists()
        assert is_refused(topic_response, role) and is_refused(category_response, role)


def test_watching_toggles(client, topic, member):
    client.force_login(member)
    for expected in (True, False, True):
        client.post(f"/forum/t/{topic.pk}/watch/")
        client.post("/forum/c/zahalni/watch/")
        assert Watch.objects.filter(user=member, topic=topic).exists() == expected
        assert Watch.objects.filter(user=member, category=topic.category).exists() == expected


def test_watching_a_category_notifies_of_new_topics(client, public, author, member, on_commit):
    client.force_login(member)
    client.post("/forum/c/zahalni/watch/")
    with on_commit():
        new = make_topic(public, author, title="Нова тема в категорії")
    assert Notification.objects.filter(recipient=member, kind="new_topic", topic=new).exists()


# POST-only endpoints and CSRF

@pytest.mark.parametrize("url", ["/forum/p/{reply}/helpful/", "/forum/p/{reply}/accept/", "/forum/t/{topic}/unaccept/",
                                 "/forum/t/{topic}/watch/", "/forum/c/zahalni/watch/"])
def test_post_only_endpoints_refuse_get(client, topic, reply, member, url):
    client.force_login(member)
    assert client.get(url.format(topic=topic.pk, reply=reply.pk)).status_code == 405


def test_forms_need_the_csrf_token(topic, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Без токена"}).status_code == 403
    assert client.post(f"/forum/t/{topic.pk}/watch/").status_code == 403
    assert not Post.objects.filter(body="Без токена").exists()


# Rate limits

def test_posting_too_fast_gives_a_clear_message_and_keeps_the_text(client, topic, member, settings):
    settings.FORUM_POST_RATE = "2/m"
    client.force_login(member)
    for n in range(2):
        assert client.post(f"/forum/t/{topic.pk}/reply/", {"body": f"Відповідь {n}"}).status_code == 302
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Третя відповідь"})
    assert response.status_code == 429
    assert "Ви надсилаєте дописи надто часто" in response.content.decode()
    assert "Третя відповідь" in response.content.decode()
    assert not Post.objects.filter(body="Третя відповідь").exists()
    response = client.post("/forum/c/zahalni/new/", {"title": "Нова тема надто швидко", "body": "Текст теми"})
    assert response.status_code == 429 and "Нова тема надто швидко" in response.content.decode()
    assert not Topic.objects.filter(title="Нова тема надто швидко").exists()


def test_the_post_rate_is_per_member(client, topic, member, author, settings):
    settings.FORUM_POST_RATE = "1/m"
    client.force_login(member)
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Від учасника"})
    client.force_login(author)
    assert client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Від автора"}).status_code == 302


def test_flagging_too_often_is_limited(client, topic, author, member, settings):
    settings.FORUM_FLAG_RATE = "2/h"
    replies = [make_reply(topic, author, f"Відповідь {n}") for n in range(3)]
    client.force_login(member)
    for post in replies[:2]:
        client.post(f"/forum/p/{post.pk}/flag/", {"reason": "spam"})
    response = client.post(f"/forum/p/{replies[2].pk}/flag/", {"reason": "spam", "note": "Ще одна реклама"})
    assert response.status_code == 429
    assert "Останнім часом ви надіслали багато скарг" in response.content.decode()
    assert "Ще одна реклама" in response.content.decode()
    assert Flag.objects.count() == 2


# Discussing a practice

@pytest.fixture
def practice(db):
    return make_practice("Онлайн-сесії ради", slug="online-sesii")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_a_practice_discussion(client, as_role, public, practice, role):
    as_role(role)
    response = client.post(f"/forum/practice/{practice.pk}/discuss/", {"title": "Онлайн-сесії ради", "body": "Хто пробував?"})
    created = Topic.objects.filter(practice=practice).first()
    if role in MAY_POST:
        assert created is not None and response["Location"] == f"/forum/t/{created.pk}/"
        assert created.category == public and created.author.username == role.replace("_member", "")
    else:
        assert created is None and is_refused(response, role)


def test_practice_discussion_form_is_prefilled_and_the_topic_shows_the_practice(client, public, practice, member):
    theme = make_theme("Відкрите врядування", slug="vidkryte")
    practice.themes = [theme]
    practice.save_revision().publish()
    themed = make_category(name="Відкрите врядування", slug="vidkryte-vriaduvannia", theme=theme)
    client.force_login(member)
    form = client.get(f"/forum/practice/{practice.pk}/discuss/").context["form"]
    assert form.initial["title"] == "Онлайн-сесії ради" and form.initial["category"] == themed
    client.post(f"/forum/practice/{practice.pk}/discuss/", {"title": "Онлайн-сесії ради", "body": "Хто пробував?",
                                                             "category": themed.pk})
    topic = Topic.objects.get(practice=practice)
    assert topic.category == themed
    html = client.get(f"/forum/t/{topic.pk}/").content.decode()
    assert "Онлайн-сесії ради" in html and f'href="{practice.url}"' in html


def test_a_practice_has_one_discussion(client, public, practice, member, author):
    existing = make_topic(public, author, title="Обговорення онлайн-сесій", practice=practice)
    client.force_login(member)
    assert client.get(f"/forum/practice/{practice.pk}/discuss/")["Location"] == f"/forum/t/{existing.pk}/"
    client.post(f"/forum/practice/{practice.pk}/discuss/", {"title": "Друга тема", "body": "Дубль"})
    assert Topic.objects.filter(practice=practice).count() == 1
    client.logout()  # anyone who can read the topic is sent to it
    assert client.get(f"/forum/practice/{practice.pk}/discuss/")["Location"] == f"/forum/t/{existing.pk}/"


def test_discussing_a_draft_or_members_only_practice_is_404(client, public, member):
    draft = make_practice("Чернетка", slug="chernetka", publish=False)
    restricted = make_practice("Для своїх", slug="dlia-svoikh")
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    client.force_login(member)
    for page in (draft, restricted):
        assert client.get(f"/forum/practice/{page.pk}/discuss/").status_code == 404
    assert client.get("/forum/practice/999999/discuss/").status_code == 404
    assert not Topic.objects.exists()


def test_practice_discussion_errors_keep_the_form(client, public, practice, member):
    client.force_login(member)
    response = client.post(f"/forum/practice/{practice.pk}/discuss/", {"title": "Ок", "body": ""})
    assert response.status_code == 200 and {"title", "body"} <= set(response.context["form"].errors)
    assert not Topic.objects.exists()


def test_categories_offered_for_a_practice_discussion_are_those_the_member_may_write_in(client, public, private, practice, member):
    client.force_login(member)
    offered = list(client.get(f"/forum/practice/{practice.pk}/discuss/").context["form"].fields["category"].queryset)
    assert offered == list(Category.objects.order_by("position", "name"))
