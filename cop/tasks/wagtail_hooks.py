"""The operators' page of failed background tasks in the Wagtail admin (Reports → Failed tasks)."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views

admin_urls = (
    [
        path("", views.FailedTasksView.as_view(), name="failed_tasks"),
        path("<int:pk>/retry/", views.retry, name="retry"),
        path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    ],
    "cop_tasks",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("failed-tasks/", include(admin_urls))]


class FailedTasksMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_see_failed_tasks(request.user)


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item():
    return FailedTasksMenuItem(_("Failed tasks"), reverse("cop_tasks:failed_tasks"), name="failed-tasks",
                               icon_name="warning", order=1000)


@hooks.register("register_permissions")
def register_permissions():
    """So the permission can be given to a group in Wagtail's group editor (Settings → Groups)."""
    return Permission.objects.filter(content_type__app_label="cop_tasks", codename="view_failedtask")
