"""Where a submission stands, read from Wagtail's page and workflow state (plus a rejection or a withdrawal)."""

from django.db import models
from django.utils.translation import gettext as _, gettext_lazy
from wagtail.models import Page, WorkflowState

from .models import Submission


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("draft")
    IN_REVIEW = "in_review", gettext_lazy("in review")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("changes requested")
    PUBLISHED = "published", gettext_lazy("published")
    REJECTED = "rejected", gettext_lazy("rejected")
    WITHDRAWN = "withdrawn", gettext_lazy("withdrawn")


EDITABLE = {Status.DRAFT, Status.CHANGES_REQUESTED}
WITHDRAWABLE = {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED}


def refusal(status):
    """Why an action cannot be taken on a submission in this state (translated)."""
    return {
        Status.DRAFT: _("This practice has not been submitted for review yet."),
        Status.IN_REVIEW: _("This practice is already waiting for a moderator’s review."),
        Status.CHANGES_REQUESTED: _("This practice is waiting for its author’s changes."),
        Status.PUBLISHED: _("This practice has already been approved and published."),
        Status.REJECTED: _("This practice has been rejected."),
        Status.WITHDRAWN: _("This practice has been withdrawn by its author."),
    }[status]


def _state_of(submission, state):
    if submission.closed == Submission.Closed.REJECTED:
        return Status.REJECTED
    if submission.closed == Submission.Closed.WITHDRAWN:
        return Status.WITHDRAWN
    if submission.page.live:
        return Status.PUBLISHED
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return Status.IN_REVIEW
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status.CHANGES_REQUESTED
    return Status.DRAFT


def active_states(page_ids):
    """{page id: its active WorkflowState}, in one query."""
    from django.contrib.contenttypes.models import ContentType

    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk in page_ids])
        .select_related("current_task_state__finished_by")
    )
    return {int(state.object_id): state for state in states}


def with_status(submissions):
    """The submissions (with their pages) each with .status, .workflow_state and .review_comment set, in two queries."""
    submissions = list(submissions)
    states = active_states([s.page_id for s in submissions])
    for submission in submissions:
        state = states.get(submission.page_id)
        submission.workflow_state = state
        submission.status = _state_of(submission, state)
        task_state = state.current_task_state if state is not None else None
        submission.review_comment = (
            task_state.comment if task_state is not None and submission.status == Status.CHANGES_REQUESTED else ""
        )
    return submissions


def status_of(submission):
    return with_status([submission])[0].status
