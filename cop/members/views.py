"""Member directory, profiles and the moderators' membership queue."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import roles, services
from .forms import DeclineForm, DirectoryFilterForm, ProfileForm
from .models import User


def role_required(check):
    """Anonymous users go to the login page; signed-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@role_required(roles.can_view_directory)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    members = User.objects.filter(is_active=True, membership_status=User.Status.APPROVED).select_related(
        "oblast", "hromada"
    )
    if form.is_valid():
        q = form.cleaned_data.get("q")
        if q:
            # A casefolded copy of the searchable fields: SQLite's LIKE folds ASCII only, not Cyrillic.
            members = members.filter(search_text__contains=q.casefold())
        if form.cleaned_data.get("oblast"):
            members = members.filter(oblast=form.cleaned_data["oblast"])
    page = Paginator(members.order_by("last_name", "first_name", "pk"), settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/directory.html", {"form": form, "page": page, "query": query.urlencode()})


def profile(request, username):
    # Log in first, so anonymous visitors cannot probe which usernames exist.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = get_object_or_404(User.objects.select_related("oblast", "hromada"), username=username, is_active=True)
    if not roles.can_view_profile(request.user, person):
        # Do not reveal whether a pending or declined applicant exists.
        raise Http404
    from forum.permissions import forum_permissions  # the forum owns the suspension rules

    context = {
        "person": person,
        "is_self": person.pk == request.user.pk,
        "can_suspend": forum_permissions(request).can_suspend(person),
    }
    return render(request, "members/profile.html", context)


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(request.user.get_absolute_url())
    return render(request, "members/profile_edit.html", {"form": form})


@role_required(roles.is_moderator)
def requests(request):
    status = request.GET.get("status", User.Status.PENDING)
    if status not in User.Status.values:
        status = User.Status.PENDING
    applicants = (
        User.objects.filter(membership_status=status, is_active=True, is_superuser=False)
        .select_related("oblast", "hromada", "membership_decided_by")
        .order_by("membership_requested_at", "pk")
    )
    if status == User.Status.PENDING:
        # Only applicants who confirmed their e-mail are real requests.
        applicants = applicants.filter(emailaddress__verified=True).distinct()
    page = Paginator(applicants, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/requests.html",
        {"page": page, "status": status, "statuses": User.Status.choices, "decline_form": DeclineForm()},
    )


@require_POST
@role_required(roles.is_moderator)
def approve(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    if services.membership_approve(member=member, moderator=request.user):
        messages.success(request, _("%(name)s is now a member.") % {"name": member.display_name})
    else:
        messages.info(request, _("%(name)s was already a member.") % {"name": member.display_name})
    return redirect("members:requests")


@role_required(roles.is_moderator)
def decline(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    if member.pk == request.user.pk:
        raise PermissionDenied
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.membership_decline(member=member, moderator=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The request of %(name)s was declined.") % {"name": member.display_name})
        return redirect("members:requests")
    return render(request, "members/decline.html", {"form": form, "applicant": member})
