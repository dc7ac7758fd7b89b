from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "cop.tasks"
    label = "cop_tasks"
    verbose_name = _("Background work")

    def ready(self):
        from . import failures

        failures.connect()
        # Every process knows every task, not only `run_huey` (which imports each app's tasks module itself):
        # `manage.py tasks retry` and the admin page queue a failed task again by its name, and a module's
        # import-time hooks (knowledge/tasks.py schedules approved go-live dates) must run in the web processes.
        autodiscover_modules("tasks")
