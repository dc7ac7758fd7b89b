"""Reading the forum: categories, topic lists, topics with paginated posts, permalinks, edit history.

Every page runs a fixed number of queries whatever the number of topics or posts: counts come from the
counters the services keep, per-row values from annotations, never from a query per row.
"""

import logging
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from cop.core.page_cache import anonymous_cacheable
from knowledge.models import PracticePage

from .. import services
from ..forms import PostForm
from ..models import Category, Flag, Post, Reaction, ReadState, Topic, Watch
from ..permissions import forum_permissions

logger = logging.getLogger(__name__)

# How many participants the topic summary shows (Discourse shows about as many).
PARTICIPANTS_SHOWN = 8

SORTS = {
    "latest": ("-is_pinned", "-last_activity_at", "-pk"),
    "new": ("-created_at", "-pk"),
    "top": ("-helpful_count", "-post_count", "-last_activity_at", "-pk"),
}


@anonymous_cacheable
def index(request):
    permissions = forum_permissions(request)
    listed = Topic.objects.filter(category=OuterRef("pk"), post_count__gt=0).order_by("-last_activity_at", "-pk")
    categories = list(
        permissions.readable_categories()
        .annotate(
            topic_total=Count("topics", filter=Q(topics__post_count__gt=0)),
            post_total=Coalesce(Sum("topics__post_count"), 0),
            latest_topic_id=Subquery(listed.values("pk")[:1]),
        )
        .order_by("position", "name")
    )
    latest = Topic.objects.select_related("last_post__author").in_bulk(
        [c.latest_topic_id for c in categories if c.latest_topic_id]
    )
    for category in categories:
        category.latest_topic = latest.get(category.latest_topic_id)
    return render(request, "forum/index.html", {"categories": categories})


def _with_read_state(topics, user):
    """Annotate how far the user has read (None: never opened) and how many visible posts came since."""
    if not user.is_authenticated:
        return topics
    last_read = ReadState.objects.filter(user=user, topic=OuterRef("pk")).values("last_read_number")[:1]
    since = (
        Post.objects.filter(topic=OuterRef("pk"), status=Post.Status.VISIBLE, number__gt=OuterRef("last_read_number"))
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return topics.annotate(last_read_number=Subquery(last_read)).annotate(unread_count=Coalesce(Subquery(since), 0))


@anonymous_cacheable
def category(request, slug):
    permissions = forum_permissions(request)
    category = get_object_or_404(Category, slug=slug)
    permissions.require_visible(permissions.can_read_category(category))
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "latest"
    topics = Topic.objects.filter(category=category)
    if not permissions.is_moderator:
        # The same rule as can_read_topic: a topic without visible posts is listed only to its author.
        listed = Q(post_count__gt=0)
        if request.user.is_authenticated:
            listed |= Q(author=request.user)
        topics = topics.filter(listed)
    topics = _with_read_state(
        # Tags with their English names (`tag_name` on English pages): one more query, whatever the number of tags
        # (taggit does not take a Prefetch with a queryset).
        topics.select_related("author", "last_post__author").prefetch_related("tags__description"), request.user
    ).order_by(*SORTS[sort])
    page = Paginator(topics, settings.FORUM_TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    watching = permissions.can_watch() and Watch.objects.filter(user=request.user, category=category).exists()
    return render(
        request,
        "forum/category.html",
        {
            "category": category, "page": page, "sort": sort, "query": f"sort={sort}",
            "can_start_topic": permissions.can_start_topic(category), "can_watch": permissions.can_watch(),
            "watching": watching,
        },
    )


def _visible_posts(topic, permissions):
    return Post.objects.filter(topic=topic).filter(permissions.visible_posts_filter())


def _public_practice(topic):
    """The practice a topic discusses, only while it is live and not restricted to some readers."""
    if topic.practice_id is None:
        return None
    return PracticePage.objects.live().public().filter(pk=topic.practice_id).first()


def _mark_read(topic, user, number):
    """Best effort: a reader must get the topic even when the database cannot take a write (read-only, full,
    locked for too long); the unread marker simply stays where it was."""
    try:
        with transaction.atomic():
            services.topic_mark_read(topic=topic, user=user, number=number)
    except DatabaseError:
        logger.warning("forum: could not save how far %s read topic %s", user.pk, topic.pk, exc_info=True)


def _participants(topic):
    """The authors of the topic's visible posts, most posts first (then who wrote first), at most
    PARTICIPANTS_SHOWN of them, and how many there are in all: one query whatever their number (the window
    counts the groups before the LIMIT)."""
    people = list(
        get_user_model().objects.filter(forum_posts__topic=topic, forum_posts__status=Post.Status.VISIBLE)
        .annotate(posts_here=Count("forum_posts"), first_here=Min("forum_posts__number"), everyone=Window(Count("*")))
        .order_by("-posts_here", "first_here")[:PARTICIPANTS_SHOWN]
    )
    return people, people[0].everyone if people else 0


@anonymous_cacheable
def topic(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(
        Topic.objects.select_related("category", "author", "last_post__author", "accepted_answer__author"), pk=pk
    )
    permissions.require_visible(permissions.can_read_topic(topic))
    posts = _visible_posts(topic, permissions).select_related("author", "moderated_by").order_by("number")
    if request.user.is_authenticated:
        posts = posts.annotate(
            marked_helpful=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=request.user)),
            flagged=Exists(Flag.objects.filter(post=OuterRef("pk"), reporter=request.user, status=Flag.Status.OPEN)),
        )
    page = Paginator(posts, settings.FORUM_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    post_list = list(page.object_list)
    for post in post_list:
        post.topic = topic  # the permission checks in the template read post.topic: no query per post
    accepted = topic.accepted_answer
    if accepted is not None:
        accepted.topic = topic
        if not permissions.can_see_post(accepted):
            accepted = None
    if post_list and request.user.is_authenticated:
        _mark_read(topic, request.user, post_list[-1].number)
    can_reply = permissions.can_reply(topic)
    participants, participant_count = _participants(topic)
    return render(
        request,
        "forum/topic.html",
        {
            "topic": topic, "page": page, "posts": post_list, "accepted": accepted, "practice": _public_practice(topic),
            "can_watch": permissions.can_watch(),
            "watching": permissions.can_watch() and Watch.objects.filter(user=request.user, topic=topic).exists(),
            "can_reply": can_reply, "reply_form": PostForm() if can_reply else None,
            "can_accept": permissions.can_accept_answer(topic),
            # Under the opening post the accepted answer is only previewed: the link jumps to it on this page,
            # or goes through its permalink to the page it is on.
            "accepted_here": accepted is not None and any(post.pk == accepted.pk for post in post_list),
            # The summary counts what everyone sees: visible posts (the services keep these counters).
            "reply_count": max(topic.post_count - 1, 0),
            "last_reply": topic.last_post if topic.last_post and not topic.last_post.is_first else None,
            "participants": participants, "participants_more": participant_count - len(participants),
        },
    )


def post_permalink(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    # The page this user sees it on: only the posts they may see come before it.
    earlier = _visible_posts(post.topic, permissions).filter(number__lte=post.number).count()
    page = max(1, math.ceil(earlier / settings.FORUM_POSTS_PER_PAGE))
    url = post.topic.get_absolute_url() + (f"?page={page}" if page > 1 else "") + f"#post-{post.number}"
    return HttpResponseRedirect(url)


@login_required  # before the lookup, so the redirect says nothing about whether the post exists
def post_history(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    permissions.require(permissions.can_see_edit_history(post))
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})
