"""Template tags shared by every page: the main navigation (the site's sections and the forum)."""

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Site

from cop.core import page_cache

register = template.Library()


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    request = context.get("request")
    current_path = getattr(context.get("page"), "path", "")
    items = [
        {**item, "current": "page" if current_path == item["path"] else "true" if current_path.startswith(item["path"]) else ""}
        for item in _sections(request)
    ]
    forum_url = reverse("forum:index")
    in_forum = request is not None and request.path.startswith(forum_url)
    return {"items": items, "forum_url": forum_url, "in_forum": in_forum, "request": request}


def _sections(request):
    """The site's sections in the language shown, as (title, url, tree path): kept in the page cache under its
    version while that cache is on, so any change of pages makes them be read again (they cost a few queries and most of a
    millisecond per page otherwise)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    language = translation.get_language() or ""

    def build():
        home = site.root_page
        locale = Locale.objects.filter(language_code=language).first()
        if locale is not None and home.locale_id != locale.pk:
            home = home.get_translation_or_none(locale) or home
        return [{"title": page.title, "url": page.get_url(request), "path": page.path}
                for page in home.get_children().live().public().in_menu()]

    return page_cache.remember(f"section-nav:{site.pk}:{language}", build)
