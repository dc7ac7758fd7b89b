from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cop.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import page_cache, text_receivers

        text_receivers.connect()
        page_cache.connect()
