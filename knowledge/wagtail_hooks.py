"""Wagtail admin additions: the editors' "due for review" dashboard panel."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import PracticePage


class ReviewDuePanel(Component):
    name = "practices_due_for_review"
    template_name = "knowledge/admin/review_due_panel.html"
    order = 110

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        overdue = (
            PracticePage.objects.filter(review_by__lt=timezone.localdate())
            .select_related("keeper", "locale")
            .order_by("review_by")
        )
        context["overdue"] = overdue[:50]
        context["overdue_count"] = overdue.count()
        context["title"] = _("Practices past their review date")
        return context


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel(request.user))
