"""Moderators' handling of search gaps in Wagtail's audit log (the admin's site history)."""

from django.utils.translation import gettext, gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_search_gap_actions(actions):
    @actions.register_action("cop.search_gap.handle")
    class SearchGapHandled(LogFormatter):
        label = _("Mark a search without results handled")

        def format_message(self, log_entry):
            return gettext("Marked handled the search “%(query)s”") % {"query": log_entry.data.get("query", "")}
