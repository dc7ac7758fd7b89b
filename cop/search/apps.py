from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "cop.search"
    label = "cop_search"
    verbose_name = _("Search")

    def ready(self):
        from cop.core import text_receivers

        text_receivers.register("cop_search.SearchGap", single=["example"])
        text_receivers.register("cop_search.SavedSearch", single=["query"])
