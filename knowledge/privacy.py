"""Which collections of documents and images are closed to the public."""

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction


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


def visible_attachments(items, request):
    """Orderable document links (downloads, materials) that this visitor may see listed."""
    items = items.select_related("document")
    restricted = restricted_collection_ids()
    if not restricted:
        return list(items)
    from cop.members.roles import is_member

    if request is not None and is_member(request.user):
        return list(items)
    return [item for item in items if item.document.collection_id not in restricted]
