"""The e-mail queue (cop/mail on django-post-office): every e-mail of the site is a row written in the transaction
of the change that caused it and delivered by the worker after the commit; while the mail server fails it waits,
with growing delays, and goes out once when the server is back; one that failed for good is listed for operators
(`manage.py tasks failed`) and can be sent again. Huey runs in immediate mode here: the worker's tasks run at
the commit, in the test's own process (tests/test_worker_mail.py runs a real worker)."""

import datetime
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from cop.mail import delivery, tasks
from cop.members import services as members
from cop.tasks.models import FailedTask

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
DOWN = "tests.test_mail_queue.MailServerDown"


class MailServerDown(BaseEmailBackend):
    """The real transport when the mail server cannot be reached."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@pytest.fixture(autouse=True)
def through_the_queue(settings):
    """As outside tests (the test runner puts Django's locmem backend in EMAIL_BACKEND): send_mail writes to the
    queue, and the queue delivers through `transport` (locmem: Django's mail.outbox)."""
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    transport(settings, LOCMEM)


def transport(settings, backend):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": backend}}


def queue_one(subject="Тест черги", to="olena@example.org"):
    send_mail(subject, "Текст листа", None, [to])


def as_if_the_delay_passed():
    Email.objects.filter(status=STATUS.requeued).update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))


# --- written with the change, delivered after the commit ------------------------------------------------------------


def test_a_decision_e_mail_is_queued_with_the_decision_and_delivered_after_the_commit(
    moderator, pending_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        members.membership_approve(member=pending_member, moderator=moderator)
        [queued] = Email.objects.all()
        assert queued.status == STATUS.queued and queued.to == [pending_member.email]
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [pending_member.email] and "Вашу заявку на членство схвалено" in message.subject
    assert Email.objects.get().status == STATUS.sent


def test_a_rolled_back_change_queues_and_sends_no_e_mail(moderator, pending_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            members.membership_approve(member=pending_member, moderator=moderator)
            raise RuntimeError("the request failed after the decision")
    assert not Email.objects.exists()
    assert mail.outbox == []


def test_account_e_mails_of_allauth_go_through_the_queue(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("account_reset_password"), {"email": member.email})
        assert response.status_code == 302
        assert Email.objects.get().to == [member.email]
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [member.email] and "/accounts/password/reset/key/" in message.body


def test_many_e_mails_of_one_transaction_queue_one_delivery(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            for n in range(5):
                queue_one(to=f"watcher{n}@example.org")
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 5


# --- the mail server fails ------------------------------------------------------------------------------------------


def test_while_the_mail_server_fails_the_e_mail_waits_longer_each_time_then_goes_out_once(settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 5, "RETRY_INTERVAL": datetime.timedelta(minutes=1)}
    transport(settings, DOWN)
    queue_one()
    delays = []
    for _attempt in range(3):
        started = timezone.now()
        result = delivery.deliver_due()
        assert (result.sent, result.requeued) == (0, 1)
        email = Email.objects.get()
        assert email.status == STATUS.requeued
        delays.append(round((email.scheduled_time - started).total_seconds() / 60))
        assert delivery.deliver_due().requeued == 0  # not due again before its delay
        as_if_the_delay_passed()
    assert delays == [1, 2, 4]
    assert Email.objects.get().logs.filter(status=STATUS.failed).count() == 3  # each failure, with its error

    transport(settings, LOCMEM)
    assert delivery.deliver_due().sent == 1
    assert delivery.deliver_due().sent == 0
    [message] = mail.outbox
    assert message.subject == "Тест черги"
    assert Email.objects.get().status == STATUS.sent


def test_the_retry_is_queued_for_when_it_is_due(settings, monkeypatch):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "RETRY_INTERVAL": datetime.timedelta(seconds=30)}
    transport(settings, DOWN)
    later = []
    monkeypatch.setattr(tasks.send_queued_mail, "schedule", lambda **kwargs: later.append(kwargs))
    queue_one()
    tasks.send_queued_mail()
    [retry] = later
    assert 29 <= retry["delay"] <= 31


def test_an_e_mail_that_keeps_failing_is_listed_for_operators_and_can_be_sent_again(settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 1}
    transport(settings, DOWN)
    queue_one(subject="Рішення щодо заявки", to="applicant@example.org")
    delivery.deliver_due()
    as_if_the_delay_passed()
    assert delivery.deliver_due().failed == 1
    assert Email.objects.get().status == STATUS.failed
    [failure] = FailedTask.objects.filter(resolved_at__isnull=True)
    out = StringIO()
    call_command("tasks", "failed", stdout=out)
    listed = out.getvalue()
    assert "applicant@example.org" in listed and "Рішення щодо заявки" in listed and "Connection refused" in listed
    assert delivery.deliver_due().sent == 0  # failed for good: no more attempts on its own

    transport(settings, LOCMEM)
    call_command("tasks", "retry", str(failure.pk), stdout=StringIO())
    [message] = mail.outbox
    assert message.to == ["applicant@example.org"]
    assert Email.objects.get().status == STATUS.sent
    failure.refresh_from_db()
    assert failure.resolution == "retried"


# --- several workers, a worker that dies ----------------------------------------------------------------------------


def test_two_workers_never_take_the_same_e_mail():
    for n in range(3):
        queue_one(to=f"watcher{n}@example.org")
    first, second = delivery.claim(), delivery.claim()
    assert len(first) == 3 and second == {}


def test_an_e_mail_taken_by_a_worker_that_died_is_sent_when_its_lease_ran_out(settings):
    settings.MAIL_SENDING_LEASE_SECONDS = 0  # the lease of the dead worker has run out by the next look
    queue_one()
    assert len(delivery.claim()) == 1  # ... and the worker is killed before it sends
    assert delivery.deliver_due().sent == 1
    assert delivery.deliver_due().sent == 0
    assert len(mail.outbox) == 1


class SlowMailServer(BaseEmailBackend):
    """A mail server that takes 0.4 s to accept each message; meanwhile another worker looks for due e-mails."""

    seen_by_another_worker = []

    def send_messages(self, messages):
        for message in messages:
            time.sleep(0.4)
            mail.outbox.append(message)
            SlowMailServer.seen_by_another_worker.append(sorted(delivery.claim()))
        return len(messages)


# The other worker and the lease keeper use connections of their own: they must see committed rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_that_takes_longer_than_the_lease_keeps_it_and_no_other_worker_sends_its_e_mails(settings, monkeypatch):
    settings.MAIL_SENDING_LEASE_SECONDS = 1
    transport(settings, "tests.test_mail_queue.SlowMailServer")
    SlowMailServer.seen_by_another_worker = []
    monkeypatch.setattr(delivery, "_queue_delivery", lambda: None)  # the worker is busy: they wait in the queue
    for n in range(5):
        queue_one(to=f"slow{n}@example.org")
    result = delivery.deliver_due()  # 2 s of sending under a lease of 1 s
    assert result.sent == 5
    assert SlowMailServer.seen_by_another_worker == [[]] * 5  # each look, during the batch, found nothing due
    assert sorted(message.to[0] for message in mail.outbox) == [f"slow{n}@example.org" for n in range(5)]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


def test_the_minute_job_sends_what_is_due():
    queue_one()  # its delivery task was lost
    tasks.send_due_mail()
    assert len(mail.outbox) == 1


def test_old_e_mails_are_cleaned_up_daily(settings):
    settings.MAIL_KEEP_DAYS = 90
    queue_one(subject="Старий лист")
    queue_one(subject="Новий лист")
    Email.objects.filter(subject="Старий лист").update(created=timezone.now() - datetime.timedelta(days=91))
    tasks.clean_up_old_mail()
    assert list(Email.objects.values_list("subject", flat=True)) == ["Новий лист"]
