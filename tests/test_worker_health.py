"""/healthz reports the background worker: its heartbeat, its queue and its failed tasks (the running worker itself
is covered in tests/test_worker.py; here the queue is a real SQLite queue file of the test's, or one that cannot be
reached, outside Huey's immediate mode)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from cop.tasks.models import FailedTask, Heartbeat
from cop.tasks.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def embedded_search(settings):
    settings.SEARCH_URL = ""


@pytest.fixture
def queue(tmp_path, monkeypatch):
    """The site's queue, as in production: tasks are stored for a worker, not run at once."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", SqliteStorage(HUEY.name, filename=str(tmp_path / "tasks.sqlite3")))
    return HUEY


@pytest.fixture
def unreachable_queue(tmp_path, monkeypatch):
    """A queue whose storage cannot be opened (its folder is gone: a lost volume, a wrong HUEY_PATH)."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "gone" / "tasks.sqlite3"), create_tables=False)
    monkeypatch.setattr(HUEY, "storage", storage)
    return HUEY


def beat(seconds_ago):
    Heartbeat.objects.update_or_create(name="periodic", defaults={"beat_at": timezone.now() - timedelta(seconds=seconds_ago)})


def failure(*, minutes_ago=1, resolved=False, name="cop.mail.tasks.send_queued_mail"):
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return FailedTask.objects.create(task_name=name, error="SMTPConnectError: (421, 'down')", first_failed_at=at,
                                     last_failed_at=at, resolved_at=timezone.now() if resolved else None)


def worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200  # the site still serves pages: a worker in trouble never takes it out
    return response.json()["status"], response.json()["worker"]


def test_ok_with_a_fresh_heartbeat_with_the_queue_length_and_failed_count(client, queue):
    heartbeat.call_local()
    queue.enqueue(heartbeat.s())
    queue.enqueue(heartbeat.s())
    status, body = worker(client)
    assert status == "ok"
    assert body["status"] == "ok" and body["problems"] == []
    assert body["queue"] == 2 and body["failed"] == 0 and body["heartbeat_age_seconds"] < 5


def test_degraded_when_the_heartbeat_is_stale(client, queue, settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 180
    beat(seconds_ago=600)
    status, body = worker(client)
    assert status == "degraded" and body["status"] == "degraded"
    assert body["problems"] == ["heartbeat-stale"] and body["heartbeat_age_seconds"] >= 600


def test_degraded_when_no_worker_ever_beat(client, queue):
    status, body = worker(client)
    assert status == "degraded" and body["problems"] == ["no-heartbeat"] and body["heartbeat_age_seconds"] is None


def test_degraded_while_tasks_fail_for_good_and_ok_again_once_they_are_old_or_resolved(client, queue):
    beat(seconds_ago=10)
    recent = failure(minutes_ago=5)
    failure(minutes_ago=3, resolved=True)
    status, body = worker(client)
    assert status == "degraded" and body["problems"] == ["recent-failures"]
    assert body["failed"] == 1 and body["failed_last_hour"] == 1

    FailedTask.objects.filter(pk=recent.pk).update(last_failed_at=timezone.now() - timedelta(hours=2))
    status, body = worker(client)
    assert status == "ok" and body["failed"] == 1 and body["failed_last_hour"] == 0  # still listed for operators


def test_degraded_when_the_queue_storage_cannot_be_reached_with_the_rest_still_reported(client, unreachable_queue):
    beat(seconds_ago=10)
    failure()
    status, body = worker(client)
    assert status == "degraded" and body["status"] == "degraded"
    assert "queue-unreachable" in body["problems"] and body["queue"] is None and body["queue_error"]
    assert body["failed"] == 1 and body["heartbeat_age_seconds"] < 60
