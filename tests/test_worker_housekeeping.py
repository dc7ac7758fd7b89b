"""The worker's daily housekeeping: what it removes, and what it leaves (in-process, on a real SQLite queue file
of the test's, outside Huey's immediate mode)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.contrib.djhuey.tasks_backend import KEY
from huey.storage import SqliteStorage
from wagtail.tasks import update_reference_index_task

from cop.tasks.models import FailedTask
from cop.tasks.tasks import housekeeping

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(tmp_path, monkeypatch):
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", SqliteStorage(HUEY.name, filename=str(tmp_path / "tasks.sqlite3")))
    return HUEY


def run_queued(queue, monkeypatch):
    """What the worker does with each queued task, on the test's own database connection (outside immediate mode,
    the tasks' wrapper would close it between tasks, as the worker's must)."""
    monkeypatch.setattr(queue, "_immediate", True)
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
    monkeypatch.setattr(queue, "_immediate", False)


def job_records(queue):
    return {key for key in queue.all_results() if key.startswith(KEY % "")}


def age(queue, key, days):
    record = queue.get(key, peek=True)
    record["finished_at"] = (timezone.now() - timedelta(days=days)).isoformat()
    queue.put_result(key, record)


def test_housekeeping_forgets_the_records_of_wagtails_finished_jobs_after_a_week(queue, monkeypatch):
    page_type = ("wagtailcore", "page")
    old, recent = (update_reference_index_task.enqueue(*page_type, "1"), update_reference_index_task.enqueue(*page_type, "2"))
    run_queued(queue, monkeypatch)
    assert job_records(queue) == {KEY % old.id, KEY % recent.id}
    age(queue, KEY % old.id, days=8)
    age(queue, KEY % recent.id, days=2)

    housekeeping.call_local()
    assert job_records(queue) == {KEY % recent.id}


def test_housekeeping_removes_expired_sessions_and_failures_resolved_a_month_ago(queue):
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="x", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="current", session_data="x", expire_date=now + timedelta(days=1))
    for days, resolved in ((40, True), (40, False), (3, True)):
        FailedTask.objects.create(task_name=f"job-{days}-{resolved}", error="E",
                                  resolved_at=now - timedelta(days=days) if resolved else None)
    housekeeping.call_local()
    assert set(Session.objects.values_list("session_key", flat=True)) == {"current"}
    assert set(FailedTask.objects.values_list("task_name", flat=True)) == {"job-40-False", "job-3-True"}


def test_housekeeping_gives_the_query_planner_its_statistics(queue):
    """Without ANALYZE, SQLite sorts every topic to show the home page's five newest (issue #15)."""
    from django.db import connection

    from forum.models import Topic

    from .conftest import make_user
    from .forum_factories import make_category, make_topic

    category, author = make_category(), make_user("author", groups=["Member"])
    for n in range(3):
        make_topic(category, author, title=f"Тема {n}", body="Питання")
    housekeeping.call_local()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [Topic._meta.db_table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [Topic._meta.db_table])
        assert cursor.fetchone()[0] > 0
