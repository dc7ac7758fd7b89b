"""Template tags that let other apps' pages show curation without importing it (the member's profile)."""

from django import template

from ..models import Submission
from ..status import with_status

register = template.Library()


@register.simple_tag(takes_context=True)
def my_submissions(context, person):
    """The person's submissions with their status, for themselves only (nobody else sees them on a profile)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or request.user.pk != person.pk:
        return []
    return with_status(Submission.objects.filter(author=person).select_related("page").order_by("-updated_at", "-pk")[:50])
