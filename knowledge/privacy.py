"""Which documents and images are closed to the public, and how to leave them out of what the public sees."""

import re

from django.db.models import Q
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionMember, CollectionViewRestriction
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import extract_attrs

# Wagtail stores a link to a document as <a linktype="document" id="…">; its rich text never nests links.
DOCUMENT_LINK = re.compile(r"<a(\b[^>]*\blinktype=\"document\"[^>]*)>(.*?)</a>", re.DOTALL)


def restricted_collection_ids():
    """Every collection under any view restriction (and its descendants)."""
    paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    ).values_list("path", flat=True)
    if not paths:
        return []
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return list(Collection.objects.filter(condition).values_list("pk", flat=True))


def _links_to_collection_members(model):
    """Foreign keys of `model` to documents or images (or anything else kept in collections)."""
    return [
        field.name for field in model._meta.concrete_fields
        if field.many_to_one and issubclass(field.related_model, CollectionMember)
    ]


def refers_to_restricted(obj, restricted):
    """Whether `obj` is a document or image in one of the `restricted` collections, or links to one by a foreign key
    (an event material, a resource download)."""
    if isinstance(obj, CollectionMember):
        return obj.collection_id in restricted
    linked = (getattr(obj, name) for name in _links_to_collection_members(type(obj)))
    return any(member is not None and member.collection_id in restricted for member in linked)


def public_attachments(items, restricted=None):
    """Inline items (downloads, materials) whose document anyone may see listed."""
    restricted = set(restricted_collection_ids() if restricted is None else restricted)
    items = items.select_related(*_links_to_collection_members(items.model))
    return [item for item in items if not refers_to_restricted(item, restricted)]


def visible_attachments(items, request):
    """Orderable document links (downloads, materials) that this visitor may see listed."""
    from cop.members.roles import is_member

    if request is not None and is_member(request.user):
        return list(items.select_related("document"))
    return public_attachments(items)


def unlink_restricted_documents(html, restricted):
    """Rich text (database HTML) with links to restricted documents reduced to their text."""
    if not restricted or 'linktype="document"' not in html:
        return html
    linked = {extract_attrs(match.group(1)).get("id", "") for match in DOCUMENT_LINK.finditer(html)}
    hidden = {
        str(pk) for pk in get_document_model().objects.filter(
            pk__in=[int(pk) for pk in linked if pk.isdigit()], collection__in=restricted
        ).values_list("pk", flat=True)
    }

    def unlink(match):
        return match.group(2) if extract_attrs(match.group(1)).get("id") in hidden else match.group(0)

    return DOCUMENT_LINK.sub(unlink, html)


_HIDDEN = object()


def public_stream(value, restricted):
    """A StreamField value without the blocks that show a restricted document or image, and without rich text links
    to restricted documents; the other blocks keep their ids and order."""
    return _public_block_value(value.stream_block, value, set(restricted))


def _public_block_value(block, value, restricted):
    if isinstance(block, blocks.ChooserBlock):
        return _HIDDEN if value is not None and refers_to_restricted(value, restricted) else value
    if isinstance(block, blocks.RichTextBlock):
        return RichText(unlink_restricted_documents(value.source, restricted)) if value is not None else value
    if isinstance(block, blocks.StructBlock):
        children = [(name, _public_block_value(child, value.get(name), restricted)) for name, child in block.child_blocks.items()]
        if any(child is _HIDDEN for _name, child in children):
            return _HIDDEN
        return block.meta.value_class(block, children)
    if isinstance(block, blocks.ListBlock):
        items = [_public_block_value(block.child_block, item, restricted) for item in value]
        return blocks.list_block.ListValue(block, values=[item for item in items if item is not _HIDDEN])
    if isinstance(block, blocks.StreamBlock):
        children = [(child.block_type, _public_block_value(child.block, child.value, restricted), child.id) for child in value]
        return blocks.StreamValue(block, [child for child in children if child[1] is not _HIDDEN])
    return value
