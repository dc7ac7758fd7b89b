"""Member directory, profiles, the moderators' membership queue and each member's roles page."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import roles, services
from .forms import DeclineForm, DirectoryFilterForm, ProfileForm, RoleRemoveForm
from .models import User


def role_required(check, *, login_next=None):
    """Anonymous users go to the login page; signed-in users without the role get 403.

    login_next(**url_kwargs) names the page to come back to after logging in, for POST-only URLs that cannot be
    opened with GET."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(login_next(**kwargs) if login_next else request.get_full_path())
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
    # The suspension link is the forum's (it owns those rules): the template asks it with {% forum_can %}.
    context = {
        "person": person,
        "is_self": person.pk == request.user.pk,
        "can_manage_roles": roles.can_manage_roles(request.user),
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
    for applicant in page:
        applicant.can_decline = roles.why_not_decline(request.user, applicant) is None
    return render(
        request,
        "members/requests.html",
        {"page": page, "status": status, "statuses": User.Status.choices, "decline_form": DeclineForm()},
    )


def _refuse(request, reason, *, person=None):
    """A 403 that says why, and links to the person's roles page when the visitor may manage roles."""
    context = {"reason": reason, "person": person, "can_manage_roles": roles.can_manage_roles(request.user)}
    return render(request, "members/refused.html", context, status=403)


@require_POST
@role_required(roles.is_moderator, login_next=lambda **kw: reverse("members:requests"))
def approve(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    verified = request.POST.get("verified_official") == "1"
    if services.membership_approve(member=member, moderator=request.user, verified_official=verified):
        messages.success(request, _("%(name)s is now a member.") % {"name": member.display_name})
    else:
        messages.info(request, _("%(name)s was already a member.") % {"name": member.display_name})
    return redirect("members:requests")


@role_required(roles.is_moderator)
def decline(request, pk):
    applicant = get_object_or_404(User, pk=pk, is_active=True)
    refusal = roles.why_not_decline(request.user, applicant)
    if refusal:
        return _refuse(request, refusal, person=applicant)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.membership_decline(member=applicant, moderator=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The request of %(name)s was declined.") % {"name": applicant.display_name})
        return redirect("members:requests")
    return render(request, "members/decline.html", {"form": form, "applicant": applicant})


def _roles_page(request, person, *, bound_form=None):
    entries = []
    for role in roles.roles_of(person):
        refusal = roles.why_not_remove_role(request.user, person, role)
        form = None
        if refusal is None:
            is_bound = bound_form is not None and bound_form.prefix == role.slug
            form = bound_form if is_bound else RoleRemoveForm(prefix=role.slug)
        entries.append({"role": role, "refusal": refusal, "form": form})
    return render(
        request, "members/roles.html",
        {"person": person, "entries": entries, "can_change_users": roles.can_change_users(request.user)},
    )


@role_required(roles.can_manage_roles)
def member_roles(request, username):
    person = get_object_or_404(User, username=username, is_active=True)
    return _roles_page(request, person)


@require_POST
@role_required(roles.can_manage_roles, login_next=lambda username, **kw: reverse("members:roles", args=[username]))
def role_remove(request, username, role):
    person = get_object_or_404(User, username=username, is_active=True)
    role = roles.ROLES.get(role)
    if role is None:
        raise Http404
    refusal = roles.why_not_remove_role(request.user, person, role)
    if refusal:
        return _refuse(request, refusal, person=person)
    names = {"name": person.display_name, "role": role.label}
    if roles.has_role(person, role):
        form = RoleRemoveForm(request.POST, prefix=role.slug)
        if not form.is_valid():
            return _roles_page(request, person, bound_form=form)
        if services.role_remove(member=person, role=role, actor=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, _("The role “%(role)s” was removed from %(name)s.") % names)
            return redirect("members:roles", username=person.username)
    # Already gone, e.g. the same form sent twice.
    messages.info(request, _("%(name)s no longer has the role “%(role)s”.") % names)
    return redirect("members:roles", username=person.username)
