"""The operators' page in the Wagtail admin: the worker's state, and the failed tasks to queue again or dismiss.

Open to superusers and to users given `cop_tasks.view_failedtask` (a group permission in Wagtail's group editor):
the tracebacks may hold personal data (an e-mail address in a job's arguments), so the page is not shown to every
admin user. Wagtail wraps these views in its admin-access check (log-in first).
"""

import logging

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import failures
from .health import worker_status
from .models import FailedTask

logger = logging.getLogger(__name__)

PERMISSION = "cop_tasks.view_failedtask"
SHOWN = 200  # the newest; an operator with more open failures has a bigger problem than this page


def may_see_failed_tasks(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class FailedTasksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cop_tasks/admin/failed_tasks.html"
    page_title = gettext_lazy("Failed tasks")
    header_icon = "warning"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")},
        {"url": "", "label": gettext_lazy("Failed tasks")},
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_failed_tasks(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        resolved = self.request.GET.get("resolved") == "1"
        shown = FailedTask.objects.filter(resolved_at__isnull=not resolved)
        if resolved:
            shown = shown.order_by("-resolved_at", "-pk")
        return {
            **super().get_context_data(**kwargs),
            "failed_tasks": shown[:SHOWN],
            "count": shown.count(),
            "resolved": resolved,
            "worker": _worker_status(),
        }


def _worker_status():
    try:
        return worker_status()
    except Exception as exc:  # the page still lists the failures when the worker's state cannot be read
        return {"status": "error", "problems": [exc.__class__.__name__]}


def _action(request, pk, act, done, refused):
    if not may_see_failed_tasks(request.user):
        return permission_denied(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    failed = get_object_or_404(FailedTask, pk=pk)
    try:
        acted = act(failed)
    except Exception:  # the queue's storage cannot be reached: the failure stays open (failures.retry)
        logger.exception("worker: could not queue failed task %s again", failed.pk)
        messages.error(request, _("The task queue cannot be reached: “%(task)s” stays in the list, try again later.")
                       % {"task": failed.task_name})
    else:
        if acted:
            messages.success(request, done % {"task": failed.task_name})
        else:
            messages.error(request, refused % {"task": failed.task_name})
    return redirect(reverse("cop_tasks:failed_tasks"))


def retry(request, pk):
    return _action(
        request, pk, failures.retry, _("“%(task)s” is queued again."),
        _("“%(task)s” was not queued again: a periodic job runs on its own schedule, and a task that no longer "
          "exists or was resolved meanwhile cannot be queued."),
    )


def dismiss(request, pk):
    return _action(request, pk, failures.dismiss, _("“%(task)s” is dismissed."),
                   _("“%(task)s” was already resolved."))
