"""Moderation: the queue, hiding and restoring posts, flags, locking, pinning and moving topics, suspensions and
the audit log.

Views only ask forum.permissions and call forum.services (which write the audit log). A thing the visitor may
not see is a 404; a visible thing they may not moderate is a 403. Every action is safe to repeat.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..moderation_forms import HideForm, LogFilterForm, MoveForm, ReasonForm, SuspendForm
from ..models import Flag, ModerationLog, Post, Topic
from ..permissions import forum_permissions

QUEUE_LIMIT = 100
LOG_PAGE_SIZE = 50


def _login_first(view):
    """Anonymous visitors go to the login form before anything is looked up, so nothing is revealed: back to
    the page they opened, or after a POST (an action URL that cannot be opened) to the page it came from or
    the moderation queue."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                return redirect_to_login(_next_url(request) or reverse("forum:mod_queue"))
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _require_moderator(request, *, visible=True):
    """404 when the visitor may not see the thing at all, 403 when they see it but may not moderate it."""
    permissions = forum_permissions(request)
    permissions.require_visible(visible)
    permissions.require(permissions.can_moderate())
    return permissions


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _back(request, default):
    return redirect(_next_url(request) or default)


def _post(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    _require_moderator(request, visible=forum_permissions(request).can_see_post(post))
    return post


def _topic(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    _require_moderator(request, visible=forum_permissions(request).can_read_topic(topic))
    return topic


def _member(request, username):
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    _require_moderator(request, visible=forum_permissions(request).can_see_member(member))
    return member


def _optional_reason(request):
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


def _report(request, changed, done, already):
    """A success message when the action changed something, a neutral one when it had been done already."""
    if changed:
        messages.success(request, done)
    else:
        messages.info(request, already)


def _wanted_state(request, field, current):
    """The state a toggle asks for: explicit ("1"/"0") so a repeated POST changes nothing, else the opposite."""
    value = request.POST.get(field)
    if value in ("1", "0"):
        return value == "1"
    return not current


# The queue and the log ------------------------------------------------------------------------------------------


@_login_first
def queue(request):
    _require_moderator(request)
    open_flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("post__topic__category", "post__author", "reporter")
        .order_by("created_at", "pk")
    )
    flagged = {}
    for flag in open_flags:
        flagged.setdefault(flag.post_id, {"post": flag.post, "flags": []})["flags"].append(flag)
    flagged = list(flagged.values())
    pending = (
        Post.objects.filter(status=Post.Status.PENDING)
        .select_related("topic__category", "author")
        .order_by("created_at", "pk")
    )
    pending_count = pending.count()
    return render(
        request,
        "forum/moderation_queue.html",
        {
            "flagged": flagged[:QUEUE_LIMIT],
            "flagged_count": len(flagged),
            "pending": pending[:QUEUE_LIMIT],
            "pending_count": pending_count,
            "limit": QUEUE_LIMIT,
            "hide_form": HideForm(),
            "queue_url": reverse("forum:mod_queue"),
        },
    )


@_login_first
def log(request):
    _require_moderator(request)
    form = LogFilterForm(request.GET or None)
    entries = ModerationLog.objects.select_related("actor", "topic", "post", "member")
    entries = form.filter(entries).order_by("-created_at", "-pk")
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        _describe(entry)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "forum/moderation_log.html", {"form": form, "page": page, "query": query.urlencode()})


def _describe(entry):
    """Readable forms of the details an entry keeps as JSON."""
    until = entry.details.get("until")
    entry.until = parse_datetime(until) if isinstance(until, str) else None
    flag_reason = entry.details.get("flag_reason")
    entry.flag_reason = Flag.Reason(flag_reason).label if flag_reason in Flag.Reason.values else ""


# Posts and flags ------------------------------------------------------------------------------------------------


@_login_first
def post_hide(request, pk):
    post = _post(request, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = services.post_hide(post=post, moderator=request.user, reason=form.cleaned_data["reason"])
        _report(request, changed, _("The post is hidden. Its author can see the reason."), _("The post was already hidden."))
        return _back(request, post.get_absolute_url())
    return render(request, "forum/moderation_hide.html", {"form": form, "post": post, "next": _next_url(request)})


@require_POST
@_login_first
def post_restore(request, pk):
    post = _post(request, pk)
    reason = _optional_reason(request)
    was_pending = post.status == Post.Status.PENDING
    changed = services.post_restore(post=post, moderator=request.user, reason=reason)
    done = _("The post is approved and published.") if was_pending else _("The post is visible again.")
    _report(request, changed, done, _("The post was already visible."))
    return _back(request, post.get_absolute_url())


@require_POST
@_login_first
def flag_dismiss(request, pk):
    """Dismiss one flag, or with all=1 every open flag on the same post."""
    flag = get_object_or_404(Flag.objects.select_related("post__topic__category", "post__author"), pk=pk)
    _require_moderator(request, visible=forum_permissions(request).can_see_flag(flag))
    reason = _optional_reason(request)
    flags = [flag]
    if request.POST.get("all") == "1":
        flags = list(Flag.objects.filter(post=flag.post, status=Flag.Status.OPEN).select_related("post__topic", "post__author"))
    dismissed = sum(services.flag_dismiss(flag=f, moderator=request.user, reason=reason) for f in flags)
    if dismissed:
        messages.success(
            request, ngettext("%(count)d flag dismissed.", "%(count)d flags dismissed.", dismissed) % {"count": dismissed}
        )
    else:
        messages.info(request, _("There was no open flag to dismiss."))
    return _back(request, reverse("forum:mod_queue"))


# Topics ---------------------------------------------------------------------------------------------------------


@require_POST
@_login_first
def topic_lock(request, pk):
    topic = _topic(request, pk)
    reason = _optional_reason(request)
    if _wanted_state(request, "locked", topic.is_locked):
        changed = services.topic_lock(topic=topic, moderator=request.user, reason=reason)
        _report(request, changed, _("The topic is locked: only moderators can reply."), _("The topic was already locked."))
    else:
        changed = services.topic_unlock(topic=topic, moderator=request.user, reason=reason)
        _report(request, changed, _("The topic is open for replies again."), _("The topic was not locked."))
    return _back(request, topic.get_absolute_url())


@require_POST
@_login_first
def topic_pin(request, pk):
    topic = _topic(request, pk)
    reason = _optional_reason(request)
    if _wanted_state(request, "pinned", topic.is_pinned):
        changed = services.topic_pin(topic=topic, moderator=request.user, reason=reason)
        _report(request, changed, _("The topic is pinned to the top of its category."), _("The topic was already pinned."))
    else:
        changed = services.topic_unpin(topic=topic, moderator=request.user, reason=reason)
        _report(request, changed, _("The topic is no longer pinned."), _("The topic was not pinned."))
    return _back(request, topic.get_absolute_url())


@_login_first
def topic_move(request, pk):
    topic = _topic(request, pk)
    form = MoveForm(request.POST or None, topic=topic)
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        changed = services.topic_move(topic=topic, category=category, moderator=request.user, reason=form.cleaned_data["reason"])
        names = {"category": category.name}
        done, already = _("The topic is moved to “%(category)s”."), _("The topic is already in “%(category)s”.")
        _report(request, changed, done % names, already % names)
        return _back(request, topic.get_absolute_url())
    return render(request, "forum/moderation_move.html", {"form": form, "topic": topic, "next": _next_url(request)})


# Members --------------------------------------------------------------------------------------------------------


def _refusal(request, member):
    if member.pk == request.user.pk:
        return _("You cannot suspend yourself.")
    return _("Moderators cannot be suspended. Another moderator can only be suspended after losing the moderator role.")


@_login_first
def member_suspend(request, username):
    member = _member(request, username)
    permissions = forum_permissions(request)
    context = {"member": member, "next": _next_url(request)}
    if not permissions.can_suspend(member):
        context["refusal"] = _refusal(request, member)
        return render(request, "forum/moderation_suspend.html", context, status=403)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = form.suspended_until()
        services.member_suspend(member=member, moderator=request.user, until=until, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("%(name)s cannot post until %(date)s.")
            % {"name": member.display_name, "date": formats.date_format(timezone.localtime(until), "SHORT_DATETIME_FORMAT")},
        )
        return _back(request, member.get_absolute_url())
    context["form"] = form
    return render(request, "forum/moderation_suspend.html", context)


@require_POST
@_login_first
def member_reinstate(request, username):
    member = _member(request, username)
    reason = _optional_reason(request)
    changed = services.member_reinstate(member=member, moderator=request.user, reason=reason)
    names = {"name": member.display_name}
    _report(request, changed, _("%(name)s can post again.") % names, _("%(name)s is not suspended.") % names)
    return _back(request, member.get_absolute_url())

