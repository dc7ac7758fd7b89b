"""Template tags shared by every page: the main navigation (the site's sections and the forum)."""

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Site

register = template.Library()


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        home = site.root_page
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        if locale is not None and home.locale_id != locale.pk:
            home = home.get_translation_or_none(locale) or home
        items = list(home.get_children().live().public().in_menu().specific())
    current = context.get("page")
    forum_url = reverse("forum:index")
    in_forum = request is not None and request.path.startswith(forum_url)
    return {"items": items, "current_path": getattr(current, "path", ""), "forum_url": forum_url, "in_forum": in_forum,
            "request": request}
