"""Who hears about a submission and when: its author at each step, the moderators when one awaits review.

Each goes through forum.notifications.notify_direct (in-app, and e-mail now or in the digest as the person chose),
inside the change's transaction and in the recipient's language.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cop.members.models import MODERATOR_GROUP
from forum.models import Notification
from forum.notifications import notify_direct


def _author_url(submission):
    return reverse("submissions:detail", kwargs={"pk": submission.pk})


def _tell_author(submission, message, *, url=None, actor=None):
    author = submission.author
    with translation.override(author.language or "uk"):
        text = message()
        url = url or _author_url(submission)
    return notify_direct(
        author, kind=Notification.Kind.SUBMISSION, title=submission.page.title, url=url, message=text, actor=actor,
    )


def submission_received(submission):
    _tell_author(submission, lambda: _("Your practice has been submitted. A moderator will review it soon."))


def changes_requested(submission, comment):
    _tell_author(
        submission, lambda: _("A moderator asks for changes to your practice: %(comment)s") % {"comment": comment},
    )


def published(submission):
    url = submission.page.specific.url
    if len(url) > Notification._meta.get_field("url").max_length:
        url = None  # the submission's own page, which links to it
    _tell_author(submission, lambda: _("Your practice has been approved and published in the library."), url=url)


def rejected(submission, reason):
    _tell_author(submission, lambda: _("Your practice was not accepted for the library. Reason: %(reason)s") % {"reason": reason})


def moderators():
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, membership_status=User.Status.APPROVED, groups__name=MODERATOR_GROUP)
        .distinct().order_by("pk")
    )


def review_waiting(submission):
    """Every moderator but the author hears that a practice awaits review (e-mail as each chose: now, daily, never)."""
    for moderator in moderators().exclude(pk=submission.author_id):
        with translation.override(moderator.language or "uk"):
            url = reverse("curation:review", kwargs={"pk": submission.pk})
            message = _("A practice shared by %(author)s awaits review.") % {"author": submission.author.display_name}
        notify_direct(
            moderator, kind=Notification.Kind.REVIEW, title=submission.page.title, url=url, message=message,
            actor=submission.author,
        )
