"""Writing in the forum: topics, replies, edits, helpful reactions, accepted answers, watches, flags."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from knowledge.models import PracticePage

from .. import markup, services
from ..forms import EditForm, FlagForm, PostForm, TopicForm
from ..models import Category, Post, Topic
from ..permissions import forum_permissions


def _login_first(request):
    return redirect_to_login(request.get_full_path())


def _limited(request, group, rate):
    return is_ratelimited(request, group=group, key="user", rate=rate, method="POST", increment=True)


def _refuse(request, permissions):
    """Anonymous visitors log in; signed-in people who may not write get a 403 that says why."""
    if not request.user.is_authenticated:
        return _login_first(request)
    raise PermissionDenied


def topic_create(request, slug):
    permissions = forum_permissions(request)
    category = get_object_or_404(Category, slug=slug)
    permissions.require_visible(permissions.can_read_category(category))
    if not permissions.can_start_topic(category):
        return _refuse(request, permissions)
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _limited(request, "forum-post", settings.FORUM_POST_RATE):
            form.add_error(None, _("You are posting too fast. Please wait a minute and send again; your text is kept."))
            status = 429
        else:
            topic, post = services.topic_create(
                category=category, author=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
            )
            if not post.is_visible:
                messages.info(request, _("Your topic is waiting for a moderator's approval."))
            return redirect(topic)
    return render(request, "forum/topic_form.html", {"form": form, "category": category}, status=status)


def reply(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    if not permissions.can_reply(topic):
        if topic.is_locked and request.user.is_authenticated:
            messages.error(request, _("This topic is locked: new replies are closed."))
            return redirect(topic)
        return _refuse(request, permissions)
    quoted = None
    initial = {}
    quote_id = request.GET.get("quote") or request.POST.get("reply_to")
    if quote_id and str(quote_id).isdigit():
        quoted = Post.objects.filter(pk=int(quote_id), topic=topic).select_related("author").first()
        if quoted is not None and not permissions.can_see_post(quoted):
            quoted = None
        if quoted is not None and request.method == "GET":
            initial["body"] = markup.quote(quoted)
    form = PostForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _limited(request, "forum-post", settings.FORUM_POST_RATE):
            form.add_error(None, _("You are posting too fast. Please wait a minute and send again; your text is kept."))
            status = 429
        else:
            post = services.post_reply(topic=topic, author=request.user, body=form.cleaned_data["body"], reply_to=quoted)
            if not post.is_visible:
                messages.info(request, _("Your reply is waiting for a moderator's approval."))
                return redirect(topic)
            return redirect(post)
    return render(request, "forum/reply_form.html", {"form": form, "topic": topic, "quoted": quoted}, status=status)


def post_edit(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_edit_post(post):
        return _refuse(request, permissions)
    edit_title = post.is_first
    initial = {"body": post.body, "title": post.topic.title}
    form = EditForm(request.POST or None, initial=initial, edit_title=edit_title)
    if request.method == "POST" and form.is_valid():
        changed = services.post_edit(
            post=post, editor=request.user, body=form.cleaned_data["body"], title=form.cleaned_data.get("title") if edit_title else None
        )
        messages.success(request, _("Your changes are saved.") if changed else _("Nothing was changed."))
        return redirect(post)
    return render(request, "forum/post_edit.html", {"form": form, "post": post})


@require_POST
def post_helpful(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_react(post):
        return _refuse(request, permissions)
    if not services.post_mark_helpful(post=post, user=request.user):
        services.post_unmark_helpful(post=post, user=request.user)
    return redirect(post)


@require_POST
def post_accept(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_accept_answer(post.topic):
        return _refuse(request, permissions)
    try:
        services.answer_accept(topic=post.topic, post=post, user=request.user)
    except ValueError:
        messages.error(request, _("Only a visible reply can be the accepted answer."))
    return redirect(post)


@require_POST
def topic_unaccept(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    if not permissions.can_accept_answer(topic):
        return _refuse(request, permissions)
    services.answer_unaccept(topic=topic, user=request.user)
    return redirect(topic)


@require_POST
def topic_watch(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    if not permissions.can_watch():
        return _refuse(request, permissions)
    if services.watch_topic(user=request.user, topic=topic):
        messages.success(request, _("You are watching this topic: you will hear about new replies."))
    else:
        services.unwatch_topic(user=request.user, topic=topic)
        messages.success(request, _("You no longer watch this topic."))
    return redirect(topic)


@require_POST
def category_watch(request, slug):
    permissions = forum_permissions(request)
    category = get_object_or_404(Category, slug=slug)
    permissions.require_visible(permissions.can_read_category(category))
    if not permissions.can_watch():
        return _refuse(request, permissions)
    if services.watch_category(user=request.user, category=category):
        messages.success(request, _("You are watching this category: you will hear about new topics."))
    else:
        services.unwatch_category(user=request.user, category=category)
        messages.success(request, _("You no longer watch this category."))
    return redirect(category)


def practice_discuss(request, page_id):
    permissions = forum_permissions(request)
    practice = get_object_or_404(PracticePage.objects.live().public(), pk=page_id)
    existing = Topic.objects.filter(practice=practice).select_related("category").first()
    if existing is not None and permissions.can_read_topic(existing):
        return redirect(existing)
    category = services.practice_discussion_category(practice)
    if category is None or existing is not None:
        raise PermissionDenied
    if not permissions.can_start_topic(category):
        return _refuse(request, permissions)
    form = TopicForm(request.POST or None, initial={"title": practice.title[:200]})
    status = 200
    if request.method == "POST" and form.is_valid():
        if _limited(request, "forum-post", settings.FORUM_POST_RATE):
            form.add_error(None, _("You are posting too fast. Please wait a minute and send again; your text is kept."))
            status = 429
        else:
            topic, _post = services.topic_create(
                category=category, author=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"], practice=practice,
            )
            return redirect(topic)
    return render(request, "forum/topic_form.html", {"form": form, "category": category, "practice": practice}, status=status)


def post_flag(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_flag(post):
        return _refuse(request, permissions)
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _limited(request, "forum-flag", settings.FORUM_FLAG_RATE):
            form.add_error(None, _("You have sent many flags recently. Please try again later."))
            status = 429
        else:
            _flag, created = services.post_flag(post=post, reporter=request.user, reason=form.cleaned_data["reason"],
                                                note=form.cleaned_data["note"])
            if created:
                messages.success(request, _("Thank you: the moderators will look at this post."))
            else:
                messages.info(request, _("You have already flagged this post; the moderators will look at it."))
            return redirect(post)
    return render(request, "forum/flag_form.html", {"form": form, "post": post}, status=status)
