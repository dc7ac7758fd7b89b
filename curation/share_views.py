"""Members share a practice, follow its review, edit it when asked, withdraw it; views ask and call services.

Someone else's submission does not exist for a member (404); anonymous visitors are sent to log in first, so
they cannot probe which submissions exist; a signed-in person who may not share is told why (403).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from . import permissions, services
from .forms import SubmissionForm
from .models import Submission, SubmissionFile
from .status import EDITABLE, WITHDRAWABLE, Status, refusal, with_status


FILE_FIELDS = ("documents", "images")
SAVING_TOO_FAST = gettext_lazy("You are saving too often. Please wait a minute and save again; your text is kept.")


def _share_rate():
    return getattr(settings, "CURATION_SHARE_RATE", "30/h")


def _refuse(request, reason=""):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "curation/forbidden.html", {"reason": reason}, status=403)


def _ids(values):
    return [int(value) for value in values if str(value).isdigit()][:50]


def _descriptions(request, files):
    """{file id: its description as typed} for the files listed on the form."""
    from cop.core.text import clean_single_line

    found = {}
    for item in files:
        key = f"file_description_{item.pk}"
        if key in request.POST:
            found[item.pk] = clean_single_line(request.POST.get(key, ""))[:300]
    return found


def _own_submission(request, pk):
    submission = get_object_or_404(Submission.objects.select_related("page", "author"), pk=pk)
    permissions.require_author(request.user, submission)
    return with_status([submission])[0]


def _initial(submission):
    page = submission.page.specific
    return {
        "title": page.title, "summary": page.summary, "body": submission.body_source,
        "themes": list(page.themes.all()), "tags": ", ".join(sorted(page.tags.names())),
        "oblast": page.oblast, "hromada": page.hromada, "population_band": page.population_band,
        "period_start": page.period_start, "period_end": page.period_end, "context": page.context,
        "outcomes": submission.outcomes_source, "contact_name": page.contact_name, "contact_role": page.contact_role,
        "contact_email": page.contact_email,
    }


def _form_page(request, submission=None):
    """The one form for a new and an existing submission: "Save draft" or "Submit for review". Whatever fails
    validation, the typed text comes back in the form and the good files stay uploaded (listed, kept by id)."""
    library = services.library_for()
    attached = list(submission.files.select_related("document", "image")) if submission else []
    kept = []
    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        # "Check for similar" (without JavaScript): like a failed save, the text and the good files come back,
        # with the practices and discussions like it; nothing is saved.
        checking = request.POST.get("action") == "check"
        kept = list(SubmissionFile.objects.filter(
            pk__in=_ids(request.POST.getlist("kept_file")), uploaded_by=request.user, submission__isnull=True,
        ).select_related("document", "image"))
        remove_ids = set(_ids(request.POST.getlist("remove_file")))
        form = SubmissionForm(
            request.POST, request.FILES, submitting=submitting, library=library,
            attached_count=len([f for f in attached if f.pk not in remove_ids]) + len([f for f in kept if f.pk not in remove_ids]),
        )
        valid = form.is_valid()
        if is_ratelimited(request, group="curation-share", key="user", rate=_share_rate(), method="POST", increment=True):
            # Nothing is stored, not even the files: an over-eager client must not fill the disk.
            form.add_error(None, SAVING_TOO_FAST)
            return render(request, "curation/share_form.html", {
                "form": form, "submission": submission, "attached": attached, "kept": kept,
                "status": getattr(submission, "status", None),
            }, status=429)
        kept += services.store_uploads(user=request.user, checked_uploads=form.checked_uploads)
        kept = [item for item in kept if item.pk not in remove_ids]
        descriptions = _descriptions(request, [*attached, *kept])
        for item in [*attached, *kept]:
            item.description = descriptions.get(item.pk, item.description)  # shown again if the form fails
        if checking:
            if not any(name in form.errors for name in FILE_FIELDS):
                # Not a save: what was typed comes back without "required" errors (a refused file is still told).
                typed = {name: form[name].value() for name in form.fields if name not in FILE_FIELDS}
                form = SubmissionForm(initial=typed, library=library)
            return _form_with_similar(request, form, submission, attached, kept)
        if valid:
            try:
                submission = services.submission_save(
                    author=request.user, data=form.cleaned_data, submission=submission,
                    file_ids=[item.pk for item in kept], remove_ids=remove_ids, descriptions=descriptions, submit=submitting,
                )
            except services.Refused as refused:
                messages.error(request, str(refused))
                return redirect("submissions:detail", pk=submission.pk)
            messages.success(request, _("Your practice has been submitted for review.") if submitting
                             else _("Your draft has been saved."))
            return redirect("submissions:detail", pk=submission.pk)
    else:
        form = SubmissionForm(initial=_initial(submission) if submission else None, library=library)
    return render(request, "curation/share_form.html", {
        "form": form, "submission": submission, "attached": attached, "kept": kept,
        "status": getattr(submission, "status", None),
    })


def _form_with_similar(request, form, submission, attached, kept):
    from cop.search import similar_content

    context = {
        "form": form, "submission": submission, "attached": attached, "kept": kept,
        "status": getattr(submission, "status", None), "similar_checked": True,
    }
    if similar_content.too_often(request):
        context["similar_error"] = _("Too many look-ups for similar content. Please wait a minute.")
        return render(request, "curation/share_form.html", context, status=429)
    data = request.POST
    body = "\n\n".join(data.get(name, "") for name in ("summary", "body"))
    exclude = [f"practice:{submission.page_id}"] if submission else []
    context["similar"] = similar_content.similar_to_text(request.user, data.get("title", ""), body, exclude=exclude)
    return render(request, "curation/share_form.html", context)


@require_http_methods(["GET", "POST"])
def share(request):
    if not permissions.can_share(request.user):
        return _refuse(request)
    return _form_page(request)


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = _own_submission(request, pk)
    if not permissions.can_share(request.user):
        return _refuse(request)
    if submission.status not in EDITABLE:
        messages.error(request, refusal(submission.status))
        return redirect("submissions:detail", pk=submission.pk)
    return _form_page(request, submission)


def detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = _own_submission(request, pk)
    return render(request, "curation/submission_detail.html", {
        "submission": submission, "page": submission.page.specific, "statuses": Status,
        "can_edit": submission.status in EDITABLE, "can_withdraw": submission.status in WITHDRAWABLE,
    })


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = _own_submission(request, pk)
    if submission.status not in WITHDRAWABLE:
        messages.error(request, refusal(submission.status))
        return redirect("submissions:detail", pk=submission.pk)
    if request.method == "POST":
        try:
            services.submission_withdraw(submission=submission, user=request.user)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Your practice has been withdrawn."))
        return redirect("submissions:detail", pk=submission.pk)
    return render(request, "curation/withdraw.html", {"submission": submission})


def preview(request, pk):
    """The submission as it will look once published: the real page template, for its author and moderators."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = get_object_or_404(Submission.objects.select_related("page"), pk=pk)
    permissions.require_visible(request.user, submission)
    page = submission.page.specific.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = page.default_preview_mode
    response = page.serve_preview(request, page.default_preview_mode)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
