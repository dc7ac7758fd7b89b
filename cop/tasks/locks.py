"""Locks between workers that die with their holder, so a worker killed while holding one never blocks the rest.

Huey's own task locks are keys in the queue storage: a worker killed inside one (SIGKILL, out of memory, a power
cut) leaves the key behind, and on SQLite and PostgreSQL nothing ever expires it. These locks live where the
operating system or the database server drops them with their holder:

* PostgreSQL: a session advisory lock on the worker's database connection; every worker on every machine sees it,
  and the server releases it when the connection ends.
* SQLite: a byte of a lock file next to the database file (`<database>.locks`), locked with fcntl; the workers of
  the one machine that has the database share the file, and the kernel releases the lock with the process. POSIX
  record locks belong to a process, not a thread, so the threads of one worker exclude each other with a
  threading lock as well.

`exclusive(name)` never waits: it yields False when someone else holds the lock.
"""

import fcntl
import hashlib
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ADVISORY_LOCK_CLASS = 0x7A5C  # first key of pg_try_advisory_lock(int, int): "worker lock"
_RANGE = 2**31 - 1  # lock bytes on SQLite: collisions between two names are negligible (and only ever a wait)


def _number(name):
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big", signed=True)


@contextmanager
def exclusive(name):
    if connection.vendor == "postgresql":
        with _advisory(name) as held:
            yield held
    else:
        with _file_lock(name) as held:
            yield held


@contextmanager
def _advisory(name):
    key = _number(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_LOCK_CLASS, key])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_LOCK_CLASS, key])
            except Exception:  # the connection is gone, and the server released the lock with it
                connection.close()


_in_process = threading.Lock()
_held_here = set()  # names held by a thread of this process
_lock_file = {}  # pid -> open file: closing any descriptor of the file would drop all of this process's locks


def _lock_path():
    name = str(connection.settings_dict["NAME"])
    if name and ":memory:" not in name and "mode=memory" not in name:
        return Path(f"{name}.locks")
    digest = hashlib.blake2b(name.encode(), digest_size=8).hexdigest()
    return Path(tempfile.gettempdir()) / f"cop-worker-{digest}.locks"  # an in-memory test database


def _file():
    handle = _lock_file.get(os.getpid())
    if handle is None:
        handle = _lock_file[os.getpid()] = open(_lock_path(), "a+b")
    return handle


@contextmanager
def _file_lock(name):
    offset = _number(name) % _RANGE
    with _in_process:
        if name in _held_here:
            held_here = False
        else:
            _held_here.add(name)
            held_here = True
    if not held_here:
        yield False
        return
    held = False
    try:
        try:
            fcntl.lockf(_file(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
            held = True
        except OSError:  # another worker process holds it
            pass
        yield held
    finally:
        if held:
            fcntl.lockf(_file(), fcntl.LOCK_UN, 1, offset)
        with _in_process:
            _held_here.discard(name)
