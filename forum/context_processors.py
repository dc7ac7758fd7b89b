"""Counts for the header: a member's unread notifications and, for moderators, what waits in the moderation queue."""

from django.contrib.auth import get_user_model
from django.db.models import Func, IntegerField, Subquery
from django.db.models.functions import Coalesce

from cop.members import roles

from .models import Flag, Notification, Post
from .permissions import forum_permissions


def _count(queryset):
    """COUNT(*) of a queryset as a scalar subquery, so several counts share one query."""
    counted = queryset.order_by().annotate(n=Func("pk", function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(counted), 0)


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not roles.is_member(user):
        return {}
    permissions = forum_permissions(request)
    unread = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .filter(permissions.visible_notifications_filter())
    )
    if not permissions.is_moderator:
        return {"unread_notifications": unread.count()}
    # One query for all three counts: the user's row hosts them as subqueries.
    counts = (
        get_user_model().objects.filter(pk=user.pk)
        .annotate(
            unread=_count(unread),
            flags=_count(Flag.objects.filter(status=Flag.Status.OPEN)),
            pending=_count(Post.objects.filter(status=Post.Status.PENDING)),
        )
        .values_list("unread", "flags", "pending")
        .get()
    )
    return {"unread_notifications": counts[0], "moderation_count": counts[1] + counts[2]}
