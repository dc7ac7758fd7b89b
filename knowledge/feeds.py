"""RSS and Atom feeds of new practices, for the whole library and per theme; only live, public pages."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import PracticePage, ThemePage

FEED_SIZE = 30


def _current_locale():
    return Locale.objects.filter(language_code=translation.get_language()).first() or Locale.get_default()


class PracticeFeed(Feed):
    def get_object(self, request, theme_slug=None):
        self.request = request
        if theme_slug is None:
            return None
        return get_object_or_404(ThemePage.objects.live().public(), slug=theme_slug, locale=_current_locale())

    def title(self, theme):
        if theme:
            return _("Good practices: %(theme)s") % {"theme": theme.title}
        return _("Good practices of the community")

    def link(self, theme):
        return theme.url if theme else "/"

    def description(self, theme):
        return _("New good practices of Ukrainian hromadas and oblasts.")

    def items(self, theme):
        practices = PracticePage.objects.live().public().filter(locale=_current_locale())
        if theme:
            practices = practices.filter(themes=theme)
        return practices.order_by("-first_published_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Relative: the syndication framework prefixes the requested host.
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomPracticeFeed(PracticeFeed):
    feed_type = Atom1Feed
    subtitle = PracticeFeed.description
