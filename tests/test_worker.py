"""The background worker as operators run it: a real `run_huey` consumer on a database of its own (a SQLite file,
or a PostgreSQL database of its own when DATABASE_URL is PostgreSQL), and the site's code in other processes.

* Wagtail's own jobs (django-tasks) wait in the queue and are done by the worker, not in the request.
* /healthz reports the running worker's heartbeat and queue.
* A task that keeps failing is retried its bounded number of times, recorded as a failed task with its error and
  traceback, listed by `tasks failed` and queued again by `tasks retry`; the worker goes on with other tasks. A
  periodic job failing again and again is one record whose count grows, resolved when the job succeeds.
* A task running when the worker is told to stop (SIGTERM: a deploy, Ctrl-C of `make run`) is queued again and
  done by the next worker.
* The database locked (SQLite) or refusing connections (PostgreSQL) for a few seconds: the task is retried and
  done, and the worker lives on.
* A page scheduled a minute ahead goes live on time with no command run by hand (checked last: it is scheduled
  when the module starts, so its minute passes while the other tests run).
"""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import dj_database_url
import pytest

from .live import ROOT, migrated_site, stop, wait_for
from .worker_support import connect, consumer, in_site, is_postgresql, log_text, paused, query

pytestmark = pytest.mark.slow

SCHEDULE = """
import datetime
from django.utils import timezone
from knowledge.models import PracticeLibraryPage, PracticePage

library = PracticeLibraryPage.objects.get(locale__language_code="uk")
page = PracticePage(title="Заплановано на хвилину вперед", slug="zaplanovano", summary="Перевірка",
                    date=datetime.date(2026, 1, 1), live=False,
                    go_live_at=timezone.now() + datetime.timedelta(seconds=60))
library.add_child(instance=page)
page.save_revision().publish()  # as the editor's "Publish" with a go-live date: approved, not live yet
page.refresh_from_db()
print(json.dumps({"pk": page.pk, "live": page.live, "go_live_at": page.go_live_at.timestamp()}))
"""


@dataclass
class Site:
    env: dict
    folder: Path
    worker: object
    log: Path
    scheduled: dict


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker")
    (folder / "task-files").mkdir()
    # A short busy timeout, so that a lock held by the test makes a task fail and be retried (not merely wait).
    with migrated_site(folder, COP_TEST_TASK_DIR=str(folder / "task-files"), DATABASE_SQLITE_TIMEOUT="2") as env:
        log = folder / "worker.log"
        with consumer(env, log) as child:
            scheduled = in_site(SCHEDULE, env)
            assert scheduled["live"] is False
            yield Site(env, folder, child, log, scheduled)


def failed_tasks(site, name):
    rows = query(site.env, "SELECT id, task_name, arguments, error, traceback, failures, periodic, resolved_at, "
                           "resolution FROM cop_tasks_failedtask WHERE task_name LIKE %s ORDER BY id", (f"%{name}%",))
    keys = ("id", "task_name", "arguments", "error", "traceback", "failures", "periodic", "resolved_at", "resolution")
    return [dict(zip(keys, row)) for row in rows]


def attempts(site, marker):
    path = site.folder / "task-files" / f"{marker}.attempts"
    return len(path.read_text().splitlines()) if path.exists() else 0


def manage(site, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=site.env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_healthz_reports_the_running_workers_heartbeat_and_queue(site):
    health = in_site(
        """
        from django.test import Client

        response = Client(HTTP_HOST="localhost").get("/healthz")
        print(json.dumps({"code": response.status_code, **response.json()}))
        """,
        site.env,
    )
    assert health["code"] == 200
    assert health["worker"]["status"] == "ok", health
    assert 0 <= health["worker"]["heartbeat_age_seconds"] < 60
    assert health["worker"]["queue"] >= 0 and health["worker"]["failed"] == 0


def test_wagtails_own_jobs_wait_in_the_queue_and_the_worker_does_them(site):
    snippet = """
        import datetime
        from cop.places.models import Hromada, Oblast
        from huey.contrib.djhuey import HUEY
        from knowledge.models import PracticeLibraryPage, PracticePage
        from wagtail.models import ReferenceIndex

        hromada = Hromada.objects.create(name="Громада посилань", slug="hromada-posylan",
                                         oblast=Oblast.objects.get(slug="vinnytska"), population=12000)
        page = PracticePage(title="Практика з громадою", slug="praktyka-z-hromadoiu", summary="Посилання",
                            date=datetime.date(2026, 1, 1), hromada=hromada)
        PracticeLibraryPage.objects.get(locale__language_code="uk").add_child(instance=page)
        page.save_revision().publish()
        jobs = [task for task in HUEY.pending() if task.args and task.args[0] == "wagtail.tasks.update_reference_index_task"]
        print(json.dumps({"page": page.pk, "hromada": hromada.pk, "queued": len(jobs),
                          "references": ReferenceIndex.get_references_for_object(page).count()}))
    """
    with paused(site.worker, site.env):  # the save returns without waiting for any worker
        saved = in_site(snippet, site.env)
        assert saved["references"] == 0 and saved["queued"] >= 1, saved
    page_type = query(site.env, "SELECT id FROM django_content_type "
                                "WHERE app_label = 'knowledge' AND model = 'practicepage'")

    def reference_indexed():
        return query(site.env, "SELECT COUNT(*) FROM wagtailcore_referenceindex r JOIN django_content_type t "
                               "ON t.id = r.to_content_type_id WHERE r.content_type_id = %s AND r.object_id = %s "
                               "AND t.model = 'hromada' AND r.to_object_id = %s",
                     (page_type[0][0], str(saved["page"]), str(saved["hromada"])))[0][0]

    wait_for(reference_indexed, 15, "the worker did not update Wagtail's reference index")
    assert site.worker.poll() is None


def test_a_failing_task_is_retried_then_recorded_listed_and_queued_again(site):
    in_site("test_tasks.break_task('report'); test_tasks.flaky('report'); test_tasks.succeeds('after-report')\n"
            "print('{}')", site.env)
    failed = wait_for(lambda: failed_tasks(site, "flaky"), 20, "the failing task was not recorded")
    assert attempts(site, "report") == 3  # the first run and its two retries, then no more
    [record] = failed
    assert record["error"] == "ValueError: report is broken"
    assert "_attempt" in record["traceback"] and "'report'" in record["arguments"]
    assert record["resolved_at"] is None and not record["periodic"]
    wait_for(lambda: attempts(site, "after-report"), 10, "the worker stopped running other tasks")
    time.sleep(1)
    assert attempts(site, "report") == 3

    listed = manage(site, "tasks", "failed")
    assert f"#{record['id']} " in listed and "flaky" in listed and "ValueError: report is broken" in listed
    assert "in _attempt" in manage(site, "tasks", "failed", "--tracebacks") and "in _attempt" not in listed

    in_site("test_tasks.repair_task('report')\n"
            "from django.core.management import call_command\n"
            f"call_command('tasks', 'retry', '{record['id']}')\n"
            "print('{}')", site.env)
    wait_for(lambda: attempts(site, "report") == 4, 10, "the task queued again did not run")
    [record] = failed_tasks(site, "flaky")
    assert record["resolution"] == "retried" and record["resolved_at"] is not None
    assert f"#{record['id']} " not in manage(site, "tasks", "failed")
    assert site.worker.poll() is None


def test_tasks_retry_on_the_command_line_queues_a_failed_job_of_the_site_again(site):
    """`manage.py tasks retry` runs in a process of its own, which must know every task of the site to queue one."""
    failed = in_site(
        """
        from huey.contrib.djhuey import HUEY
        from cop.search.tasks import drain_search_outbox
        from cop.tasks.models import FailedTask

        record = FailedTask.objects.create(task_name="drain_search_outbox", error="ConnectionError: engine down",
                                           data=HUEY.serialize_task(drain_search_outbox.s()))
        print(json.dumps(record.pk))
        """,
        site.env,
    )
    log_before = len(log_text(site.log))
    assert "Queued 1 task(s) again." in manage(site, "tasks", "retry", str(failed))
    wait_for(lambda: "Executing cop.search.tasks.drain_search_outbox:" in log_text(site.log)[log_before:], 10,
             "the worker did not run the job queued again")


def test_a_periodic_job_failing_again_and_again_is_one_record_resolved_when_it_succeeds(site):
    run_once = "from huey.contrib.djhuey import HUEY\nHUEY.enqueue(test_tasks.periodic_probe.s())\nprint('{}')"
    for run in range(1, 4):  # as the scheduler queues it at its times
        in_site(("test_tasks.break_task('periodic-probe')\n" if run == 1 else "") + run_once, site.env)
        wait_for(lambda: failed_tasks(site, "periodic_probe") and failed_tasks(site, "periodic_probe")[0]["failures"] == run,
                 15, f"run {run} of the periodic job was not counted")
    [record] = failed_tasks(site, "periodic_probe")
    assert record["periodic"] and record["resolved_at"] is None and record["error"] == "ValueError: periodic-probe is broken"

    in_site("test_tasks.repair_task('periodic-probe')\n" + run_once, site.env)
    wait_for(lambda: failed_tasks(site, "periodic_probe")[0]["resolution"] == "succeeded", 15,
             "a successful run did not resolve the periodic job's failure")
    assert len(failed_tasks(site, "periodic_probe")) == 1


@pytest.fixture
def database_refused(site):
    """A context manager making the site's database refuse the worker: an exclusive lock on the SQLite file, or
    (PostgreSQL) no connections allowed and every existing one cut, as in a restart of the server."""

    @contextmanager
    def refused():
        if not is_postgresql(site.env):
            conn = connect(site.env)
            conn.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                conn.execute("ROLLBACK")
                conn.close()
            return
        import psycopg
        from psycopg import sql

        name = dj_database_url.parse(site.env["DATABASE_URL"])["NAME"]
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            admin.execute(sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS false").format(sql.Identifier(name)))
            try:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
                yield
            finally:
                admin.execute(sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS true").format(sql.Identifier(name)))

    return refused


def test_the_database_locked_or_unreachable_for_a_few_seconds_delays_a_task_and_stops_nothing(site, database_refused):
    log_before = len(log_text(site.log))
    # Due in two seconds: queued while the database still answers, run by the worker while it refuses.
    in_site("test_tasks.write_to_database.schedule(args=('refused',), delay=2)\nprint('{}')", site.env)
    with database_refused():
        if is_postgresql(site.env):
            wait_for(lambda: "Error" in log_text(site.log)[log_before:], 20, "the worker did not meet the refusal")
        else:
            wait_for(lambda: attempts(site, "refused") >= 2, 20, "the task was not retried while the file was locked")
        time.sleep(1)
        assert site.worker.poll() is None
    wait_for(lambda: query(site.env, "SELECT COUNT(*) FROM cop_tasks_heartbeat WHERE name = 'refused'")[0][0], 20,
             "the task was not done once the database answered again")
    assert failed_tasks(site, "write_to_database") == []
    in_site("test_tasks.succeeds('after-refusal')\nprint('{}')", site.env)
    wait_for(lambda: attempts(site, "after-refusal"), 15, "the worker no longer runs tasks")
    assert site.worker.poll() is None


def test_a_task_running_when_the_worker_is_stopped_is_done_by_the_next_worker(site):
    env = {**site.env, "HUEY_NAME": f"{site.env['HUEY_NAME']}-restart"}  # a queue of its own: no other worker takes it
    in_site("test_tasks.slow('interrupted', 3)\nprint('{}')", env)
    log = site.folder / "stopped.log"
    with consumer(env, log) as child:
        wait_for(lambda: attempts(site, "interrupted") == 1, 15, "the task did not start")
        stop(child)  # SIGTERM, as a deploy or `docker compose stop` sends
    assert attempts(site, "interrupted-finished") == 0
    assert "queued again" in log_text(log)
    with consumer(env, site.folder / "next.log"):
        wait_for(lambda: attempts(site, "interrupted-finished") == 1, 15, "the interrupted task was lost")


def test_a_page_scheduled_a_minute_ahead_goes_live_on_time(site):
    go_live_at = site.scheduled["go_live_at"]

    def published_at():
        rows = query(site.env, "SELECT live, last_published_at FROM wagtailcore_page WHERE id = %s", (site.scheduled["pk"],))
        live, at = rows[0]
        if not live:
            return None
        at = at if isinstance(at, datetime) else datetime.fromisoformat(at)
        return at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite: UTC without an offset

    at = wait_for(published_at, max(go_live_at + 12 - time.time(), 1), "the scheduled page did not go live on time")
    # On a miss the worker's log says why (a retry, a busy worker, a lock).
    assert go_live_at <= at.timestamp() < go_live_at + 12, log_text(site.log)[-4000:]
