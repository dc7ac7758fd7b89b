"""Sign-up through django-allauth: form, e-mail confirmation, moderators' queue, approval and decline."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cop.members import roles
from cop.members.forms import WagtailUserCreationForm
from cop.members.models import MEMBER_GROUP, User
from cop.places.models import Oblast

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
EMAIL = "olena.koval@example.org"
PENDING_NOTICE = "Ваша заявка на членство очікує на розгляд модератора"
UK_MAX_LENGTH = "Переконайтеся, що це значення містить не більше ніж"
UK_REQUIRED = "Це поле обов’язкове."
UK_HROMADA_OUTSIDE_OBLAST = "Ця громада не належить до вибраної області."


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over():
    # allauth keeps its rate-limit counters in the (process-wide) locmem cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signup_data(oblast, hromada):
    return {
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Олена",
        "last_name": "Коваль",
        "position": "Секретар сільської ради",
        "organisation": "Якушинецька сільська рада",
        "oblast": str(oblast.pk),
        "hromada": str(hromada.pk),
        "motivation": "Хочу ділитися досвідом бюджету участі.",
    }


def _confirmation_path(message):
    match = re.search(r"https?://testserver(/\S*confirm-email/\S+?/)(?=\s|$)", message.body)
    assert match, message.body
    return match.group(1)


def _error_text(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def _sign_up_and_confirm(client, data, mailoutbox):
    """POST the sign-up form, then confirm the e-mail through the link in the message. Returns the user."""
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    confirmation = [m for m in mailoutbox if data["email"] in m.to][-1]
    response = client.post(_confirmation_path(confirmation))
    assert response.status_code == 302
    return User.objects.get(email=data["email"])


def _approve(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("members:approve", args=[user.pk]))


# --- the happy path ---------------------------------------------------------------------------------------------


def test_signup_confirm_and_approval_end_to_end(client, moderator, signup_data, oblast, hromada, mailoutbox,
                                                django_capture_on_commit_callbacks):
    # 1. Sign up: the account exists but is a pending applicant who may not post.
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    user = User.objects.get(email=EMAIL)
    assert user.membership_status == User.Status.PENDING
    assert (user.first_name, user.last_name) == ("Олена", "Коваль")
    assert user.position == "Секретар сільської ради"
    assert user.organisation == "Якушинецька сільська рада"
    assert (user.oblast, user.hromada) == (oblast, hromada)
    assert user.bio == "Хочу ділитися досвідом бюджету участі."
    assert user.language == "uk"
    assert user.username == "olenakoval"  # readable, derived from the e-mail
    assert not user.groups.filter(name=MEMBER_GROUP).exists()
    assert not roles.can_post(user)
    assert not EmailAddress.objects.get(user=user, email=EMAIL).verified

    # Only the applicant got a message so far: the confirmation link. Moderators wait for the confirmation.
    assert [m.to for m in mailoutbox] == [[EMAIL]]
    path = _confirmation_path(mailoutbox[0])
    assert path.startswith("/accounts/confirm-email/")

    # 2. Following the link shows a confirmation page and changes nothing (ACCOUNT_CONFIRM_EMAIL_ON_GET = False).
    response = client.get(path)
    assert response.status_code == 200
    assert EMAIL in response.content.decode()
    assert 'action="/accounts/confirm-email/' in response.content.decode()  # a POST form (its key is re-signed)
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1

    # 3. POST confirms the address, notifies the moderator and signs the applicant in.
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    to_moderators = [m for m in mailoutbox if m.to == [moderator.email]]
    assert len(to_moderators) == 1
    assert "Нова заявка на членство: Олена Коваль" in to_moderators[0].subject
    assert "Якушинецька сільська рада" in to_moderators[0].body
    assert "http://testserver/members/requests/" in to_moderators[0].body
    assert len(mailoutbox) == 2  # nobody else was told

    own_profile = client.get(reverse("members:profile", args=[user.username]))
    assert own_profile.status_code == 200
    assert own_profile.wsgi_request.user == user
    assert PENDING_NOTICE in own_profile.content.decode()
    assert client.get(reverse("members:directory")).status_code == 403

    # 4. The moderator finds the request in the queue and approves it.
    moderator_client = Client()
    moderator_client.force_login(moderator)
    queue = moderator_client.get(reverse("members:requests")).content.decode()
    assert "Олена Коваль" in queue
    assert reverse("members:approve", args=[user.pk]) in queue

    response = _approve(moderator_client, user, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:requests")

    user = User.objects.get(pk=user.pk)
    assert user.membership_status == User.Status.APPROVED
    assert user.membership_decided_by == moderator
    assert user.membership_decided_at is not None
    assert user.groups.filter(name=MEMBER_GROUP).exists()
    assert roles.can_post(user)
    approvals = [m for m in mailoutbox if m.to == [EMAIL]][1:]
    assert len(approvals) == 1
    assert "Вашу заявку на членство схвалено" in approvals[0].subject
    assert "http://testserver/" in approvals[0].body

    # 5. The new member no longer sees the notice and may browse the directory.
    response = client.get(reverse("members:directory"))
    assert response.status_code == 200
    assert PENDING_NOTICE not in response.content.decode()
    assert "Олена Коваль" in response.content.decode()


def test_signup_then_decline_with_reason_emails_the_reason(client, moderator, signup_data, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    user = _sign_up_and_confirm(client, signup_data, mailoutbox)
    mailoutbox.clear()

    moderator_client = Client()
    moderator_client.force_login(moderator)
    reason = "Не вдалося підтвердити, що ви працюєте в органі місцевого самоврядування."
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(reverse("members:decline", args=[user.pk]), {"reason": reason})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:requests")

    user = User.objects.get(pk=user.pk)
    assert user.membership_status == User.Status.DECLINED
    assert user.membership_note == reason
    assert user.membership_decided_by == moderator
    assert not user.groups.filter(name=MEMBER_GROUP).exists()
    assert not roles.can_post(user)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [EMAIL]
    assert "Ваша заявка на членство" in mailoutbox[0].subject
    assert "Причина: " + reason in mailoutbox[0].body

    # The declined applicant is gone from the pending queue, and listed under "declined" (where approval is
    # still possible).
    approve_url = reverse("members:approve", args=[user.pk])
    assert approve_url not in moderator_client.get(reverse("members:requests")).content.decode()
    declined = moderator_client.get(reverse("members:requests"), {"status": "declined"}).content.decode()
    assert EMAIL in declined and approve_url in declined
    # The applicant still cannot enter the directory.
    assert client.get(reverse("members:directory")).status_code == 403


def test_signup_in_english_remembers_language_and_approval_mail_is_english(
    client, moderator, signup_data, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post("/en" + SIGNUP_URL, signup_data)
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.language == "en"
    moderator_client = Client()
    moderator_client.force_login(moderator)
    mailoutbox.clear()
    _approve(moderator_client, user, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert "Your membership has been approved" in mailoutbox[0].subject
    assert "http://testserver/en/" in mailoutbox[0].body


def test_unconfirmed_applicant_is_not_in_the_moderation_queue(client, moderator, signup_data, mailoutbox):
    client.post(SIGNUP_URL, signup_data)
    assert User.objects.filter(email=EMAIL, membership_status=User.Status.PENDING).exists()
    assert [m.to for m in mailoutbox] == [[EMAIL]]  # moderators are not told before the confirmation
    moderator_client = Client()
    moderator_client.force_login(moderator)
    assert "Олена Коваль" not in moderator_client.get(reverse("members:requests")).content.decode()


def test_confirmation_link_with_a_forged_key_confirms_nothing(client, moderator, signup_data, mailoutbox):
    client.post(SIGNUP_URL, signup_data)
    path = _confirmation_path(mailoutbox[0])
    forged = path[:-6] + ("AAAAA/" if not path.endswith("AAAAA/") else "BBBBB/")
    response = client.post(forged)
    assert response.status_code in (200, 302, 404)
    assert not EmailAddress.objects.get(email=EMAIL).verified
    assert len(mailoutbox) == 1


def test_signup_with_hromada_only_fills_in_its_oblast(client, signup_data, hromada):
    signup_data["oblast"] = ""
    assert client.post(SIGNUP_URL, signup_data).status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.hromada == hromada
    assert user.oblast == hromada.oblast


def test_signup_without_places_is_allowed(client, signup_data):
    signup_data.update(oblast="", hromada="", motivation="")
    assert client.post(SIGNUP_URL, signup_data).status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.oblast is None and user.hromada is None and user.bio == ""


# --- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, limit",
    [("first_name", 150), ("last_name", 150), ("position", 150), ("organisation", 200), ("motivation", 1000)],
)
def test_overlong_signup_field_is_rejected_with_ukrainian_error(client, signup_data, mailoutbox, field, limit):
    signup_data[field] = "ж" * (limit + 1)
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 200
    error = _error_text(response, field)
    assert UK_MAX_LENGTH in error
    assert str(limit) in error and str(limit + 1) in error
    assert UK_MAX_LENGTH in response.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()
    assert mailoutbox == []


def test_field_at_exactly_max_length_is_accepted(client, signup_data):
    signup_data.update(first_name="ж" * 150, position="п" * 150, organisation="о" * 200)
    assert client.post(SIGNUP_URL, signup_data).status_code == 302
    assert User.objects.get(email=EMAIL).organisation == "о" * 200


def test_overlong_field_error_is_english_on_english_signup(client, signup_data):
    signup_data["position"] = "x" * 151
    response = client.post("/en" + SIGNUP_URL, signup_data)
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in _error_text(response, "position")
    assert not User.objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("variant", ["olena.koval@example.org", "Olena.Koval@Example.ORG"])
def test_duplicate_email_does_not_create_a_second_account(client, signup_data, mailoutbox, variant):
    existing = User.objects.create_user(username="olena", email=EMAIL, password=PASSWORD, first_name="Олена")
    EmailAddress.objects.create(user=existing, email=EMAIL, verified=True, primary=True)

    signup_data["email"] = variant
    response = client.post(SIGNUP_URL, signup_data)

    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    assert User.objects.count() == 1
    # With mandatory verification allauth hides that the address is taken (no enumeration): no form error,
    # no confirmation link, but the owner of the address is told that someone tried to sign up again.
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[EMAIL]]
    assert "confirm-email" not in mailoutbox[0].body
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_duplicate_email_of_unconfirmed_applicant_does_not_create_a_second_account(client, signup_data):
    assert client.post(SIGNUP_URL, signup_data).status_code == 302
    again = Client()
    signup_data["email"] = EMAIL.upper()
    again.post(SIGNUP_URL, signup_data)
    assert User.objects.filter(email__iexact=EMAIL).count() == 1


def test_hromada_outside_selected_oblast_is_rejected(client, signup_data, hromada):
    other = Oblast.objects.get(slug="lvivska")
    assert hromada.oblast != other
    signup_data["oblast"] = str(other.pk)
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 200
    assert UK_HROMADA_OUTSIDE_OBLAST in _error_text(response, "hromada")
    assert not User.objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("field", ["email", "password1", "first_name", "last_name", "position", "organisation"])
def test_missing_required_field_is_rejected(client, signup_data, mailoutbox, field):
    signup_data[field] = ""
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 200
    assert _error_text(response, field), response.context["form"].errors
    assert User.objects.count() == 0
    assert mailoutbox == []


def test_empty_signup_form_lists_every_required_field_in_ukrainian(client):
    response = client.post(SIGNUP_URL, {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in ("email", "password1", "first_name", "last_name", "position", "organisation"):
        assert UK_REQUIRED in errors.get(field, []), (field, errors)
    assert "oblast" not in errors and "hromada" not in errors and "motivation" not in errors
    assert User.objects.count() == 0


def test_mismatched_passwords_are_rejected(client, signup_data):
    signup_data["password2"] = PASSWORD + "x"
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"oblast": "abc"},
        {"oblast": "999999"},
        {"oblast": "-1"},
        {"hromada": "abc"},
        {"hromada": "999999"},
        {"hromada": "1.5"},
        {"email": "not-an-email"},
        {"first_name": "Оле\x00на"},
        {"password1": "123", "password2": "123"},
        {"motivation": "ж" * 100_000},
    ],
    ids=lambda c: ",".join(c),
)
def test_bad_signup_input_gives_form_errors_not_500(client, signup_data, changes):
    signup_data.update(changes)
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.count() == 0


def test_signup_with_list_values_and_junk_fields_gives_no_500(client, signup_data):
    signup_data["first_name"] = ["Олена", "Ще"]
    signup_data["membership_status"] = "approved"
    signup_data["is_staff"] = "on"
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code in (200, 302)
    user = User.objects.filter(email=EMAIL).first()
    if user is not None:
        # Extra fields are ignored: nobody can sign themselves up as approved or staff.
        assert user.membership_status == User.Status.PENDING
        assert not user.is_staff
        assert not roles.can_post(user)


def test_signup_page_renders_the_community_fields(client, hromada):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("first_name", "last_name", "position", "organisation", "oblast", "hromada", "motivation"):
        assert f'name="{name}"' in html
    assert hromada.name in html



def test_email_longer_than_the_column_is_rejected_with_a_clear_error(client, signup_data):
    # Django's EmailValidator accepts up to 320 characters; the column holds 254, so longer ones are refused.
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"
    assert 254 < len(long_email) <= 320
    signup_data["email"] = long_email
    response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 200
    assert "не більше 254 символів" in response.content.decode()
    assert not User.objects.exists()


def test_new_request_mail_to_ukrainian_moderator_is_fully_ukrainian(client, moderator, signup_data, mailoutbox):
    _sign_up_and_confirm(client, signup_data, mailoutbox)
    (message,) = [m for m in mailoutbox if m.to == [moderator.email]]
    assert "has confirmed their e-mail address" not in message.body
    assert message.body.startswith("Олена Коваль просить прийняти до спільноти. Адресу е-пошти підтверджено.")
    assert "Посада: Секретар сільської ради" in message.body
    assert "Громада: Вінницька міська громада" in message.body
    assert "Розгляньте заявку: http://testserver/members/requests/" in message.body






def test_new_request_mail_follows_each_moderators_language(client, moderator, signup_data, mailoutbox):
    english = make_user("englishmod", groups=["Member", "Moderator"], language="en")
    _sign_up_and_confirm(client, signup_data, mailoutbox)
    by_recipient = {m.to[0]: m for m in mailoutbox if m.to != [EMAIL]}
    assert set(by_recipient) == {moderator.email, english.email}
    assert "New membership request: Олена Коваль" in by_recipient[english.email].subject
    assert "Нова заявка на членство: Олена Коваль" in by_recipient[moderator.email].subject


def test_members_and_editors_are_not_told_about_new_requests(client, member, editor, moderator, signup_data,
                                                              mailoutbox):
    _sign_up_and_confirm(client, signup_data, mailoutbox)
    recipients = {m.to[0] for m in mailoutbox}
    assert recipients == {EMAIL, moderator.email}


# --- accounts created by staff (Wagtail admin "Add user") -------------------------------------------------------


def _admin_created_user(email):
    form = WagtailUserCreationForm(
        data={"username": "olena-admin", "email": email, "first_name": "Олена", "last_name": "Коваль",
              "password1": PASSWORD, "password2": PASSWORD}
    )
    assert form.is_valid(), form.errors
    user = form.save()
    User.objects.filter(pk=user.pk).update(membership_status=User.Status.APPROVED)
    return user


def test_account_created_in_wagtail_admin_with_lowercase_email_can_log_in(client):
    user = _admin_created_user(EMAIL)
    response = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    # Credentials accepted: on to the e-mail confirmation (the address was never verified), not back to the form.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert EmailAddress.objects.filter(user=user, email=EMAIL).exists()


def test_account_created_in_wagtail_admin_with_mixed_case_email_can_log_in(client):
    user = _admin_created_user("Olena.Koval@Example.org")
    assert User.objects.get(pk=user.pk).email == EMAIL  # stored lower-cased, as allauth compares it
    response = client.post("/accounts/login/", {"login": "Olena.Koval@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_signup_with_address_of_mixed_case_admin_account_creates_no_second_account(client, signup_data):
    _admin_created_user("Olena.Koval@Example.org")
    client.post(SIGNUP_URL, signup_data)
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
