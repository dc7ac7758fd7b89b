"""`make run` is the README's first command: it serves the site AND runs the background worker, so a page
scheduled in the admin goes live without cron or a command typed by hand; Ctrl-C stops both."""

import os
import signal
import subprocess
import time

import pytest
import requests

from .live import ROOT, free_port, run_python, wait_for

pytestmark = pytest.mark.slow

SCHEDULE = """
import datetime, json
import django

django.setup()
from django.utils import timezone
from knowledge.models import PracticeLibraryPage, PracticePage

library = PracticeLibraryPage.objects.get(locale__language_code="uk")
page = PracticePage(title="Заплановано через make run", slug="zaplanovano-make-run", summary="Перевірка",
                    date=datetime.date(2026, 1, 1), live=False, go_live_at=timezone.now() + datetime.timedelta(seconds=5))
library.add_child(instance=page)
page.save_revision().publish()  # with go_live_at ahead: approved to go live then, not live now
page.refresh_from_db()
print(json.dumps({"url": page.url, "live": page.live}))
"""


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="`make run` is the SQLite default")
def test_make_run_serves_and_its_worker_publishes_a_scheduled_page(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_SETTINGS_MODULE", "DATABASE_URL"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SEARCH_INDEX_PATH": str(tmp_path / "index.sqlite3"),
        "HUEY_PATH": str(tmp_path / "tasks.sqlite3"), "HUEY_NAME": f"cop-make-run-{port}", "MEDIA_ROOT": str(tmp_path / "media"),
        "PAGE_CACHE_DIR": str(tmp_path / "page-cache"),
    }
    log = open(tmp_path / "make-run.log", "wb")
    started = time.monotonic()
    # As from a terminal: Ctrl-C is not ignored there. A runner started in the background (nohup, `&` in a script)
    # passes SIGINT down as ignored, and a shell may not trap a signal ignored on entry, nor Python raise
    # KeyboardInterrupt for it: without this, the test would measure the runner, not `make run`.
    make = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    base = f"http://127.0.0.1:{port}"

    def serving():
        assert make.poll() is None, (tmp_path / "make-run.log").read_text()[-3000:]
        try:
            return requests.get(f"{base}/healthz", timeout=5).json()
        except (requests.ConnectionError, requests.Timeout, ValueError):
            return None

    failure = None
    try:
        wait_for(serving, 300, "`make run` did not start serving")
        scheduled = run_python(SCHEDULE, {**env, "DJANGO_SETTINGS_MODULE": "cop.settings.dev"})
        assert scheduled["live"] is False
        assert requests.get(base + scheduled["url"], timeout=10).status_code == 404
        # The worker's minute job publishes it: at most a minute and a bit after it is due.
        wait_for(lambda: requests.get(base + scheduled["url"], timeout=10).status_code == 200, 90,
                 "the scheduled page did not go live: is the worker running?")
        assert time.monotonic() - started < 300
        worker = wait_for(lambda: (serving() or {}).get("worker", {}).get("heartbeat_age_seconds") is not None and serving()["worker"],
                          90, "the worker's heartbeat does not reach /healthz")
        assert worker["status"] == "ok", worker
    except BaseException as exc:
        failure = exc
        raise
    finally:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole foreground group
        try:
            make.wait(timeout=60)
        except subprocess.TimeoutExpired:
            left = subprocess.run(["ps", "-o", "pid,stat,etime,args", "-g", str(make.pid)], capture_output=True, text=True).stdout
            os.killpg(make.pid, signal.SIGKILL)
            stuck = f"Ctrl-C did not stop `make run` within 60 s; still running:\n{left}"
            if failure is not None:  # the first failure is the story; this one is only a note on it
                failure.add_note(stuck)
            else:
                pytest.fail(stuck + "\n" + (tmp_path / "make-run.log").read_text()[-3000:])
        finally:
            log.close()
    wait_for(lambda: not group_alive(make.pid), 30, "Ctrl-C left the server or the worker running")
