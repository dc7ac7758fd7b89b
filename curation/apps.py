from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """What bridges the forum and the library: member submissions, review, the moderators' desk."""

    name = "curation"
    label = "curation"
    verbose_name = _("Curation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from cop.core import text_receivers

        from .signals import release_files, replace_wagtail_workflow_emails

        text_receivers.register("curation.Submission", multi=["body_source", "outcomes_source", "closed_reason"])
        text_receivers.register("curation.SubmissionFile", single=["description"])
        page_published.connect(release_files, dispatch_uid="curation-release-files")
        replace_wagtail_workflow_emails()
