"""The workers' locks (cop/tasks/locks.py) exclude the other threads and processes, and die with their holder: a
worker killed while holding one (SIGKILL) never blocks the others. The holder is a real process on a database of
its own (a SQLite file, or a PostgreSQL database when DATABASE_URL is PostgreSQL)."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from .live import ROOT, database_of_its_own, run_python

pytestmark = pytest.mark.slow

HOLD = textwrap.dedent(
    """
    import sys, time
    import django

    django.setup()
    from cop.tasks import locks

    with locks.exclusive(sys.argv[1]) as held:
        print("held" if held else "refused", flush=True)
        time.sleep(600)
    """
)

TRY = textwrap.dedent(
    """
    import json, sys, threading
    import django

    django.setup()
    from django.db import connection
    from cop.tasks import locks

    seen = {}
    with locks.exclusive(sys.argv[1]) as mine:
        def other_thread():
            with locks.exclusive(sys.argv[1]) as held:
                seen["other thread"] = held
            connection.close()

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    with locks.exclusive(sys.argv[1]) as again:
        pass
    print(json.dumps({"mine": mine, **seen, "after release": again}))
    """
)


@pytest.fixture
def env(tmp_path):
    with database_of_its_own(tmp_path) as database_url:
        yield {**os.environ, "DJANGO_SETTINGS_MODULE": "cop.settings.dev", "DJANGO_DEBUG": "false",
               "DATABASE_URL": database_url, "HUEY_PATH": str(tmp_path / "tasks.sqlite3"), "DJANGO_LOG_LEVEL": "WARNING",
               "PAGE_CACHE_DIR": str(tmp_path / "page-cache")}


def test_a_lock_excludes_the_other_threads_and_processes_and_dies_with_a_killed_holder(env):
    free = run_python(TRY, env, "drain")
    assert free == {"mine": True, "other thread": False, "after release": True}

    holder = subprocess.Popen([sys.executable, "-c", HOLD, "drain"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              text=True, start_new_session=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert run_python(TRY, env, "drain")["mine"] is False  # another process holds it
        assert run_python(TRY, env, "another name")["mine"] is True
    finally:
        os.killpg(holder.pid, signal.SIGKILL)  # as a worker killed in the middle of a drain
        holder.wait()
    assert run_python(TRY, env, "drain")["mine"] is True
