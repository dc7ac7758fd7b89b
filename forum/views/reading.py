"""Reading the forum: categories, topic lists, topics with paginated posts, permalinks, edit history."""

import math

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from .. import services
from ..models import Category, Flag, Post, Reaction, ReadState, Topic, Watch
from ..permissions import forum_permissions

SORTS = {
    "latest": ("-is_pinned", "-last_activity_at", "-pk"),
    "new": ("-created_at", "-pk"),
    "top": ("-helpful_count", "-post_count", "-last_activity_at"),
}


def index(request):
    permissions = forum_permissions(request)
    categories = list(
        permissions.readable_categories().annotate(
            topic_total=Count("topics", filter=Q(topics__post_count__gt=0), distinct=True),
        )
    )
    latest = {}
    for topic in (
        Topic.objects.filter(category__in=[c.pk for c in categories], post_count__gt=0)
        .order_by("category_id", "-last_activity_at")
        .select_related("last_post__author")
    ):
        latest.setdefault(topic.category_id, topic)
    post_totals = dict(
        Topic.objects.filter(category__in=[c.pk for c in categories]).values("category").annotate(n=Sum("post_count")).values_list("category", "n")
    )
    rows = [{"category": c, "latest": latest.get(c.pk), "posts": post_totals.get(c.pk) or 0} for c in categories]
    return render(request, "forum/index.html", {"rows": rows})


def _with_unread(topics, user):
    if not user.is_authenticated:
        return topics
    last_read = ReadState.objects.filter(user=user, topic=OuterRef("pk")).values("last_read_number")[:1]
    return topics.annotate(last_read_number=Subquery(last_read))


def category(request, slug):
    permissions = forum_permissions(request)
    category = get_object_or_404(Category, slug=slug)
    permissions.require_visible(permissions.can_read_category(category))
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "latest"
    topics = Topic.objects.filter(category=category)
    if not permissions.is_moderator:
        topics = topics.filter(Q(post_count__gt=0) | Q(author=request.user) if request.user.is_authenticated else Q(post_count__gt=0))
    topics = _with_unread(topics.select_related("author", "last_post__author").prefetch_related("tags"), request.user)
    page = Paginator(topics.order_by(*SORTS[sort]), settings.FORUM_TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    watching = request.user.is_authenticated and Watch.objects.filter(user=request.user, category=category).exists()
    return render(
        request,
        "forum/category.html",
        {
            "category": category, "page": page, "sort": sort, "sorts": SORTS.keys(), "query": f"sort={sort}",
            "can_start_topic": permissions.can_start_topic(category), "watching": watching,
        },
    )


def _visible_posts(topic, permissions):
    return Post.objects.filter(topic=topic).filter(permissions.visible_posts_filter())


def topic(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category", "author", "practice", "accepted_answer__author"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    posts = _visible_posts(topic, permissions).select_related("author", "reply_to", "moderated_by").order_by("number")
    if request.user.is_authenticated:
        posts = posts.annotate(
            marked_helpful=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=request.user)),
            flagged=Exists(Flag.objects.filter(post=OuterRef("pk"), reporter=request.user, status=Flag.Status.OPEN)),
        )
    page = Paginator(posts, settings.FORUM_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    post_list = list(page.object_list)
    accepted = topic.accepted_answer if topic.accepted_answer and permissions.can_see_post(topic.accepted_answer) else None
    practice = topic.practice if topic.practice and topic.practice.live and not topic.practice.get_view_restrictions().exists() else None
    watching = request.user.is_authenticated and Watch.objects.filter(user=request.user, topic=topic).exists()
    if post_list and request.user.is_authenticated:
        services.topic_mark_read(topic=topic, user=request.user, number=post_list[-1].number)
    return render(
        request,
        "forum/topic.html",
        {
            "topic": topic, "page": page, "posts": post_list, "accepted": accepted, "practice": practice,
            "watching": watching, "perms": permissions, "can_reply": permissions.can_reply(topic),
            "can_accept": permissions.can_accept_answer(topic), "is_moderator": permissions.is_moderator,
        },
    )


def post_permalink(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    earlier = _visible_posts(post.topic, permissions).filter(number__lte=post.number).count()
    page = max(1, math.ceil(earlier / settings.FORUM_POSTS_PER_PAGE))
    url = post.topic.get_absolute_url() + (f"?page={page}" if page > 1 else "") + f"#post-{post.number}"
    return HttpResponseRedirect(url)


def post_history(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    permissions.require(permissions.can_see_edit_history(post))
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})
