"""Writing in the forum: topics, replies, edits, helpful reactions, accepted answers, watches, flags.

Views ask forum.permissions and call forum.services; they decide neither rules nor state themselves.
Whoever may not see a thing gets a 404; anonymous visitors are sent to log in; signed-in people who may
see it but not act get a 403 page that says why (membership pending, suspension, locked topic).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from knowledge.models import PracticePage

from .. import markup, services
from ..forms import EditForm, FlagForm, PostForm, TopicForm
from ..models import Category, Flag, Post, Topic
from ..permissions import forum_permissions

POSTING_TOO_FAST = gettext_lazy("You are posting too fast. Please wait a minute and send again; your text is kept.")
FLAGGING_TOO_OFTEN = gettext_lazy("You have sent many flags recently. Please try again later.")
EDITING_TOO_FAST = gettext_lazy("You are editing too fast. Please wait a minute and save again; your text is kept.")
REACTING_TOO_FAST = gettext_lazy("You are marking posts as helpful too often. Please wait a minute and try again.")


def _refuse(request, *, next_url=None, reason=""):
    """Anonymous visitors log in (and come back to next_url, a page they can GET); others get a 403 saying why."""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or request.get_full_path())
    return render(request, "forum/forbidden.html", {"reason": reason}, status=403)


def _submitted(request):
    """The form data of a POST (even an empty one, which must show errors), None for a GET."""
    return request.POST if request.method == "POST" else None


def _too_fast(request, form, *, group, rate, message):
    """Count this submission against the member's rate; when over it, say so on the form (the text stays)."""
    if is_ratelimited(request, group=group, key="user", rate=rate, method="POST", increment=True):
        form.add_error(None, message)
        return True
    return False


def topic_create(request, slug):
    permissions = forum_permissions(request)
    category = get_object_or_404(Category, slug=slug)
    permissions.require_visible(permissions.can_read_category(category))
    if not permissions.can_start_topic(category):
        return _refuse(request)
    if request.method == "POST" and "check_similar" in request.POST:
        return _topic_form_with_similar(request, category)
    form = TopicForm(_submitted(request))
    if request.method == "POST" and form.is_valid():
        if _too_fast(request, form, group="forum-post", rate=settings.FORUM_POST_RATE, message=POSTING_TOO_FAST):
            return render(request, "forum/topic_form.html", {"form": form, "category": category, "offer_similar": True}, status=429)
        topic, post = services.topic_create(
            category=category, author=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
        if not post.is_visible:
            messages.info(request, _("Your topic is waiting for a moderator's approval."))
        return redirect(topic)
    return render(request, "forum/topic_form.html", {"form": form, "category": category, "offer_similar": True})


def _topic_form_with_similar(request, category):
    """"Check for similar" without JavaScript: the same form with what was typed (not yet checked, so no errors)
    and, above its buttons, the discussions and practices like it. Nothing is published."""
    from cop.search import similar_content

    typed = {name: request.POST.get(name, "").replace("\x00", "") for name in ("title", "body", "tags")}
    context = {"form": TopicForm(initial=typed), "category": category, "offer_similar": True, "similar_checked": True}
    if similar_content.too_often(request):
        context["similar_error"] = _("Too many look-ups for similar content. Please wait a minute.")
        return render(request, "forum/topic_form.html", context, status=429)
    context["similar"] = similar_content.similar_to_text(request.user, typed["title"], typed["body"])
    return render(request, "forum/topic_form.html", context)


def _quoted_post(request, topic, permissions):
    """The post being answered (?quote= on the form, reply_to when sent), if this user may see it."""
    quote_id = request.GET.get("quote") or request.POST.get("reply_to") or ""
    if not quote_id.isdigit():
        return None
    quoted = Post.objects.filter(pk=int(quote_id), topic=topic).select_related("author").first()
    if quoted is None:
        return None
    quoted.topic = topic
    return quoted if permissions.can_see_post(quoted) else None


def reply(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    if not permissions.can_reply(topic):
        if topic.is_locked and permissions.can_post:
            return _refuse(request, reason=_("This topic is locked: new replies are closed."))
        return _refuse(request)
    quoted = _quoted_post(request, topic, permissions)
    initial = {"body": markup.quote(quoted)} if quoted is not None and request.method == "GET" else {}
    form = PostForm(_submitted(request), initial=initial)
    context = {"form": form, "topic": topic, "quoted": quoted}
    if request.method == "POST" and form.is_valid():
        if _too_fast(request, form, group="forum-post", rate=settings.FORUM_POST_RATE, message=POSTING_TOO_FAST):
            return render(request, "forum/reply_form.html", context, status=429)
        post = services.post_reply(topic=topic, author=request.user, body=form.cleaned_data["body"], reply_to=quoted)
        if post.is_visible:
            messages.success(request, _("Your reply has been posted."))
        else:
            messages.info(request, _("Your reply is waiting for a moderator's approval."))
        return redirect(post)  # the permalink, which goes on to the page and anchor of the new post
    return render(request, "forum/reply_form.html", context)


def post_edit(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_edit_post(post):
        if post.topic.is_locked and permissions.can_post:
            return _refuse(request, reason=_("This topic is locked: its posts can no longer be edited."))
        return _refuse(request, reason=_("Only the author of a post and the moderators can edit it."))
    edit_title = post.is_first
    form = EditForm(_submitted(request), initial={"body": post.body, "title": post.topic.title}, edit_title=edit_title)
    if request.method == "POST" and form.is_valid():
        if _too_fast(request, form, group="forum-edit", rate=settings.FORUM_EDIT_RATE, message=EDITING_TOO_FAST):
            return render(request, "forum/post_edit.html", {"form": form, "post": post}, status=429)
        changed = services.post_edit(
            post=post, editor=request.user, body=form.cleaned_data["body"],
            title=form.cleaned_data["title"] if edit_title else None,
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
        if permissions.can_post and permissions.is_author(post):
            return _refuse(request, reason=_("You cannot mark your own post as helpful."))
        return _refuse(request, next_url=post.get_absolute_url())
    if is_ratelimited(request, group="forum-reaction", key="user", rate=settings.FORUM_REACTION_RATE, increment=True):
        messages.error(request, REACTING_TOO_FAST)  # shown on the post the member comes back to
        return redirect(post)
    if not services.post_mark_helpful(post=post, user=request.user):
        services.post_unmark_helpful(post=post, user=request.user)
    return redirect(post)


@require_POST
def post_accept(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_accept_answer(post.topic):
        return _refuse(
            request, next_url=post.get_absolute_url(),
            reason=_("Only the author of the topic and the moderators can choose the accepted answer."),
        )
    try:
        if services.answer_accept(topic=post.topic, post=post, user=request.user):
            messages.success(request, _("This reply is now the accepted answer."))
    except ValueError:
        messages.error(request, _("Only a visible reply can be the accepted answer."))
    return redirect(post)


@require_POST
def topic_unaccept(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    if not permissions.can_accept_answer(topic):
        return _refuse(
            request, next_url=topic.get_absolute_url(),
            reason=_("Only the author of the topic and the moderators can choose the accepted answer."),
        )
    if services.answer_unaccept(topic=topic, user=request.user):
        messages.success(request, _("The topic no longer has an accepted answer."))
    return redirect(topic)


@require_POST
def topic_watch(request, pk):
    permissions = forum_permissions(request)
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    permissions.require_visible(permissions.can_read_topic(topic))
    if not permissions.can_watch():
        return _refuse(request, next_url=topic.get_absolute_url())
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
        return _refuse(request, next_url=category.get_absolute_url())
    if services.watch_category(user=request.user, category=category):
        messages.success(request, _("You are watching this category: you will hear about new topics."))
    else:
        services.unwatch_category(user=request.user, category=category)
        messages.success(request, _("You no longer watch this category."))
    return redirect(category)


def practice_discuss(request, page_id):
    """The practice's discussion: the existing topic, or a new-topic form prefilled from the practice."""
    permissions = forum_permissions(request)
    practice = get_object_or_404(PracticePage.objects.live().public(), pk=page_id)
    existing = Topic.objects.filter(practice=practice).select_related("category").first()
    if existing is not None:
        if permissions.can_read_topic(existing):
            return redirect(existing)
        if not request.user.is_authenticated:
            return redirect_to_login(existing.get_absolute_url())
        raise Http404
    if not permissions.can_post:
        return _refuse(request)
    categories = permissions.readable_categories().order_by("position", "name")
    default = services.practice_discussion_category(practice) or categories.first()
    if default is None:
        raise Http404
    form = TopicForm(_submitted(request), categories=categories, initial={"title": practice.title[:200], "category": default})
    context = {"form": form, "category": default, "practice": practice}
    if request.method == "POST" and form.is_valid():
        if _too_fast(request, form, group="forum-post", rate=settings.FORUM_POST_RATE, message=POSTING_TOO_FAST):
            return render(request, "forum/topic_form.html", context, status=429)
        try:
            topic, _post = services.topic_create(
                category=form.cleaned_data["category"] or default, author=request.user, title=form.cleaned_data["title"],
                body=form.cleaned_data["body"], tags=form.cleaned_data["tags"], practice=practice,
            )
        except IntegrityError:  # someone else started the discussion a moment ago
            return redirect(Topic.objects.get(practice=practice))
        return redirect(topic)
    return render(request, "forum/topic_form.html", context)


def post_flag(request, pk):
    permissions = forum_permissions(request)
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    permissions.require_visible(permissions.can_see_post(post))
    if not permissions.can_flag(post):
        if permissions.is_member and permissions.is_author(post):
            return _refuse(request, reason=_("You cannot flag your own post."))
        return _refuse(request)
    already = Flag.objects.filter(post=post, reporter=request.user, status=Flag.Status.OPEN).exists()
    form = FlagForm(_submitted(request))
    context = {"form": form, "post": post, "already_flagged": already}
    if request.method == "POST" and form.is_valid():
        if _too_fast(request, form, group="forum-flag", rate=settings.FORUM_FLAG_RATE,
                     message=FLAGGING_TOO_OFTEN):
            return render(request, "forum/flag_form.html", context, status=429)
        _flag, created = services.post_flag(
            post=post, reporter=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
        if created:
            messages.success(request, _("Thank you: the moderators will look at this post."))
        else:
            messages.info(request, _("You have already flagged this post; the moderators will look at it."))
        return redirect(post)
    return render(request, "forum/flag_form.html", context)
