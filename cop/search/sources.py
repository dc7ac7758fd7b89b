"""What goes into the search index: one Document per practice, resource, event, topic and reply.

`document_for(key)` returns the document as it should be indexed now, or None when the thing must not be
in the index at all (deleted, unpublished, hidden, awaiting approval, or restricted beyond members).
"""

from django.contrib.auth.models import Group
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction

from .embedded import Document

PAGE_TYPES = {"practicepage": "practice", "resourcepage": "resource", "eventpage": "event"}
# Reviewed library content ranks a little above a discussion with the same words.
CURATED_BOOST = {"practice": 1.4, "resource": 1.2}


def _page_audience(page):
    restrictions = list(page.get_view_restrictions())
    if not restrictions:
        return "public"
    member_group = Group.objects.filter(name="Member").first()
    for restriction in restrictions:
        if restriction.restriction_type != PageViewRestriction.GROUPS:
            return None
        if member_group is None or member_group not in restriction.groups.all():
            return None
    return "members"


def _stream_text(stream):
    parts = []
    for block in stream or []:
        for text in block.block.get_searchable_content(block.value):
            parts.append(strip_tags(str(text)))
    return " ".join(parts)


def page_document(page):
    page = page.specific
    kind = PAGE_TYPES.get(page._meta.model_name)
    if kind is None or not page.live:
        return None
    audience = _page_audience(page)
    if audience is None:
        return None
    themes = list(page.themes.all()) if hasattr(page, "themes") else []
    date = getattr(page, "date", None) or (page.start.date() if getattr(page, "start", None) else None)
    body = " ".join(filter(None, [
        getattr(page, "summary", ""), _stream_text(getattr(page, "body", None)),
        strip_tags(getattr(page, "outcomes", "") or ""), getattr(page, "place", ""),
    ]))
    oblast = getattr(page, "oblast", None)
    return Document(
        key=f"{kind}:{page.pk}", type=kind, title=page.title, url=page.url or "", body=body,
        tags=[t.name for t in page.tags.all()] if hasattr(page, "tags") else [],
        theme=themes[0].slug if themes else "", oblast=oblast.slug if oblast else "",
        date=date.isoformat() if date else "", audience=audience, boost=CURATED_BOOST.get(kind, 1.0),
    )


def _category_audience(category):
    return "members" if category.is_members_only else "public"


def topic_document(topic):
    from forum.models import Post

    first = topic.posts.filter(number=1, status=Post.Status.VISIBLE).first()
    if first is None or topic.post_count == 0:
        return None
    return Document(
        key=f"topic:{topic.pk}", type="topic", title=topic.title, url=topic.get_absolute_url(),
        body=strip_tags(first.body_html), tags=[t.name for t in topic.tags.all()],
        theme=topic.category.theme.slug if topic.category.theme_id else "",
        date=topic.last_activity_at.date().isoformat(), audience=_category_audience(topic.category),
        boost=1.1 if topic.accepted_answer_id else 1.0,
    )


def post_document(post):
    from forum.models import Post

    if post.number == 1 or post.status != Post.Status.VISIBLE:
        return None  # the opening post is indexed as its topic
    topic = post.topic
    return Document(
        key=f"post:{post.pk}", type="post", title=topic.title, url=post.get_absolute_url(), body=strip_tags(post.body_html),
        tags=[t.name for t in topic.tags.all()], theme=topic.category.theme.slug if topic.category.theme_id else "",
        date=post.created_at.date().isoformat(), audience=_category_audience(topic.category),
        boost=1.3 if topic.accepted_answer_id == post.pk else 1.0,
    )


def document_for(key):
    kind, _, pk = key.partition(":")
    if not pk.isdigit():
        return None
    if kind in ("practice", "resource", "event"):
        page = Page.objects.filter(pk=int(pk)).first()
        return page_document(page) if page else None
    from forum.models import Post, Topic

    if kind == "topic":
        topic = Topic.objects.select_related("category__theme").filter(pk=int(pk)).first()
        return topic_document(topic) if topic else None
    if kind == "post":
        post = Post.objects.select_related("topic__category__theme").filter(pk=int(pk)).first()
        return post_document(post) if post else None
    return None


def all_keys():
    """Every key that might belong in the index (documents that should not be indexed resolve to None)."""
    from forum.models import Post, Topic
    from knowledge.models import EventPage, PracticePage, ResourcePage

    for model, kind in ((PracticePage, "practice"), (ResourcePage, "resource"), (EventPage, "event")):
        for pk in model.objects.live().values_list("pk", flat=True):
            yield f"{kind}:{pk}"
    for pk in Topic.objects.values_list("pk", flat=True):
        yield f"topic:{pk}"
    for pk in Post.objects.filter(number__gt=1).values_list("pk", flat=True):
        yield f"post:{pk}"
