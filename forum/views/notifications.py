"""In-app notifications: the member's list, opening one (which marks it read) and marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Notification
from ..notifications import notification_url
from ..permissions import forum_permissions

PAGE_SIZE = 30


def visible_notifications(request):
    """The signed-in user's notifications, without those about topics or posts they can no longer see."""
    return Notification.objects.filter(recipient=request.user).filter(
        forum_permissions(request).visible_notifications_filter()
    )


@login_required
def notification_list(request):
    notifications = visible_notifications(request).select_related("actor", "topic", "post").order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    has_unread = visible_notifications(request).filter(read_at__isnull=True).exists()
    return render(request, "forum/notifications.html", {"page": page, "has_unread": has_unread})


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification.objects.select_related("topic", "post"), pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    # The view it leads to decides whether the reader may still see it. Only ever a path on this site.
    url = notification_url(notification)
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        url = reverse("forum:notifications")
    return redirect(url)


@require_POST
@login_required
def notifications_read_all(request):
    marked = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    else:
        messages.info(request, _("There were no unread notifications."))
    return redirect("forum:notifications")
