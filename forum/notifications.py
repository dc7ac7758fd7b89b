"""Who hears about what: in-app notifications, and e-mail now or in the daily digest (the member chooses)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from .models import Notification, Watch

Kind = Notification.Kind


def _readers(topic, users):
    """Only people who may still read the topic hear about it (members-only categories, suspended accounts)."""
    from .permissions import ForumPermissions

    return [u for u in users if u.is_active and ForumPermissions(u).can_read_topic(topic)]


def _notify(recipients, *, kind, topic, post=None, actor=None, message=""):
    created = []
    for user in recipients:
        if actor is not None and user.pk == actor.pk:
            continue
        created.append(Notification(recipient=user, kind=kind, topic=topic, post=post, actor=actor, message=message))
    Notification.objects.bulk_create(created)
    for notification in created:
        if notification.recipient.forum_email == notification.recipient.EmailFrequency.IMMEDIATE:
            send_immediately(notification)
    return created


def post_published(post):
    """A new visible post: mentions first, then watchers of the topic and of its category (each person once)."""
    topic = post.topic
    User = get_user_model()
    notified = {post.author_id}
    mentioned = _readers(topic, post.mentions.exclude(pk__in=notified))
    _notify(mentioned, kind=Kind.MENTION, topic=topic, post=post, actor=post.author)
    notified |= {u.pk for u in mentioned}
    if post.is_first:
        watcher_ids = Watch.objects.filter(category=topic.category_id).values("user")
        kind = Kind.NEW_TOPIC
    else:
        watcher_ids = Watch.objects.filter(topic=topic).values("user")
        kind = Kind.REPLY
    watchers = _readers(topic, User.objects.filter(pk__in=watcher_ids).exclude(pk__in=notified))
    _notify(watchers, kind=kind, topic=topic, post=post, actor=post.author)


def answer_accepted(post, by):
    if post.author is not None:
        _notify(_readers(post.topic, [post.author]), kind=Kind.ACCEPTED, topic=post.topic, post=post, actor=by)


def post_moderated(post, moderator, *, hidden):
    if post.author is None:
        return
    with translation.override(post.author.language):
        from django.utils.translation import gettext as _

        if hidden:
            message = _("A moderator hid your post. Reason: %(reason)s") % {"reason": post.moderation_reason or "—"}
        else:
            message = _("A moderator made your post visible again.")
    # The author always hears about moderation of their own post, even in a members-only category.
    _notify([post.author], kind=Kind.MODERATION, topic=post.topic, post=post, actor=moderator, message=message)


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
    """Where a notification leads: the post's permalink, else the topic."""
    return notification.post.get_absolute_url() if notification.post_id else notification.topic.get_absolute_url()


def send_digests(now=None):
    """One e-mail per member who chose the daily digest and has unread, un-e-mailed notifications."""
    now = now or timezone.now()
    User = get_user_model()
    sent = 0
    users = User.objects.filter(
        is_active=True, forum_email=User.EmailFrequency.DAILY,
        forum_notifications__read_at__isnull=True, forum_notifications__emailed_at__isnull=True,
    ).distinct()
    for user in users:
        pending = list(
            Notification.objects.filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
            .select_related("topic", "post", "actor").order_by("created_at")
        )
        # Only what the member can still read goes into the e-mail.
        from .permissions import ForumPermissions

        permissions = ForumPermissions(user)
        items = [
            n for n in pending
            if n.kind == Kind.MODERATION or (permissions.can_read_topic(n.topic) and (n.post is None or permissions.can_see_post(n.post)))
        ]
        if items:
            with translation.override(user.language):
                context = _email_context(user) | {
                    "items": [(n, _absolute(notification_url(n)), _excerpt(n, permissions)) for n in items],
                }
                subject = _subject("forum/email/digest_subject.txt", context)
                body = render_to_string("forum/email/digest_body.txt", context)
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        User.objects.filter(pk=user.pk).update(digest_sent_at=now)
    return sent
