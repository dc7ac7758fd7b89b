"""Taking roles away (/members/<username>/roles/): only those who may grant a role may remove it, with a reason,
a confirmation, an e-mail to the member in their language and an entry in Wagtail's audit log."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cop.members import roles
from cop.members.models import EDITOR_GROUP, MEMBER_GROUP, MODERATOR_GROUP, User

from .conftest import make_user

pytestmark = pytest.mark.django_db

ACTORS = [None, "pending_member", "member", "moderator", "editor", "superuser", "user_admin"]
TARGETS = ["t_pending", "t_member", "t_moderator", "t_editor", "self"]
ROLE_GROUPS = {"member": MEMBER_GROUP, "moderator": MODERATOR_GROUP, "editor": EDITOR_GROUP}
REASON = "Порушення правил спільноти"

MANAGERS = {"moderator", "superuser", "user_admin"}  # may open the roles page
MODERATORS = {"moderator", "superuser"}  # grant (and so may revoke) membership
USER_ADMINS = {"superuser", "user_admin"}  # grant Moderator and Editor in the Wagtail admin's user editor
STAFF_TARGETS = {"t_moderator", "t_editor"}


def roles_url(user):
    return reverse("members:roles", args=[user.username])


def remove_url(user, role):
    return reverse("members:role_remove", args=[user.username, role])


def confirmed(role, reason=REASON):
    return {f"{role}-reason": reason, f"{role}-confirm": "on"}


@pytest.fixture
def superuser(db):
    user = make_user("root", groups=[MEMBER_GROUP])
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def user_admin(db):
    """Not a superuser: may change users in the Wagtail admin, as a custom group could allow."""
    user = make_user("useradmin", groups=[MEMBER_GROUP])
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="members", codename="change_user"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def t_pending(db):
    return make_user("t-pending", status=User.Status.PENDING)


@pytest.fixture
def t_member(db):
    return make_user("t-member", groups=[MEMBER_GROUP], language="en")


@pytest.fixture
def t_moderator(db):
    return make_user("t-moderator", groups=[MEMBER_GROUP, MODERATOR_GROUP])


@pytest.fixture
def t_editor(db):
    return make_user("t-editor", groups=[MEMBER_GROUP, EDITOR_GROUP])


def _actor_and_target(request, client, actor, target):
    user = request.getfixturevalue(actor) if actor else None
    if user is not None:
        client.force_login(user)
    if target == "self":
        person = user or request.getfixturevalue("t_member")
    else:
        person = request.getfixturevalue(target)
    return user, person


def _snapshot(user):
    fresh = User.objects.get(pk=user.pk)
    return fresh.membership_status, fresh.membership_note, sorted(fresh.groups.values_list("name", flat=True))


def expected_removal(actor, target, role):
    """What a POST removing `role` from `target` by `actor` must do: login, 403, removed or absent."""
    if actor is None:
        return "login"
    if actor not in MANAGERS or target == "self":
        return 403
    if role == "member":
        if actor not in MODERATORS or target in STAFF_TARGETS:
            return 403
        return "removed" if target != "t_pending" else "absent"
    if actor not in USER_ADMINS:
        return 403
    holds = {"moderator": "t_moderator", "editor": "t_editor"}[role]
    return "removed" if target == holds else "absent"


# --- the roles page -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("actor", ACTORS)
def test_roles_page_by_role_and_target(client, request, actor, target):
    user, person = _actor_and_target(request, client, actor, target)
    response = client.get(roles_url(person))
    if actor is None:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=" + roles_url(person)
        return
    if actor not in MANAGERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    for role in ROLE_GROUPS:
        offered = remove_url(person, role) in page
        assert offered == (expected_removal(actor, target, role) == "removed"), role


def test_roles_page_explains_who_may_remove_a_role(client, moderator, t_moderator):
    client.force_login(moderator)
    page = html.unescape(client.get(roles_url(t_moderator)).content.decode())
    assert "Модератор" in page and "Учасник" in page
    assert "Цю роль надають і забирають адміністратори в редакторі користувачів адмін-панелі Wagtail." in page
    assert "Спершу адміністратор має забрати в цієї людини роль модератора чи редактора." in page


def test_unknown_member_or_role_is_404(client, moderator, t_member):
    client.force_login(moderator)
    assert client.get(reverse("members:roles", args=["nobody"])).status_code == 404
    assert client.post(reverse("members:role_remove", args=["nobody", "member"]), confirmed("member")).status_code == 404
    assert client.post(remove_url(t_member, "owner"), confirmed("owner")).status_code == 404
    assert _snapshot(t_member)[2] == [MEMBER_GROUP]


def test_signed_in_non_managers_get_403_even_for_unknown_names(client, member):
    # The refusal comes before the lookup, so it does not reveal which usernames exist.
    client.force_login(member)
    assert client.get(reverse("members:roles", args=["nobody"])).status_code == 403


def test_profile_links_to_the_roles_page_for_those_who_manage_roles(client, member, moderator, t_member):
    client.force_login(member)
    assert roles_url(t_member) not in client.get(t_member.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert roles_url(t_member) in client.get(t_member.get_absolute_url()).content.decode()


# --- removing a role ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ROLE_GROUPS))
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("actor", ACTORS)
def test_removing_a_role_by_role_and_target(client, request, actor, target, role, mailoutbox,
                                            django_capture_on_commit_callbacks):
    user, person = _actor_and_target(request, client, actor, target)
    before = _snapshot(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(person, role), confirmed(role))
    outcome = expected_removal(actor, target, role)
    entries = ModelLogEntry.objects.filter(action="cop.role.remove")

    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=" + roles_url(person)
    elif outcome == 403:
        assert response.status_code == 403
    if outcome in ("login", 403, "absent"):
        assert _snapshot(person) == before
        assert mailoutbox == [] and not entries.exists()
    if outcome == "absent":
        assert response.status_code == 302
        assert response["Location"] == roles_url(person)
        return
    if outcome != "removed":
        return

    assert response.status_code == 302
    assert response["Location"] == roles_url(person)
    fresh = User.objects.get(pk=person.pk)
    assert not fresh.groups.filter(name=ROLE_GROUPS[role]).exists()
    assert sorted(fresh.groups.values_list("name", flat=True)) == sorted(set(before[2]) - {ROLE_GROUPS[role]})
    entry = entries.get()
    assert (entry.user_id, entry.object_id, entry.content_type.model_class()) == (user.pk, str(person.pk), User)
    assert entry.data == {"role": role, "reason": REASON}
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert REASON in mailoutbox[0].body


def test_revoking_membership_ends_what_membership_allows(client, moderator, t_member, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    assert roles.can_post(t_member)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(t_member, "member"), confirmed("member"), follow=True)
    assert "Роль «Учасник» забрано в T-member Тестенко." in html.unescape(response.content.decode())
    fresh = User.objects.get(pk=t_member.pk)
    assert fresh.membership_status == User.Status.REVOKED
    assert fresh.membership_decided_by == moderator and fresh.membership_note == REASON
    assert not roles.is_member(fresh) and not roles.can_post(fresh) and not fresh.is_approved_member
    assert t_member.email not in client.get(reverse("members:directory")).content.decode()
    # Told in their own language (English here), with the reason.
    assert mailoutbox[0].subject.endswith("Your role in the community has changed")
    assert "Member" in mailoutbox[0].body and REASON in mailoutbox[0].body


def test_a_revoked_member_can_be_approved_again_from_the_queue(client, moderator, t_member,
                                                               django_capture_on_commit_callbacks):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove_url(t_member, "member"), confirmed("member"))
    revoked_tab = client.get(reverse("members:requests"), {"status": "revoked"}).content.decode()
    approve = reverse("members:approve", args=[t_member.pk])
    assert t_member.email in revoked_tab and approve in revoked_tab
    assert reverse("members:decline", args=[t_member.pk]) not in revoked_tab
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve)
    assert roles.can_post(User.objects.get(pk=t_member.pk))


def test_removing_the_moderator_role_keeps_membership(client, superuser, t_moderator,
                                                      django_capture_on_commit_callbacks):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove_url(t_moderator, "moderator"), confirmed("moderator"))
    fresh = User.objects.get(pk=t_moderator.pk)
    assert not roles.is_moderator(fresh)
    assert roles.is_member(fresh) and fresh.membership_status == User.Status.APPROVED
    client.force_login(fresh)
    assert client.get(reverse("members:requests")).status_code == 403


@pytest.mark.parametrize("data, field, message", [
    ({"member-confirm": "on"}, "reason", "Вкажіть причину: її буде надіслано людині."),
    ({"member-reason": "   ", "member-confirm": "on"}, "reason", "Вкажіть причину: її буде надіслано людині."),
    ({"member-reason": REASON}, "confirm", "Підтвердьте, що хочете забрати цю роль."),
    ({"member-reason": "ж" * 1001, "member-confirm": "on"}, "reason", "Переконайтеся"),
])
def test_reason_and_confirmation_are_required(client, moderator, t_member, mailoutbox, data, field, message,
                                              django_capture_on_commit_callbacks):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(t_member, "member"), data)
    assert response.status_code == 200
    form = next(entry["form"] for entry in response.context["entries"] if entry["role"].slug == "member")
    assert message in " ".join(form.errors[field])
    assert message in html.unescape(response.content.decode())
    assert _snapshot(t_member) == (User.Status.APPROVED, "", [MEMBER_GROUP])
    assert mailoutbox == [] and not ModelLogEntry.objects.exists()


def test_removal_is_post_only(client, moderator, t_member):
    client.force_login(moderator)
    assert client.get(remove_url(t_member, "member")).status_code == 405
    assert _snapshot(t_member)[2] == [MEMBER_GROUP]


def test_removing_twice_changes_and_tells_once(client, moderator, t_member, mailoutbox,
                                               django_capture_on_commit_callbacks):
    client.force_login(moderator)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            last = client.post(remove_url(t_member, "member"), confirmed("member"), follow=True)
    assert "T-member Тестенко вже не має ролі «Учасник»." in html.unescape(last.content.decode())
    assert len(mailoutbox) == 1
    assert ModelLogEntry.objects.filter(action="cop.role.remove").count() == 1


def test_role_removal_appears_in_the_admin_site_history(client, superuser, t_editor,
                                                        django_capture_on_commit_callbacks):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove_url(t_editor, "editor"), confirmed("editor"))
    history = html.unescape(client.get("/admin/reports/site-history/").content.decode())
    assert f"Забрано роль «Редактор»: {REASON}" in history
    assert t_editor.display_name in history
