"""The moderators' membership queue: who may see it, approve and decline, and what each decision does."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cop.members import roles, services
from cop.members.models import MEMBER_GROUP, User

from .conftest import make_user

pytestmark = pytest.mark.django_db

REQUESTS = reverse("members:requests")
UK_REQUIRED = "Це поле обов’язкове."


def approve_url(user):
    return reverse("members:approve", args=[user.pk])


def decline_url(user):
    return reverse("members:decline", args=[user.pk])


def status_of(user):
    return User.objects.values_list("membership_status", flat=True).get(pk=user.pk)


def in_member_group(user):
    return User.objects.get(pk=user.pk).groups.filter(name=MEMBER_GROUP).exists()


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def declined_member(db):
    return make_user("declined", status=User.Status.DECLINED, membership_note="Не з органу влади")


# --- the queue ----------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_from_the_queue(client):
    response = client.get(REQUESTS)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + REQUESTS


@pytest.mark.parametrize("role", ["pending_member", "member", "editor"])
def test_queue_is_forbidden_to_non_moderators(client, request, pending_member, role):
    user = request.getfixturevalue(role)
    response = as_user(client, user).get(REQUESTS)
    assert response.status_code == 403
    assert pending_member.email not in response.content.decode()


def test_pending_applicant_sees_waiting_message_on_403(client, pending_member):
    response = as_user(client, pending_member).get(REQUESTS)
    assert response.status_code == 403
    assert "Ваша заявка на членство ще очікує на розгляд модератора." in response.content.decode()


def test_moderator_sees_confirmed_pending_requests_only(client, moderator, pending_member, member, declined_member):
    unconfirmed = make_user("unconfirmed", status=User.Status.PENDING)
    EmailAddress.objects.filter(user=unconfirmed).update(verified=False)

    response = as_user(client, moderator).get(REQUESTS)
    assert response.status_code == 200
    page = response.content.decode()
    assert pending_member.email in page
    assert approve_url(pending_member) in page
    assert decline_url(pending_member) in page
    assert "Секретар ради, Сільська рада" in page
    for other in (unconfirmed, member, declined_member, moderator):
        assert other.email not in page


def test_queue_status_tabs_list_declined_and_approved(client, moderator, pending_member, member, declined_member):
    client = as_user(client, moderator)
    declined = client.get(REQUESTS, {"status": "declined"}).content.decode()
    assert declined_member.email in declined and pending_member.email not in declined
    assert approve_url(declined_member) in declined  # a declined applicant can still be approved
    approved = client.get(REQUESTS, {"status": "approved"}).content.decode()
    assert member.email in approved and pending_member.email not in approved
    assert approve_url(member) not in approved


@pytest.mark.parametrize("status", ["bogus", "", "<script>", "pending'--"])
def test_unknown_queue_status_falls_back_to_pending(client, moderator, pending_member, status):
    response = as_user(client, moderator).get(REQUESTS, {"status": status})
    assert response.status_code == 200
    assert pending_member.email in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_queue_bad_page_number_gives_no_500(client, moderator, pending_member, page):
    response = as_user(client, moderator).get(REQUESTS, {"page": page})
    assert response.status_code == 200


# --- approve ------------------------------------------------------------------------------------------------------


def test_moderator_approves_pending_applicant(client, moderator, pending_member, mailoutbox,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, moderator).post(approve_url(pending_member))
    assert response.status_code == 302
    assert response["Location"] == REQUESTS
    pending_member.refresh_from_db()
    assert pending_member.membership_status == User.Status.APPROVED
    assert pending_member.membership_decided_by == moderator
    assert in_member_group(pending_member)
    assert roles.can_post(User.objects.get(pk=pending_member.pk))
    assert [m.to for m in mailoutbox] == [[pending_member.email]]
    assert "Вашу заявку на членство схвалено" in mailoutbox[0].subject
    follow = client.get(REQUESTS)
    assert f"{pending_member.display_name} — тепер серед учасників спільноти." in follow.content.decode()
    assert pending_member.email not in follow.content.decode().split("<main", 1)[1]


def test_approval_mail_is_only_sent_after_commit(client, settings, moderator, pending_member, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"  # the e-mail queue, as outside tests (cop/mail)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        as_user(client, moderator).post(approve_url(pending_member))
        assert mailoutbox == []
    assert len(callbacks) == 1  # the worker's delivery, queued on commit
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [[pending_member.email]]


@pytest.mark.parametrize("role", ["member", "editor", "pending_member"])
def test_non_moderator_cannot_approve(client, request, pending_member, mailoutbox, role,
                                      django_capture_on_commit_callbacks):
    user = request.getfixturevalue(role)
    target = pending_member if role != "pending_member" else make_user("other", status=User.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, user).post(approve_url(target))
    assert response.status_code == 403
    assert status_of(target) == User.Status.PENDING
    assert not in_member_group(target)
    assert mailoutbox == []


def test_pending_applicant_cannot_approve_themself(client, pending_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, pending_member).post(approve_url(pending_member))
    assert response.status_code == 403
    assert status_of(pending_member) == User.Status.PENDING


def test_anonymous_post_to_approve_goes_to_login_and_changes_nothing(client, pending_member):
    response = client.post(approve_url(pending_member))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert status_of(pending_member) == User.Status.PENDING


def test_get_to_approve_is_not_allowed(client, moderator, pending_member):
    response = as_user(client, moderator).get(approve_url(pending_member))
    assert response.status_code == 405
    assert status_of(pending_member) == User.Status.PENDING


def test_approving_unknown_or_suspended_user_is_404(client, moderator, pending_member):
    client = as_user(client, moderator)
    assert client.post(reverse("members:approve", args=[999999])).status_code == 404
    User.objects.filter(pk=pending_member.pk).update(is_active=False)
    assert client.post(approve_url(pending_member)).status_code == 404
    assert status_of(pending_member) == User.Status.PENDING


def test_approving_twice_is_harmless_and_sends_one_mail(client, moderator, pending_member, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    client = as_user(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(approve_url(pending_member))
    decided_at = User.objects.get(pk=pending_member.pk).membership_decided_at
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(approve_url(pending_member), follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert f"{pending_member.display_name} вже входить до спільноти." in second.content.decode()
    member = User.objects.get(pk=pending_member.pk)
    assert member.membership_status == User.Status.APPROVED
    assert member.membership_decided_at == decided_at
    assert member.groups.filter(name=MEMBER_GROUP).count() == 1
    assert len(mailoutbox) == 1


def test_approving_declined_applicant_clears_the_reason(client, moderator, declined_member,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, moderator).post(approve_url(declined_member))
    declined_member.refresh_from_db()
    assert declined_member.membership_status == User.Status.APPROVED
    assert declined_member.membership_note == ""
    assert in_member_group(declined_member)


def test_service_refuses_approval_by_non_moderator(member, pending_member):
    with pytest.raises(PermissionDenied):
        services.membership_approve(member=pending_member, moderator=member)
    assert status_of(pending_member) == User.Status.PENDING


# --- CSRF ---------------------------------------------------------------------------------------------------------


def test_approve_and_decline_without_csrf_token_are_rejected(moderator, pending_member, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(approve_url(pending_member)).status_code == 403
        assert client.post(decline_url(pending_member), {"reason": "ні"}).status_code == 403
    assert status_of(pending_member) == User.Status.PENDING
    assert not in_member_group(pending_member)
    assert mailoutbox == []

    # The same client with the token from the queue page succeeds: the 403 above was the CSRF check.
    page = client.get(REQUESTS).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(pending_member), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert status_of(pending_member) == User.Status.APPROVED


# --- decline ------------------------------------------------------------------------------------------------------


def test_decline_form_is_shown_to_moderator(client, moderator, pending_member):
    response = as_user(client, moderator).get(decline_url(pending_member))
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert pending_member.email in response.content.decode()
    assert status_of(pending_member) == User.Status.PENDING


def test_moderator_declines_with_reason(client, moderator, pending_member, mailoutbox,
                                        django_capture_on_commit_callbacks):
    reason = "Будь ласка, вкажіть вашу посаду повністю."
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, moderator).post(decline_url(pending_member), {"reason": reason})
    assert response.status_code == 302
    pending_member.refresh_from_db()
    assert pending_member.membership_status == User.Status.DECLINED
    assert pending_member.membership_note == reason
    assert pending_member.membership_decided_by == moderator
    assert not in_member_group(pending_member)
    assert [m.to for m in mailoutbox] == [[pending_member.email]]
    assert reason in mailoutbox[0].body


@pytest.mark.parametrize("reason", ["", "   "])
def test_decline_without_reason_is_a_form_error(client, moderator, pending_member, mailoutbox, reason,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, moderator).post(decline_url(pending_member), {"reason": reason})
    assert response.status_code == 200
    assert UK_REQUIRED in response.context["form"].errors["reason"]
    assert UK_REQUIRED in html.unescape(response.content.decode())
    assert status_of(pending_member) == User.Status.PENDING
    assert mailoutbox == []


def test_decline_with_overlong_reason_is_a_form_error(client, moderator, pending_member):
    response = as_user(client, moderator).post(decline_url(pending_member), {"reason": "ж" * 1001})
    assert response.status_code == 200
    assert "Переконайтеся" in " ".join(response.context["form"].errors["reason"])
    assert status_of(pending_member) == User.Status.PENDING


def test_moderator_cannot_decline_themself(client, moderator, mailoutbox, django_capture_on_commit_callbacks):
    client = as_user(client, moderator)
    assert client.get(decline_url(moderator)).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(decline_url(moderator), {"reason": "Йду"}).status_code == 403
    moderator.refresh_from_db()
    assert moderator.membership_status == User.Status.APPROVED
    assert in_member_group(moderator)
    assert mailoutbox == []
    with pytest.raises(PermissionDenied):
        services.membership_decline(member=moderator, moderator=moderator, reason="Йду")


@pytest.mark.parametrize("role", ["member", "editor", "pending_member"])
def test_non_moderator_cannot_decline(client, request, role, mailoutbox, django_capture_on_commit_callbacks):
    user = request.getfixturevalue(role)
    target = make_user("applicant", status=User.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(client, user).get(decline_url(target)).status_code == 403
        assert client.post(decline_url(target), {"reason": "ні"}).status_code == 403
    assert status_of(target) == User.Status.PENDING
    assert mailoutbox == []


def test_anonymous_decline_goes_to_login(client, pending_member):
    response = client.post(decline_url(pending_member), {"reason": "ні"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert status_of(pending_member) == User.Status.PENDING


def _snapshot(user):
    fresh = User.objects.get(pk=user.pk)
    return (
        fresh.membership_status, fresh.membership_note, fresh.membership_decided_by_id,
        sorted(fresh.groups.values_list("name", flat=True)),
    )


@pytest.fixture
def other_moderator(db):
    return make_user("othermod", groups=["Member", "Moderator"])


@pytest.mark.parametrize("target", ["member", "other_moderator", "editor", "declined_member"])
def test_only_pending_requests_can_be_declined(client, request, moderator, target, mailoutbox,
                                               django_capture_on_commit_callbacks):
    person = request.getfixturevalue(target)
    before = _snapshot(person)
    client = as_user(client, moderator)

    page = client.get(decline_url(person))
    assert page.status_code == 403
    html = page.content.decode()
    assert "Відхилити можна лише заявку, що очікує на розгляд." in html
    assert 'name="reason"' not in html  # the page does not offer the action

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decline_url(person), {"reason": "Порушення правил"})
    assert response.status_code == 403
    assert "Відхилити можна лише заявку, що очікує на розгляд." in response.content.decode()
    assert _snapshot(person) == before
    assert mailoutbox == []
    assert not ModelLogEntry.objects.filter(action="cop.membership.decline").exists()


def test_declining_is_refused_by_the_service_too(moderator, member):
    other = make_user("othermod", groups=["Member", "Moderator", "Editor"])
    for person in (member, other, moderator):
        before = _snapshot(person)
        with pytest.raises(PermissionDenied):
            services.membership_decline(member=person, moderator=moderator, reason="Помилково надані права")
        assert _snapshot(person) == before
    assert roles.is_moderator(User.objects.get(pk=other.pk))


def test_queue_offers_decline_only_for_pending_requests(client, moderator, member, declined_member):
    client = as_user(client, moderator)
    approved = client.get(REQUESTS, {"status": "approved"}).content.decode()
    assert decline_url(member) not in approved
    declined = client.get(REQUESTS, {"status": "declined"}).content.decode()
    assert decline_url(declined_member) not in declined


# --- audit --------------------------------------------------------------------------------------------------------


def test_approval_is_written_to_wagtails_audit_log(client, moderator, pending_member,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, moderator).post(approve_url(pending_member))
    entry = ModelLogEntry.objects.get(action="cop.membership.approve")
    assert entry.user_id == moderator.pk
    assert entry.object_id == str(pending_member.pk)
    assert entry.content_type.model_class() is User
    assert entry.data == {"role": "member", "previous_status": "pending"}


def test_repeated_approval_writes_no_second_entry(client, moderator, pending_member,
                                                  django_capture_on_commit_callbacks):
    client = as_user(client, moderator)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(approve_url(pending_member))
    assert ModelLogEntry.objects.filter(action="cop.membership.approve").count() == 1


def test_decline_is_written_to_wagtails_audit_log_with_the_reason(client, moderator, pending_member,
                                                                  django_capture_on_commit_callbacks):
    reason = "Вкажіть, будь ласка, вашу посаду."
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, moderator).post(decline_url(pending_member), {"reason": reason})
    entry = ModelLogEntry.objects.get(action="cop.membership.decline")
    assert (entry.user_id, entry.object_id) == (moderator.pk, str(pending_member.pk))
    assert entry.data == {"role": "member", "reason": reason}


def test_membership_decisions_appear_in_the_admin_site_history(client, moderator, pending_member,
                                                               django_capture_on_commit_callbacks):
    applicant = make_user("applicant2", status=User.Status.PENDING)
    client = as_user(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve_url(pending_member))
        client.post(decline_url(applicant), {"reason": "Не з органу влади"})
    history = html.unescape(client.get("/admin/reports/site-history/").content.decode())
    assert "Членство схвалено" in history
    assert "Заявку на членство відхилено: Не з органу влади" in history
    assert pending_member.display_name in history and applicant.display_name in history


def test_declining_twice_with_same_reason_sends_one_mail(client, moderator, pending_member, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    client = as_user(client, moderator)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(decline_url(pending_member), {"reason": "Неповні дані"})
    assert status_of(pending_member) == User.Status.DECLINED
    assert len(mailoutbox) == 1


def test_plain_text_mails_carry_the_reason_as_typed(client, moderator, pending_member, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    # The e-mails are plain text: HTML escaping would show "&#x27;" and "&lt;" to the applicant.
    reason = "Вкажіть посаду <повністю> & назву ради 'як у статуті'"
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, moderator).post(decline_url(pending_member), {"reason": reason})
    assert "Причина: " + reason in mailoutbox[0].body
