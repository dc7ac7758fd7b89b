"""Wagtail's own jobs (django-tasks: search index and reference index updates, file deletions) in our worker.

Huey's Django Tasks backend, with one change: two jobs for the same object never run at once. Wagtail's database
search backend updates an index entry with a read-then-insert, so two worker threads updating one page at the same
moment fail with a unique-constraint error; here the second waits (a lock every worker sees, released with its
holder even when the holder is killed: cop/tasks/locks.py) and is retried a few times, like a job that met a
locked database.
"""

import hashlib
import json

from huey.contrib.djhuey import HUEY, close_db
from huey.contrib.djhuey import tasks_backend as huey_tasks
from huey.exceptions import RetryTask

from . import locks


@HUEY.task(name="cop.django_tasks.run", context=True, retries=5, retry_delay=2)
@close_db
def run(task_path, args, kwargs, task=None):
    subject = hashlib.blake2b(json.dumps([task_path, args, kwargs], sort_keys=True, default=str).encode(),
                              digest_size=8).hexdigest()
    with locks.exclusive(f"django-task:{subject}") as held:
        if held:
            huey_tasks._execute_django_task(task_path, args, kwargs, task=task)
            return
    raise RetryTask(delay=1)  # the same job for the same object is running elsewhere: after it, not beside it


class HueyBackend(huey_tasks.HueyBackend):
    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        self._check_resolvable(task)
        args, kwargs = huey_tasks.normalize_json(list(args)), huey_tasks.normalize_json(kwargs)
        huey_task = run.s(task.module_path, args, kwargs, priority=task.priority or None, eta=task.run_after)
        record = huey_tasks._initial_record(self.alias, task, huey_task.id, args, kwargs)

        def enqueue_now():
            record["enqueued_at"] = huey_tasks._iso(huey_tasks.timezone.now())
            HUEY.put_result(huey_tasks.KEY % huey_task.id, record)
            huey_tasks.task_enqueued.send(sender=huey_tasks.HueyBackend, task_result=huey_tasks._record_to_result(record))
            HUEY.enqueue(huey_task)

        if self.enqueue_on_commit:
            huey_tasks.transaction.on_commit(enqueue_now)
            return huey_tasks._record_to_result(record)
        enqueue_now()
        return huey_tasks._record_to_result(HUEY.get(huey_tasks.KEY % huey_task.id, peek=True) or record)
