"""State changes of memberships: each verb in one transaction, safe to call twice."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import roles
from .models import EDITOR_GROUP, MEMBER_GROUP, MODERATOR_GROUP, User


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template, *, to, context, language):
    with translation.override(language):
        subject = render_to_string(f"members/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"members/email/{template}_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, to)


def membership_request_notify(*, applicant):
    """Tell every moderator that someone confirmed their e-mail and waits for approval."""
    moderators = [
        m
        for m in User.objects.filter(is_active=True).exclude(pk=applicant.pk)
        if roles.is_moderator(m)
    ]
    with translation.override("uk"):
        queue_url = _absolute(reverse("members:requests"))
    for moderator in moderators:
        _send(
            "membership_requested",
            to=[moderator.email],
            context={"applicant": applicant, "moderator": moderator, "queue_url": queue_url},
            language=moderator.language,
        )
    return len(moderators)


@transaction.atomic
def membership_approve(*, member, moderator):
    """Approve a membership request. Returns False when it was already approved."""
    if not roles.is_moderator(moderator):
        raise PermissionDenied
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.membership_status == User.Status.APPROVED:
        return False
    member.membership_status = User.Status.APPROVED
    member.membership_decided_at = timezone.now()
    member.membership_decided_by = moderator
    member.membership_note = ""
    member.save(update_fields=["membership_status", "membership_decided_at", "membership_decided_by", "membership_note"])
    member.groups.add(Group.objects.get(name=MEMBER_GROUP))
    site_url = _absolute("/" if member.language == settings.LANGUAGE_CODE else f"/{member.language}/")
    transaction.on_commit(
        lambda: _send(
            "membership_approved", to=[member.email], context={"member": member, "site_url": site_url}, language=member.language
        )
    )
    return True


@transaction.atomic
def membership_decline(*, member, moderator, reason=""):
    """Decline a membership request with a reason shown to the applicant. Returns False when nothing changed."""
    if not roles.is_moderator(moderator):
        raise PermissionDenied
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.membership_status == User.Status.DECLINED and member.membership_note == reason:
        return False
    if member.pk == moderator.pk:
        raise PermissionDenied
    member.membership_status = User.Status.DECLINED
    member.membership_decided_at = timezone.now()
    member.membership_decided_by = moderator
    member.membership_note = reason
    member.save(update_fields=["membership_status", "membership_decided_at", "membership_decided_by", "membership_note"])
    # A declined person keeps no role at all.
    member.groups.remove(*Group.objects.filter(name__in=[MEMBER_GROUP, MODERATOR_GROUP, EDITOR_GROUP]))
    transaction.on_commit(
        lambda: _send(
            "membership_declined", to=[member.email], context={"member": member, "reason": reason}, language=member.language
        )
    )
    return True
