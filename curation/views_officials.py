"""The moderators' page for withdrawing a member's "verified official" mark (members.services does the work)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods

from cop.core.text import clean_multi_line
from cop.members import roles, services
from cop.members.models import User
from cop.members.views import role_required


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("Written to the audit log."))

    def clean_reason(self):
        reason = clean_multi_line(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


@require_http_methods(["GET", "POST"])
@role_required(roles.can_verify_officials)
def official_withdraw(request, username):
    person = get_object_or_404(User, username=username, is_active=True)
    refusal = roles.why_not_withdraw_verification(request.user, person)
    if refusal:
        raise PermissionDenied(refusal)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.official_withdraw(member=person, moderator=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, _("%(name)s no longer shows as a verified official.") % {"name": person.display_name})
        else:
            messages.info(request, _("%(name)s was not a verified official.") % {"name": person.display_name})
        return redirect(person.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "curation/official_withdraw.html", {"person": person, "form": form}, status=status)
