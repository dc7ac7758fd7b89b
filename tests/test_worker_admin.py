"""The operators' page of failed background tasks in the Wagtail admin (Reports → Failed tasks): who may see it,
what it shows, and its two actions, "Queue again" and "Dismiss" (POST with a CSRF token)."""

from html import escape

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_task
from wagtail.users.models import UserProfile

from cop.tasks.models import FailedTask, Heartbeat

from .conftest import make_user

pytestmark = pytest.mark.django_db

URL = "/admin/failed-tasks/"


@db_task()
def mark_done(name):
    """A job of the tests': queued again from the page, it leaves a heartbeat row named after it."""
    Heartbeat.objects.create(name=name)


@pytest.fixture
def operator(db):
    """Not a superuser: a member of a group given admin access and the failed-tasks permission."""
    group = Group.objects.create(name="Operators")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
                          Permission.objects.get(content_type__app_label="cop_tasks", codename="view_failedtask"))
    return make_user("operator", groups=["Operators"])


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def failed(db):
    return FailedTask.objects.create(
        task_name="tests.test_worker_admin.mark_done", arguments="{'args': ['again'], 'kwargs': {}}",
        error="SMTPServerDisconnected: Connection unexpectedly closed",
        traceback='Traceback (most recent call last):\n  File "cop/mail/tasks.py", line 1\nSMTPServerDisconnected',
        data=HUEY.serialize_task(mark_done.s("again")), last_failed_at=timezone.now(),
    )


def client_for(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def test_operators_and_superusers_see_the_error_and_traceback_of_each_failed_task(operator, superuser, failed):
    for user in (operator, superuser):
        page = client_for(user).get(URL)
        assert page.status_code == 200
        html = page.content.decode()
        assert "tests.test_worker_admin.mark_done" in html
        assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
        assert escape('File "cop/mail/tasks.py", line 1') in html
        assert f'action="{URL}{failed.pk}/retry/"' in html and f'action="{URL}{failed.pk}/dismiss/"' in html


def test_the_page_is_in_the_reports_menu_of_those_who_may_see_it_only(operator, editor, moderator):
    assert URL in client_for(operator).get("/admin/").content.decode()
    for user in (editor, moderator):
        assert URL not in client_for(user).get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["member", "pending_member"])
def test_people_without_admin_access_are_sent_to_log_in(request, role, failed):
    client = client_for(request.getfixturevalue(role))
    for response in (client.get(URL), client.post(f"{URL}{failed.pk}/retry/"), client.post(f"{URL}{failed.pk}/dismiss/")):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Client().get(URL)["Location"].startswith("/admin/login/")
    assert FailedTask.objects.get().resolved_at is None


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_admin_users_without_the_permission_are_refused_and_change_nothing(request, role, failed):
    client = client_for(request.getfixturevalue(role))
    for response in (client.get(URL), client.post(f"{URL}{failed.pk}/retry/"), client.post(f"{URL}{failed.pk}/dismiss/")):
        assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    assert FailedTask.objects.get().resolved_at is None and not Heartbeat.objects.filter(name="again").exists()


def test_queue_again_runs_the_task_again_and_closes_the_failure(operator, failed):
    response = client_for(operator).post(f"{URL}{failed.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == URL
    assert Heartbeat.objects.filter(name="again").exists()  # the tests run tasks at once (Huey's immediate mode)
    failed.refresh_from_db()
    assert failed.resolution == "retried" and failed.resolved_at is not None
    page = client_for(operator).get(URL).content.decode()
    assert "SMTPServerDisconnected" not in page
    assert "SMTPServerDisconnected" in client_for(operator).get(f"{URL}?resolved=1").content.decode()


def test_queue_again_twice_queues_once(operator, failed):
    client = client_for(operator)
    client.post(f"{URL}{failed.pk}/retry/")
    Heartbeat.objects.filter(name="again").delete()
    client.post(f"{URL}{failed.pk}/retry/")
    assert not Heartbeat.objects.filter(name="again").exists()


def test_dismiss_closes_the_failure_without_running_the_task(operator, failed):
    client_for(operator).post(f"{URL}{failed.pk}/dismiss/")
    failed.refresh_from_db()
    assert failed.resolution == "dismissed" and not Heartbeat.objects.filter(name="again").exists()


def test_actions_need_a_post_with_a_csrf_token(operator, failed):
    checked = client_for(operator, enforce_csrf_checks=True)
    assert checked.post(f"{URL}{failed.pk}/retry/").status_code == 403
    assert checked.post(f"{URL}{failed.pk}/dismiss/").status_code == 403
    assert client_for(operator).get(f"{URL}{failed.pk}/retry/").status_code == 405
    failed.refresh_from_db()
    assert failed.resolved_at is None


def test_the_page_speaks_ukrainian_and_english(operator, failed):
    ukrainian = client_for(operator).get(URL).content.decode()
    assert "Невдалі завдання" in ukrainian and "Поставити в чергу знову" in ukrainian
    profile = UserProfile.get_for_user(operator)
    profile.preferred_language = "en"
    profile.save()
    english = client_for(operator).get(URL).content.decode()
    assert "Failed tasks" in english and "Queue again" in english and "Dismiss" in english
