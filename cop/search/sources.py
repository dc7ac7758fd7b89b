"""Helpers for sources of search documents: the audience of a Wagtail page and the text of a StreamField.

The sources themselves live in their apps (knowledge/search.py, forum/search.py) and register with
cop.search.registry; `document_for` and `all_keys` dispatch to them.
"""

from wagtail.models import Page, PageViewRestriction

from cop.members.models import MEMBER_GROUP

from .registry import all_keys, document_for, documents_for  # noqa: F401  (entry points of the outbox and rebuilds)
from .text import blocks_text

PUBLIC, MEMBERS = "public", "members"


def page_audience(page):
    """"public", "members", or None when the page is closed to some members too (another group, a password,
    any signed-in account): such pages are never indexed, as search has no audience narrower than members."""
    return _audience(list(page.get_view_restrictions().prefetch_related("groups")))


def page_audiences(pages):
    """{page pk: page_audience(page)} for many pages in two queries: the site's view restrictions are few, and
    a restriction applies to its page and every page below it (its tree path is a prefix of theirs)."""
    restrictions = list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))
    return {page.pk: _audience([r for r in restrictions if page.path.startswith(r.page.path)]) for page in pages}


def tags_by_object(through, object_ids):
    """{object id: [tag names]} for many tagged objects in one query, in the order they were tagged (taggit's
    prefetch costs a queryset per object). `through` is the model's taggit through model."""
    names = {}
    rows = through.objects.filter(content_object_id__in=object_ids).order_by("pk")
    for object_id, name in rows.values_list("content_object_id", "tag__name"):
        names.setdefault(object_id, []).append(name)
    return names


def _audience(restrictions):
    if not restrictions:
        return PUBLIC
    for restriction in restrictions:
        if restriction.restriction_type != PageViewRestriction.GROUPS:
            return None
        if MEMBER_GROUP not in {group.name for group in restriction.groups.all()}:
            return None
    return MEMBERS


def stream_text(stream):
    """The searchable text of a StreamField, each block (and each block element inside rich text) a sentence."""
    return blocks_text(text for block in stream or [] for text in block.block.get_searchable_content(block.value))


def page_subtree(page):
    """The page and its descendants, with their content types (privacy and moves affect the whole subtree)."""
    return Page.objects.descendant_of(page, inclusive=True).select_related("content_type")


__all__ = ["MEMBERS", "PUBLIC", "all_keys", "document_for", "documents_for", "page_audience", "page_audiences",
           "page_subtree", "stream_text"]
