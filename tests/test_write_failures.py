"""A database that refuses writes (read-only, full, locked, gone) gets a truthful answer, through the real views:
a translated 503 that keeps what was sent (or a JSON error), never a 429 from a rate-limit store that cannot
count, never a bare 500; and /healthz reports it.

The database is really made read-only (SQLite `PRAGMA query_only`, PostgreSQL `transaction_read_only`) or full
(SQLite `max_page_count`: PostgreSQL has no way to simulate a full disk, those tests are skipped there).
"""

import html as htmllib
import re
import sqlite3
import tempfile
from contextlib import contextmanager

import psycopg
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test import Client, RequestFactory

from forum.models import Post

from .conftest import PASSWORD, make_user
from .forum_factories import make_topic

pytestmark = pytest.mark.django_db

# What production uses for the rate-limit counters (cop/settings/production.py), and Django's own version.
PRODUCTION_CACHE = {"BACKEND": "cop.core.cache.DatabaseCache", "LOCATION": "cop_cache"}
DJANGO_DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cop_cache"}
LONG_TEXT = "Ми провели бюджет участі онлайн і в ЦНАПі; ось що спрацювало. " * 120  # > one database page


def use_database_cache(settings, backend):
    settings.CACHES = {"default": backend}
    call_command("createcachetable", verbosity=0)
    cache.clear()


@contextmanager
def refusing_writes():
    """Inside the block the database refuses every write, as a read-only disk or a PostgreSQL standby would.

    The block is a savepoint rolled back at its end: a refused write outside any atomic block of a view would
    otherwise break the test's own transaction, and on PostgreSQL the rollback also undoes the SET."""
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip(f"no read-only switch known for {connection.vendor}")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON" if connection.vendor == "sqlite" else "SET transaction_read_only = on")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":  # not transactional; raw, as Django refuses queries after an error
                connection.connection.execute("PRAGMA query_only = OFF")
            transaction.set_rollback(True)


@pytest.fixture
def read_only_database(db):
    with refusing_writes():
        yield


@contextmanager
def database_full():
    """Inside the block the database file may not grow and has no free page left, as on a full disk.

    SQLite may roll back a whole transaction on SQLITE_FULL, so the tests using it run outside the test
    transaction (transactional_db)."""
    if connection.vendor != "sqlite":
        pytest.skip("a full disk is simulated with SQLite's max_page_count; PostgreSQL has no equivalent")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        try:  # use up the free pages too
            cursor.execute("CREATE TABLE test_disk_filler (data BLOB)")
            for _ in range(100_000):
                cursor.execute("INSERT INTO test_disk_filler VALUES (randomblob(1000))")
        except OperationalError as exc:
            assert "full" in str(exc)
        else:
            pytest.fail("max_page_count did not limit the database")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")
            cursor.execute("DROP TABLE IF EXISTS test_disk_filler")


# SQLite may roll back the whole transaction when the database is full: these tests run outside the test's one.
outside_the_test_transaction = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def topic(db):
    return make_topic(title="Бюджет участі", body="Як ви організували голосування?")


def hidden_and_text_fields(html):
    """name → value of every <input type=hidden> and <textarea> of the page."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields.update(re.findall(r'<textarea name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', html))
    return {name: htmllib.unescape(value) for name, value in fields.items()}


def assert_try_again_page(response, *, action=None):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Нічого не втрачено" in html, "the page must say, in Ukrainian, that nothing was lost"
    if action is not None:
        assert re.search(rf'<form method="post" action="{re.escape(action)}"', html)
    return html


# /healthz


def test_health_check_reports_a_database_that_refuses_writes(client, read_only_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["status"] == "error"
    assert body["database"]["check"] == "write"
    assert body["database"]["reason"] == "read-only"


@outside_the_test_transaction
def test_health_check_reports_a_full_database(client):
    with database_full():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {
        "status": "error", "vendor": "sqlite", "check": "write", "reason": "full", "error": "OperationalError",
    }


def test_health_check_leaves_nothing_behind(client):
    from cop.search.models import OutboxEntry

    assert client.get("/healthz").status_code == 200
    assert not OutboxEntry.objects.exists()


# Posting a reply


@pytest.mark.parametrize("backend", [PRODUCTION_CACHE, DJANGO_DATABASE_CACHE], ids=["production-cache", "django-db-cache"])
def test_a_reply_the_database_refuses_gets_503_with_its_text_not_a_rate_limit(client, settings, member, topic, backend):
    use_database_cache(settings, backend)
    client.force_login(member)
    url = f"/forum/t/{topic.pk}/reply/"
    with refusing_writes():
        response = client.post(url, {"body": "Моя відповідь\nу два рядки"})
    html = assert_try_again_page(response, action=url)
    assert hidden_and_text_fields(html)["body"] == "Моя відповідь\nу два рядки"
    assert not Post.objects.filter(body__startswith="Моя відповідь").exists()


def test_a_topic_can_be_read_while_the_database_refuses_writes(client, member, topic):
    """Reading saves how far the member read; that write failing must not keep them from reading."""
    client.force_login(member)
    with refusing_writes():
        response = client.get(f"/forum/t/{topic.pk}/")
    assert response.status_code == 200
    assert topic.title in response.content.decode()


@outside_the_test_transaction
def test_a_reply_to_a_full_database_gets_503_with_its_text(client, member, topic):
    client.force_login(member)
    url = f"/forum/t/{topic.pk}/reply/"
    with database_full():
        response = client.post(url, {"body": LONG_TEXT})
    html = assert_try_again_page(response, action=url)
    assert hidden_and_text_fields(html)["body"] == LONG_TEXT
    assert topic.posts.count() == 1 and topic.posts.get().number == 1


def test_the_resent_form_posts_again_with_a_fresh_csrf_token(member, topic):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = f"/forum/t/{topic.pk}/reply/"
    form = client.get(url).content.decode()
    old_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    with refusing_writes():
        response = client.post(url, {"body": "Відповідь з токеном", "csrfmiddlewaretoken": old_token})
    html = assert_try_again_page(response, action=url)
    fields = hidden_and_text_fields(html)
    assert fields["body"] == "Відповідь з токеном"
    assert fields["csrfmiddlewaretoken"] and fields["csrfmiddlewaretoken"] != old_token
    assert old_token not in html and html.count('name="csrfmiddlewaretoken"') == 1
    # The database is back: sending the re-offered form saves the reply, once.
    assert client.post(url, fields).status_code == 302
    assert Post.objects.filter(body="Відповідь з токеном").count() == 1


def test_json_requests_get_a_json_error(client, member, topic):
    client.force_login(member)
    with refusing_writes():
        response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Через API"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("application/json")
    assert "Нічого не втрачено" in response.json()["error"]


# Saving a profile


def test_a_profile_save_the_database_refuses_gets_503_keeping_every_field(client, member, oblast, hromada):
    client.force_login(member)
    data = {"first_name": "Олена", "last_name": "Коваль", "position": "Секретар ради", "organisation": "Сільська рада",
            "oblast": str(oblast.pk), "hromada": str(hromada.pk), "bio": "Працюю з молоддю громади.\nІ з ветеранами.",
            "show_email": "on", "language": "uk", "forum_email": "daily"}
    with refusing_writes():
        response = client.post("/members/me/edit/", data)
    html = assert_try_again_page(response, action="/members/me/edit/")
    fields = hidden_and_text_fields(html)
    assert {name: fields.get(name) for name in data} == data


# Logging in


def test_logging_in_while_the_database_refuses_writes_is_503_not_429(client, settings, db):
    use_database_cache(settings, PRODUCTION_CACHE)
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
    user = make_user("olena", groups=["Member"])
    with refusing_writes():
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    html = assert_try_again_page(response, action="/accounts/login/")
    assert hidden_and_text_fields(html).get("login") == user.email
    assert PASSWORD not in html and 'name="password"' not in html


# A write that fails outside the view (e.g. the session saved by its middleware) reaches the error handler.


def test_the_error_handler_answers_a_refused_write_with_503(member):
    from cop.core.views import server_error

    request = RequestFactory().post("/forum/t/1/reply/", {"body": "Текст"})
    request.user = member
    try:
        raise OperationalError("attempt to write a readonly database")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and "Текст" in response.content.decode()


def test_other_errors_still_get_the_500_page():
    from cop.core.views import server_error

    request = RequestFactory().get("/")
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = server_error(request)
    assert response.status_code == 500


# Which errors mean "try again": real SQLite errors, and the psycopg classes PostgreSQL's SQLSTATEs become.


def sqlite_error(make_it_fail):
    conn = sqlite3.connect(":memory:", timeout=0)
    conn.execute("CREATE TABLE t (x UNIQUE)")
    conn.execute("INSERT INTO t VALUES (1)")
    try:
        make_it_fail(conn)
    except sqlite3.Error as exc:
        return exc
    pytest.fail("no error")


def locked(_conn):
    """Another connection holds the write lock and this one may not wait."""
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/locked.sqlite3"
        holder = sqlite3.connect(path, isolation_level=None)
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            other.execute("BEGIN IMMEDIATE")
        finally:
            holder.close()
            other.close()


@pytest.mark.parametrize("cause, reason", [
    (lambda: sqlite_error(locked), "locked"),
    (lambda: sqlite_error(lambda c: (c.execute("PRAGMA query_only = ON"), c.execute("INSERT INTO t VALUES (2)"))),
     "read-only"),
    (lambda: sqlite_error(lambda c: (c.execute("PRAGMA max_page_count = 2"), c.execute("CREATE TABLE u (y)"),
                                     c.execute("CREATE TABLE v (y)"))), "full"),
    (lambda: sqlite_error(lambda c: c.execute("INSERT INTO t VALUES (1)")), None),
    (lambda: sqlite_error(lambda c: c.execute("SELECT * FROM missing")), None),
    (lambda: psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"), "read-only"),
    (lambda: psycopg.errors.DiskFull("could not extend file"), "full"),
    (lambda: psycopg.errors.SerializationFailure("could not serialize access"), "locked"),
    (lambda: psycopg.errors.AdminShutdown("terminating connection due to administrator command"), "unavailable"),
    (lambda: psycopg.OperationalError("server closed the connection unexpectedly"), "unavailable"),
    (lambda: psycopg.errors.UniqueViolation("duplicate key value"), None),
], ids=["sqlite-locked", "sqlite-read-only", "sqlite-full", "sqlite-constraint", "sqlite-no-table", "pg-read-only",
        "pg-disk-full", "pg-serialization", "pg-shutdown", "pg-connection-lost", "pg-unique"])
def test_which_database_errors_mean_try_again(cause, reason):
    from cop.core.write_failures import write_failure_reason

    original = cause()
    try:
        raise OperationalError(str(original)) from original  # as Django wraps the driver's error
    except OperationalError as wrapped:
        assert write_failure_reason(wrapped) == reason
