from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from django.utils.translation import gettext_lazy as _

from .models import Hromada, Oblast


class OblastViewSet(SnippetViewSet):
    model = Oblast
    icon = "site"
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]


class HromadaViewSet(SnippetViewSet):
    model = Hromada
    icon = "home"
    list_display = ["name", "oblast", "kind", "population"]
    list_filter = ["oblast", "kind"]
    search_fields = ["name", "name_en"]


class PlacesGroup(SnippetViewSetGroup):
    menu_label = _("Places")
    menu_icon = "site"
    items = (OblastViewSet, HromadaViewSet)


register_snippet(PlacesGroup)
