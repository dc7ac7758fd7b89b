"""Who hears about what: in-app notifications, and e-mail now or in the daily digest (the member chooses).

A change owes its notifications in its own transaction (`owe`: a PendingNotification row); the worker does the
fan-out after the commit (forum.tasks), so a post is saved without waiting for watchers, permissions or e-mail.
E-mails are rows of the e-mail queue (cop/mail), queued in the transaction of the fan-out or of the digest.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from .models import Notification, PendingNotification, Watch

logger = logging.getLogger(__name__)

Kind = Notification.Kind
Event = PendingNotification.Event


def _readers(topic, users):
    """Only people who may still read the topic hear about it (members-only categories, suspended accounts)."""
    from .permissions import ForumPermissions

    return [u for u in users if u.is_active and ForumPermissions(u).can_read_topic(topic)]


def _notify(recipients, *, kind, topic, post=None, actor=None, message="", at=None, title="", url=""):
    created = []
    for user in recipients:
        if actor is not None and user.pk == actor.pk:
            continue
        created.append(Notification(
            recipient=user, kind=kind, topic=topic, post=post, actor=actor, message=message, title=title, url=url,
            created_at=at or timezone.now(),  # when it happened, not when the worker got to it
        ))
    Notification.objects.bulk_create(created)
    for notification in created:
        if notification.recipient.forum_email == notification.recipient.EmailFrequency.IMMEDIATE:
            send_immediately(notification)
    return created


def notify_direct(recipient, *, kind, title, url, message="", actor=None):
    """A notification that is not about a forum topic (a practice submission, a review waiting, a saved search's
    new results), in-app and by e-mail as the recipient chose. `url` is a site path whose view checks who may see
    it; `title` and `message` must be safe for the recipient to read. Call it inside the change's transaction
    (or from the worker): the e-mail is queued with it."""
    if not recipient.is_active:
        return None
    return _notify([recipient], kind=kind, topic=None, title=title[:300], url=url, actor=actor, message=message[:500])[0]


def post_published(post, at=None):
    """A new visible post: mentions first, then watchers of the topic and of its category (each person once)."""
    topic = post.topic
    User = get_user_model()
    notified = {post.author_id}
    mentioned = _readers(topic, post.mentions.exclude(pk__in=notified))
    _notify(mentioned, kind=Kind.MENTION, topic=topic, post=post, actor=post.author, at=at)
    notified |= {u.pk for u in mentioned}
    if post.is_first:
        watcher_ids = Watch.objects.filter(category=topic.category_id).values("user")
        kind = Kind.NEW_TOPIC
    else:
        watcher_ids = Watch.objects.filter(topic=topic).values("user")
        kind = Kind.REPLY
    watchers = _readers(topic, User.objects.filter(pk__in=watcher_ids).exclude(pk__in=notified))
    _notify(watchers, kind=kind, topic=topic, post=post, actor=post.author, at=at)


def answer_accepted(post, by, at=None):
    if post.author is not None:
        _notify(_readers(post.topic, [post.author]), kind=Kind.ACCEPTED, topic=post.topic, post=post, actor=by, at=at)


def post_moderated(post, moderator, *, hidden, reason=None, at=None):
    if post.author is None:
        return
    reason = post.moderation_reason if reason is None else reason
    with translation.override(post.author.language):
        from django.utils.translation import gettext as _

        if hidden:
            message = _("A moderator hid your post. Reason: %(reason)s") % {"reason": reason or "—"}
        else:
            message = _("A moderator made your post visible again.")
    # The author always hears about moderation of their own post, even in a members-only category.
    _notify([post.author], kind=Kind.MODERATION, topic=post.topic, post=post, actor=moderator, message=message, at=at)


# --- the fan-out, owed by a change and done by the worker ---------------------------------------------------------


def owe(event, *, post, actor=None, reason=""):
    """Called inside the change's transaction: the notifications are owed if and only if the change commits, and
    the worker is asked to make them right after the commit (in tests, Huey's immediate mode: at the commit)."""
    owed = PendingNotification.objects.create(event=event, post=post, actor=actor, reason=reason)

    def queue_fan_out():
        from .tasks import fan_out_notifications

        fan_out_notifications(owed.pk)

    transaction.on_commit(queue_fan_out, robust=True)
    return owed


def fan_out(pending_id):
    """Make the notifications owed by one PendingNotification (and queue their immediate e-mails), once. The row is
    locked, checked and deleted in the transaction that notifies (PostgreSQL: SELECT ... FOR UPDATE, a second
    worker waits and then finds it gone; SQLite: the IMMEDIATE transaction serialises writers), so a fan-out done
    twice notifies once, and one that fails midway leaves nothing half done. Returns whether it notified."""
    with transaction.atomic():
        owed = (
            PendingNotification.objects.select_for_update(of=("self",))
            .select_related("post__topic__category", "post__author", "actor").filter(pk=pending_id).first()
        )
        if owed is None:
            return False
        post, at = owed.post, owed.created_at
        if owed.event == Event.PUBLISHED:
            post_published(post, at=at)
        elif owed.event == Event.ACCEPTED:
            answer_accepted(post, owed.actor, at=at)
        else:
            post_moderated(post, owed.actor, hidden=owed.event == Event.HIDDEN, reason=owed.reason, at=at)
        owed.delete()
    return True


def fan_out_owed(older_than=datetime.timedelta(seconds=30)):
    """The sweep: every fan-out still owed after `older_than` (its task lost with a killed worker, or failed).
    Each is done on its own; the first error is raised after the others were tried. Returns how many notified."""
    owed = PendingNotification.objects.all()
    if older_than is not None:
        owed = owed.filter(created_at__lte=timezone.now() - older_than)
    done, errors = 0, []
    for pending_id in list(owed.values_list("pk", flat=True)):
        try:
            done += fan_out(pending_id)
        except Exception as exc:
            logger.exception("forum: the notifications owed by #%s could not be made", pending_id)
            errors.append(exc)
    if errors:
        raise errors[0]
    return done


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _email_context(user):
    return {
        "user": user,
        "site_url": _absolute("/"),
        "notifications_url": _absolute(reverse("forum:notifications")),
        "settings_url": _absolute(reverse("members:profile_edit")),
    }


def _excerpt(notification, permissions):
    """The post's text, only when the recipient may see that post (never for moderation: the reason says it)."""
    post = notification.post
    if post is None or notification.kind == Kind.MODERATION or not permissions.can_see_post(post):
        return ""
    return Truncator(post.body).chars(500)


def _subject(template, context):
    # A subject is one line, whatever the template's line breaks.
    return " ".join(render_to_string(template, context).split())


def send_immediately(notification):
    from .permissions import ForumPermissions

    user = notification.recipient
    with translation.override(user.language):
        context = _email_context(user) | {
            "notification": notification,
            "url": _absolute(notification_url(notification)),
            "excerpt": _excerpt(notification, ForumPermissions(user)),
        }
        subject = _subject("forum/email/notification_subject.txt", context)
        body = render_to_string("forum/email/notification_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notification_url(notification):
    """Where a notification leads: its own URL, else the post's permalink, else the topic."""
    if notification.url:
        return notification.url
    return notification.post.get_absolute_url() if notification.post_id else notification.topic.get_absolute_url()


def _local_day_start(now):
    """Midnight in Kyiv (TIME_ZONE) of the day `now` falls on: "today" for the digest is a Kyiv day."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def digest_due(now):
    return timezone.localtime(now).hour >= settings.FORUM_DIGEST_HOUR


def send_digests_if_due(now=None):
    """The worker's quarter-hour job: from FORUM_DIGEST_HOUR in Kyiv on, the digest of whoever has not had today's."""
    now = now or timezone.now()
    return send_digests(now) if digest_due(now) else 0


def send_digests(now=None):
    """One e-mail per member who chose the daily digest, has unread notifications not e-mailed yet and has had no
    digest yet this Kyiv day. Each member is done in one transaction under a lock on the member's row: re-checked,
    the e-mail queued, the notifications and the digest date marked, together. So two workers at once send each
    member one digest, and a run that dies midway leaves the members not done yet for the next run. Returns how
    many digests were queued. (Notifications that come after today's digest wait for tomorrow's.)"""
    now = now or timezone.now()
    User = get_user_model()
    candidates = User.objects.filter(
        is_active=True, forum_email=User.EmailFrequency.DAILY,
        forum_notifications__read_at__isnull=True, forum_notifications__emailed_at__isnull=True,
    ).exclude(digest_sent_at__gte=_local_day_start(now)).distinct().order_by("pk")
    return sum(_send_digest(user_id, now) for user_id in list(candidates.values_list("pk", flat=True)))


def _send_digest(user_id, now):
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.forum_email != User.EmailFrequency.DAILY or (
            user.digest_sent_at and user.digest_sent_at >= _local_day_start(now)
        ):
            return 0  # another worker sent it meanwhile, or the member changed their mind
        pending = list(
            Notification.objects.filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
            .select_related("topic__category", "post", "actor").order_by("created_at", "pk")
        )
        if not pending:
            return 0
        # Only what the member can still read goes into the e-mail.
        from .permissions import ForumPermissions

        permissions = ForumPermissions(user)
        items = [
            n for n in pending
            if n.kind == Kind.MODERATION or n.topic_id is None or (permissions.can_read_topic(n.topic) and (n.post is None or permissions.can_see_post(n.post)))
        ]
        if items:
            with translation.override(user.language):
                context = _email_context(user) | {
                    "items": [(n, _absolute(notification_url(n)), _excerpt(n, permissions)) for n in items],
                }
                subject = _subject("forum/email/digest_subject.txt", context)
                body = render_to_string("forum/email/digest_body.txt", context)
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
            User.objects.filter(pk=user.pk).update(digest_sent_at=now)
        # What the member can no longer read is never e-mailed, now or later.
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
    return 1 if items else 0
