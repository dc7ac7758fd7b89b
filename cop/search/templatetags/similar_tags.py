"""Topic and practice pages: documents like the one being read (cached, see cop.search.similar_content)."""

from django import template

from .. import similar_content

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_to_topic(context, topic):
    """{% similar_to_topic topic as similar %}: documents like this topic, for the person reading it."""
    return similar_content.related_to(context["request"].user, f"topic:{topic.pk}")


@register.simple_tag(takes_context=True)
def practices_like(context, page):
    """{% practices_like page as by_meaning %}: practices like this one, besides the ones its editors chose."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return []  # a preview is of a page not (or not so) in the index
    return similar_content.related_practices_by_meaning(request.user, page)
