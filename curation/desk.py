"""What the moderators' desk shows: counts and short lists of everything that waits for a moderator, each with
where it is acted on. A fixed number of queries whatever the amounts (tests/test_curation_desk.py asserts it)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState

from cop.members.models import User
from forum.models import Flag, ModerationLog, Post
from knowledge.models import PracticePage

LIST_LENGTH = 5
LOG_LENGTH = 12
# Every save of a page is logged: the desk shows decisions, not keystrokes (and a member's draft is nobody's
# business before it is submitted).
ROUTINE_ACTIONS = ["wagtail.create", "wagtail.edit", "wagtail.revert", "wagtail.reorder", "wagtail.copy", "wagtail.rename"]


@dataclass
class Queue:
    count: int
    items: list = field(default_factory=list)
    url: str = ""


@dataclass
class LogLine:
    at: object
    actor: object
    text: str
    url: str = ""


def membership_requests():
    pending = (
        User.objects.filter(membership_status=User.Status.PENDING, is_active=True, is_superuser=False,
                            emailaddress__verified=True)
        .distinct().order_by("membership_requested_at", "pk")
    )
    return Queue(pending.count(), list(pending.select_related("oblast", "hromada")[:LIST_LENGTH]), reverse("members:requests"))


def _where_to_review(page):
    submission = getattr(page, "submission", None)
    if submission is not None:
        return reverse("curation:review", kwargs={"pk": submission.pk})
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _practices_in(status):
    """Practice pages whose workflow is in `status`, oldest first: a count, then the first few with their pages."""
    states = (
        WorkflowState.objects.filter(status=status, content_type=ContentType.objects.get_for_model(PracticePage))
        .order_by("created_at", "pk")
    )
    count = states.count()
    first = list(states.select_related("requested_by")[:LIST_LENGTH])
    pages = PracticePage.objects.filter(pk__in=[int(s.object_id) for s in first]).select_related("submission__author").in_bulk()
    items = []
    for state in first:
        page = pages.get(int(state.object_id))
        if page is not None:
            items.append({"page": page, "state": state, "url": _where_to_review(page),
                          "author": getattr(getattr(page, "submission", None), "author", None) or state.requested_by})
    return Queue(count, items)


def awaiting_review():
    return _practices_in(WorkflowState.STATUS_IN_PROGRESS)


def waiting_for_authors():
    return _practices_in(WorkflowState.STATUS_NEEDS_CHANGES)


def forum_queue():
    flagged = Post.objects.filter(flags__status=Flag.Status.OPEN).annotate(open_flags=Count("flags")).order_by("created_at", "pk")
    held = Post.objects.filter(status=Post.Status.PENDING).order_by("created_at", "pk")
    url = reverse("forum:mod_queue")
    return (
        Queue(flagged.count(), list(flagged.select_related("topic", "author")[:LIST_LENGTH]), url),
        Queue(held.count(), list(held.select_related("topic", "author")[:LIST_LENGTH]), url),
    )


def past_review_date():
    overdue = PracticePage.objects.live().filter(review_by__lt=timezone.localdate()).order_by("review_by", "pk")
    items = [
        {"page": page, "url": reverse("wagtailadmin_pages:edit", args=[page.pk])}
        for page in overdue.select_related("keeper")[:LIST_LENGTH]
    ]
    return Queue(overdue.count(), items)


def zero_result_searches():
    """The most frequent searches that found nothing (engineer C's cop.search.gaps), when it is there."""
    try:
        from cop.search.gaps import top_zero_result_queries
    except ImportError:
        return None
    return list(top_zero_result_queries(days=30, limit=10))


def latest_log():
    """Wagtail's audit log (pages, membership, roles) and the forum's moderation log, merged by time."""
    lines = []
    pages = PageLogEntry.objects.exclude(action__in=ROUTINE_ACTIONS).select_related("user", "page")
    for entry in pages.order_by("-timestamp", "-pk")[:LOG_LENGTH]:
        url = reverse("wagtailadmin_pages:history", args=[entry.page_id]) if entry.page_id else ""
        lines.append(LogLine(entry.timestamp, entry.user, f"{entry.message} — {entry.label}", url))
    models = ModelLogEntry.objects.exclude(action__in=ROUTINE_ACTIONS).select_related("user")
    for entry in models.order_by("-timestamp", "-pk")[:LOG_LENGTH]:
        lines.append(LogLine(entry.timestamp, entry.user, f"{entry.message} — {entry.label}"))
    for entry in ModerationLog.objects.select_related("actor", "topic", "member").order_by("-created_at", "-pk")[:LOG_LENGTH]:
        subject = entry.topic.title if entry.topic_id and entry.topic else (entry.member.display_name if entry.member_id and entry.member else "")
        text = entry.get_action_display() + (f": {subject}" if subject else "") + (f" — {entry.reason}" if entry.reason else "")
        lines.append(LogLine(entry.created_at, entry.actor, text, reverse("forum:mod_log")))
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:LOG_LENGTH]


def _search_gaps_url():
    from django.urls import NoReverseMatch

    try:
        return reverse("search_gaps")
    except NoReverseMatch:
        return ""


def desk():
    flagged, held = forum_queue()
    return {
        "requests": membership_requests(),
        "awaiting_review": awaiting_review(),
        "waiting_for_authors": waiting_for_authors(),
        "flagged": flagged,
        "held": held,
        "overdue": past_review_date(),
        "search_gaps": zero_result_searches(),
        "search_gaps_url": _search_gaps_url(),
        "log": latest_log(),
    }
