"""Demo content for the curation loop's library side: a discussion with an accepted answer promoted into a
published practice, featured practices on a theme, a verified official. Made through the same services as the site
uses; running it again changes nothing. Needs the demo accounts (moderator, member): without them it does nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import WorkflowState

from cop.members import services as member_services
from forum.models import Category, Topic
from knowledge.models import PracticeLibraryPage, PracticePage, ThemeFeaturedPractice, ThemePage

from . import promotion

FEATURED_PER_THEME = 3


def _approve(practice, moderator):
    """Approve the practice's review as the moderator would in the admin or at the desk (publishes it)."""
    state = WorkflowState.objects.filter(object_id=str(practice.pk), status=WorkflowState.STATUS_IN_PROGRESS).first()
    if state is None:
        practice.get_latest_revision().publish(user=moderator)
        return
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")


def _promote_a_discussion(moderator):
    if PracticePage.objects.exclude(curated_from=None).exists():
        return 0
    topic = (
        Topic.objects.filter(accepted_answer__isnull=False, post_count__gt=1, category__visibility=Category.Visibility.PUBLIC,
                             curated_practices__isnull=True)
        .order_by("-helpful_count", "pk").first()
    )
    if topic is None:
        return 0
    replies = topic.posts.filter(status="visible", number__gt=1).exclude(pk=topic.accepted_answer_id).order_by("-helpful_count")
    practice = promotion.topic_promote(topic=topic, moderator=moderator, reply_ids=list(replies.values_list("pk", flat=True)[:1]))
    _approve(practice, moderator)
    return 1


def _feature_on_a_theme():
    library = PracticeLibraryPage.objects.filter(locale__language_code="uk").first()
    if library is None or ThemeFeaturedPractice.objects.exists():
        return 0
    for theme in ThemePage.objects.child_of(library).live().order_by("path"):
        chosen = list(PracticePage.objects.live().public().filter(themes=theme).order_by("-date", "title")[:FEATURED_PER_THEME])
        if not chosen:
            continue
        theme = theme.specific
        for order, practice in enumerate(chosen):
            theme.featured_practices.add(ThemeFeaturedPractice(practice=practice, sort_order=order))
        theme.save_revision().publish()  # the revision holds them too, so the next edit in the admin keeps them
        return len(chosen)
    return 0


@transaction.atomic
def load_promotion_demo(write=print):
    """The one entry point for load_demo. Returns what it created."""
    User = get_user_model()
    moderator = User.objects.filter(username="moderator").first()
    official = User.objects.filter(username="member").first()
    if moderator is None or official is None:
        write("Promotion demo: the demo accounts are missing, nothing created.")
        return {}
    created = {
        "promoted": _promote_a_discussion(moderator),
        "featured": _feature_on_a_theme(),
        "verified": int(member_services.official_verify(member=official, moderator=moderator)),
    }
    write("Promotion demo: {promoted} promoted discussion, {featured} featured practices, {verified} verified official.".format(**created))
    return created
