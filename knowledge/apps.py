from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from cop.core import text_receivers
        from cop.search import registry

        from .search import KnowledgeSource, like_mine_signal, tag_names, theme_titles

        registry.register(KnowledgeSource())
        registry.register_facet_labels("theme", theme_titles)
        registry.register_facet_labels("tag", tag_names)
        registry.register_signal("like_mine", like_mine_signal)
        text_receivers.register("knowledge.ThemePage", single=["short_title"])
        text_receivers.register("knowledge.PracticePage", single=["contact_name", "contact_role"])
        text_receivers.register("knowledge.EventPage", single=["place"])
        text_receivers.register("knowledge.TagDescription", single=["name_en"], multi=["text", "text_en"])
        text_receivers.register("knowledge.TagRedirect", single=["old_name"])
