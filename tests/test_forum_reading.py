"""Reading the forum: who sees which categories, topics and posts; lists, unread markers, the topic page, permalinks,
edit history, safe rendering and a query count that does not grow with the number of posts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import Category, Post, PostRevision, ReadState, Topic

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(db):
    return make_category(name="Загальні питання", slug="zahalni", description="Питання про місцеве самоврядування")


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
def suspended(db):
    return make_user("suspended", groups=["Member"], suspended_until=timezone.now() + datetime.timedelta(days=3))


@pytest.fixture
def as_role(client, request):
    """Log the client in as a role fixture's user (None: stay anonymous); returns the user."""

    def login(role):
        if role is None:
            client.logout()
            return None
        user = request.getfixturevalue(role)
        client.force_login(user)
        return user

    return login


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def hide(post, moderator, reason="Реклама"):
    services.post_hide(post=post, moderator=moderator, reason=reason)


# The index of categories

@pytest.mark.parametrize(
    "role, sees_members_only",
    [(None, False), ("pending_member", False), ("member", True), ("suspended", True), ("moderator", True)],
)
def test_index_shows_members_only_categories_to_members_only(client, as_role, public, private, role, sees_members_only):
    as_role(role)
    html = page(client, "/forum/")
    assert "Загальні питання" in html
    assert ("Для учасників" in html) == sees_members_only


def test_index_shows_description_visible_counts_and_last_activity(client, public, topic, author, member, moderator):
    older = make_topic(public, author, title="Старе питання про бюджет")
    make_reply(topic, member, "Відповідь про сесію")
    hide(make_reply(older, member, "Прихована відповідь"), moderator)
    Topic.objects.filter(pk=older.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=30))
    row = client.get("/forum/").context["categories"][0]
    assert (row.topic_total, row.post_total) == (2, 3)  # the hidden reply is not counted
    assert row.latest_topic.pk == topic.pk
    html = page(client, "/forum/")
    assert "Питання про місцеве самоврядування" in html
    assert "Як провести сесію онлайн?" in html


def test_index_query_count_does_not_grow_with_categories(client, member, author):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            page(client, "/forum/")
        return len(queries)

    client.force_login(member)
    for n in range(2):
        make_topic(make_category(), author, title=f"Тема номер {n}")
    few = count_queries()
    for n in range(8):
        make_topic(make_category(members_only=n % 2 == 0), author, title=f"Ще тема {n}")
    assert count_queries() == few


# A category's topic list

@pytest.mark.parametrize(
    "role, visible",
    [(None, False), ("pending_member", False), ("member", True), ("suspended", True), ("moderator", True)],
)
def test_members_only_category_and_its_topics_are_404_for_non_members(client, as_role, private, author, role, visible):
    secret = make_topic(private, author, title="Внутрішнє обговорення")
    as_role(role)
    status = 200 if visible else 404
    assert client.get(f"/forum/c/{private.slug}/").status_code == status
    assert client.get(f"/forum/t/{secret.pk}/").status_code == status
    assert client.get(f"/forum/p/{secret.posts.get().pk}/").status_code == (302 if visible else 404)


def test_public_category_is_readable_by_everyone(client, as_role, topic):
    for role in (None, "pending_member", "member"):
        as_role(role)
        assert "Як провести сесію онлайн?" in page(client, "/forum/c/zahalni/")
        assert "Питання до колег" in page(client, f"/forum/t/{topic.pk}/")


def test_latest_sort_puts_pinned_first_then_recent_activity(client, public, author, member, moderator):
    old = make_topic(public, author, title="Стара тема про вибори")
    pinned = make_topic(public, author, title="Правила форуму для всіх")
    fresh = make_topic(public, author, title="Нова тема про молодь")
    services.topic_pin(topic=pinned, moderator=moderator)
    make_reply(old, member, "Свіжа відповідь у старій темі")
    topics = client.get("/forum/c/zahalni/").context["page"].object_list
    assert [t.pk for t in topics] == [pinned.pk, old.pk, fresh.pk]


def test_new_and_top_sorts(client, public, author, member):
    first = make_topic(public, author, title="Перша тема категорії")
    second = make_topic(public, author, title="Друга тема категорії")
    reply = make_reply(first, member, "Корисна відповідь")
    services.post_mark_helpful(post=reply, user=author)
    newest = client.get("/forum/c/zahalni/?sort=new").context["page"].object_list
    assert [t.pk for t in newest] == [second.pk, first.pk]
    top = client.get("/forum/c/zahalni/?sort=top").context["page"].object_list
    assert [t.pk for t in top] == [first.pk, second.pk]


@pytest.mark.parametrize("params", ["?sort=evil", "?page=abc", "?page=-5", "?page=9999", "?sort=top&page=0", "?page=1e9"])
def test_bad_sort_or_page_parameters_show_a_page_not_an_error(client, topic, params):
    response = client.get("/forum/c/zahalni/" + params)
    assert response.status_code == 200
    assert response.context["sort"] in ("latest", "new", "top")


def test_topic_list_is_paginated(client, public, author, settings):
    settings.FORUM_TOPICS_PER_PAGE = 2
    for n in range(5):
        make_topic(public, author, title=f"Тема для сторінок {n}")
    response = client.get("/forum/c/zahalni/?sort=new&page=3")
    assert [t.title for t in response.context["page"].object_list] == ["Тема для сторінок 0"]
    assert "sort=new&amp;page=2" in response.content.decode()


def test_unread_markers_count_new_visible_replies(client, topic, author, member, moderator):
    client.force_login(member)
    assert client.get("/forum/c/zahalni/").context["page"].object_list[0].last_read_number is None
    assert "badge-new" in page(client, "/forum/c/zahalni/")  # never opened: new
    page(client, f"/forum/t/{topic.pk}/")
    assert "badge-new" not in page(client, "/forum/c/zahalni/")
    make_reply(topic, author, "Перша нова відповідь")
    make_reply(topic, author, "Друга нова відповідь")
    hide(make_reply(topic, author, "Прихована відповідь"), moderator)
    listed = client.get("/forum/c/zahalni/").context["page"].object_list[0]
    assert (listed.last_read_number, listed.unread_count) == (1, 2)  # the hidden reply is not unread
    assert "badge-new" in page(client, "/forum/c/zahalni/")


def test_own_new_topic_is_not_unread_for_its_author(client, topic, author):
    client.force_login(author)
    assert "badge-new" not in page(client, "/forum/c/zahalni/")


def test_anonymous_visitors_get_no_unread_markers(client, topic):
    assert "badge-new" not in page(client, "/forum/c/zahalni/")


def test_tags_are_shown_in_the_topic_list_and_on_the_topic(client, public, author):
    tagged = make_topic(public, author, title="Тема з мітками", tags=["вибори", "впо"])
    for url in ("/forum/c/zahalni/", f"/forum/t/{tagged.pk}/"):
        html = page(client, url)
        assert "#вибори" in html and "#впо" in html


@pytest.mark.parametrize(
    "role, can_start, can_watch",
    [(None, False, False), ("pending_member", False, False), ("suspended", False, True), ("member", True, True)],
)
def test_new_topic_link_and_watch_button_only_for_those_who_can(client, as_role, public, role, can_start, can_watch):
    as_role(role)
    html = page(client, "/forum/c/zahalni/")
    assert ('href="/forum/c/zahalni/new/"' in html) == can_start
    assert ('action="/forum/c/zahalni/watch/"' in html) == can_watch


def test_topic_awaiting_approval_is_listed_only_to_its_author_and_moderators(client, public, member, moderator, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("novachok", groups=["Member"])
    held = make_topic(public, newcomer, title="Перша тема новачка")
    for who, listed in ((None, False), (member, False), (newcomer, True), (moderator, True)):
        client.logout()
        if who:
            client.force_login(who)
        assert ("Перша тема новачка" in page(client, "/forum/c/zahalni/")) == listed
        assert client.get(f"/forum/t/{held.pk}/").status_code == (200 if listed else 404)


# The topic page

def test_each_post_has_anchor_permalink_author_profile_and_date(client, topic, author):
    reply = make_reply(topic, make_user("kolega", groups=["Member"]), "Ось наш досвід")
    html = page(client, f"/forum/t/{topic.pk}/")
    assert 'id="post-1"' in html and 'id="post-2"' in html
    assert f'href="/forum/p/{reply.pk}/"' in html
    assert 'href="/members/kolega/"' in html and 'href="/members/avtor/"' in html
    assert f'datetime="{timezone.localtime(reply.created_at).isoformat(timespec="seconds")}"' in html


def test_topic_posts_are_paginated(client, topic, author, settings):
    settings.FORUM_POSTS_PER_PAGE = 3
    for n in range(2, 8):
        make_reply(topic, author, f"Відповідь номер {n}")
    html = page(client, f"/forum/t/{topic.pk}/?page=2")
    assert 'id="post-4"' in html and 'id="post-6"' in html
    assert 'id="post-3"' not in html and 'id="post-7"' not in html
    assert client.get(f"/forum/t/{topic.pk}/?page=zzz").status_code == 200


def test_accepted_answer_is_shown_after_the_opening_post_and_links_to_it(client, topic, author, member):
    make_reply(topic, member, "Перша відповідь")
    answer = make_reply(topic, member, "Найкраща відповідь колеги")
    services.answer_accept(topic=topic, post=answer, user=author)
    html = page(client, f"/forum/t/{topic.pk}/")
    box = html.index('class="accepted-answer"')
    assert html.index('id="post-1"') < box < html.index('id="post-2"')
    assert f'href="#post-{answer.number}"' in html[box:html.index('id="post-2"')]  # a jump on the same page
    assert "Найкраща відповідь колеги" in html[box:html.index('id="post-2"')]


def test_edited_post_is_marked_edited(client, topic, author):
    post = topic.posts.get()
    services.post_edit(post=post, editor=author, body="Уточнене питання")
    html = page(client, f"/forum/t/{topic.pk}/")
    assert 'class="edited"' in html
    assert f"/forum/p/{post.pk}/history/" not in html  # the history is for moderators


def test_moderators_see_a_link_to_the_edit_history(client, topic, author, moderator):
    post = topic.posts.get()
    services.post_edit(post=post, editor=author, body="Уточнене питання")
    client.force_login(moderator)
    assert f"/forum/p/{post.pk}/history/" in page(client, f"/forum/t/{topic.pk}/")


def test_post_awaiting_approval_is_shown_with_a_badge_to_its_author_and_moderators_only(
    client, topic, member, moderator, settings
):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("novachok", groups=["Member"])
    held = make_reply(topic, newcomer, "Відповідь новачка чекає")
    assert held.status == Post.Status.PENDING
    for who, shown in ((None, False), (member, False), (newcomer, True), (moderator, True)):
        client.logout()
        if who:
            client.force_login(who)
        html = page(client, f"/forum/t/{topic.pk}/")
        assert ("Відповідь новачка чекає" in html) == shown
        assert ('id="post-2"' in html) == shown
        if shown:
            assert "очікує схвалення" in html


def test_hidden_post_shows_reason_to_author_text_to_moderators_and_nothing_to_others(client, topic, member, moderator):
    hidden = make_reply(topic, member, "Реклама сумнівного сервісу")
    hide(hidden, moderator, reason="Комерційна реклама")
    for who in (None, make_user("inshyi", groups=["Member"])):
        client.logout()
        if who:
            client.force_login(who)
        html = page(client, f"/forum/t/{topic.pk}/")
        assert 'id="post-2"' not in html and "Комерційна реклама" not in html and "сумнівного" not in html
    client.force_login(member)
    html = page(client, f"/forum/t/{topic.pk}/")
    assert 'id="post-2"' in html and "Комерційна реклама" in html
    assert "Реклама сумнівного сервісу" not in html
    client.force_login(moderator)
    html = page(client, f"/forum/t/{topic.pk}/")
    assert "Комерційна реклама" in html and "Реклама сумнівного сервісу" in html


def test_locked_topic_shows_a_notice_and_no_reply_form_except_to_moderators(client, topic, member, moderator):
    services.topic_lock(topic=topic, moderator=moderator)
    client.force_login(member)
    response = client.get(f"/forum/t/{topic.pk}/")
    html = response.content.decode()
    assert 'class="notice-locked"' in html
    assert f'action="/forum/t/{topic.pk}/reply/"' not in html and not response.context["can_reply"]
    client.force_login(moderator)
    assert f'action="/forum/t/{topic.pk}/reply/"' in page(client, f"/forum/t/{topic.pk}/")


def test_members_get_a_reply_form_on_the_topic_page(client, topic, member, pending_member):
    client.force_login(member)
    assert f'action="/forum/t/{topic.pk}/reply/"' in page(client, f"/forum/t/{topic.pk}/")
    client.force_login(pending_member)
    html = page(client, f"/forum/t/{topic.pk}/")
    assert f'action="/forum/t/{topic.pk}/reply/"' not in html


def test_actions_on_a_post_follow_the_role(client, topic, author, member, pending_member):
    reply = make_reply(topic, author, "Відповідь автора теми")
    helpful, quote = f"/forum/p/{reply.pk}/helpful/", f"?quote={reply.pk}"
    edit, flag = f"/forum/p/{reply.pk}/edit/", f"/forum/p/{reply.pk}/flag/"
    accept = f"/forum/p/{reply.pk}/accept/"
    expectations = {
        None: set(),
        pending_member: set(),
        member: {helpful, quote, flag},
        author: {quote, edit, accept},
    }
    for who, shown in expectations.items():
        client.logout()
        if who:
            client.force_login(who)
        html = page(client, f"/forum/t/{topic.pk}/")
        assert {link for link in (helpful, quote, edit, flag, accept) if link in html} == shown, who


def test_flag_link_becomes_a_note_once_flagged(client, topic, member):
    services.post_flag(post=topic.posts.get(), reporter=member, reason="spam")
    client.force_login(member)
    html = page(client, f"/forum/t/{topic.pk}/")
    assert f"/forum/p/{topic.posts.get().pk}/flag/" not in html


def test_moderators_see_moderation_controls_posting_to_the_moderation_urls(client, topic, member, moderator):
    reply = make_reply(topic, member, "Звичайна відповідь")
    client.force_login(member)
    assert f"/forum/t/{topic.pk}/lock/" not in page(client, f"/forum/t/{topic.pk}/")
    client.force_login(moderator)
    html = page(client, f"/forum/t/{topic.pk}/")
    assert f'action="/forum/t/{topic.pk}/lock/"' in html and f'action="/forum/t/{topic.pk}/pin/"' in html
    assert f"/forum/t/{topic.pk}/move/" in html and f"/forum/p/{reply.pk}/hide/" in html
    assert "csrfmiddlewaretoken" in html


def test_topic_shows_the_live_public_practice_it_discusses(client, public, author):
    practice = make_practice("Онлайн-сесії ради", slug="online-sesii")
    linked = make_topic(public, author, title="Обговорення онлайн-сесій", practice=practice)
    html = page(client, f"/forum/t/{linked.pk}/")
    assert 'class="practice-link"' in html and "Онлайн-сесії ради" in html and practice.url in html


def test_topic_does_not_show_an_unpublished_practice(client, public, author):
    practice = make_practice("Онлайн-сесії ради", slug="online-sesii")
    linked = make_topic(public, author, title="Обговорення онлайн-сесій", practice=practice)
    practice.unpublish()
    assert 'class="practice-link"' not in page(client, f"/forum/t/{linked.pk}/")


def test_reading_marks_the_topic_read_up_to_the_last_post_shown(client, topic, author, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    for n in range(3):
        make_reply(topic, author, f"Відповідь номер {n}")
    client.force_login(member)
    page(client, f"/forum/t/{topic.pk}/")
    assert ReadState.objects.get(user=member, topic=topic).last_read_number == 2
    page(client, f"/forum/t/{topic.pk}/?page=2")
    assert ReadState.objects.get(user=member, topic=topic).last_read_number == 4
    page(client, f"/forum/t/{topic.pk}/")  # going back never marks posts unread again
    assert ReadState.objects.get(user=member, topic=topic).last_read_number == 4


def _topic_queries(client, topic):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/forum/t/{topic.pk}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["member", "moderator", None])
def test_topic_page_runs_the_same_bounded_number_of_queries_for_10_and_100_posts(
    client, as_role, topic, author, role, django_assert_max_num_queries, settings
):
    settings.FORUM_POSTS_PER_PAGE = 200  # every post on one page: the worst case
    writers = [make_user(f"u{n}", groups=["Member"]) for n in range(5)]
    moderator = make_user("modr", groups=["Member", "Moderator"])
    as_role(role)

    def add_replies(count):
        for n in range(count):
            reply = make_reply(topic, writers[n % 5], f"Відповідь {n} з **Markdown** і @avtor")
            if n % 7 == 0:
                services.post_edit(post=reply, editor=reply.author, body=reply.body + " (виправлено)")
            if n % 11 == 0:
                services.post_mark_helpful(post=reply, user=author)
            if n % 13 == 0:
                hide(reply, moderator)

    add_replies(9)
    services.answer_accept(topic=topic, post=topic.posts.get(number=3), user=author)
    # One query more than before #14: the participants of the topic summary (forum.views.reading._participants).
    with django_assert_max_num_queries(25):
        _topic_queries(client, topic)  # this visit also moves the read state forward
    ten = _topic_queries(client, topic)
    add_replies(90)
    assert topic.posts.count() == 100
    with django_assert_max_num_queries(23):
        _topic_queries(client, topic)
    assert _topic_queries(client, topic) == ten


# Permalinks and edit history

def test_permalink_redirects_to_the_page_and_anchor_of_the_post(client, topic, author, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    replies = [make_reply(topic, author, f"Відповідь номер {n}") for n in range(4)]
    assert client.get(f"/forum/p/{replies[2].pk}/")["Location"] == f"/forum/t/{topic.pk}/?page=2#post-4"
    assert client.get(f"/forum/p/{replies[0].pk}/")["Location"] == f"/forum/t/{topic.pk}/#post-2"


def test_permalink_counts_only_posts_the_reader_can_see(client, topic, author, moderator, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    replies = [make_reply(topic, author, f"Відповідь номер {n}") for n in range(3)]
    hide(replies[0], moderator)
    # For an anonymous reader post #4 is the third visible post: page 2.
    assert client.get(f"/forum/p/{replies[2].pk}/")["Location"] == f"/forum/t/{topic.pk}/?page=2#post-4"
    hide(replies[1], moderator)
    assert client.get(f"/forum/p/{replies[2].pk}/")["Location"] == f"/forum/t/{topic.pk}/#post-4"


def test_english_permalink_stays_in_english(client, topic):
    post = topic.posts.get()
    assert client.get(f"/en/forum/p/{post.pk}/")["Location"] == f"/en/forum/t/{topic.pk}/#post-1"


def test_hidden_and_pending_posts_are_404_not_403_for_others(client, topic, member, moderator, pending_member, settings):
    hidden = make_reply(topic, member, "Прихована відповідь")
    hide(hidden, moderator)
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("novachok", groups=["Member"])
    held = make_reply(topic, newcomer, "Відповідь, що чекає")
    other = make_user("inshyi", groups=["Member"])
    for who in (None, pending_member, other):
        client.logout()
        if who:
            client.force_login(who)
        for post in (hidden, held):
            assert client.get(f"/forum/p/{post.pk}/").status_code == 404
            history = client.get(f"/forum/p/{post.pk}/history/")
            if who is None:  # a members' page: log in first, and learn nothing about the post before that
                assert history.status_code == 302 and history["Location"].startswith("/accounts/login/")
            else:
                assert history.status_code == 404
    for who, post in ((member, hidden), (newcomer, held), (moderator, hidden), (moderator, held)):
        client.force_login(who)
        assert client.get(f"/forum/p/{post.pk}/")["Location"].endswith(f"#post-{post.number}")


def test_edit_history_is_for_moderators_only(client, topic, author, member, moderator):
    post = topic.posts.get()
    services.post_edit(post=post, editor=author, body="Друга версія")
    services.post_edit(post=post, editor=author, body="Третя версія")
    assert PostRevision.objects.filter(post=post).count() == 2
    for who in (author, member):
        client.force_login(who)
        assert client.get(f"/forum/p/{post.pk}/history/").status_code == 403
    client.logout()
    response = client.get(f"/forum/p/{post.pk}/history/")
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next=/forum/p/{post.pk}/history/"
    client.force_login(moderator)
    html = page(client, f"/forum/p/{post.pk}/history/")
    assert "Питання до колег" in html and "Друга версія" in html and "Третя версія" in html


def test_missing_things_are_404(client, topic):
    for url in ("/forum/c/nema/", "/forum/t/999999/", "/forum/p/999999/"):
        assert client.get(url).status_code == 404


# Safe rendering

def test_hostile_markup_is_rendered_harmless_on_the_topic_page(client, topic, member):
    body = (
        "<script>alert('x')</script>\n\n[клік](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n"
        "![величезне фото](https://example.org/huge.png)\n\n<b onclick=alert(2)>жирний</b>\n\n"
        "<iframe src=https://evil.example></iframe>\n\n[сайт ради](https://rada.gov.ua)"
    )
    make_reply(topic, member, body)
    html = page(client, f"/forum/t/{topic.pk}/")
    post_html = html[html.index('id="post-2"'):]
    assert "<script>alert" not in post_html and "&lt;script&gt;" in post_html  # raw HTML is shown as text
    assert "<img" not in post_html and "<iframe" not in post_html
    assert not re.search(r"<[^>]*\son\w+\s*=", post_html)  # no event handler inside any real tag
    assert 'href="javascript' not in post_html
    assert 'href="https://rada.gov.ua" rel="nofollow ugc noopener"' in post_html


def test_image_markdown_renders_no_image(client, topic, member):
    reply = make_reply(topic, member, "![схема](https://example.org/scheme-50mb.png)")
    assert "<img" not in reply.body_html
    assert "<img" not in page(client, f"/forum/t/{topic.pk}/")


def test_mentions_link_to_profiles_and_unknown_names_stay_text(client, topic, member):
    make_reply(topic, member, "Дякую, @avtor! А @nikohonema не існує.")
    html = page(client, f"/forum/t/{topic.pk}/")
    assert '<a class="mention" href="/members/avtor/">@avtor</a>' in html
    assert "@nikohonema" in html and 'href="/members/nikohonema/"' not in html


def test_english_forum_pages_work(client, topic):
    html = page(client, "/en/forum/")
    assert 'href="/en/forum/c/zahalni/"' in html
    assert "Як провести сесію онлайн?" in page(client, f"/en/forum/t/{topic.pk}/")


def test_categories_keep_their_order(client, db):
    make_category(name="Друга", slug="druha", position=2)
    make_category(name="Перша", slug="persha", position=1)
    names = [c.name for c in client.get("/forum/").context["categories"]]
    assert names == ["Перша", "Друга"]
    assert Category.objects.count() == 2
