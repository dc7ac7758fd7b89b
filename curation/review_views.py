"""The moderators' review of a submitted practice: look, preview, approve, request changes, reject.

Anonymous visitors log in first; everyone else who is not a moderator gets a 403. Each action drives Wagtail's
workflow through curation.services; one that no longer applies (already approved, withdrawn) says so clearly.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import PageLogEntry

from . import permissions, services
from .forms import ApproveForm, CommentForm, RejectForm
from .models import Submission
from .status import Status, with_status


def require_moderator(request):
    """None when the moderator may go on; else the log-in redirect (anonymous) — others are refused (403)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path() if request.method == "GET" else "/moderation/")
    if not permissions.can_review(request.user):
        raise PermissionDenied
    return None


def _submission(pk):
    submission = get_object_or_404(Submission.objects.select_related("page", "author", "closed_by"), pk=pk)
    return with_status([submission])[0]


def _render(request, submission, *, approve_form=None, comment_form=None, reject_form=None, status=200):
    history = (
        PageLogEntry.objects.filter(page_id=submission.page_id).select_related("user").order_by("-timestamp", "-pk")[:20]
    )
    return render(request, "curation/review.html", {
        "submission": submission, "page": submission.page.specific, "statuses": Status, "history": history,
        "approve_form": approve_form or ApproveForm(), "comment_form": comment_form or CommentForm(),
        "reject_form": reject_form or RejectForm(), "why_not": permissions.why_not_review(request.user, submission),
    }, status=status)


def review(request, pk):
    refused = require_moderator(request)
    if refused:
        return refused
    return _render(request, _submission(pk))


def _act(request, pk, form_class, form_name, action, success):
    refused = require_moderator(request)
    if refused:
        return refused
    submission = _submission(pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render(request, submission, **{form_name: form})
    try:
        action(submission=submission, moderator=request.user, **form.cleaned_data)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return redirect("curation:review", pk=submission.pk)


@require_POST
def approve(request, pk):
    return _act(request, pk, ApproveForm, "approve_form", services.review_approve,
                _("The practice has been approved and published."))


@require_POST
def request_changes(request, pk):
    return _act(request, pk, CommentForm, "comment_form", services.review_request_changes,
                _("The author has been asked for changes."))


@require_POST
def reject(request, pk):
    return _act(request, pk, RejectForm, "reject_form", services.review_reject, _("The practice has been rejected."))
