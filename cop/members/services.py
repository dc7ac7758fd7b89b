"""State changes of memberships and roles: each verb in one transaction (with the e-mail it sends), written to
Wagtail's audit log and safe to call twice."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from . import roles
from .models import MEMBER_GROUP, User


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template, *, to, context, language):
    """Queue the e-mail in the decision's own transaction (EMAIL_BACKEND is the e-mail queue, cop/mail): it is
    delivered by the worker after the commit, and never for a decision that was rolled back."""
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


def _decide(member, *, status, moderator, note):
    member.membership_status = status
    member.membership_decided_at = timezone.now()
    member.membership_decided_by = moderator
    member.membership_note = note
    member.save(update_fields=["membership_status", "membership_decided_at", "membership_decided_by", "membership_note"])


@transaction.atomic
def membership_approve(*, member, moderator, verified_official=False):
    """Approve a membership request (or reinstate a declined or revoked member). Returns False when it was
    already approved.

    verified_official: the moderator checked the person's position and organisation, so they show as a verified
    official of their hromada (or organisation) from now on."""
    if not roles.is_moderator(moderator):
        raise PermissionDenied
    member = User.objects.select_for_update(of=("self",)).select_related("hromada").get(pk=member.pk)
    if member.membership_status == User.Status.APPROVED:
        return False
    previous = member.membership_status
    _decide(member, status=User.Status.APPROVED, moderator=moderator, note="")
    member.groups.add(Group.objects.get(name=MEMBER_GROUP))
    log(instance=member, action="cop.membership.approve", user=moderator,
        data={"role": roles.MEMBER.slug, "previous_status": previous})
    if verified_official:
        _verify_official(member, moderator=moderator)
    site_url = _absolute("/" if member.language == settings.LANGUAGE_CODE else f"/{member.language}/")
    _send("membership_approved", to=[member.email], context={"member": member, "site_url": site_url}, language=member.language)
    return True


@transaction.atomic
def membership_decline(*, member, moderator, reason):
    """Decline a pending membership request with a reason shown to the applicant.

    Returns False when it was already declined; anyone not waiting for a decision is refused (PermissionDenied),
    so declining can never take away a membership or a role."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.membership_status == User.Status.DECLINED and roles.is_moderator(moderator):
        return False
    refusal = roles.why_not_decline(moderator, member)
    if refusal:
        raise PermissionDenied(refusal)
    _decide(member, status=User.Status.DECLINED, moderator=moderator, note=reason)
    member.groups.remove(Group.objects.get(name=MEMBER_GROUP))  # a stray Member group, e.g. added by hand
    log(instance=member, action="cop.membership.decline", user=moderator,
        data={"role": roles.MEMBER.slug, "reason": reason})
    _send("membership_declined", to=[member.email], context={"member": member, "reason": reason}, language=member.language)
    return True


@transaction.atomic
def role_remove(*, member, role, actor, reason):
    """Take a role away, with a reason the member is told. Returns False when they did not have it.

    Revoking the Member role also ends the approved membership, so the person leaves the directory and can no
    longer post; a moderator can approve them again later."""
    member = User.objects.select_for_update().get(pk=member.pk)
    refusal = roles.why_not_remove_role(actor, member, role)
    if refusal:
        raise PermissionDenied(refusal)
    if not roles.has_role(member, role):
        return False
    member.groups.remove(Group.objects.get(name=role.group))
    if role == roles.MEMBER:
        _decide(member, status=User.Status.REVOKED, moderator=actor, note=reason)
    log(instance=member, action="cop.role.remove", user=actor, data={"role": role.slug, "reason": reason})
    _send(
        "role_removed", to=[member.email], context={"member": member, "role": role, "reason": reason},
        language=member.language,
    )
    return True


def _verify_official(member, *, moderator):
    member.official_verified_at = timezone.now()
    member.official_verified_by = moderator
    member.official_verified_as = member.hromada.name if member.hromada_id else member.organisation
    member.save(update_fields=["official_verified_at", "official_verified_by", "official_verified_as"])
    log(instance=member, action="cop.official.verify", user=moderator,
        data={"position": member.position, "organisation": member.organisation, "as": member.official_verified_as})


@transaction.atomic
def official_verify(*, member, moderator):
    """Mark an approved member as a verified official after checking their position and organisation (what
    membership_approve does when the box is ticked). Returns False when they already are one."""
    member = User.objects.select_for_update(of=("self",)).select_related("hromada").get(pk=member.pk)
    refusal = roles.why_not_withdraw_verification(moderator, member)
    if refusal:
        raise PermissionDenied(refusal)
    if member.official_verified_at is not None or member.membership_status != User.Status.APPROVED:
        return False
    _verify_official(member, moderator=moderator)
    return True


@transaction.atomic
def official_withdraw(*, member, moderator, reason):
    """Withdraw the "verified official" mark, with a reason for the audit log. Returns False when there was none."""
    member = User.objects.select_for_update().get(pk=member.pk)
    refusal = roles.why_not_withdraw_verification(moderator, member)
    if refusal:
        raise PermissionDenied(refusal)
    if member.official_verified_at is None:
        return False
    was = member.official_verified_as
    member.official_verified_at, member.official_verified_by, member.official_verified_as = None, None, ""
    member.save(update_fields=["official_verified_at", "official_verified_by", "official_verified_as"])
    log(instance=member, action="cop.official.withdraw", user=moderator, data={"as": was, "reason": reason})
    return True
