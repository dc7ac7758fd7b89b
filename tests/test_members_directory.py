"""Member directory, profile pages and profile editing, per role."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cop.members.models import User
from cop.places.models import Hromada, Oblast

from .conftest import make_user

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")
EDIT = reverse("members:profile_edit")
UK_MAX_LENGTH = "Переконайтеся, що це значення містить не більше ніж"


def profile_url(user):
    return reverse("members:profile", args=[user.username])


def page_text(response):
    return html.unescape(response.content.decode())


def main_of(response):
    """The page's <main>, without the header (which may greet the signed-in user)."""
    return page_text(response).split('<main id="main"', 1)[1]


@pytest.fixture
def declined_member(db):
    return make_user("declined", status=User.Status.DECLINED, first_name="Відхилена", last_name="Заявниця")


@pytest.fixture
def suspended_member(db):
    return make_user("suspended", groups=["Member"], is_active=False, first_name="Призупинений", last_name="Учасник")


@pytest.fixture
def everyone(pending_member, member, moderator, editor, declined_member, suspended_member):
    return {
        "pending_member": pending_member,
        "member": member,
        "moderator": moderator,
        "editor": editor,
        "declined_member": declined_member,
        "suspended_member": suspended_member,
    }


# --- directory ------------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_redirected_from_directory_to_login(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + DIRECTORY


def test_english_directory_redirects_anonymous_to_english_login(client):
    response = client.get("/en" + DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize("role", ["pending_member", "declined_member"])
def test_directory_is_forbidden_to_non_members(client, everyone, role):
    client.force_login(everyone[role])
    response = client.get(DIRECTORY)
    assert response.status_code == 403
    assert everyone["member"].email not in page_text(response)


@pytest.mark.parametrize("role", ["member", "moderator", "editor"])
def test_directory_lists_approved_members_only(client, everyone, role):
    client.force_login(everyone[role])
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    text = main_of(response)
    for shown in ("member", "moderator", "editor"):
        assert everyone[shown].display_name in text
        assert profile_url(everyone[shown]) in text
    for hidden in ("pending_member", "declined_member", "suspended_member"):
        assert everyone[hidden].display_name not in text
        assert profile_url(everyone[hidden]) not in text
    assert response.context["page"].paginator.count == 3


def test_directory_shows_position_and_place(client, member, oblast, hromada):
    User.objects.filter(pk=member.pk).update(oblast=oblast, hromada=hromada)
    client.force_login(member)
    text = main_of(client.get(DIRECTORY))
    assert "Спеціаліст, Міська рада" in text
    assert f"{hromada.name}, {oblast.name}" in text


def test_directory_never_shows_email_addresses(client, member, moderator):
    User.objects.filter(pk=moderator.pk).update(show_email=True)
    client.force_login(member)
    assert moderator.email not in main_of(client.get(DIRECTORY))


def test_directory_filters_by_oblast(client, member, oblast):
    lviv = Oblast.objects.get(slug="lvivska")
    vinnytsia_person = make_user("vinnychanka", groups=["Member"], first_name="Марія", last_name="Вінницька", oblast=oblast)
    lviv_person = make_user("lvivianyn", groups=["Member"], first_name="Тарас", last_name="Львівський", oblast=lviv)
    client.force_login(member)

    response = client.get(DIRECTORY, {"oblast": lviv.pk})
    text = main_of(response)
    assert lviv_person.display_name in text
    assert vinnytsia_person.display_name not in text
    assert member.display_name not in text
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize(
    "q",
    [
        "Тарас",
        "тарас",
        "ЛЬВІВСЬК",
        "голова громади",
        "Стрийська",
        "Стрий",
    ],
)
def test_directory_filters_by_name_position_or_organisation(client, member, q):
    wanted = make_user(
        "taras", groups=["Member"], first_name="Тарас", last_name="Львівський",
        position="Голова громади", organisation="Стрийська міська рада",
    )
    make_user("pending-taras", status=User.Status.PENDING, first_name="Тарас", last_name="Очікувальний")
    client.force_login(member)
    response = client.get(DIRECTORY, {"q": q})
    text = main_of(response)
    assert wanted.display_name in text
    assert member.display_name not in text
    assert "Очікувальний" not in text  # a pending namesake is not found
    assert response.context["page"].paginator.count == 1


def test_directory_filter_without_match_says_so(client, member):
    client.force_login(member)
    response = client.get(DIRECTORY, {"q": "Неіснуюче Прізвище"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert member.display_name not in main_of(response)


@pytest.mark.parametrize(
    "params",
    [{"oblast": "abc"}, {"oblast": "999999"}, {"q": "x" * 500}, {"q": "%"}, {"q": "\x00"}, {"oblast": ["1", "2"]}],
    ids=["oblast-abc", "oblast-missing", "q-long", "q-percent", "q-nul", "oblast-twice"],
)
def test_directory_bad_filter_gives_no_500(client, member, params):
    client.force_login(member)
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200


@pytest.fixture
def forty_members(oblast, hromada):
    return [
        make_user(f"m{i:02d}", groups=["Member"], first_name=f"Учасник{i:02d}", last_name=f"Прізвище{i:02d}",
                  oblast=oblast, hromada=hromada, position="Депутат", organisation="Рада")
        for i in range(40)
    ]


def test_directory_query_count_is_bounded_with_forty_members(client, member, oblast, hromada,
                                                              django_assert_max_num_queries):
    client.force_login(member)
    client.get(DIRECTORY)  # warm up per-process caches (ContentTypes, site root)
    with CaptureQueriesContext(connection) as with_one:
        client.get(DIRECTORY)

    members = [
        make_user(f"m{i:02d}", groups=["Member"], first_name=f"Учасник{i:02d}", last_name=f"Прізвище{i:02d}",
                  oblast=oblast, hromada=hromada, position="Депутат", organisation="Рада")
        for i in range(40)
    ]
    with django_assert_max_num_queries(20):
        response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 30
    # Oblast and hromada of every card come with the list: no query per member.
    with CaptureQueriesContext(connection) as with_forty:
        client.get(DIRECTORY)
    assert len(with_forty) == len(with_one)
    with django_assert_max_num_queries(20):
        response = client.get(DIRECTORY, {"page": 2, "oblast": oblast.pk, "q": "Учасник"})
    assert len(response.context["page"].object_list) == 10
    assert members[-1].display_name in main_of(response)


def test_directory_paginates_thirty_per_page(client, member, forty_members):
    client.force_login(member)
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})
    names_first = {u.pk for u in first.context["page"].object_list}
    names_second = {u.pk for u in second.context["page"].object_list}
    assert len(names_first) == 30 and len(names_second) == 11  # 40 + the viewer
    assert not names_first & names_second
    assert 'rel="next"' in page_text(first) and "page=2" in page_text(first)


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1", "1.5", ""])
def test_directory_bad_page_number_gives_no_500(client, member, forty_members, page):
    client.force_login(member)
    response = client.get(DIRECTORY, {"page": page})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) > 0


def test_directory_keeps_filters_in_pagination_links(client, member, forty_members, oblast):
    client.force_login(member)
    response = client.get(DIRECTORY, {"oblast": oblast.pk, "page": 1})
    assert f"oblast={oblast.pk}&amp;page=2" in response.content.decode()


# --- profile pages --------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_redirected_from_profile_to_login(client, member):
    response = client.get(profile_url(member))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_visitor_cannot_tell_existing_from_unknown_profiles(client, pending_member):
    existing = client.get(profile_url(pending_member))
    unknown = client.get("/members/nobody-here/")
    assert existing.status_code == unknown.status_code == 302
    assert unknown["Location"].startswith("/accounts/login/")


def test_member_sees_another_members_profile(client, member, moderator):
    client.force_login(member)
    response = client.get(profile_url(moderator))
    assert response.status_code == 200
    text = main_of(response)
    assert moderator.display_name in text
    assert moderator.email not in text  # show_email is off
    assert EDIT not in text


def test_email_is_shown_only_when_member_allows_it(client, member, moderator):
    User.objects.filter(pk=moderator.pk).update(show_email=True)
    client.force_login(member)
    assert moderator.email in main_of(client.get(profile_url(moderator)))


@pytest.mark.parametrize("hidden", ["pending_member", "declined_member"])
@pytest.mark.parametrize("viewer", ["member", "editor"])
def test_applicant_profile_is_404_for_members(client, everyone, hidden, viewer):
    client.force_login(everyone[viewer])
    response = client.get(profile_url(everyone[hidden]))
    assert response.status_code == 404
    assert everyone[hidden].display_name not in page_text(response)


def test_unknown_profile_is_404(client, member):
    client.force_login(member)
    assert client.get("/members/nobody-here/").status_code == 404


def test_suspended_members_profile_is_404_even_for_moderators(client, moderator, suspended_member):
    client.force_login(moderator)
    assert client.get(profile_url(suspended_member)).status_code == 404


def test_pending_applicant_sees_own_profile_with_status(client, pending_member):
    client.force_login(pending_member)
    response = client.get(profile_url(pending_member))
    assert response.status_code == 200
    text = main_of(response)
    assert pending_member.display_name in text
    assert pending_member.email in text  # own e-mail is always shown to oneself
    assert "Членство" in text and "на розгляді" in text
    assert EDIT in text


def test_pending_applicant_cannot_see_members_profiles(client, pending_member, member):
    client.force_login(pending_member)
    assert client.get(profile_url(member)).status_code == 404


@pytest.mark.parametrize("applicant", ["pending_member", "declined_member"])
def test_moderator_sees_applicant_profile_with_status(client, everyone, applicant):
    client.force_login(everyone["moderator"])
    response = client.get(profile_url(everyone[applicant]))
    assert response.status_code == 200
    text = main_of(response)
    assert everyone[applicant].display_name in text
    assert "Членство" in text
    assert {"pending_member": "на розгляді", "declined_member": "відхилено"}[applicant] in text


def test_member_does_not_see_membership_status_of_others(client, member, moderator):
    client.force_login(member)
    assert "Членство" not in main_of(client.get(profile_url(moderator)))


# --- profile editing ------------------------------------------------------------------------------------------------


@pytest.fixture
def profile_data(oblast, hromada):
    return {
        "first_name": "Ірина",
        "last_name": "Нова",
        "position": "Заступниця голови",
        "organisation": "Вінницька міська рада",
        "oblast": str(oblast.pk),
        "hromada": str(hromada.pk),
        "bio": "Займаюся цифровими послугами.",
        "show_email": "on",
        "language": "en",
    }


def test_anonymous_visitor_is_redirected_from_profile_edit(client):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(EDIT, {"first_name": "X"}).status_code == 302


def test_member_edits_own_profile(client, member, profile_data, oblast, hromada):
    client.force_login(member)
    form = client.get(EDIT)
    assert form.status_code == 200
    assert 'value="Спеціаліст"' in form.content.decode()  # the form edits the signed-in user's own data

    response = client.post(EDIT, profile_data)
    assert response.status_code == 302
    assert response["Location"] == profile_url(member)
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.position) == ("Ірина", "Нова", "Заступниця голови")
    assert (member.oblast, member.hromada) == (oblast, hromada)
    assert member.bio == "Займаюся цифровими послугами."
    assert member.show_email and member.language == "en"


def test_profile_edit_cannot_change_status_username_or_email(client, pending_member, member, profile_data):
    client.force_login(pending_member)
    profile_data.update(
        membership_status="approved", username="member", email=member.email, is_staff="on", is_superuser="on",
        groups=["1", "2", "3"], membership_note="self-approved",
    )
    assert client.post(EDIT, profile_data).status_code == 302
    pending_member.refresh_from_db()
    assert pending_member.membership_status == User.Status.PENDING
    assert pending_member.username == "pending"
    assert pending_member.email == "pending@example.org"
    assert not pending_member.is_staff and not pending_member.is_superuser
    assert not pending_member.groups.exists()
    assert pending_member.membership_note == ""
    assert User.objects.get(pk=member.pk).first_name == "Member"  # the other account is untouched


def test_profile_edit_only_changes_the_signed_in_user(client, member, moderator, profile_data):
    client.force_login(member)
    client.post(EDIT, dict(profile_data, id=moderator.pk, pk=moderator.pk))
    moderator.refresh_from_db()
    assert moderator.first_name == "Moderator"
    assert User.objects.get(pk=member.pk).first_name == "Ірина"


def test_directory_search_finds_member_by_edited_name(client, member, moderator, profile_data):
    client.force_login(member)
    assert client.post(EDIT, profile_data).status_code == 302
    client.force_login(moderator)
    response = client.get(DIRECTORY, {"q": "ірина нова"})
    assert response.context["page"].paginator.count == 1
    assert "Ірина Нова" in main_of(response)
    assert client.get(DIRECTORY, {"q": "Member Тестенко"}).context["page"].paginator.count == 0


def test_profile_edit_rejects_hromada_outside_oblast(client, member, profile_data):
    profile_data["oblast"] = str(Oblast.objects.get(slug="lvivska").pk)
    client.force_login(member)
    response = client.post(EDIT, profile_data)
    assert response.status_code == 200
    assert "Ця громада не належить до вибраної області." in response.context["form"].errors["hromada"]
    member.refresh_from_db()
    assert member.first_name == "Member" and member.hromada is None


def test_profile_edit_hromada_only_sets_its_oblast(client, member, profile_data, hromada):
    profile_data["oblast"] = ""
    client.force_login(member)
    assert client.post(EDIT, profile_data).status_code == 302
    member.refresh_from_db()
    assert member.oblast == hromada.oblast


def test_profile_edit_rejects_overlong_bio(client, member, profile_data):
    profile_data["bio"] = "б" * 2001
    client.force_login(member)
    response = client.post(EDIT, profile_data)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["bio"])
    assert UK_MAX_LENGTH in error and "2000" in error
    member.refresh_from_db()
    assert member.bio == "" and member.first_name == "Member"


@pytest.mark.parametrize("field, limit", [("first_name", 150), ("position", 150), ("organisation", 200)])
def test_profile_edit_rejects_overlong_fields(client, member, profile_data, field, limit):
    profile_data[field] = "ж" * (limit + 1)
    client.force_login(member)
    response = client.post(EDIT, profile_data)
    assert response.status_code == 200
    assert UK_MAX_LENGTH in " ".join(response.context["form"].errors[field])
    assert User.objects.get(pk=member.pk).first_name == "Member"


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_profile_edit_requires_names(client, member, profile_data, field):
    profile_data[field] = ""
    client.force_login(member)
    response = client.post(EDIT, profile_data)
    assert response.status_code == 200
    assert "Це поле обов’язкове." in response.context["form"].errors[field]


@pytest.mark.parametrize(
    "changes",
    [{"oblast": "abc"}, {"hromada": "999999"}, {"language": "ru"}, {"bio": "\x00"}, {"show_email": "maybe"}],
    ids=["oblast-abc", "hromada-missing", "language-ru", "bio-nul", "show-email-junk"],
)
def test_profile_edit_bad_input_gives_no_500(client, member, profile_data, changes):
    profile_data.update(changes)
    client.force_login(member)
    response = client.post(EDIT, profile_data)
    assert response.status_code in (200, 302)
    member.refresh_from_db()
    assert member.language in ("uk", "en")
    assert "\x00" not in member.bio
    assert member.hromada_id is None or Hromada.objects.filter(pk=member.hromada_id).exists()


def test_moderator_suspends_from_the_profile_and_sees_the_suspension(client, member, moderator, editor):
    import datetime

    from django.utils import timezone

    client.force_login(moderator)
    html = client.get(member.get_absolute_url()).content.decode()
    suspend_url = f"/forum/members/{member.username}/suspend/"
    assert suspend_url in html
    member.suspended_until = timezone.now() + datetime.timedelta(days=2)
    member.suspension_reason = "Образливі дописи"
    member.save()
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Образливі дописи" in html and suspend_url in html
    # Other members do not see why someone was suspended.
    client.force_login(editor)
    assert "Образливі дописи" not in client.get(member.get_absolute_url()).content.decode()
    # The member sees their own suspension and reason, but no suspend link.
    client.force_login(member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Образливі дописи" in html and suspend_url not in html


def test_no_suspend_link_for_members_or_on_moderators_profiles(client, member, moderator, editor):
    client.force_login(editor)
    assert "/suspend/" not in client.get(member.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "/suspend/" not in client.get(moderator.get_absolute_url()).content.decode()
