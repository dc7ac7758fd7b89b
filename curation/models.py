"""State of the curation loop that Wagtail's own page and workflow models do not hold.

A member's submission is a draft PracticePage (its owner is the member) that goes through the "Moderator
approval" workflow; whether it is in review, waiting for changes or approved is Wagtail's WorkflowState and
TaskState. What Wagtail has no place for lives here: the Markdown the member wrote (the page holds the HTML), the
files they uploaded, and whether a closed workflow was a rejection or a withdrawal, with the reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    class Closed(models.TextChoices):
        OPEN = "", _("open")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    page = models.OneToOneField(
        "knowledge.PracticePage", on_delete=models.CASCADE, related_name="submission", verbose_name=_("practice"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_submissions", verbose_name=_("author"),
    )
    body_source = models.TextField(_("text (Markdown)"), blank=True)
    outcomes_source = models.TextField(_("outcomes and evidence (Markdown)"), blank=True)
    closed = models.CharField(_("closed"), max_length=20, choices=Closed.choices, blank=True, default=Closed.OPEN)
    closed_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("practice submission")
        verbose_name_plural = _("practice submissions")

    def __str__(self):
        return self.page.title


class SubmissionFile(models.Model):
    """A document or image a member uploaded with a submission. It stays in the restricted submissions collection
    until the practice is published, so a draft's files are never public."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files", null=True, blank=True)
    # Uploaded before the submission had a page (a form that failed validation keeps its files): the uploader owns it.
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False, image__isnull=True) | models.Q(document__isnull=True, image__isnull=False),
                name="curation_file_is_document_or_image",
            ),
        ]

    @property
    def item(self):
        return self.document or self.image

    @property
    def is_image(self):
        return self.image_id is not None
