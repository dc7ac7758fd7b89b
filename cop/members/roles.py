"""The one place that answers what a person may do in the community, by role."""

from .models import EDITOR_GROUP, MEMBER_GROUP, MODERATOR_GROUP


def _in_group(user, name):
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_cop_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._cop_group_names = cache
    return name in cache


def is_member(user):
    """An approved, active member (moderators and editors count as members)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.membership_status == user.Status.APPROVED and (
        _in_group(user, MEMBER_GROUP) or _in_group(user, MODERATOR_GROUP) or _in_group(user, EDITOR_GROUP)
    )


def _approved(user):
    return user.is_superuser or user.membership_status == user.Status.APPROVED


def is_moderator(user):
    return bool(user.is_authenticated and user.is_active and _approved(user) and user.has_perm("members.moderate_membership"))


def is_editor(user):
    return bool(user.is_authenticated and user.is_active and _approved(user) and user.has_perm("wagtailadmin.access_admin"))


def can_read(user):
    """Everyone may read public content; pending applicants too."""
    return True


def can_post(user):
    """Writing in the community (forum posts, practices) needs an approved, unsuspended membership."""
    return is_member(user) and not user.is_suspended


def can_view_directory(user):
    return is_member(user)


def can_view_profile(viewer, profile_user):
    if viewer.is_authenticated and viewer.pk == profile_user.pk:
        return True
    if is_moderator(viewer):
        return True
    return is_member(viewer) and profile_user.is_approved_member
