"""The topic page as a modern forum shows it (#14): the accepted answer previewed under the question, helpful marks
that say what they do, tags that lead to search, initials avatars, a summary of the topic, a confirmation after a
reply, and a number of queries that does not grow with the posts or the people in the topic."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.templatetags.forum_tags import AVATAR_COLOURS

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic

pytestmark = pytest.mark.django_db

LONG_ANSWER = (
    "Ми провели сесію онлайн через захищену платформу, яку рекомендує асоціація. "
    "Депутати отримали доступ заздалегідь, секретар перевірив кворум на початку, "
    "а голосування фіксували поіменно. "
    "Наприкінці протокол підписали електронним підписом і оприлюднили на сайті громади того ж дня."
)
ANSWER_END = "оприлюднили на сайті громади того ж дня"


@pytest.fixture
def public(db):
    return make_category(name="Загальні питання", slug="zahalni")


@pytest.fixture
def author(db):
    return make_user("avtor", groups=["Member"], first_name="Олена", last_name="Петренко")


@pytest.fixture
def topic(public, author):
    return make_topic(public, author, title="Як провести сесію онлайн?", body="Питання до колег")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def between(html, start, end):
    """The part of the page from `start` to the next `end` after it."""
    begin = html.index(start)
    return html[begin:html.index(end, begin + len(start))]


# The accepted answer

def test_the_accepted_answer_is_previewed_under_the_question_and_shown_in_full_once(client, topic, author, member):
    make_reply(topic, member, "Перша відповідь")
    answer = make_reply(topic, member, LONG_ANSWER)
    services.answer_accept(topic=topic, post=answer, user=author)
    html = page(client, f"/forum/t/{topic.pk}/")
    box = between(html, 'class="accepted-answer"', 'id="post-2"')
    assert "Ми провели сесію онлайн" in box and ANSWER_END not in box and "…" in box
    assert 'href="#post-3"' in box  # a jump on this page, no round trip through the permalink
    assert html.count(ANSWER_END) == 1 and html.index(ANSWER_END) > html.index('id="post-3"')


def test_the_preview_of_the_accepted_answer_is_plain_text(client, topic, author, member):
    answer = make_reply(topic, member, "**Коротко:** так & ні\n\n- перший крок\n- другий крок")
    services.answer_accept(topic=topic, post=answer, user=author)
    html = page(client, f"/forum/t/{topic.pk}/")
    excerpt = between(html, 'class="accepted-excerpt"', "</p>")
    assert "<strong>" not in excerpt and "<li>" not in excerpt
    assert "Коротко: так &amp; ні. перший крок. другий крок" in excerpt  # escaped once, blocks kept apart as sentences


def test_an_accepted_answer_on_a_later_page_is_reached_through_its_permalink(client, topic, author, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    make_reply(topic, member, "Перша відповідь")
    answer = make_reply(topic, member, LONG_ANSWER)
    services.answer_accept(topic=topic, post=answer, user=author)
    box = between(page(client, f"/forum/t/{topic.pk}/"), 'class="accepted-answer"', 'id="post-2"')
    assert f'href="/forum/p/{answer.pk}/"' in box and 'href="#post-3"' not in box


# Helpful marks

def test_no_helpful_count_is_shown_until_someone_marks_the_post(client, topic, author, member):
    reply = make_reply(topic, member, "Відповідь колеги")
    html = page(client, f"/forum/t/{topic.pk}/")
    assert "helpful-count" not in html and "вважа" not in html
    services.post_mark_helpful(post=reply, user=author)
    counts = re.findall(r'<span class="helpful-count">([^<]*)</span>', page(client, f"/forum/t/{topic.pk}/"))
    assert counts == ["1 учасник вважає це корисним"]


def test_the_helpful_button_says_what_it_does_and_whether_it_is_pressed(client, topic, author, member):
    reply = make_reply(topic, member, "Відповідь колеги")
    client.force_login(author)
    button = '<button type="submit" class="helpful-button" aria-pressed="{}">{}</button>'
    html = page(client, f"/forum/t/{topic.pk}/")
    assert button.format("false", "Позначити як корисне") in html
    client.post(f"/forum/p/{reply.pk}/helpful/")
    html = page(client, f"/forum/t/{topic.pk}/")
    assert button.format("true", "Зняти позначку «корисно»") in html
    assert 'aria-pressed="false"' not in html  # the author's own opening post has no button at all
    english = page(client, f"/en/forum/t/{topic.pk}/")
    assert 'aria-pressed="true">Remove helpful mark</button>' in english


# Tags

def test_tags_link_to_the_search_filtered_by_that_tag(client, public, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tagged = make_topic(public, author, title="Голосування переселенців", body="Як голосують ВПО?", tags=["вибори"])
        make_topic(public, author, title="Вибори старост", body="Без тегів, але про вибори")
    html = page(client, f"/forum/t/{tagged.pk}/")
    link = re.search(r'<a class="tag" href="([^"]+)">#вибори</a>', html)
    assert link, "the tag is a link"
    url = link.group(1).replace("&amp;", "&")
    assert url == "/search/?q=%D0%B2%D0%B8%D0%B1%D0%BE%D1%80%D0%B8&tag=%D0%B2%D0%B8%D0%B1%D0%BE%D1%80%D0%B8"
    results = page(client, url)
    assert "Голосування переселенців" in results and "старост" not in results


# Avatars

def test_each_post_shows_its_authors_initials_on_a_colour_of_their_own(client, topic, author):
    colleague = make_user("kolega", groups=["Member"], first_name="", last_name="")
    make_reply(topic, colleague, "Відповідь колеги")
    make_reply(topic, author, "Дякую!")
    html = page(client, f"/forum/t/{topic.pk}/")
    mine = f'<span class="avatar avatar-{author.pk % AVATAR_COLOURS}" aria-hidden="true">ОП</span>'
    theirs = f'<span class="avatar avatar-{colleague.pk % AVATAR_COLOURS}" aria-hidden="true">K</span>'
    for number, avatar in ((1, mine), (2, theirs), (3, mine)):
        assert avatar in between(html, f'id="post-{number}-meta"', 'class="post-body"')


def _luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_avatar_colour_keeps_white_initials_readable_and_a_target_post_stands_out():
    css = (Path(django_settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"\.avatar-(\d+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert sorted(colours) == [str(n) for n in range(AVATAR_COLOURS)]
    for colour in colours.values():
        assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, colour
    assert re.search(r"\.post:target \{[^}]*background", css)  # where a link or a new reply lands


# The summary

def test_the_summary_says_who_started_who_replied_last_how_many_replies_and_who_took_part(client, topic, moderator):
    people = [make_user(f"u{n}", groups=["Member"], first_name=f"Учасник{n}", last_name="Тестенко") for n in range(9)]
    for person in people:
        make_reply(topic, person, f"Відповідь від {person.username}")
    make_reply(topic, people[3], "Ще одна відповідь")
    hidden = make_reply(topic, make_user("spamer", groups=["Member"], first_name="Спамер"), "Реклама")
    services.post_hide(post=hidden, moderator=moderator, reason="Реклама")
    last = make_reply(topic, people[5], "Остання відповідь")
    html = page(client, f"/forum/t/{topic.pk}/")
    summary = between(html, 'class="topic-summary"', 'id="post-1"')
    assert "Створено" in summary and 'href="/members/avtor/">Олена Петренко</a>' in summary
    assert f'datetime="{timezone.localtime(topic.created_at).isoformat(timespec="seconds")}"' in summary
    last_reply = between(summary, "Остання відповідь", "Відповіді")
    assert "Учасник5 Тестенко" in last_reply and f'href="/forum/p/{last.pk}/"' in last_reply
    assert f'<time datetime="{timezone.localtime(last.created_at).isoformat(timespec="seconds")}" title=' in last_reply
    assert "<dt>Відповіді</dt><dd>11</dd>" in summary  # 12 replies, one hidden
    shown = re.findall(r'<li><a href="/members/([^/]+)/"><span class="avatar[^"]*" aria-hidden="true">'
                       r'[^<]+</span><span class="visually-hidden">([^<]+)</span></a></li>', summary)
    assert len(shown) == 8
    assert shown[:3] == [("u3", "Учасник3 Тестенко"), ("u5", "Учасник5 Тестенко"), ("avtor", "Олена Петренко")]
    assert "spamer" not in summary and "і ще 2" in summary  # 10 people wrote visible posts


def test_a_topic_without_replies_has_no_last_reply(client, topic):
    summary = between(page(client, f"/forum/t/{topic.pk}/"), 'class="topic-summary"', 'id="post-1"')
    assert "<dd>0</dd>" in summary and "Остання відповідь" not in summary and "і ще" not in summary


# Replying

def test_a_reply_lands_on_the_new_post_with_a_confirmation(client, topic, member):
    client.force_login(member)
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Моя відповідь"})
    post = topic.posts.get(number=2)
    assert response["Location"] == f"/forum/p/{post.pk}/"
    assert client.get(response["Location"])["Location"] == f"/forum/t/{topic.pk}/#post-2"
    html = page(client, f"/forum/t/{topic.pk}/")
    assert '<p class="message message-success">Вашу відповідь опубліковано.</p>' in html
    assert "Вашу відповідь опубліковано." not in page(client, f"/forum/t/{topic.pk}/")  # said once


def test_a_held_reply_is_not_said_to_be_published(client, topic, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    client.force_login(make_user("novachok", groups=["Member"]))
    html = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Моя перша відповідь"}, follow=True).content.decode()
    assert "Вашу відповідь опубліковано." not in html and "очіку" in html


def test_post_dates_are_time_elements(client, topic, member):
    reply = make_reply(topic, member, "Відповідь")
    html = page(client, f"/forum/t/{topic.pk}/")
    for post in (topic.posts.get(number=1), reply):
        meta = between(html, f'id="post-{post.number}-meta"', 'class="post-body"')
        # Relative ("щойно"), the absolute date in the title (tests/test_dates.py).
        assert f'<time datetime="{timezone.localtime(post.created_at).isoformat(timespec="seconds")}" title="' in meta


# Queries

def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [None, "member", "moderator"])
def test_the_topic_page_runs_as_many_queries_for_3_posts_as_for_30_posts_by_30_people(
    client, topic, author, role, request, settings
):
    settings.FORUM_POSTS_PER_PAGE = 50
    if role:
        client.force_login(request.getfixturevalue(role))
    url = f"/forum/t/{topic.pk}/"

    def add(start, stop):
        for n in range(start, stop):
            reply = make_reply(topic, make_user(f"p{n}", groups=["Member"]), f"Відповідь {n}")
            if n % 4 == 0:
                services.post_mark_helpful(post=reply, user=author)
        topic.refresh_from_db()

    add(0, 2)
    services.answer_accept(topic=topic, post=topic.posts.get(number=2), user=author)
    _queries(client, url)  # the first visit also saves how far a member has read
    three = _queries(client, url)
    add(2, 29)
    assert topic.posts.count() == 30
    _queries(client, url)
    assert _queries(client, url) == three
