"""State changes of the forum: small verbs, keyword-only arguments, one transaction each.

Each returns whether anything changed where that matters, so calling twice is harmless. Permission
checks live in forum.permissions; callers check before calling.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from . import markup, notifications
from .models import Category, Flag, ModerationLog, Post, PostRevision, Reaction, ReadState, Topic, Watch

Action = ModerationLog.Action


def _log(action, *, actor, topic=None, post=None, member=None, reason="", **details):
    return ModerationLog.objects.create(
        action=action, actor=actor, topic=topic, post=post, member=member, reason=reason, details=details
    )


def _should_hold(author):
    """The first posts of a newly approved member wait for a moderator when FORUM_HOLD_FIRST_POSTS > 0."""
    limit = getattr(settings, "FORUM_HOLD_FIRST_POSTS", 0)
    if not limit:
        return False
    from cop.members import roles

    if roles.is_moderator(author):
        return False
    return Post.objects.filter(author=author, status=Post.Status.VISIBLE).count() < limit


def refresh_topic_counters(topic):
    """Recount a topic's visible posts, helpful reactions and last post after any status change."""
    visible = Post.objects.filter(topic=topic, status=Post.Status.VISIBLE)
    last = visible.order_by("-number").first()
    topic.post_count = visible.count()
    topic.helpful_count = sum(visible.values_list("helpful_count", flat=True))
    topic.last_post = last
    if last:
        topic.last_activity_at = max(topic.last_activity_at, last.created_at)
    if topic.accepted_answer_id and not visible.filter(pk=topic.accepted_answer_id).exists():
        topic.accepted_answer = None
    topic.save(update_fields=["post_count", "helpful_count", "last_post", "last_activity_at", "accepted_answer"])


def _add_post(*, topic, author, body, reply_to=None):
    number = (Post.objects.filter(topic=topic).aggregate(n=Max("number"))["n"] or 0) + 1
    status = Post.Status.PENDING if _should_hold(author) else Post.Status.VISIBLE
    post = Post.objects.create(
        topic=topic, author=author, body=body, body_html=markup.render(body), reply_to=reply_to, number=number, status=status
    )
    _set_mentions(post)
    return post


def _set_mentions(post):
    from django.contrib.auth import get_user_model

    names = markup.mentioned_usernames(post.body)
    users = get_user_model().objects.filter(username__in=names, is_active=True).exclude(pk=post.author_id) if names else []
    post.mentions.set(users)


@transaction.atomic
def topic_create(*, category, author, title, body, tags=(), practice=None):
    topic = Topic.objects.create(category=category, author=author, title=title.strip(), practice=practice)
    if tags:
        topic.tags.add(*tags)
    post = _add_post(topic=topic, author=author, body=body)
    refresh_topic_counters(topic)
    Watch.objects.get_or_create(user=author, topic=topic)
    topic_mark_read(topic=topic, user=author, number=post.number)
    if post.is_visible:
        notifications.owe(notifications.Event.PUBLISHED, post=post, actor=author)
    return topic, post


@transaction.atomic
def post_reply(*, topic, author, body, reply_to=None):
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    post = _add_post(topic=topic, author=author, body=body, reply_to=reply_to)
    refresh_topic_counters(topic)
    Watch.objects.get_or_create(user=author, topic=topic)
    topic_mark_read(topic=topic, user=author, number=post.number)
    if post.is_visible:
        notifications.owe(notifications.Event.PUBLISHED, post=post, actor=author)
    return post


@transaction.atomic
def post_edit(*, post, editor, body, title=None):
    """Edit a post, keeping the previous text for moderators. Returns False when nothing changed."""
    changed = body != post.body or (title is not None and post.is_first and title.strip() != post.topic.title)
    if not changed:
        return False
    if body != post.body:
        PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
        post.body = body
        post.body_html = markup.render(body)
        post.edited_at = timezone.now()
        post.edit_count = F("edit_count") + 1
        post.save(update_fields=["body", "body_html", "edited_at", "edit_count"])
        post.refresh_from_db(fields=["edit_count"])
        _set_mentions(post)
    if title is not None and post.is_first and title.strip() != post.topic.title:
        PostRevision.objects.create(post=post, body=f"# {post.topic.title}", edited_by=editor)
        post.topic.title = title.strip()
        post.topic.save(update_fields=["title"])
    return True


@transaction.atomic
def post_mark_helpful(*, post, user):
    _, created = Reaction.objects.get_or_create(post=post, user=user)
    if created:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
        Topic.objects.filter(pk=post.topic_id).update(helpful_count=F("helpful_count") + 1)
    return created


@transaction.atomic
def post_unmark_helpful(*, post, user):
    deleted, _ = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
        Topic.objects.filter(pk=post.topic_id).update(helpful_count=F("helpful_count") - 1)
    return bool(deleted)


@transaction.atomic
def answer_accept(*, topic, post, user):
    if post.topic_id != topic.pk or post.is_first or not post.is_visible:
        raise ValueError("Only a visible reply in the same topic can be the accepted answer.")
    if topic.accepted_answer_id == post.pk:
        return False
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    if user.pk != topic.author_id:
        _log(Action.ACCEPT_ANSWER, actor=user, topic=topic, post=post)
    notifications.owe(notifications.Event.ACCEPTED, post=post, actor=user)
    return True


@transaction.atomic
def answer_unaccept(*, topic, user):
    if topic.accepted_answer_id is None:
        return False
    topic.accepted_answer = None
    topic.save(update_fields=["accepted_answer"])
    return True


@transaction.atomic
def post_flag(*, post, reporter, reason, note=""):
    flag, created = Flag.objects.get_or_create(
        post=post, reporter=reporter, status=Flag.Status.OPEN, defaults={"reason": reason, "note": note}
    )
    return flag, created


@transaction.atomic
def post_hide(*, post, moderator, reason):
    if post.status == Post.Status.HIDDEN:
        return False
    post.status = Post.Status.HIDDEN
    post.moderation_reason = reason
    post.moderated_by = moderator
    post.moderated_at = timezone.now()
    post.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(
        status=Flag.Status.RESOLVED, resolved_by=moderator, resolved_at=timezone.now()
    )
    refresh_topic_counters(post.topic)
    _log(Action.HIDE_POST, actor=moderator, topic=post.topic, post=post, member=post.author, reason=reason)
    notifications.owe(notifications.Event.HIDDEN, post=post, actor=moderator, reason=post.moderation_reason)
    return True


@transaction.atomic
def post_restore(*, post, moderator, reason=""):
    if post.status == Post.Status.VISIBLE:
        return False
    was_pending = post.status == Post.Status.PENDING
    post.status = Post.Status.VISIBLE
    post.moderation_reason = reason
    post.moderated_by = moderator
    post.moderated_at = timezone.now()
    post.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    refresh_topic_counters(post.topic)
    _log(Action.APPROVE_POST if was_pending else Action.RESTORE_POST, actor=moderator, topic=post.topic, post=post,
         member=post.author, reason=reason)
    notifications.owe(notifications.Event.RESTORED, post=post, actor=moderator, reason=post.moderation_reason)
    if was_pending:
        notifications.owe(notifications.Event.PUBLISHED, post=post, actor=post.author)
    return True


@transaction.atomic
def flag_dismiss(*, flag, moderator, reason=""):
    if flag.status != Flag.Status.OPEN:
        return False
    flag.status = Flag.Status.DISMISSED
    flag.resolved_by = moderator
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["status", "resolved_by", "resolved_at"])
    _log(Action.DISMISS_FLAG, actor=moderator, topic=flag.post.topic, post=flag.post, member=flag.post.author, reason=reason,
         flag_reason=flag.reason)
    return True


def _set_topic_flag(topic, field, value, action, moderator, reason):
    if getattr(topic, field) == value:
        return False
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    _log(action, actor=moderator, topic=topic, reason=reason)
    return True


@transaction.atomic
def topic_lock(*, topic, moderator, reason=""):
    return _set_topic_flag(topic, "is_locked", True, Action.LOCK_TOPIC, moderator, reason)


@transaction.atomic
def topic_unlock(*, topic, moderator, reason=""):
    return _set_topic_flag(topic, "is_locked", False, Action.UNLOCK_TOPIC, moderator, reason)


@transaction.atomic
def topic_pin(*, topic, moderator, reason=""):
    return _set_topic_flag(topic, "is_pinned", True, Action.PIN_TOPIC, moderator, reason)


@transaction.atomic
def topic_unpin(*, topic, moderator, reason=""):
    return _set_topic_flag(topic, "is_pinned", False, Action.UNPIN_TOPIC, moderator, reason)


@transaction.atomic
def topic_move(*, topic, category, moderator, reason=""):
    if topic.category_id == category.pk:
        return False
    previous = topic.category
    topic.category = category
    topic.save(update_fields=["category"])
    _log(Action.MOVE_TOPIC, actor=moderator, topic=topic, reason=reason, from_category=previous.slug, to_category=category.slug)
    return True


@transaction.atomic
def member_suspend(*, member, moderator, until, reason):
    if member.pk == moderator.pk:
        raise ValueError("Moderators cannot suspend themselves.")
    member.suspended_until = until
    member.suspension_reason = reason
    member.save(update_fields=["suspended_until", "suspension_reason"])
    _log(Action.SUSPEND_MEMBER, actor=moderator, member=member, reason=reason, until=until.isoformat())
    return True


@transaction.atomic
def member_reinstate(*, member, moderator, reason=""):
    if member.suspended_until is None:
        return False
    member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["suspended_until", "suspension_reason"])
    _log(Action.REINSTATE_MEMBER, actor=moderator, member=member, reason=reason)
    return True


def topic_mark_read(*, topic, user, number):
    if not user.is_authenticated:
        return
    state, created = ReadState.objects.get_or_create(user=user, topic=topic, defaults={"last_read_number": number})
    if not created and number > state.last_read_number:
        ReadState.objects.filter(pk=state.pk).update(last_read_number=number, read_at=timezone.now())


def watch_topic(*, user, topic):
    return Watch.objects.get_or_create(user=user, topic=topic)[1]


def unwatch_topic(*, user, topic):
    return bool(Watch.objects.filter(user=user, topic=topic).delete()[0])


def watch_category(*, user, category):
    return Watch.objects.get_or_create(user=user, category=category)[1]


def unwatch_category(*, user, category):
    return bool(Watch.objects.filter(user=user, category=category).delete()[0])


def practice_discussion_category(practice):
    """Where a practice's discussion goes: the category tied to one of its themes, else the first public one."""
    theme_ids = list(practice.themes.values_list("pk", flat=True))
    category = Category.objects.filter(theme_id__in=theme_ids, visibility=Category.Visibility.PUBLIC).first()
    return category or Category.objects.filter(visibility=Category.Visibility.PUBLIC).first()
