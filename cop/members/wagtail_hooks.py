"""Membership decisions and role removals in Wagtail's audit log, so they show in the admin's site history."""

from django.utils.translation import gettext, gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import roles


def _role_label(log_entry):
    role = roles.ROLES.get(log_entry.data.get("role"))
    return role.label if role else log_entry.data.get("role", "")


@hooks.register("register_log_actions")
def register_membership_actions(actions):
    actions.register_action("cop.membership.approve", _("Approve membership"), _("Membership approved"))

    @actions.register_action("cop.membership.decline")
    class MembershipDeclined(LogFormatter):
        label = _("Decline membership request")

        def format_message(self, log_entry):
            return gettext("Membership request declined: %(reason)s") % {"reason": log_entry.data.get("reason", "")}

    @actions.register_action("cop.role.remove")
    class RoleRemoved(LogFormatter):
        label = _("Remove role")

        def format_message(self, log_entry):
            return gettext("Removed the role “%(role)s”: %(reason)s") % {
                "role": _role_label(log_entry), "reason": log_entry.data.get("reason", ""),
            }

    actions.register_action("cop.official.verify", _("Verify an official"), _("Position and organisation checked: verified official"))

    @actions.register_action("cop.official.withdraw")
    class VerificationWithdrawn(LogFormatter):
        label = _("Withdraw an official's verification")

        def format_message(self, log_entry):
            return gettext("Verified official mark withdrawn: %(reason)s") % {"reason": log_entry.data.get("reason", "")}
