"""Template tags shared by every page: the main sections menu."""

from django import template
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
    return {"items": items, "current_path": getattr(current, "path", ""), "request": request}
