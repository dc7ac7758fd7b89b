from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from cop.core import text_receivers
        from cop.search import registry

        from .search import ForumSource

        registry.register(ForumSource())
        text_receivers.register("forum.Category", single=["name"], multi=["description"])
        text_receivers.register("forum.Topic", single=["title"])
        # body_html is rendered from the body before the save: it must lose what the body loses.
        text_receivers.register("forum.Post", single=["moderation_reason"], multi=["body", "body_html"])
        text_receivers.register("forum.Flag", multi=["note"])
        text_receivers.register("forum.ModerationLog", single=["reason"])
        from . import saved_search_notifications  # noqa: F401  (delivers saved searches' new results)
