"""Every forum permission rule, in one place. Views and search ask this; they never decide themselves.

A thing the user may not see raises Http404 (its existence is not revealed); a visible thing the user
may not act on raises PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from cop.members import roles

from .models import Category, Post


class ForumPermissions:
    def __init__(self, user):
        self.user = user
        self.is_member = roles.is_member(user)
        self.is_moderator = roles.is_moderator(user)
        self.can_post = roles.can_post(user)

    # Reading
    def readable_categories(self):
        categories = Category.objects.all()
        if not self.is_member:
            categories = categories.filter(visibility=Category.Visibility.PUBLIC)
        return categories

    def can_read_category(self, category):
        return self.is_member or category.visibility == Category.Visibility.PUBLIC

    def can_read_topic(self, topic):
        if not self.can_read_category(topic.category):
            return False
        return self.is_moderator or topic.post_count > 0 or self.is_author(topic)

    def visible_posts_filter(self, prefix=""):
        """A Q for the posts this user may see: visible ones, plus their own pending/hidden ones; all for moderators."""
        if self.is_moderator:
            return Q()
        condition = Q(**{f"{prefix}status": Post.Status.VISIBLE})
        if self.user.is_authenticated:
            condition |= Q(**{f"{prefix}author": self.user})
        return condition

    def can_see_post(self, post):
        return self.can_read_topic(post.topic) and (
            self.is_moderator or post.status == Post.Status.VISIBLE or self.is_author(post)
        )

    # Writing
    def can_start_topic(self, category):
        return self.can_post and self.can_read_category(category)

    def can_reply(self, topic):
        return self.can_post and self.can_read_topic(topic) and (not topic.is_locked or self.is_moderator)

    def can_edit_post(self, post):
        if self.is_moderator:
            return True
        return self.can_post and self.is_author(post) and post.status != Post.Status.HIDDEN and not post.topic.is_locked

    def can_react(self, post):
        return self.can_post and post.status == Post.Status.VISIBLE and not self.is_author(post)

    def can_flag(self, post):
        return self.is_member and not self.user.is_suspended and post.status == Post.Status.VISIBLE and not self.is_author(post)

    def can_accept_answer(self, topic):
        return self.is_moderator or (self.can_post and self.is_author(topic))

    def can_watch(self):
        return self.is_member

    def can_see_edit_history(self, post):
        return self.is_moderator

    # Moderation
    def can_moderate(self):
        return self.is_moderator

    def can_see_member(self, member):
        return roles.can_view_profile(self.user, member)

    def can_suspend(self, member):
        """Moderators suspend members, never themselves or another moderator."""
        return self.is_moderator and member.pk != self.user.pk and not roles.is_moderator(member)

    def can_see_flag(self, flag):
        return self.is_moderator or (self.user.is_authenticated and flag.reporter_id == self.user.pk)

    # Notifications
    def visible_notifications_filter(self):
        """A Q for the user's notifications still worth showing: those about topics and posts they may still
        see (the rules of can_read_topic and can_see_post), and always the moderation of their own posts."""
        if self.is_moderator:
            return Q()
        if not self.user.is_authenticated:
            return Q(pk__in=[])
        readable = Q(topic__post_count__gt=0) | Q(topic__author=self.user)
        if not self.is_member:
            readable &= Q(topic__category__visibility=Category.Visibility.PUBLIC)
        post = Q(post__isnull=True) | self.visible_posts_filter(prefix="post__")
        own_moderation = Q(kind="moderation", post__author=self.user)
        # Not about a topic (a practice submission, a saved search): made for this user, checked where it leads.
        direct = Q(topic__isnull=True)
        return (readable & post) | own_moderation | direct

    # Helpers that raise
    def require(self, allowed):
        if not allowed:
            raise PermissionDenied

    def require_visible(self, visible):
        if not visible:
            raise Http404

    def is_author(self, obj):
        """Whether the user wrote this topic or post (views use it to explain a refusal)."""
        return self.user.is_authenticated and obj.author_id == self.user.pk


def forum_permissions(request):
    """One handler per request."""
    handler = getattr(request, "_forum_permissions", None)
    if handler is None:
        handler = request._forum_permissions = ForumPermissions(request.user)
    return handler
