"""What follows a submission's publication, however it was published (the desk, or the Wagtail admin)."""

from wagtail.models import Collection

from .models import Submission, SubmissionFile


def release_files(sender, instance, **kwargs):
    """A published practice's files leave the restricted submissions collection: the page shows them to everyone."""
    submission_id = getattr(getattr(instance, "submission", None), "pk", None)
    if submission_id is None:
        return
    root = Collection.get_first_root_node()
    for item in SubmissionFile.objects.filter(submission_id=submission_id).select_related("document", "image"):
        file = item.item
        if file.collection_id != root.pk:
            file.collection = root
            file.save(update_fields=["collection"])


# Wagtail e-mails the workflow's steps itself (to the reviewers' groups and to whoever submitted), in the admin's
# words and with links into the admin. For a member's submission that would be a second e-mail for each step, to
# moderators whatever their e-mail preference and to members who cannot open those links: the site's own
# notifications (curation.notices) replace them there. Pages submitted in the admin keep Wagtail's e-mails.

def _is_member_submission(instance):
    from wagtail.models import TaskState

    state = instance.workflow_state if isinstance(instance, TaskState) else instance
    object_id = getattr(state, "object_id", "")
    return str(object_id).isdigit() and Submission.objects.filter(page_id=int(object_id)).exists()


def _without_member_submissions(notifier_class):
    class Notifier(notifier_class):
        def get_valid_recipients(self, instance, **kwargs):
            if _is_member_submission(instance):
                return set()
            return super().get_valid_recipients(instance, **kwargs)

    Notifier.__name__ = notifier_class.__name__
    return Notifier


def replace_wagtail_workflow_emails():
    """Connect Wagtail's workflow notifiers, minus member submissions, under Wagtail's own dispatch_uids: curation
    comes before wagtail.admin in INSTALLED_APPS, so Wagtail's later connections with the same ids are no-ops
    (tests/test_curation_review.py proves which e-mails go out)."""
    from wagtail.admin import mail
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

    for signal, sender, notifier, uid in (
        (task_submitted, TaskState, mail.GroupApprovalTaskStateSubmissionEmailNotifier,
         "group_approval_task_submitted_email_notification"),
        (workflow_submitted, WorkflowState, mail.WorkflowStateSubmissionEmailNotifier, "workflow_state_submitted_email_notification"),
        (workflow_rejected, WorkflowState, mail.WorkflowStateRejectionEmailNotifier, "workflow_state_rejected_email_notification"),
        (workflow_approved, WorkflowState, mail.WorkflowStateApprovalEmailNotifier, "workflow_state_approved_email_notification"),
    ):
        # weak=False: nothing else holds the notifier.
        signal.connect(_without_member_submissions(notifier)(), sender=sender, dispatch_uid=uid, weak=False)
