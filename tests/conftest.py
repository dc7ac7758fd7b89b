"""Fixtures for the roles of the community: anonymous, pending applicant, member, moderator, editor."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from cop.members.models import User
from cop.places.models import Hromada, Oblast

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def oblast(db):
    return Oblast.objects.get(slug="vinnytska")


@pytest.fixture
def hromada(oblast):
    return Hromada.objects.create(name="Вінницька міська громада", slug="vinnytska-test", oblast=oblast, population=370000)


def make_user(username, *, status=User.Status.APPROVED, groups=(), **extra):
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=extra.pop("first_name", username.capitalize()),
        last_name=extra.pop("last_name", "Тестенко"),
        membership_status=status,
        **extra,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def pending_member(db):
    return make_user("pending", status=User.Status.PENDING, position="Секретар ради", organisation="Сільська рада")


@pytest.fixture
def member(db):
    return make_user("member", groups=["Member"], position="Спеціаліст", organisation="Міська рада")


@pytest.fixture
def moderator(db):
    return make_user("moderator", groups=["Member", "Moderator"])


@pytest.fixture
def editor(db):
    return make_user("editor", groups=["Member", "Editor"])


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` once for a class of tests (each test still runs in its own savepoint), rolled back after."""
    with django_db_blocker.unblock(), override_settings(DEBUG=False, MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        with transaction.atomic():
            cache.clear()
            call_command("load_demo", stdout=StringIO(), stderr=StringIO())
            yield
            transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def empty_search_index():
    """The embedded index lives in memory for the whole test process: start every test with it empty."""
    from cop.search import get_backend

    backend = get_backend()
    if hasattr(backend, "index"):
        backend.index.clear()
    yield


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the relevance figures measured by tests/test_search_relevance.py."""
    # From the tests' reports (user_properties travel from pytest-xdist's workers to the process that prints).
    for reports in terminalreporter.stats.values():
        for test_report in reports:
            if getattr(test_report, "when", None) != "call":
                continue
            for name, report in getattr(test_report, "user_properties", ()):
                if name == "search_relevance":
                    terminalreporter.write_sep("-", "search relevance")
                    terminalreporter.write_line(report)
