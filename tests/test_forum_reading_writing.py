"""Reading and writing in the forum: each role on each action, sanitisation, the practice link, query bounds."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from forum import services
from forum.models import Category, Flag, Notification, Post, PostRevision, Reaction, Topic, Watch

from .conftest import make_user
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public():
    return Category.objects.create(name="Загальні питання", slug="zahalni")


@pytest.fixture
def private():
    return Category.objects.create(name="Для учасників", slug="vnutrishni", visibility=Category.Visibility.MEMBERS)


@pytest.fixture
def author(db):
    return make_user("avtor", groups=["Member"])


@pytest.fixture
def topic(public, author):
    return services.topic_create(category=public, author=author, title="Як провести сесію онлайн?", body="Питання до колег")[0]


@pytest.fixture
def suspended(db):
    return make_user("suspended", groups=["Member"], suspended_until=timezone.now() + datetime.timedelta(days=3))


# Reading

def test_index_lists_readable_categories_with_counts(client, public, private, topic, member):
    html = client.get("/forum/").content.decode()
    assert "Загальні питання" in html and "Для учасників" not in html
    client.force_login(member)
    assert "Для учасників" in client.get("/forum/").content.decode()


@pytest.mark.parametrize("role, status", [(None, 404), ("pending_member", 404), ("member", 200), ("moderator", 200)])
def test_members_only_category_and_topics(client, private, member, role, status, request):
    secret = services.topic_create(category=private, author=member, title="Внутрішнє обговорення", body="Текст")[0]
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(f"/forum/c/{private.slug}/").status_code == status
    assert client.get(f"/forum/t/{secret.pk}/").status_code == status


def test_topic_list_sorts_and_survives_bad_parameters(client, public, author, member):
    first = services.topic_create(category=public, author=author, title="Старіша тема про вибори", body="a a")[0]
    second = services.topic_create(category=public, author=author, title="Новіша тема про молодь", body="b b")[0]
    services.post_reply(topic=first, author=member, body="Свіжа відповідь")
    latest = client.get("/forum/c/zahalni/").context["page"].object_list
    assert [t.pk for t in latest] == [first.pk, second.pk]
    newest = client.get("/forum/c/zahalni/?sort=new").context["page"].object_list
    assert [t.pk for t in newest] == [second.pk, first.pk]
    for params in ("?sort=evil", "?page=abc", "?page=-5", "?page=9999", "?sort=top&page=0"):
        assert client.get("/forum/c/zahalni/" + params).status_code == 200


def test_unread_markers_for_members(client, topic, author, member):
    client.force_login(member)
    assert "badge-new" in client.get("/forum/c/zahalni/").content.decode()
    client.get(f"/forum/t/{topic.pk}/")
    assert "badge-new" not in client.get("/forum/c/zahalni/").content.decode()
    services.post_reply(topic=topic, author=author, body="Нова відповідь автора")
    assert "badge-new" in client.get("/forum/c/zahalni/").content.decode()


def test_topic_page_query_count_does_not_grow_with_posts(client, topic, author, member, django_assert_max_num_queries):
    helpers = [make_user(f"u{n}", groups=["Member"]) for n in range(5)]
    for n in range(99):
        services.post_reply(topic=topic, author=helpers[n % 5], body=f"Відповідь {n} з **Markdown** і @member")
    assert Post.objects.filter(topic=topic).count() == 100
    client.force_login(member)
    with django_assert_max_num_queries(25):
        response = client.get(f"/forum/t/{topic.pk}/?page=3")
    assert response.status_code == 200
    with django_assert_max_num_queries(25):
        client.get(f"/forum/t/{topic.pk}/")


def test_permalink_goes_to_the_right_page(client, topic, author, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    posts = [services.post_reply(topic=topic, author=author, body=f"Відповідь номер {n}") for n in range(4)]
    response = client.get(f"/forum/p/{posts[2].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/forum/t/{topic.pk}/?page=2#post-4"


def test_hidden_and_pending_posts_do_not_reveal_themselves(client, topic, author, member, moderator):
    hidden = services.post_reply(topic=topic, author=member, body="Реклама сумнівного сервісу")
    services.post_hide(post=hidden, moderator=moderator, reason="Реклама")
    for who in (None, author):
        client.logout()
        if who:
            client.force_login(who)
        assert client.get(f"/forum/p/{hidden.pk}/").status_code == 404
        assert "Реклама сумнівного сервісу" not in client.get(f"/forum/t/{topic.pk}/").content.decode()
    client.force_login(member)
    html = client.get(f"/forum/t/{topic.pk}/").content.decode()
    assert "Реклама</p>" in html or "Реклама" in html  # the reason is shown to the author
    assert "Реклама сумнівного сервісу" not in html
    client.force_login(moderator)
    assert "Реклама сумнівного сервісу" in client.get(f"/forum/t/{topic.pk}/").content.decode()


# Writing

@pytest.mark.parametrize("role, allowed", [("pending_member", False), ("member", True), ("moderator", True), ("suspended", False)])
def test_who_may_start_a_topic(client, public, role, allowed, request):
    client.force_login(request.getfixturevalue(role))
    response = client.post("/forum/c/zahalni/new/", {"title": "Питання про бюджет участі", "body": "Як ви це робили?"})
    assert Topic.objects.filter(title="Питання про бюджет участі").exists() == allowed
    assert response.status_code == (302 if allowed else 403)


def test_anonymous_is_sent_to_login(client, public, topic):
    for url in ("/forum/c/zahalni/new/", f"/forum/t/{topic.pk}/reply/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "data, error",
    [
        ({"title": "", "body": "Текст"}, "title"),
        ({"title": "Ок", "body": "Текст"}, "title"),
        ({"title": "Т" * 201, "body": "Текст"}, "title"),
        ({"title": "Нормальна назва", "body": "   "}, "body"),
        ({"title": "Нормальна назва", "body": "ж" * 20001}, "body"),
        ({"title": "Нормальна назва", "body": "Текст", "tags": "a,b,c,d,e,f"}, "tags"),
    ],
)
def test_bad_topic_input_gives_errors_not_500(client, public, member, data, error):
    client.force_login(member)
    response = client.post("/forum/c/zahalni/new/", data)
    assert response.status_code == 200
    assert error in response.context["form"].errors
    assert not Topic.objects.exists()


def test_reply_quotes_and_notifies_watchers(client, topic, author, member, mailoutbox, django_capture_on_commit_callbacks):
    first_post = topic.posts.get(number=1)
    client.force_login(member)
    form = client.get(f"/forum/t/{topic.pk}/reply/?quote={first_post.pk}").context["form"]
    assert form.initial["body"].startswith("> **@avtor**")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Ми робили так само", "reply_to": first_post.pk})
    reply = Post.objects.get(body="Ми робили так само")
    assert response.status_code == 302 and reply.reply_to == first_post
    assert Notification.objects.filter(recipient=author, kind="reply", post=reply).exists()


def test_nobody_replies_to_a_locked_topic_except_moderators(client, topic, member, moderator):
    services.topic_lock(topic=topic, moderator=moderator)
    client.force_login(member)
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Спроба відповісти"})
    assert not Post.objects.filter(body="Спроба відповісти").exists()
    client.force_login(moderator)
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Модератор пояснює"})
    assert Post.objects.filter(body="Модератор пояснює").exists()


def test_markdown_is_sanitised(client, topic, member):
    client.force_login(member)
    body = (
        "<script>alert('x')</script> [клік](javascript:alert(1)) <img src=x onerror=alert(1)> "
        "![фото](https://example.org/huge.png) [сайт](https://rada.gov.ua) <b onclick=x>жирний</b>"
    )
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": body})
    html = Post.objects.get(number=2).body_html
    import re

    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\son\w+=", html)  # no event handler inside any real tag
    assert "&lt;script&gt;" in html  # raw HTML is shown as text, not run
    assert 'href="javascript' not in html
    assert 'href="https://rada.gov.ua" rel="nofollow ugc noopener"' in html
    page = client.get(f"/forum/t/{topic.pk}/").content.decode()
    assert "<script>alert('x')</script>" not in page


def test_mentions_link_and_notify_only_readers(client, private, public, member, author, django_capture_on_commit_callbacks):
    outsider = make_user("outsider", status="pending")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/forum/c/zahalni/new/", {"title": "Хто має досвід ВПО?", "body": "@avtor @outsider @nobody підкажіть"})
    post = Post.objects.get(topic__title="Хто має досвід ВПО?")
    assert '<a class="mention" href="/members/avtor/">@avtor</a>' in post.body_html
    assert "@nobody" in post.body_html
    assert Notification.objects.filter(recipient=author, kind="mention").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/forum/c/vnutrishni/new/", {"title": "Внутрішня тема для учасників", "body": "@outsider @avtor подивіться"})
    assert Notification.objects.filter(recipient=author, kind="mention", topic__category=private).exists()
    # The applicant may read the public topic, so hears of the mention there, but not in the members-only one.
    assert Notification.objects.filter(recipient=outsider, topic__category=public).exists()
    assert not Notification.objects.filter(recipient=outsider, topic__category=private).exists()


def test_edit_own_post_keeps_history_for_moderators(client, topic, author, member, moderator):
    post = topic.posts.get(number=1)
    client.force_login(member)
    assert client.post(f"/forum/p/{post.pk}/edit/", {"body": "Чужа правка", "title": "Чужа назва теми"}).status_code == 403
    client.force_login(author)
    client.post(f"/forum/p/{post.pk}/edit/", {"body": "Уточнене питання", "title": "Як провести сесію ради онлайн?"})
    post.refresh_from_db()
    assert post.body == "Уточнене питання" and post.edit_count == 1
    assert Topic.objects.get(pk=topic.pk).title == "Як провести сесію ради онлайн?"
    assert PostRevision.objects.filter(post=post, body="Питання до колег").exists()
    assert client.get(f"/forum/p/{post.pk}/history/").status_code == 403
    client.force_login(moderator)
    assert "Питання до колег" in client.get(f"/forum/p/{post.pk}/history/").content.decode()


def test_helpful_toggles_and_not_on_own_post(client, topic, author, member):
    reply = services.post_reply(topic=topic, author=author, body="Корисна порада")
    client.force_login(author)
    assert client.post(f"/forum/p/{reply.pk}/helpful/").status_code == 403
    client.force_login(member)
    assert client.get(f"/forum/p/{reply.pk}/helpful/").status_code == 405
    client.post(f"/forum/p/{reply.pk}/helpful/")
    assert Post.objects.get(pk=reply.pk).helpful_count == 1 and Reaction.objects.count() == 1
    client.post(f"/forum/p/{reply.pk}/helpful/")
    assert Post.objects.get(pk=reply.pk).helpful_count == 0


@pytest.mark.parametrize("role, allowed", [("author", True), ("member", False), ("moderator", True)])
def test_who_marks_the_accepted_answer(client, topic, author, member, moderator, role, allowed, django_capture_on_commit_callbacks):
    answer = services.post_reply(topic=topic, author=make_user("expert", groups=["Member"]), body="Ось як ми це зробили")
    client.force_login({"author": author, "member": member, "moderator": moderator}[role])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forum/p/{answer.pk}/accept/")
    assert (Topic.objects.get(pk=topic.pk).accepted_answer_id == answer.pk) == allowed
    if allowed:
        page = client.get(f"/forum/t/{topic.pk}/").content.decode()
        assert page.index("accepted-answer") < page.index('id="post-2"')
        assert Notification.objects.filter(kind="accepted", post=answer).exists()


def test_flag_once_with_reason(client, topic, member, author):
    post = topic.posts.get(number=1)
    client.force_login(member)
    client.post(f"/forum/p/{post.pk}/flag/", {"reason": "spam", "note": "Реклама"})
    client.post(f"/forum/p/{post.pk}/flag/", {"reason": "spam"})
    assert Flag.objects.filter(post=post, reporter=member).count() == 1
    assert client.post(f"/forum/p/{post.pk}/flag/", {"reason": "nonsense"}).status_code == 200
    client.force_login(author)
    assert client.post(f"/forum/p/{post.pk}/flag/", {"reason": "spam"}).status_code == 403


def test_watch_toggles(client, topic, member):
    client.force_login(member)
    client.post(f"/forum/t/{topic.pk}/watch/")
    assert Watch.objects.filter(user=member, topic=topic).exists()
    client.post(f"/forum/t/{topic.pk}/watch/")
    assert not Watch.objects.filter(user=member, topic=topic).exists()


def test_posting_too_fast_is_a_clear_message_and_keeps_the_text(client, topic, member, settings):
    settings.FORUM_POST_RATE = "2/m"
    client.force_login(member)
    for n in range(2):
        client.post(f"/forum/t/{topic.pk}/reply/", {"body": f"Відповідь {n}"})
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Третя відповідь"})
    assert response.status_code == 429
    assert "Третя відповідь" in response.content.decode()
    assert not Post.objects.filter(body="Третя відповідь").exists()


def test_discuss_this_practice_creates_the_topic_once(client, public, member):
    practice = make_practice("Онлайн-сесії ради", slug="online-sesii")
    client.force_login(member)
    form = client.get(f"/forum/practice/{practice.pk}/discuss/").context["form"]
    assert form.initial["title"] == "Онлайн-сесії ради"
    response = client.post(f"/forum/practice/{practice.pk}/discuss/", {"title": "Онлайн-сесії ради", "body": "Хто пробував?"})
    topic = Topic.objects.get(practice=practice)
    assert response["Location"] == f"/forum/t/{topic.pk}/"
    assert client.get(f"/forum/practice/{practice.pk}/discuss/")["Location"] == f"/forum/t/{topic.pk}/"
    assert Topic.objects.filter(practice=practice).count() == 1
    page = client.get(f"/forum/t/{topic.pk}/").content.decode()
    assert practice.url in page and "Онлайн-сесії ради" in page


def test_discussing_a_draft_practice_is_404(client, public, member):
    draft = make_practice("Чернетка", slug="chernetka", publish=False)
    client.force_login(member)
    assert client.get(f"/forum/practice/{draft.pk}/discuss/").status_code == 404


def test_pending_member_cannot_discuss_a_practice(client, public, pending_member):
    practice = make_practice("Практика", slug="praktyka")
    client.force_login(pending_member)
    client.post(f"/forum/practice/{practice.pk}/discuss/", {"title": "Практика обговорення", "body": "Текст"})
    assert not Topic.objects.exists()
