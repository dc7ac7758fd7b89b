"""Reactions to account events from django-allauth."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from . import services


@receiver(email_confirmed)
def notify_moderators_of_new_request(sender, request, email_address, **kwargs):
    user = email_address.user
    if user.is_pending:
        services.membership_request_notify(applicant=user)
