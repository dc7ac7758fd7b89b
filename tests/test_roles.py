"""Roles: the groups made by members/0002_roles and what each role may do (cop.members.roles)."""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page

from cop.members import roles
from cop.members.models import EDITOR_GROUP, MEMBER_GROUP, MODERATOR_GROUP, User

from .conftest import make_user

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("cop.members.migrations.0002_roles")


def group_perms(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    }


def fresh(user):
    """Re-read the user so no permission or group cache hides a change."""
    return User.objects.get(pk=user.pk)


# --- the migration ----------------------------------------------------------------------------------------------


def test_role_groups_exist_once_each():
    for name in (MEMBER_GROUP, MODERATOR_GROUP, EDITOR_GROUP):
        assert Group.objects.filter(name=name).count() == 1


def test_wagtail_default_groups_were_renamed_not_duplicated():
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert set(Group.objects.values_list("name", flat=True)) == {MEMBER_GROUP, MODERATOR_GROUP, EDITOR_GROUP}


def test_moderator_group_can_moderate_membership_and_enter_admin():
    perms = group_perms(MODERATOR_GROUP)
    assert "members.moderate_membership" in perms
    assert "members.view_directory" in perms
    assert "wagtailadmin.access_admin" in perms


def test_member_group_can_only_browse_the_directory():
    assert group_perms(MEMBER_GROUP) == {"members.view_directory"}


def test_editor_group_can_enter_admin_and_upload_but_not_moderate_members():
    perms = group_perms(EDITOR_GROUP)
    assert "wagtailadmin.access_admin" in perms
    assert {"wagtailimages.add_image", "wagtaildocs.add_document", "wagtailimages.choose_image"} <= perms
    assert "members.moderate_membership" not in perms


def test_renamed_groups_keep_wagtails_page_permissions():
    root = Page.get_first_root_node()

    def page_perms(name):
        return set(
            GroupPagePermission.objects.filter(group__name=name, page=root).values_list("permission__codename", flat=True)
        )

    assert {"add_page", "change_page", "publish_page"} <= page_perms(MODERATOR_GROUP)
    assert {"add_page", "change_page"} <= page_perms(EDITOR_GROUP)
    assert "publish_page" not in page_perms(EDITOR_GROUP)
    assert page_perms(MEMBER_GROUP) == set()


def test_moderator_approval_task_is_assigned_to_the_moderator_group():
    task = GroupApprovalTask.objects.get(name="Moderator approval")
    assert list(task.groups.values_list("name", flat=True)) == [MODERATOR_GROUP]


def _state_apps(migration):
    return MigrationLoader(connection).project_state(("members", migration)).apps


def test_roles_migration_can_run_again_without_duplicates():
    roles_migration.create_roles(_state_apps("0002_roles"), None)
    test_role_groups_exist_once_each()
    assert group_perms(MEMBER_GROUP) == {"members.view_directory"}
    assert "members.moderate_membership" in group_perms(MODERATOR_GROUP)


def test_roles_migration_reverses_to_wagtail_names_and_back(member, moderator):
    apps = _state_apps("0002_roles")
    roles_migration.remove_roles(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) == {"Moderators", "Editors"}
    assert fresh(moderator).groups.filter(name="Moderators").exists()  # memberships survive the rename

    roles_migration.create_roles(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) == {MEMBER_GROUP, MODERATOR_GROUP, EDITOR_GROUP}
    assert fresh(moderator).groups.filter(name=MODERATOR_GROUP).exists()
    assert "members.moderate_membership" in group_perms(MODERATOR_GROUP)
    assert roles.is_moderator(fresh(moderator))


# --- Wagtail admin access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editor_and_moderator_can_open_wagtail_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"wagtail" in response.content.lower()


@pytest.mark.parametrize("role", ["member", "pending_member"])
def test_member_and_pending_cannot_open_wagtail_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/", follow=True)  # no redirect loop between the admin and the log-in form
    assert response.status_code == 403
    assert "your account cannot open this page" in response.content.decode() or "ваш обліковий запис не може" in response.content.decode()
    assert client.get("/admin/pages/", follow=True).status_code == 403


def test_anonymous_cannot_open_wagtail_admin(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert "account/login.html" in [t.name for t in response.templates]


def test_member_cannot_open_wagtail_user_management(client, member, editor):
    client.force_login(member)
    assert client.get("/admin/users/").status_code in (302, 403)
    client.force_login(editor)
    assert client.get("/admin/users/").status_code in (302, 403)  # editors do not manage accounts


# --- roles.* ------------------------------------------------------------------------------------------------------


def test_pending_applicant_cannot_post(pending_member):
    assert not roles.can_post(pending_member)
    assert roles.can_read(pending_member)


def test_approved_member_can_post(member):
    assert roles.can_post(member)


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_moderators_and_editors_count_as_members(request, role):
    assert roles.can_post(request.getfixturevalue(role))
    assert roles.can_view_directory(request.getfixturevalue(role))


def test_suspended_member_cannot_post(member):
    User.objects.filter(pk=member.pk).update(is_active=False)
    suspended = fresh(member)
    assert not roles.can_post(suspended)
    assert not roles.can_view_directory(suspended)


def test_member_suspended_until_a_future_date_cannot_post_until_then(member):
    User.objects.filter(pk=member.pk).update(suspended_until=timezone.now() + timedelta(days=3))
    assert not roles.can_post(fresh(member))
    assert roles.can_read(fresh(member))
    User.objects.filter(pk=member.pk).update(suspended_until=timezone.now() - timedelta(minutes=1))
    assert roles.can_post(fresh(member))


def test_suspended_moderator_cannot_moderate(moderator):
    User.objects.filter(pk=moderator.pk).update(is_active=False)
    assert not roles.is_moderator(fresh(moderator))


def test_anonymous_cannot_post_but_can_read():
    anonymous = AnonymousUser()
    assert not roles.can_post(anonymous)
    assert not roles.is_member(anonymous)
    assert not roles.is_moderator(anonymous)
    assert not roles.is_editor(anonymous)
    assert roles.can_read(anonymous)


def test_declined_applicant_cannot_post():
    declined = make_user("declined", status=User.Status.DECLINED)
    assert not roles.can_post(declined)


def test_approved_status_without_member_group_is_not_enough():
    # membership_status alone (e.g. set in the Django admin) does not make a member: the group is required too.
    half = make_user("half", status=User.Status.APPROVED)
    assert not roles.can_post(half)


def test_member_group_without_approval_is_not_enough():
    odd = make_user("odd", status=User.Status.PENDING, groups=[MEMBER_GROUP])
    assert not roles.can_post(odd)


def test_superuser_can_post_and_moderate():
    admin = User.objects.create_superuser("root", "root@example.org", "x", membership_status=User.Status.PENDING)
    assert roles.can_post(admin)
    assert roles.is_moderator(admin)


def test_only_moderators_are_moderators(pending_member, member, moderator, editor):
    assert [roles.is_moderator(u) for u in (pending_member, member, moderator, editor)] == [False, False, True, False]


def test_only_editors_and_moderators_have_admin_access(pending_member, member, moderator, editor):
    assert [roles.is_editor(u) for u in (pending_member, member, moderator, editor)] == [False, False, True, True]


def test_adding_member_group_grants_posting(pending_member):
    User.objects.filter(pk=pending_member.pk).update(membership_status=User.Status.APPROVED)
    assert not roles.can_post(fresh(pending_member))
    pending_member.groups.add(Group.objects.get(name=MEMBER_GROUP))
    assert roles.can_post(fresh(pending_member))


def test_can_view_profile_rules(pending_member, member, moderator):
    assert roles.can_view_profile(member, moderator)
    assert not roles.can_view_profile(member, pending_member)
    assert roles.can_view_profile(pending_member, pending_member)
    assert roles.can_view_profile(moderator, pending_member)
    assert not roles.can_view_profile(pending_member, member)
    assert not roles.can_view_profile(AnonymousUser(), member)



def test_only_those_who_may_change_users_in_wagtail_remove_moderator_and_editor(member, moderator, editor):
    from django.contrib.auth.models import Permission

    admin = User.objects.create_superuser("root", "root@example.org", "x")
    user_admin = make_user("useradmin", groups=[MEMBER_GROUP])
    user_admin.user_permissions.add(Permission.objects.get(content_type__app_label="members", codename="change_user"))
    user_admin = fresh(user_admin)
    assert [roles.can_change_users(u) for u in (member, moderator, editor, admin, user_admin)] == [
        False, False, False, True, True,
    ]
    for role in (roles.MODERATOR, roles.EDITOR):
        assert not roles.can_remove_role(moderator, editor, role)
        assert roles.can_remove_role(user_admin, editor, role)
    assert not roles.can_remove_role(user_admin, member, roles.MEMBER)  # membership is the moderators' to revoke
    User.objects.filter(pk=user_admin.pk).update(is_active=False)
    assert not roles.can_change_users(fresh(user_admin))
    assert not roles.can_change_users(AnonymousUser())


def test_membership_is_revoked_only_from_plain_members(member, moderator, editor):
    assert roles.can_remove_role(moderator, member, roles.MEMBER)
    assert not roles.can_remove_role(moderator, editor, roles.MEMBER)
    assert not roles.can_remove_role(moderator, make_user("othermod", groups=[MEMBER_GROUP, MODERATOR_GROUP]), roles.MEMBER)
    assert not roles.can_remove_role(moderator, moderator, roles.MEMBER)
    assert not roles.can_remove_role(member, fresh(make_user("other", groups=[MEMBER_GROUP])), roles.MEMBER)


def test_private_pages_send_visitors_to_the_sites_log_in_form_and_never_loop(client, member, moderator):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from .knowledge_factories import make_practice

    practice = make_practice("Настанови для модераторів", slug="dlia-moderatoriv")
    restriction = PageViewRestriction.objects.create(page=practice, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Moderator"))
    anonymous = client.get(practice.url, follow=True)
    assert anonymous.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert "account/login.html" in [t.name for t in anonymous.templates]
    client.force_login(member)
    signed_in = client.get(practice.url, follow=True)
    assert signed_in.status_code == 403 and "Настанови для модераторів" not in signed_in.content.decode()
    client.force_login(moderator)
    assert client.get(practice.url).status_code == 200
