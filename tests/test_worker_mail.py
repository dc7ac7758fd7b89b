"""E-mail through the real worker (`manage.py run_huey`), on a database of its own (a SQLite file, or PostgreSQL when
DATABASE_URL is one) with a mail server on localhost that the tests stop, start and slow down:

* a reply is saved while the mail server is down; the worker (not the request) makes the notification and tries
  the e-mail, and delivers it once when the server is back;
* a worker killed (SIGKILL) in the middle of a batch loses no e-mail; a new worker sends the rest when the dead
  one's lease ran out, and only what was in flight can arrive twice (the at-least-once window, same Message-ID);
* two workers running the digest job at the same time send each daily member exactly one digest.
"""

import email
import email.header
import re
import signal
import socketserver
import sys
import textwrap
import threading
import time
from contextlib import contextmanager

import pytest
import requests

from .live import free_port, migrated_site, process, run_python, stop, wait_for, worker

pytestmark = pytest.mark.slow

BATCH_SIZE = 10  # POST_OFFICE["BATCH_SIZE"]: what a killed worker may have had in flight
LEASE_SECONDS = 3


class MailServer:
    """A mail server on 127.0.0.1:`port` that records each message it accepted (after the final "." of DATA; the
    "250" reply follows after `delay` seconds). While it is not running, the port refuses connections."""

    def __init__(self, port, delay=0.0):
        self.port, self.delay, self.messages, self._lock = port, delay, [], threading.Lock()

    def received(self, to=None):
        with self._lock:
            return [m for m in self.messages if to is None or m["to"] == to]

    def _accept(self, raw):
        message = email.message_from_bytes(raw)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"] or "")))
        with self._lock:
            self.messages.append({"to": message["To"], "subject": subject, "message_id": message["Message-ID"]})

    def __enter__(self):
        server = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 localhost test mail server")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        self.reply("250-localhost")
                        self.reply("250 8BITMIME")
                    elif verb == b"DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        lines = []
                        while (data := self.rfile.readline()) != b".\r\n":
                            if not data:
                                return  # the sender went away mid-message: nothing was accepted
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        server._accept(b"".join(lines))
                        time.sleep(server.delay)
                        self.reply("250 accepted")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    else:  # HELO, MAIL, RCPT, RSET, NOOP
                        self.reply("250 OK")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Session)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


SETUP = textwrap.dedent(
    """
    import json
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.test import Client
    from cop.members.models import User
    from forum import notifications, services
    from forum.models import Category

    def person(username, domain, frequency):
        user = User.objects.create_user(
            username=username, email=f"{username}@{domain}", first_name="Учасник", last_name=username,
            membership_status=User.Status.APPROVED, forum_email=frequency,
        )
        user.groups.add(Group.objects.get(name="Member"))
        return user

    category = Category.objects.create(slug="mail-live", name="Листи")
    author = person("author", "example.org", User.EmailFrequency.NEVER)
    topic, _ = services.topic_create(category=category, author=author, title="Тема про листи", body="Перший допис")
    watcher = person("watcher", "reply.example.org", User.EmailFrequency.IMMEDIATE)
    services.watch_topic(user=watcher, topic=topic)
    replier = person("replier", "example.org", User.EmailFrequency.NEVER)
    client = Client()
    client.force_login(replier)
    notifications.fan_out_owed(older_than=None)  # the opening post's: the tests count what their replies owe
    print(json.dumps({"topic": topic.pk, "session": client.cookies["sessionid"].value, "watcher": watcher.email}))
    """
)

STATE = textwrap.dedent(
    """
    import json, sys
    import django

    django.setup()
    from post_office.models import STATUS, Email
    from forum.models import Notification, PendingNotification

    names = {value: name for name, value in STATUS._asdict().items()}
    emails = [e for e in Email.objects.order_by("pk") if e.to[0].endswith(sys.argv[1])]
    print(json.dumps({
        "emails": [{"to": e.to[0], "status": names[e.status], "retries": e.number_of_retries or 0,
                    "message_id": e.message_id, "subject": e.subject} for e in emails],
        "notifications": Notification.objects.filter(recipient__email__endswith=sys.argv[1]).count(),
        "owed": PendingNotification.objects.count(),
    }))
    """
)

QUEUE = textwrap.dedent(
    """
    import json, sys
    import django

    django.setup()
    from django.core.mail import send_mail
    from django.db import transaction

    with transaction.atomic():  # its delivery task is queued when this commits
        for n in range(int(sys.argv[1])):
            send_mail(f"Лист {n}", "Текст", None, [f"reader{n}@kill.example.org"])
    print(json.dumps(True))
    """
)

# What a new e-mail (or the minute job) does: a delivery task for the worker.
DELIVER = "import django, json; django.setup(); from cop.mail.tasks import send_queued_mail; send_queued_mail(); print(json.dumps(1))"
DIGESTS = textwrap.dedent(
    """
    import json, sys
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from cop.members.models import User
    from forum import notifications, services
    from forum.models import Category
    from forum.tasks import send_daily_digests

    members, runs = int(sys.argv[1]), int(sys.argv[2])
    author = User.objects.get(username="author")
    topic, _ = services.topic_create(category=Category.objects.get(slug="mail-live"), author=author,
                                     title="Тема для дайджесту", body="Так")
    daily = []
    for n in range(members):
        user = User.objects.create_user(
            username=f"daily{n}", email=f"daily{n}@digest.example.org", first_name="Учасник", last_name=str(n),
            membership_status=User.Status.APPROVED, forum_email=User.EmailFrequency.DAILY,
        )
        user.groups.add(Group.objects.get(name="Member"))
        services.watch_topic(user=user, topic=topic)
        daily.append(user.email)
    services.post_reply(topic=topic, author=author, body="Новини для дайджесту")
    notifications.fan_out_owed(older_than=None)  # now, so that the digest jobs queued next find the notifications
    for _ in range(runs):
        send_daily_digests()  # as the periodic job of each worker would, several at once
    print(json.dumps(daily))
    """
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("mail")
    port = free_port()
    with migrated_site(
        tmp_path, DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(port), DJANGO_EMAIL_TIMEOUT="5", MAIL_RETRY_SECONDS="1", MAIL_RETRY_MAX_SECONDS="2",
        MAIL_SENDING_LEASE_SECONDS=str(LEASE_SECONDS), FORUM_DIGEST_HOUR="0", DJANGO_LOG_LEVEL="INFO",
    ) as env:
        yield env, tmp_path, port, run_python(SETUP, env)


def state(env, domain):
    return run_python(STATE, env, domain)


@contextmanager
def web(env, log_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            return requests.get(f"{base}/healthz", timeout=5).status_code in (200, 503)
        except (requests.ConnectionError, requests.Timeout):
            return False

    command = [sys.executable, "-m", "gunicorn", "cop.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
               "--threads", "2", "--worker-class", "gthread", "--no-control-socket"]
    with process(command, env, log_path, ready=healthy):
        yield base


def test_a_replys_e_mail_is_sent_by_the_worker_not_the_request_and_once_when_the_mail_server_is_back(site):
    env, tmp_path, port, world = site
    with web(env, tmp_path / "web.log") as base:
        http = requests.Session()
        http.cookies.set("sessionid", world["session"])
        form = http.get(f"{base}/forum/t/{world['topic']}/reply/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        # The mail server is down (nothing listens on its port): the reply is saved all the same.
        response = http.post(f"{base}/forum/t/{world['topic']}/reply/", timeout=30, allow_redirects=False,
                             data={"body": "Відповідь, поки пошта не працює", "csrfmiddlewaretoken": token})
        assert response.status_code == 302 and "/forum/p/" in response.headers["Location"]
    before_the_worker = state(env, "@reply.example.org")
    assert before_the_worker == {"emails": [], "notifications": 0, "owed": 1}  # the request only owes them

    with worker(env, tmp_path / "worker-reply.log"):
        def tried_and_failed():
            now = state(env, "@reply.example.org")
            return now["notifications"] == 1 and now["emails"] and now["emails"][0]["retries"] >= 1 and now

        waiting = wait_for(tried_and_failed, 30, "the worker made no notification or did not try the e-mail")
        [queued] = waiting["emails"]
        assert queued["status"] == "requeued" and "Тема про листи" in queued["subject"]

        with MailServer(port) as mail_server:
            wait_for(lambda: mail_server.received(world["watcher"]), 30, "no e-mail after the mail server was back")
            wait_for(lambda: state(env, "@reply.example.org")["emails"][0]["status"] == "sent", 15, "not marked sent")
            time.sleep(2)  # the retry interval of the test (1-2 s) passes: nothing goes again
            [delivered] = mail_server.received(world["watcher"])
    assert "Тема про листи" in delivered["subject"]
    assert delivered["message_id"] == queued["message_id"]


def test_a_worker_killed_mid_batch_loses_no_e_mail_and_only_what_was_in_flight_can_arrive_twice(site):
    env, tmp_path, port, _world = site
    total = 25
    with MailServer(port, delay=0.3) as mail_server:
        run_python(QUEUE, env, total)
        with worker(env, tmp_path / "worker-killed.log") as consumer:
            wait_for(lambda: len(mail_server.received()) >= 3, 30, "the worker sent nothing")
            stop(consumer, signal.SIGKILL)
        got_before_kill = len(mail_server.received())
        assert got_before_kill < total
        after_kill = state(env, "@kill.example.org")["emails"]
        assert len(after_kill) == total  # nothing lost: each e-mail is still there, sent or waiting
        assert {e["status"] for e in after_kill} <= {"sent", "queued"}

        with worker(env, tmp_path / "worker-after.log"):
            time.sleep(LEASE_SECONDS + 0.5)  # the dead worker's claim lapses ...
            run_python(DELIVER, env)  # ... and the next delivery (a new e-mail's, or the minute job) takes it
            wait_for(lambda: all(e["status"] == "sent" for e in state(env, "@kill.example.org")["emails"]), 60,
                     "not every e-mail was sent after the worker was killed")
        final = state(env, "@kill.example.org")["emails"]
        received = [m["message_id"] for m in mail_server.received()]
    assert {e["message_id"] for e in final} <= set(received)  # every e-mail arrived
    twice = {message_id for message_id in received if received.count(message_id) > 1}
    assert all(received.count(message_id) == 2 for message_id in twice)
    assert len(twice) <= BATCH_SIZE  # only the batch the killed worker had in flight


def test_two_workers_send_each_daily_member_exactly_one_digest(site):
    env, tmp_path, port, _world = site
    with MailServer(port) as mail_server:
        with worker(env, tmp_path / "worker-a.log"), worker(env, tmp_path / "worker-b.log"):
            daily = run_python(DIGESTS, env, 20, 8)
            wait_for(lambda: {m["to"] for m in mail_server.received()} >= set(daily), 60,
                     "not every daily member got a digest")
            wait_for(lambda: all(e["status"] == "sent" for e in state(env, "@digest.example.org")["emails"]), 30,
                     "digest e-mails left unsent")
            time.sleep(2)
        digests = [m for m in mail_server.received() if m["to"].endswith("@digest.example.org")]
        emails = state(env, "@digest.example.org")["emails"]
    assert sorted(m["to"] for m in digests) == sorted(daily)  # each member once
    assert sorted(e["to"] for e in emails) == sorted(daily)
