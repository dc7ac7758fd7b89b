"""The one place that answers what a person may do in the community, by role."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _, pgettext_lazy

from .models import EDITOR_GROUP, MEMBER_GROUP, MODERATOR_GROUP


@dataclass(frozen=True)
class Role:
    slug: str  # in URLs and audit entries
    group: str
    label: Promise


MEMBER = Role("member", MEMBER_GROUP, pgettext_lazy("role", "Member"))
MODERATOR = Role("moderator", MODERATOR_GROUP, pgettext_lazy("role", "Moderator"))
EDITOR = Role("editor", EDITOR_GROUP, pgettext_lazy("role", "Editor"))
ROLES = {role.slug: role for role in (MEMBER, MODERATOR, EDITOR)}


def _in_group(user, name):
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_cop_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._cop_group_names = cache
    return name in cache


def has_role(user, role):
    return _in_group(user, role.group)


def roles_of(user):
    return [role for role in ROLES.values() if has_role(user, role)]


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


def can_change_users(user):
    """May edit accounts (and so grant Moderator and Editor) in the Wagtail admin, by the check its user editor makes."""
    from wagtail.permissions import policy_registry  # imports Wagtail's models: not at module load

    from .models import User

    return bool(user.is_authenticated and policy_registry.get_by_type(User).user_has_permission(user, "change"))


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


# --- Membership decisions and roles ---------------------------------------------------------------------------------
# A role is taken away only by those who may grant it: moderators grant membership by approving a request;
# Moderator and Editor are granted in the Wagtail admin's user editor. The why_not_* functions return the
# translated reason for a refusal, or None when the action is allowed.


def why_not_decline(actor, applicant):
    if not is_moderator(actor):
        return _("Only moderators decide on membership requests.")
    if actor.pk == applicant.pk:
        return _("You cannot decide on your own membership.")
    if applicant.membership_status != applicant.Status.PENDING:
        return _("Only a membership request that is waiting for a decision can be declined.")
    return None


def can_manage_roles(user):
    """May open a member's roles page: whoever may take away at least one role from someone."""
    return is_moderator(user) or can_change_users(user)


def _holds_staff_role(user):
    return user.is_superuser or has_role(user, MODERATOR) or has_role(user, EDITOR)


def why_not_remove_role(actor, person, role):
    if actor.pk == person.pk:
        return _("You cannot remove your own roles.")
    if role == MEMBER:
        if not is_moderator(actor):
            return _("Membership is granted and revoked by moderators.")
        if _holds_staff_role(person):
            # Revoking membership alone would leave a moderator or editor with their powers.
            return _("An administrator must first remove this person’s moderator or editor role.")
        return None
    if not can_change_users(actor):
        return _("This role is granted and removed by administrators in the Wagtail admin’s user editor.")
    return None


def can_remove_role(actor, person, role):
    return why_not_remove_role(actor, person, role) is None


# --- Verified officials ---------------------------------------------------------------------------------------------


def can_verify_officials(user):
    """Moderators check an applicant's position and organisation when they approve them, and may withdraw it."""
    return is_moderator(user)


def why_not_withdraw_verification(actor, person):
    if not can_verify_officials(actor):
        return _("Only moderators verify officials.")
    if actor.pk == person.pk:
        return _("You cannot change your own verification.")
    return None
