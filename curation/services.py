"""What members and moderators do with a submitted practice, each a small service in one transaction.

The page is a real PracticePage in the library and its review is Wagtail's "Moderator approval" workflow, driven
through Wagtail's own models (WorkflowState, TaskState, GroupApprovalTask.on_action): the Wagtail admin and the
site always agree on the state. Refusals raise Refused with a translated message for the person.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from knowledge.models import PopulationBand, PracticeLibraryPage, PracticePage

from . import files as submission_files
from . import notices
from .markup import to_rich_text
from .models import Submission, SubmissionFile
from .status import EDITABLE, WITHDRAWABLE, Status, refusal, status_of


class Refused(Exception):
    """The action does not apply to the submission as it is now; the message says why (translated)."""


PAGE_FIELDS = (
    "title", "summary", "hromada", "oblast", "population_band", "period_start", "period_end", "context",
    "contact_name", "contact_role", "contact_email",
)


def library_for(language="uk"):
    return PracticeLibraryPage.objects.filter(locale__language_code=language).first() or PracticeLibraryPage.objects.first()


SLUG_LENGTH = 60  # Cyrillic is percent-encoded in URLs (6 characters a letter): keep them short enough to share


def _unique_slug(parent, title, page=None):
    base = slugify(title, allow_unicode=True)[:SLUG_LENGTH].strip("-") or "praktyka"
    taken = set(Page.objects.child_of(parent).exclude(pk=getattr(page, "pk", None)).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[:SLUG_LENGTH - 6]}-{n}"
    return slug


def _body(body_source, attached):
    stream = []
    html = to_rich_text(body_source)
    if html:
        stream.append({"type": "paragraph", "value": html})
    for item in attached:
        if item.image_id:
            stream.append({"type": "image", "value": {"image": item.image_id, "caption": item.description, "alt_text": item.description}})
        else:
            stream.append({"type": "document", "value": {"document": item.document_id, "description": item.description}})
    return stream


def _attach(submission, *, user, file_ids, remove_ids, descriptions):
    """Files kept from earlier attempts (their ids, the uploader's own only), new uploads, minus those removed;
    each with the description the member gave (an image's alternative text and caption)."""
    SubmissionFile.objects.filter(
        pk__in=file_ids, uploaded_by=user, submission__isnull=True,
    ).update(submission=submission)
    removed = SubmissionFile.objects.filter(submission=submission, pk__in=remove_ids)
    for item in removed:
        item.item.delete()  # the document or image (and its file) goes with it
    removed.delete()
    attached = list(submission.files.all())
    for item in attached:
        description = (descriptions.get(item.pk) or "")[:300]
        if item.pk in descriptions and description != item.description:
            item.description = description
            item.save(update_fields=["description"])
    return attached


def store_uploads(*, user, checked_uploads):
    """Uploaded, checked files saved in the restricted collection before the form is valid, so a form that fails
    validation keeps them: each is the uploader's until a submission takes it."""
    collection = submission_files.submissions_collection()
    stored = []
    for checked, name, is_image in checked_uploads:
        item = submission_files.save_upload(checked, original_name=name, user=user, collection=collection)
        stored.append(SubmissionFile.objects.create(
            uploaded_by=user, image=item if is_image else None, document=None if is_image else item,
        ))
    return stored


@transaction.atomic
def submission_save(*, author, data, submission=None, file_ids=(), remove_ids=(), descriptions=None, submit=False):
    """Create or update the member's draft practice from the form's data, and with `submit` send it for review in
    the same transaction. Returns the submission."""
    if submission is None:
        parent = library_for()
        page = PracticePage(
            locale=parent.locale, live=False, owner=author, keeper=author, body=[], title=data["title"],
            slug=_unique_slug(parent, data["title"]), summary=data.get("summary") or "",
        )
        parent.add_child(instance=page)
        submission = Submission.objects.create(page=page, author=author)
    else:
        # Two saves at once (two tabs) are applied one after the other, each checking the state anew.
        submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
        status = status_of(submission)
        if status not in EDITABLE:
            raise Refused(refusal(status))
        page = submission.page.specific
    for name in PAGE_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in ("population_band", "contact_name", "contact_role", "contact_email", "summary"):
                value = ""
            setattr(page, name, value)
    if not page.context:
        page.context = PracticePage._meta.get_field("context").default
    page.draft_title = page.title
    if not page.live:
        page.slug = _unique_slug(page.get_parent(), page.title, page=page)
    page.outcomes = to_rich_text(data.get("outcomes", ""))
    page.themes = list(data.get("themes") or [])
    page.tags.set(list(data.get("tags") or []))
    # What PracticePage.clean does in the admin (drafts are saved without the full clean: a title is enough).
    if page.hromada_id and not page.oblast_id:
        page.oblast_id = page.hromada.oblast_id
    if page.hromada_id and not page.population_band:
        page.population_band = PopulationBand.for_population(page.hromada.population)
    submission.body_source = data.get("body", "")
    submission.outcomes_source = data.get("outcomes", "")
    attached = _attach(submission, user=author, file_ids=file_ids, remove_ids=remove_ids, descriptions=descriptions or {})
    page.body = _body(submission.body_source, attached)
    page.save()
    page.save_revision(user=author, clean=False, log_action=True)
    submission.save()
    if submit:
        submission_submit(submission=submission, user=author)
    return submission


def _active_state(page):
    return WorkflowState.objects.active().for_instance(page).select_related("current_task_state__task").first()


@transaction.atomic
def submission_submit(*, submission, user):
    """Into the "Moderator approval" workflow (or back into it, after changes were requested)."""
    submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
    status = status_of(submission)
    page = submission.page.specific
    if status == Status.CHANGES_REQUESTED:
        _active_state(page).resume(user=user)
    elif status == Status.DRAFT:
        workflow = page.get_workflow()
        if workflow is None:
            raise Refused(translation.gettext("The library has no review workflow: ask an administrator."))
        workflow.start(page, user)
    else:
        raise Refused(refusal(status))
    log(instance=page, action="curation.submission.submit", user=user, data={"submission": submission.pk})
    notices.submission_received(submission)
    notices.review_waiting(submission)
    return submission


@transaction.atomic
def submission_withdraw(*, submission, user):
    submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
    status = status_of(submission)
    if status not in WITHDRAWABLE:
        raise Refused(refusal(status))
    page = submission.page.specific
    state = _active_state(page)
    if state is not None:
        state.cancel(user=user)
    submission.closed = Submission.Closed.WITHDRAWN
    submission.closed_at, submission.closed_by = timezone.now(), user
    submission.save()
    log(instance=page, action="curation.submission.withdraw", user=user, data={"submission": submission.pk})
    return submission


def _task_state_for_review(submission, moderator):
    """The task state a moderator may act on now, or Refused saying why not."""
    from .permissions import why_not_review

    reason = why_not_review(moderator, submission)
    if reason:
        raise Refused(reason)
    status = status_of(submission)
    if status != Status.IN_REVIEW:
        raise Refused(refusal(status))
    state = _active_state(submission.page)
    task_state = state.current_task_state
    if task_state is None or task_state.status != task_state.STATUS_IN_PROGRESS:
        raise Refused(refusal(status))
    task = task_state.task.specific
    if "approve" not in [action for action, _label, _modal in task.get_actions(submission.page, moderator)]:
        raise Refused(translation.gettext("You are not one of the reviewers of this workflow."))
    return task, task_state.specific


@transaction.atomic
def review_approve(*, submission, moderator, comment=""):
    """Approve the task: Wagtail finishes the workflow and publishes the latest revision."""
    submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
    task, task_state = _task_state_for_review(submission, moderator)
    task.on_action(task_state, moderator, "approve", comment=comment)
    submission.save()
    notices.published(submission)
    return submission


@transaction.atomic
def review_request_changes(*, submission, moderator, comment):
    """Wagtail's "Request changes": the task state is rejected and the workflow waits for the author."""
    submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
    task, task_state = _task_state_for_review(submission, moderator)
    task.on_action(task_state, moderator, "reject", comment=comment)
    submission.save()
    notices.changes_requested(submission, comment)
    return submission


@transaction.atomic
def review_reject(*, submission, moderator, reason):
    """Not for the library: the workflow is cancelled and the reason recorded (and logged) for the author."""
    submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
    _task_state_for_review(submission, moderator)
    page = submission.page.specific
    _active_state(page).cancel(user=moderator)
    submission.closed = Submission.Closed.REJECTED
    submission.closed_reason = reason
    submission.closed_at, submission.closed_by = timezone.now(), moderator
    submission.save()
    log(instance=page, action="curation.submission.reject", user=moderator, data={"submission": submission.pk, "reason": reason})
    notices.rejected(submission, reason)
    return submission
