"""Promoting a forum discussion into the library: a draft practice prefilled from the question and the chosen
answers, credited to their authors, linked to its topic and sent to the same "Moderator approval" review."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cop.members import roles
from forum.models import Post, Topic
from knowledge.models import PopulationBand, PracticeLibraryPage, PracticePage

SUMMARY_LENGTH = 500  # PracticePage.summary's max_length


class PromotionError(Exception):
    """The topic cannot be promoted; the message says why, in the moderator's language."""


class AlreadyPromoted(PromotionError):
    def __init__(self, practice):
        super().__init__(_("A practice has already been created from this discussion."))
        self.practice = practice


@dataclass
class Preview:
    """What a promotion would take from a topic: the question, the accepted answer and the other visible replies
    a moderator may tick."""

    topic: Topic
    question: Post | None
    accepted: Post | None
    replies: list

    @property
    def can_promote(self):
        return self.question is not None


def existing_practice(topic):
    """The practice already curated from this topic, in whatever state (draft, in review, live), or None."""
    return PracticePage.objects.filter(curated_from=topic).order_by("pk").first()


def promotion_preview(*, topic):
    posts = list(
        Post.objects.filter(topic=topic, status=Post.Status.VISIBLE).select_related("author").order_by("number")
    )
    question = posts[0] if posts and posts[0].number == 1 else None
    accepted = next((p for p in posts if p.pk == topic.accepted_answer_id), None)
    replies = [p for p in posts if p is not question and p is not accepted]
    return Preview(topic=topic, question=question, accepted=accepted, replies=replies)


def _author_name(post):
    return post.author.display_name if post.author else _("former member")


def _credit_html(post):
    # The permalink is relative, so it follows the site's own host and language prefix.
    return "<p>— %s, <a href=\"%s\">%s</a></p>" % (
        escape(_author_name(post)), escape(post.get_absolute_url()), escape(_("post #%(number)s") % {"number": post.number}),
    )


def _body(question, answers):
    blocks = [("heading", _("The question")), ("paragraph", question.body_html + _credit_html(question))]
    for post in answers:
        heading = _("The accepted answer") if post.pk == question.topic.accepted_answer_id else _("An answer")
        blocks += [("heading", heading), ("paragraph", post.body_html + _credit_html(post))]
    return blocks


def _unique_slug(library, title, topic):
    base = slugify(title, allow_unicode=True)[:60].strip("-") or "praktyka"
    slug = f"{base}-{topic.pk}"
    n = 1
    while PracticePage.objects.child_of(library).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{topic.pk}-{n}"
    return slug


@transaction.atomic
def topic_promote(*, topic, moderator, reply_ids=()):
    """Create a draft practice from a topic and submit it to the library's workflow. Returns the practice.

    The moderator owns the draft: they chose and shaped it, and the review is theirs to answer; the asker and the
    answerers are credited in the text (names and links to their posts) and the page links back to the topic.
    The asker's hromada and oblast go with it, as the place the question came from."""
    if not roles.is_moderator(moderator):
        raise PermissionDenied
    topic = Topic.objects.select_for_update(of=("self",)).select_related("category__theme", "author__hromada").get(pk=topic.pk)
    already = existing_practice(topic)
    if already is not None:
        raise AlreadyPromoted(already)
    preview = promotion_preview(topic=topic)
    if not preview.can_promote:
        raise PromotionError(_("This discussion has no visible question to build a practice from."))
    # The accepted answer always, first; then the ticked replies in their order (ids of other posts are ignored:
    # only visible replies of this topic can be taken).
    wanted = {int(pk) for pk in reply_ids}
    answers = ([preview.accepted] if preview.accepted else []) + [p for p in preview.replies if p.pk in wanted]
    question = preview.question
    question.topic = topic

    library = PracticeLibraryPage.objects.filter(locale__language_code="uk").first() or PracticeLibraryPage.objects.first()
    if library is None:
        raise PromotionError(_("There is no practice library to add the practice to."))
    asker = topic.author
    summary = Truncator(" ".join(strip_tags(question.body_html).split())).chars(SUMMARY_LENGTH)
    practice = PracticePage(
        title=Truncator(topic.title).chars(255), slug=_unique_slug(library, topic.title, topic), summary=summary,
        body=_body(question, answers), locale=library.locale, live=False, owner=moderator,
        hromada=asker.hromada if asker else None,
        oblast=(asker.hromada.oblast if asker and asker.hromada else (asker.oblast if asker else None)),
        curated_from=topic,
    )
    if topic.category.theme and topic.category.theme.live:
        practice.themes = [topic.category.theme]
    if practice.hromada:
        practice.population_band = PopulationBand.for_population(practice.hromada.population)
    tags = list(topic.tags.all())
    if tags:
        practice.tags.add(*tags)  # held in the page's cluster, saved with it by add_child
    library.add_child(instance=practice)
    if topic.practice_id is None:
        # The topic becomes the practice's discussion too (the topic page then names the practice once it is live,
        # with no query of its own); a topic that already discusses another practice keeps it.
        topic.practice = practice
        topic.save(update_fields=["practice"])
    revision = practice.save_revision(user=moderator, log_action=True)
    workflow = practice.get_workflow()
    if workflow is not None:
        workflow.start(practice, moderator)
    log(instance=practice, action="curation.topic.promote", user=moderator, revision=revision,
        data={"topic": topic.pk, "topic_title": topic.title, "posts": [question.pk] + [p.pk for p in answers]})
    return practice
