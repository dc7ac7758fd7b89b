from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "cop.mail"
    label = "cop_mail"
    verbose_name = _("E-mail delivery")

    def ready(self):
        from post_office.signals import email_queued

        from .delivery import deliver_after_commit

        email_queued.connect(deliver_after_commit, dispatch_uid="cop.mail.deliver_after_commit")
