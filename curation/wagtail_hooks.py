"""Submissions' own steps in Wagtail's audit log (the workflow's steps are logged by Wagtail itself)."""

from django.utils.translation import gettext, gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_submission_actions(actions):
    actions.register_action("curation.submission.submit", _("Submit a practice"), _("Practice submitted for review by its author"))
    actions.register_action("curation.submission.withdraw", _("Withdraw a practice"), _("Practice withdrawn by its author"))

    @actions.register_action("curation.submission.reject")
    class SubmissionRejected(LogFormatter):
        label = _("Reject a practice")

        def format_message(self, log_entry):
            return gettext("Practice rejected: %(reason)s") % {"reason": log_entry.data.get("reason", "")}


# --- Promotion of discussions, tag curation, verified officials (engineer B) ---------------------------------------
@hooks.register("register_log_actions")
def register_promotion_actions(actions):
    @actions.register_action("curation.topic.promote")
    class TopicPromoted(LogFormatter):
        label = _("Create a practice from a discussion")

        def format_message(self, log_entry):
            return gettext("Practice drafted from the discussion “%(topic)s”") % {"topic": log_entry.data.get("topic_title", "")}

    @actions.register_action("curation.tag.rename")
    class TagRenamed(LogFormatter):
        label = _("Rename a tag")

        def format_message(self, log_entry):
            return gettext("Tag “%(old)s” renamed to “%(new)s”") % {
                "old": log_entry.data.get("old_name", ""), "new": log_entry.data.get("name", "")}

    @actions.register_action("curation.tag.merge")
    class TagMerged(LogFormatter):
        label = _("Merge tags")

        def format_message(self, log_entry):
            return gettext("Tag “%(source)s” merged into “%(target)s”") % {
                "source": log_entry.data.get("source_name", ""), "target": log_entry.data.get("name", "")}

    actions.register_action("curation.tag.describe", _("Describe a tag"), _("Tag description changed"))
