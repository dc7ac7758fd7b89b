"""Verified officials: a moderator ticks "position and organisation checked" at approval; the member then shows a
"verified official — <hromada>" mark on their posts, practices and profile, to everyone; moderators withdraw it
with a reason; it never shows for a suspended or revoked member; every step is in the audit log."""

import datetime

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cop.members import services as member_services
from cop.members import roles
from cop.members.models import User
from forum import services

from .conftest import make_user
from .forum_factories import make_category, make_topic
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db

MARK = "verified-official"


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def post(client, target, data=None):
    client.get(reverse("forum:index"))
    return client.post(target, {**(data or {}), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def applicant(hromada):
    return make_user("official", status=User.Status.PENDING, position="Секретар ради", organisation="Міська рада",
                     hromada=hromada, oblast=hromada.oblast)


def approve(moderator, applicant, checked):
    data = {"verified_official": "1"} if checked else {}
    with committed():
        return post(csrf_client(moderator), reverse("members:approve", kwargs={"pk": applicant.pk}), data)


def withdraw_url(person):
    return reverse("curation:official_withdraw", kwargs={"username": person.username})


def test_the_requests_page_offers_the_check(moderator, applicant):
    html = csrf_client(moderator).get(reverse("members:requests")).content.decode()
    assert 'name="verified_official"' in html


def test_approving_with_the_check_makes_a_verified_official_of_their_hromada(moderator, applicant, hromada):
    assert approve(moderator, applicant, checked=True).status_code == 302
    person = User.objects.get(pk=applicant.pk)
    assert person.is_approved_member and person.official_verified_by == moderator
    assert person.verified_official_mark == hromada.name
    entry = ModelLogEntry.objects.get(action="cop.official.verify")
    assert entry.user == moderator and entry.object_id == str(person.pk)


def test_approving_without_the_check_verifies_nobody(moderator, applicant):
    approve(moderator, applicant, checked=False)
    person = User.objects.get(pk=applicant.pk)
    assert person.is_approved_member and person.verified_official_mark == ""
    assert not ModelLogEntry.objects.filter(action="cop.official.verify").exists()


@pytest.fixture
def official(moderator, applicant):
    approve(moderator, applicant, checked=True)
    return User.objects.get(pk=applicant.pk)


def test_the_mark_shows_on_posts_practices_and_the_profile_to_everyone(official, hromada, member, client):
    with committed():
        topic = make_topic(make_category(), official, title="Наш досвід", body="Розповідаю.")
    practice = make_practice("Практика посадовця", slug="posadovets", keeper=official)
    expected = f"— {hromada.name}"
    for response in (client.get(topic.get_absolute_url()), client.get(practice.url)):
        html = response.content.decode()
        assert MARK in html and expected in html
    profile = csrf_client(member).get(official.get_absolute_url()).content.decode()
    assert MARK in profile and expected in profile


def test_a_plain_members_posts_have_no_mark(member, client):
    with committed():
        topic = make_topic(make_category(), member)
    assert MARK not in client.get(topic.get_absolute_url()).content.decode()


def test_the_mark_never_shows_for_a_suspended_member(official, moderator, client):
    with committed():
        topic = make_topic(make_category(), official)
        services.member_suspend(member=official, moderator=moderator, until=timezone.now() + datetime.timedelta(days=3),
                                reason="порушення")
    assert MARK not in client.get(topic.get_absolute_url()).content.decode()


def test_the_mark_never_shows_for_a_revoked_member(official, moderator, client):
    with committed():
        topic = make_topic(make_category(), official)
        member_services.role_remove(member=official, role=roles.MEMBER, actor=moderator, reason="вибув")
    assert MARK not in client.get(topic.get_absolute_url()).content.decode()


def test_a_moderator_withdraws_the_mark_with_a_reason(official, moderator, client):
    with committed():
        topic = make_topic(make_category(), official)
    page = csrf_client(moderator).get(withdraw_url(official))
    assert page.status_code == 200
    assert withdraw_url(official) in csrf_client(moderator).get(official.get_absolute_url()).content.decode()
    response = post(csrf_client(moderator), withdraw_url(official), {"reason": "Змінив посаду"})
    assert response.status_code == 302
    assert User.objects.get(pk=official.pk).verified_official_mark == ""
    assert MARK not in client.get(topic.get_absolute_url()).content.decode()
    entry = ModelLogEntry.objects.get(action="cop.official.withdraw")
    assert entry.user == moderator and entry.data["reason"] == "Змінив посаду"
    again = post(csrf_client(moderator), withdraw_url(official), {"reason": "ще раз"})
    assert again.status_code == 302
    assert ModelLogEntry.objects.filter(action="cop.official.withdraw").count() == 1


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_withdrawing_needs_a_reason(official, moderator, reason):
    response = post(csrf_client(moderator), withdraw_url(official), {"reason": reason})
    assert response.status_code == 400 and "errorlist" in response.content.decode()
    assert User.objects.get(pk=official.pk).verified_official_mark


def test_hostile_reasons_are_inert(official, moderator):
    hostile = "<script>alert(1)</script>"
    post(csrf_client(moderator), withdraw_url(official), {"reason": hostile})
    assert ModelLogEntry.objects.get(action="cop.official.withdraw").data["reason"] == hostile
    html = csrf_client(moderator).get("/admin/reports/site-history/").content.decode()
    assert hostile not in html


@pytest.mark.parametrize("role", ["anonymous", "pending", "member", "editor"])
def test_only_moderators_withdraw(official, role, pending_member, member, editor):
    user = {"anonymous": None, "pending": pending_member, "member": member, "editor": editor}[role]
    client = csrf_client(user)
    for response in (client.get(withdraw_url(official)), post(client, withdraw_url(official), {"reason": "без права"})):
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
    assert User.objects.get(pk=official.pk).verified_official_mark


def test_a_moderator_cannot_withdraw_their_own_mark(moderator):
    moderator.official_verified_at = timezone.now()
    moderator.official_verified_as = "Громада"
    moderator.save()
    assert post(csrf_client(moderator), withdraw_url(moderator), {"reason": "сам"}).status_code == 403
