"""Forum notifications: who hears about replies, mentions, accepted answers and moderation; the in-app list and
its unread count; e-mails sent immediately or in the daily digest, in the recipient's language."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from cop.core.context_processors import site as site_context
from cop.members.models import User
from forum import notifications, services, tasks
from forum.context_processors import notifications as notification_context
from forum.models import Category, Notification, PendingNotification

from .conftest import make_user

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
LIST = reverse("forum:notifications")
READ_ALL = reverse("forum:notifications_read_all")
IMMEDIATE, DAILY, NEVER = User.EmailFrequency.IMMEDIATE, User.EmailFrequency.DAILY, User.EmailFrequency.NEVER


# --- helpers ----------------------------------------------------------------------------------------------------


def committed():
    """Run the on-commit callbacks (notifications, e-mails) of what happens inside, as a real commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def make_category(slug="hromady", *, members_only=False):
    visibility = Category.Visibility.MEMBERS if members_only else Category.Visibility.PUBLIC
    return Category.objects.create(name=slug.capitalize(), slug=slug, visibility=visibility)


def make_topic(category, author, title="Бюджет участі в громаді", body="Як ви організували голосування?"):
    with committed():
        topic, _ = services.topic_create(category=category, author=author, title=title, body=body)
    return topic


def make_reply(topic, author, body="У нас голосували онлайн і в ЦНАПі."):
    with committed():
        return services.post_reply(topic=topic, author=author, body=body)


def person(username, **extra):
    return make_user(username, groups=["Member"], **extra)


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def listed(client, user):
    client.force_login(user)
    return list(client.get(LIST).context["page"])


@pytest.fixture
def alice(db):
    return person("alice", first_name="Аліна", forum_email=NEVER)


@pytest.fixture
def bohdan(db):
    return person("bohdan", first_name="Богдан", forum_email=NEVER)


@pytest.fixture
def category(db):
    return make_category()


@pytest.fixture
def topic(category, alice):
    return make_topic(category, alice)


# --- who is notified ----------------------------------------------------------------------------------------------


def test_a_reply_notifies_the_topics_watchers_but_not_its_own_author(topic, alice, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    reply = make_reply(topic, member)
    assert kinds_for(alice) == [Kind.REPLY]  # the topic's author watches it
    assert kinds_for(bohdan) == [Kind.REPLY]
    assert kinds_for(member) == []
    assert Notification.objects.get(recipient=bohdan).post == reply


def test_people_who_do_not_watch_a_topic_hear_nothing_about_its_replies(topic, bohdan, member):
    make_reply(topic, member)
    assert kinds_for(bohdan) == []


def test_a_mention_notifies_the_mentioned_reader(topic, bohdan, member):
    make_reply(topic, member, body="Питання до @bohdan: як рахували голоси?")
    assert kinds_for(bohdan) == [Kind.MENTION]


def test_a_mention_in_a_members_only_category_does_not_reach_a_non_member(alice, bohdan, pending_member):
    internal = make_category("vnutrishnie", members_only=True)
    make_topic(internal, alice, body="Колеги @bohdan та @pending, подивіться")
    assert kinds_for(bohdan) == [Kind.MENTION]
    assert kinds_for(pending_member) == []


def test_a_watched_category_hears_about_new_topics(category, alice, bohdan):
    services.watch_category(user=bohdan, category=category)
    make_topic(category, alice, title="Молодіжна рада")
    assert kinds_for(bohdan) == [Kind.NEW_TOPIC]


def test_an_accepted_answer_notifies_the_answers_author(topic, alice, bohdan):
    answer = make_reply(topic, bohdan)
    Notification.objects.all().delete()
    with committed():
        services.answer_accept(topic=topic, post=answer, user=alice)
    assert kinds_for(bohdan) == [Kind.ACCEPTED]
    assert kinds_for(alice) == []


# --- immediate e-mails --------------------------------------------------------------------------------------------


def test_an_immediate_e_mail_goes_out_in_the_recipients_language(topic, member):
    ukrainian = person("oksana", first_name="Оксана", forum_email=IMMEDIATE, language="uk")
    english = person("olena", first_name="Olena", forum_email=IMMEDIATE, language="en")
    services.watch_topic(user=ukrainian, topic=topic)
    services.watch_topic(user=english, topic=topic)
    reply = make_reply(topic, member, body="Ділимося досвідом громади.")

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {ukrainian.email, english.email}
    uk, en = by_recipient[ukrainian.email], by_recipient[english.email]
    assert "Доброго дня, Оксана Тестенко!" in uk.body
    assert f"http://testserver/forum/p/{reply.pk}/" in uk.body
    assert "Dear Olena Тестенко," in en.body
    assert f"http://testserver/en/forum/p/{reply.pk}/" in en.body
    for message in (uk, en):
        assert "Бюджет участі в громаді" in message.subject
        assert "\n" not in message.subject
        assert "Ділимося досвідом громади." in message.body
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_members_who_chose_never_or_the_digest_get_no_immediate_e_mail(topic, member):
    for name, frequency in (("never", NEVER), ("daily", DAILY)):
        services.watch_topic(user=person(name, forum_email=frequency), topic=topic)
    make_reply(topic, member)
    assert mail.outbox == []


def test_a_moderation_e_mail_gives_the_reason_to_the_author(topic, moderator):
    author = person("writer", forum_email=IMMEDIATE)
    post = make_reply(topic, author, body="Купуйте наші послуги")
    mail.outbox.clear()
    with committed():
        services.post_hide(post=post, moderator=moderator, reason="Реклама заборонена")
    [message] = mail.outbox
    assert message.to == [author.email]
    assert "Реклама заборонена" in message.body
    assert "Бюджет участі в громаді" in message.subject


def test_e_mail_text_is_not_html_escaped(category, member):
    watcher = person("watcher", forum_email=IMMEDIATE)
    topic = make_topic(category, member, title="Освіта & «молодь»")
    services.watch_topic(user=watcher, topic=topic)
    make_reply(topic, member, body="Ми & ви <разом>")
    [message] = mail.outbox
    assert "Освіта & «молодь»" in message.subject
    assert "Ми & ви <разом>" in message.body


# --- the daily digest ---------------------------------------------------------------------------------------------


def test_the_digest_groups_a_daily_members_notifications_in_one_e_mail_once(category, alice, member):
    daily = person("daily", forum_email=DAILY, language="en", first_name="Dana")
    first = make_topic(category, alice, title="Перша тема")
    second = make_topic(category, alice, title="Друга тема")
    services.watch_topic(user=daily, topic=first)
    services.watch_topic(user=daily, topic=second)
    make_reply(first, member, body="Відповідь у першій темі")
    make_reply(second, member, body="Відповідь у другій темі")
    assert mail.outbox == []

    assert notifications.send_digests() == 1
    [digest] = mail.outbox
    assert digest.to == [daily.email]
    assert "Перша тема" in digest.body and "Друга тема" in digest.body
    assert "Dear Dana Тестенко," in digest.body
    assert "http://testserver/en/forum/p/" in digest.body
    assert "2" in digest.subject

    assert notifications.send_digests() == 0
    assert len(mail.outbox) == 1


def test_the_digest_sends_nothing_to_members_who_chose_never(topic, alice, member):
    never = person("never", forum_email=NEVER)
    services.watch_topic(user=never, topic=topic)
    make_reply(topic, member)
    assert notifications.send_digests() == 0
    assert mail.outbox == []


def test_the_digest_leaves_out_read_notifications(topic, member):
    daily = person("daily", forum_email=DAILY)
    services.watch_topic(user=daily, topic=topic)
    make_reply(topic, member)
    Notification.objects.filter(recipient=daily).update(read_at=timezone.now())
    assert notifications.send_digests() == 0


def test_the_digest_never_contains_the_text_of_a_post_hidden_since(topic, member, moderator):
    daily = person("daily", forum_email=DAILY)
    services.watch_topic(user=daily, topic=topic)
    hidden = make_reply(topic, member, body="Текст, який приховає модератор")
    make_reply(topic, person("other"), body="Звичайна відповідь")
    services.post_hide(post=hidden, moderator=moderator, reason="Спам")
    mail.outbox.clear()
    assert notifications.send_digests() == 1
    [digest] = mail.outbox
    assert "Звичайна відповідь" in digest.body
    assert "Текст, який приховає модератор" not in digest.body
    assert hidden.get_absolute_url() not in digest.body


def test_send_forum_digests_command_reports_how_many_were_sent(topic, member):
    services.watch_topic(user=person("daily", forum_email=DAILY), topic=topic)
    make_reply(topic, member)
    out = StringIO()
    call_command("send_forum_digests", stdout=out)
    assert "Sent 1 forum digest e-mail." in out.getvalue()
    out = StringIO()
    call_command("send_forum_digests", stdout=out)
    assert "Sent 0 forum digest e-mails." in out.getvalue()


# --- the fan-out, in the worker ------------------------------------------------------------------------------------


def test_a_reply_owes_its_notifications_until_the_worker_did_the_fan_out(topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    with TestCase.captureOnCommitCallbacks(execute=False):
        reply = services.post_reply(topic=topic, author=member, body="Відповідь")
    assert kinds_for(bohdan) == []  # nothing in the request: the worker's task was queued on commit
    assert PendingNotification.objects.filter(post=reply).exists()
    assert notifications.fan_out_owed(older_than=None) == 1
    assert kinds_for(bohdan) == [Kind.REPLY]
    assert not PendingNotification.objects.exists()


def test_a_fan_out_done_twice_notifies_once(topic, member):
    watcher = person("watcher", forum_email=IMMEDIATE)
    services.watch_topic(user=watcher, topic=topic)
    services.post_reply(topic=topic, author=member, body="Відповідь")
    [owed] = PendingNotification.objects.filter(post__number=2)
    assert notifications.fan_out(owed.pk) is True
    assert notifications.fan_out(owed.pk) is False  # e.g. the task and the minute sweep, or two workers
    assert kinds_for(watcher) == [Kind.REPLY]
    assert len(mail.outbox) == 1


def test_a_rolled_back_reply_owes_nothing(topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.post_reply(topic=topic, author=member, body="Відповідь")
            raise RuntimeError("the request failed after the reply")
    assert not PendingNotification.objects.filter(post__number=2).exists()
    assert kinds_for(bohdan) == []


def test_a_fan_out_that_fails_midway_leaves_nothing_half_done(settings, topic, member, monkeypatch):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"  # e-mails are rows of the queue, as outside tests (cop/mail)
    first, second = person("first", forum_email=IMMEDIATE), person("second", forum_email=IMMEDIATE)
    for user in (first, second):
        services.watch_topic(user=user, topic=topic)
    services.post_reply(topic=topic, author=member, body="Відповідь")
    real = notifications.send_immediately

    def mail_fails_for_the_second(notification):
        if notification.recipient == second:
            raise OSError("template storage unreadable")
        real(notification)

    monkeypatch.setattr(notifications, "send_immediately", mail_fails_for_the_second)
    with pytest.raises(OSError):
        notifications.fan_out_owed(older_than=None)
    assert kinds_for(first) == [] and kinds_for(second) == []
    assert not Email.objects.exists()  # the first one's e-mail went with the transaction
    monkeypatch.setattr(notifications, "send_immediately", real)
    notifications.fan_out_owed(older_than=None)
    assert kinds_for(first) == [Kind.REPLY] and kinds_for(second) == [Kind.REPLY]
    assert sorted(email.to[0] for email in Email.objects.all()) == [first.email, second.email]


def test_the_minute_sweep_does_the_fan_out_a_lost_task_left_behind(topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    services.post_reply(topic=topic, author=member, body="Відповідь")  # its task was lost with a killed worker
    tasks.fan_out_owed_notifications()
    assert kinds_for(bohdan) == []  # too recent: its own task may still be on the way
    PendingNotification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    tasks.fan_out_owed_notifications()
    assert kinds_for(bohdan) == [Kind.REPLY]


def test_a_moderation_notice_keeps_the_reason_given_when_it_happened(topic, moderator):
    author = person("writer")
    post = make_reply(topic, author, body="Купуйте наші послуги")
    services.post_hide(post=post, moderator=moderator, reason="Реклама заборонена")
    services.post_restore(post=post, moderator=moderator, reason="Помилково")
    notifications.fan_out_owed(older_than=None)
    messages = sorted(Notification.objects.filter(recipient=author, kind=Kind.MODERATION).values_list("message", flat=True))
    assert any("Реклама заборонена" in m for m in messages) and len(messages) == 2


def test_read_notifications_older_than_the_keep_days_are_deleted_daily(settings, topic, bohdan, member):
    settings.FORUM_NOTIFICATIONS_KEEP_DAYS = 180
    services.watch_topic(user=bohdan, topic=topic)
    for _ in range(3):
        make_reply(topic, member)
    old_read, old_unread, recent_read = Notification.objects.filter(recipient=bohdan).order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(days=181)
    Notification.objects.filter(pk__in=[old_read.pk, old_unread.pk]).update(created_at=long_ago)
    Notification.objects.filter(pk__in=[old_read.pk, recent_read.pk]).update(read_at=timezone.now())
    tasks.forum_housekeeping()
    assert set(Notification.objects.filter(recipient=bohdan).values_list("pk", flat=True)) == {old_unread.pk, recent_read.pk}


# --- the list -----------------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_list_shows_newest_first_and_marks_unread(client, category, alice, bohdan, member):
    older = make_topic(category, alice, title="Старіша тема")
    newer = make_topic(category, alice, title="Новіша тема")
    for topic in (older, newer):
        services.watch_topic(user=bohdan, topic=topic)
    make_reply(older, member)
    make_reply(newer, member)
    Notification.objects.filter(recipient=bohdan, topic=older).update(
        read_at=timezone.now(), created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(bohdan)
    response = client.get(LIST)
    entries = list(response.context["page"])
    assert [n.topic for n in entries] == [newer, older]
    page = response.content.decode()
    assert page.count("notification-unread") == 1
    assert page.index("Новіша тема") < page.index("Старіша тема")


def test_the_list_hides_notifications_about_posts_hidden_later(client, topic, alice, bohdan, member, moderator):
    services.watch_topic(user=bohdan, topic=topic)
    reply = make_reply(topic, member, body="Допис, що порушує правила")
    assert len(listed(client, bohdan)) == 1
    with committed():
        services.post_hide(post=reply, moderator=moderator, reason="Образи")
    assert listed(client, bohdan) == []
    assert listed(client, alice) == []
    # Its author still sees the moderation notice with the reason.
    [notice] = listed(client, member)
    assert notice.kind == Kind.MODERATION
    assert "Образи" in client.get(LIST).content.decode()
    # Only hidden, not deleted: restoring the post brings the notification back.
    services.post_restore(post=reply, moderator=moderator)
    assert len(listed(client, bohdan)) == 1


def test_the_list_hides_topics_moved_where_the_reader_cannot_follow(client, topic, moderator):
    reader = make_user("reader", status=User.Status.PENDING)
    Notification.objects.create(recipient=reader, kind=Kind.REPLY, topic=topic, post=topic.last_post)
    assert len(listed(client, reader)) == 1
    services.topic_move(topic=topic, category=make_category("vnutrishnie", members_only=True), moderator=moderator)
    assert listed(client, reader) == []


def test_opening_a_notification_marks_it_read_and_leads_to_the_post(client, topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    reply = make_reply(topic, member)
    notification = Notification.objects.get(recipient=bohdan)
    client.force_login(bohdan)
    response = client.get(reverse("forum:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reply.get_absolute_url()
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_opening_someone_elses_notification_is_a_404(client, topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    make_reply(topic, member)
    notification = Notification.objects.get(recipient=bohdan)
    client.force_login(member)
    assert client.get(reverse("forum:notification_open", args=[notification.pk])).status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_marking_all_read(client, topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    make_reply(topic, member)
    make_reply(topic, person("other"))
    client.force_login(bohdan)
    assert client.get(READ_ALL).status_code == 405
    response = client.post(READ_ALL)
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Notification.objects.filter(recipient=bohdan, read_at__isnull=True).exists()
    assert client.post(READ_ALL).status_code == 302  # twice is harmless


# --- the header ---------------------------------------------------------------------------------------------------


def test_the_header_shows_the_unread_count_accessibly(client, topic, bohdan, member):
    services.watch_topic(user=bohdan, topic=topic)
    for _ in range(3):
        make_reply(topic, member)
    client.force_login(bohdan)
    response = client.get(LIST)
    assert response.context["unread_notifications"] == 3
    header = response.content.decode().split("<main", 1)[0]
    assert '<span class="badge" aria-hidden="true">3</span>' in header
    assert '<span class="visually-hidden">(3 ' in header


def test_the_header_shows_no_badge_without_unread_notifications(client, member):
    client.force_login(member)
    response = client.get(LIST)
    assert response.context["unread_notifications"] == 0
    assert 'class="badge"' not in response.content.decode()


def test_the_header_count_leaves_out_what_the_list_hides(client, topic, bohdan, member, moderator):
    services.watch_topic(user=bohdan, topic=topic)
    reply = make_reply(topic, member)
    make_reply(topic, person("other"))
    services.post_hide(post=reply, moderator=moderator, reason="Спам")
    client.force_login(bohdan)
    assert client.get(LIST).context["unread_notifications"] == 1


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    site_context(request)  # the site processor already resolved the user's roles, as on a real page
    return request


def test_the_header_counts_cost_no_query_for_visitors_and_one_for_members_and_moderators(member, moderator):
    with CaptureQueriesContext(connection) as queries:
        assert notification_context(_request(AnonymousUser())) == {}
    assert len(queries) == 0
    for user in (member, moderator):
        request = _request(user)
        with CaptureQueriesContext(connection) as queries:
            notification_context(request)
        assert len(queries) == 1, user


# --- the e-mail preference ----------------------------------------------------------------------------------------


def test_members_choose_forum_e_mails_in_their_profile(client, member):
    client.force_login(member)
    form = client.get(reverse("members:profile_edit")).content.decode()
    assert 'name="forum_email"' in form and 'value="daily"' in form
    data = {"first_name": "Марія", "last_name": "Коваль", "language": "uk", "forum_email": "daily"}
    assert client.post(reverse("members:profile_edit"), data).status_code == 302
    assert User.objects.get(pk=member.pk).forum_email == DAILY
    del data["forum_email"]
    client.post(reverse("members:profile_edit"), data)
    assert User.objects.get(pk=member.pk).forum_email == DAILY  # a form without the choice keeps it
    response = client.post(reverse("members:profile_edit"), dict(data, forum_email="hourly"))
    assert response.status_code == 200
    assert User.objects.get(pk=member.pk).forum_email == DAILY


# --- notifications not about a topic (practice submissions, reviews, saved searches) ---------------------------


def test_a_direct_notification_is_listed_e_mailed_and_leads_to_its_url(client, member):
    english = person("olena", first_name="Olena", forum_email=IMMEDIATE, language="en")
    with committed():
        with transaction.atomic():
            notification = notifications.notify_direct(
                english, kind=Kind.SUBMISSION, title="Прозорий бюджет громади", url="/praktyky/byudzhet/",
                message="Your practice is published.",
            )
    [message] = mail.outbox
    assert "Прозорий бюджет громади" in message.subject and "\n" not in message.subject
    assert "There is news about a practice you shared." in message.body
    assert "Your practice is published." in message.body and "http://testserver/praktyky/byudzhet/" in message.body
    assert "Topic:" not in message.body
    client.force_login(english)
    listed_page = client.get(LIST)
    assert "Прозорий бюджет громади" in listed_page.content.decode()
    response = client.get(reverse("forum:notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/praktyky/byudzhet/"


def test_a_direct_notification_goes_into_the_digest(member):
    daily = person("daily", forum_email=DAILY, language="uk")
    notifications.notify_direct(daily, kind=Kind.REVIEW, title="Нова практика: укриття", url="/moderation/")
    assert mail.outbox == []
    assert notifications.send_digests() == 1
    assert "Нова практика: укриття" in mail.outbox[0].body


def test_a_direct_notification_never_leads_off_the_site(client, member):
    notification = notifications.notify_direct(member, kind=Kind.SAVED_SEARCH, title="x", url="https://evil.example/")
    client.force_login(member)
    response = client.get(reverse("forum:notification_open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_nobody_is_notified_on_a_deactivated_account(member):
    member.is_active = False
    member.save()
    assert notifications.notify_direct(member, kind=Kind.SUBMISSION, title="x", url="/") is None
    assert not Notification.objects.filter(recipient=member).exists()
