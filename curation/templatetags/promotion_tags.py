"""Template access to promoted discussions from the forum's pages: the practice a topic was curated into."""

from django import template

from knowledge.models import PracticePage

register = template.Library()


@register.simple_tag
def curated_practice(topic):
    """{% curated_practice topic as curated %}: the live, public practice curated from this topic, or None (a draft
    or a restricted practice is never named to the topic's readers)."""
    return PracticePage.objects.live().public().filter(curated_from=topic).order_by("pk").first()
