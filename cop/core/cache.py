"""Django's database cache, except that a write the database refuses raises instead of passing silently."""

from contextlib import contextmanager

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router

from .write_failures import write_failure_reason


class DatabaseCache(DjangoDatabaseCache):
    """Django swallows every error of a cache write (so that two processes adding one key at once do not fail).
    With the database read-only or full that turns into "someone else holds the key": the rate limits of allauth
    and django-ratelimit then count every attempt as over the limit and answer 429. Here such a write raises,
    and the site answers 503 "try again" (cop.core.write_failures) like for any other refused write."""

    @contextmanager
    def _raising_refused_writes(self):
        refused = []

        def watch(execute, sql, params, many, context):
            try:
                return execute(sql, params, many, context)
            except DatabaseError as exc:
                if write_failure_reason(exc):
                    refused.append(exc)
                raise

        with connections[router.db_for_write(self.cache_model_class)].execute_wrapper(watch):
            yield
        if refused:
            raise refused[-1]

    def set(self, *args, **kwargs):
        with self._raising_refused_writes():
            return super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        with self._raising_refused_writes():
            return super().add(*args, **kwargs)

    def touch(self, *args, **kwargs):
        with self._raising_refused_writes():
            return super().touch(*args, **kwargs)
