"""The daily forum digest without cron: the worker's job looks every quarter of an hour and sends it once the
digest hour (FORUM_DIGEST_HOUR) has come in Kyiv, at most once per member per Kyiv day; each member is done in one
transaction (e-mail queued, notifications and digest date marked together), so a run that dies midway leaves the
others for the next run and nobody gets two."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from post_office.models import Email

from cop.members.models import User
from forum import notifications, services, tasks
from forum.models import Category, Notification

from .conftest import make_user

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
DAILY = User.EmailFrequency.DAILY


def kyiv(*args):
    return datetime.datetime(*args, tzinfo=KYIV)


@pytest.fixture
def topic(db):
    category = Category.objects.create(name="Громади", slug="hromady")
    topic, _ = services.topic_create(
        category=category, author=make_user("author", groups=["Member"]), title="Бюджет участі", body="Як голосували?"
    )
    return topic


def daily_member(name, topic):
    user = make_user(name, groups=["Member"], forum_email=DAILY)
    services.watch_topic(user=user, topic=topic)
    return user


def reply(topic, at):
    """A reply, and its fan-out as the worker does it, at the moment `at`."""
    post = services.post_reply(topic=topic, author=topic.author, body=f"Відповідь о {at:%H:%M}")
    notifications.fan_out_owed(older_than=None)
    Notification.objects.filter(post=post).update(created_at=at)
    return post


def digests_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_no_digest_before_the_digest_hour_in_kyiv_and_one_from_it_on(settings, topic):
    settings.FORUM_DIGEST_HOUR = 7
    reader = daily_member("reader", topic)
    reply(topic, kyiv(2026, 1, 12, 5, 0))
    # 06:59 in Kyiv is 04:59 UTC in winter: not yet.
    assert notifications.send_digests_if_due(now=kyiv(2026, 1, 12, 6, 59)) == 0
    assert mail.outbox == []
    assert notifications.send_digests_if_due(now=kyiv(2026, 1, 12, 7, 0)) == 1
    assert len(digests_to(reader)) == 1


def test_the_digest_hour_follows_kyiv_summer_time(settings, topic):
    settings.FORUM_DIGEST_HOUR = 7
    daily_member("reader", topic)
    reply(topic, kyiv(2026, 7, 1, 5, 0))
    summer_0659 = datetime.datetime(2026, 7, 1, 3, 59, tzinfo=datetime.UTC)  # UTC+3
    assert notifications.send_digests_if_due(now=summer_0659) == 0
    assert notifications.send_digests_if_due(now=summer_0659 + datetime.timedelta(minutes=1)) == 1


def test_one_digest_per_member_per_kyiv_day(settings, topic):
    settings.FORUM_DIGEST_HOUR = 0
    reader = daily_member("reader", topic)
    reply(topic, kyiv(2026, 1, 11, 23, 0))
    # 00:30 in Kyiv on the 12th is still the 11th in UTC.
    assert notifications.send_digests_if_due(now=kyiv(2026, 1, 12, 0, 30)) == 1
    reply(topic, kyiv(2026, 1, 12, 9, 0))
    # 23:30 in Kyiv is 21:30 UTC: a new UTC day began since the digest, but not a new Kyiv day.
    assert notifications.send_digests_if_due(now=kyiv(2026, 1, 12, 23, 30)) == 0
    assert notifications.send_digests(now=kyiv(2026, 1, 12, 23, 45)) == 0  # the operators' command: the same rule
    assert notifications.send_digests_if_due(now=kyiv(2026, 1, 13, 0, 5)) == 1
    assert len(digests_to(reader)) == 2
    assert "Відповідь о 09:00" in digests_to(reader)[1].body


def test_the_quarter_hour_job_sends_the_digest_once(settings, topic):
    settings.FORUM_DIGEST_HOUR = 0
    reader = daily_member("reader", topic)
    reply(topic, kyiv(2026, 1, 12, 5, 0))
    tasks.send_daily_digests()
    tasks.send_daily_digests()
    assert len(digests_to(reader)) == 1


def test_a_run_that_dies_midway_leaves_the_others_for_the_next_run_and_nobody_gets_two(settings, topic, monkeypatch):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"  # the digest is a row of the e-mail queue, as outside tests
    settings.FORUM_DIGEST_HOUR = 0
    first, second, third = (daily_member(name, topic) for name in ("anna", "borys", "vira"))
    reply(topic, kyiv(2026, 1, 12, 5, 0))
    real_send_mail = notifications.send_mail

    def dies_after_queueing_the_second(subject, body, sender, to, **kwargs):
        real_send_mail(subject, body, sender, to, **kwargs)
        if to == [second.email]:
            raise SystemExit("worker killed")

    monkeypatch.setattr(notifications, "send_mail", dies_after_queueing_the_second)
    morning = kyiv(2026, 1, 12, 8, 0)
    with pytest.raises(SystemExit):
        notifications.send_digests_if_due(now=morning)
    done = {user.pk for user in (first, second, third) if User.objects.get(pk=user.pk).digest_sent_at}
    queued = [email.to for email in Email.objects.all()]
    assert 0 < len(done) < 3 and second.pk not in done  # the second's e-mail went with its transaction
    assert len(queued) == len(done) and [second.email] not in queued

    monkeypatch.setattr(notifications, "send_mail", real_send_mail)
    assert notifications.send_digests_if_due(now=morning + datetime.timedelta(minutes=15)) == 3 - len(done)
    assert sorted(e.to[0] for e in Email.objects.all()) == sorted(u.email for u in (first, second, third))
    assert not Notification.objects.filter(recipient__forum_email=DAILY, emailed_at__isnull=True).exists()
